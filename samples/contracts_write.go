package samples

import (
	"fmt"
	"slices"
	"sort"
	"time"
)

func (iy *instYear) contractFile() string {
	if iy.in.look("contract", 3) == 2 {
		return "合同台账.csv"
	}
	return "合同台账.xlsx"
}

func (iy *instYear) paymentFile() string {
	if iy.in.look("pay", 3) == 1 {
		return "合同付款明细.csv"
	}
	return "付款记录.xlsx"
}

func (iy *instYear) equipFile() string { return "固定资产(设备)台账.xlsx" }

// signNote is the line a dialect's packages print under a table: a note, not data.
const signNote = "制表人：　　　　　　审核人：　　　　　　财务负责人："

// open makes a table: an xlsx workbook with one sheet, or a CSV file.
func (iy *instYear) open(file, kind, sheet string, enc csvEnc, comma rune, lay layout, header []string) (table, func() error) {
	rel := iy.rel(file)
	if iy.g.d != nil && iy.g.d.signNote {
		lay.footer = append(slices.Clip(lay.footer), signNote)
	}
	if len(file) > 4 && file[len(file)-4:] == ".csv" {
		t := iy.g.newCSV(rel, kind, enc, comma, lay, header)
		return t, t.end
	}
	b := iy.g.newBook(rel, kind, iy.in.short, mkday(iy.year+1, 1, 10))
	s := b.sheet(sheet, lay, header)
	return s, func() error {
		if err := s.end(); err != nil {
			return err
		}
		return b.close()
	}
}

func (iy *instYear) writeContracts(cons []*contract) error {
	in := iy.in
	sort.SliceStable(cons, func(i, j int) bool { return cons[i].sign < cons[j].sign })
	v := in.look("contract", 3)
	h := []string{"序号", "合同编号", in.syn("contracts", 1, "签订日期", "签订时间", "合同签订日期"),
		in.syn("contracts", 2, "供应商", "乙方", "供应商名称"), in.syn("contracts", 3, "合同名称", "合同标的"),
		"合同金额", "采购方式", in.syn("contracts", 6, "招标编号", "项目编号"), "验收日期", "验收结论", "归口科室"}
	var lay layout
	switch v {
	case 0:
		lay = layout{titles: []string{iy.title("合同管理台账")}, dates: dSerial, money: mfNumber}
	case 1:
		lay = layout{titles: []string{iy.title("经济合同登记台账")}, unitLine: "单位：万元", wan: true, dates: dCN}
	default:
		lay = layout{dates: dSlash, money: mfThousands}
	}
	t, done := iy.open(iy.contractFile(), "contracts", "合同台账", encUTF8, ',', lay, h)
	for i, c := range cons {
		row := []cell{num(float64(i + 1)), tx(c.no), dt(c.sign), tx(c.vendor.name), tx(c.subject), mo(c.amount),
			tx(c.method), tx(c.tenderNo), optDate(c.accept), tx(c.result), tx(c.dept)}
		t.add(row...)
		if iy.at("fy", 2) && i == 2 {
			// a genuinely bad row: the amount column says 见附件 (see attachment)
			bad := []cell{num(float64(i + 1)), tx(iy.contractNo(95)), dt(mkday(iy.year, 3, 18)), tx("重庆博源医疗器械有限公司"),
				tx("儿童保健设备一批"), raw("见附件"), tx("询价"), tx(""), empty(), tx(""), tx("儿科")}
			n := t.add(bad...)
			iy.g.addReject(iy.rel(iy.contractFile()), sheetOf(iy.contractFile(), "合同台账"), n, "bad_amount", "见附件")
		}
	}
	return done()
}

// sheetOf is the sheet name a reject row points to: the sheet of an xlsx, "" for a CSV.
func sheetOf(file, sheet string) string {
	if len(file) > 4 && file[len(file)-4:] == ".csv" {
		return ""
	}
	return sheet
}

// writePayments writes the payments falling in this year (some belong to contracts of earlier
// years) and hands them to the ledger with their voucher numbers.
func (iy *instYear) writePayments() error {
	in, y := iy.in, iy.year
	var now, later []*payment
	for _, p := range iy.st.pending {
		if p.date.year() == y {
			now = append(now, p)
		} else if p.date.year() > y {
			later = append(later, p)
		}
	}
	iy.st.pending = later
	now = append(now, iy.duplicatePayments()...)
	sort.SliceStable(now, func(i, j int) bool { return now[i].date < now[j].date })
	if iy.at("zy", 1) {
		// FIN_VOUCHER_GAP (planted): 记-03-0001 is never used, the month's numbering starts at 2;
		// every other month is numbered without a gap (the decoys)
		iy.voucherNo(3)
		iy.truth("FIN_VOUCHER_GAP", fmt.Sprintf("%d-03 记", y), "记-03-0001 missing: March is numbered from 2",
			iy.ev(iy.ledgerFile(), "记-03-0002"))
	}
	v := in.look("pay", 3)
	invoiced := v == 0
	for _, p := range now {
		p.voucher = iy.voucherNo(p.date.month())
		if invoiced && p.invoice == "" {
			p.invoice = fmt.Sprintf("%08d", labelHash([]any{"invoice", in.key, y, p.voucher})%100000000)
		}
		iy.payments = append(iy.payments, p)
		iy.g.observe(p)
	}
	h := []string{in.syn("payments", 0, "合同编号", "合同号"), in.syn("payments", 1, "凭证号", "凭证编号"),
		in.syn("payments", 2, "付款日期", "支付日期"), in.syn("payments", 3, "付款金额", "支付金额", "本次付款金额"),
		in.syn("payments", 4, "收款单位", "收款方"), "摘要"}
	if invoiced {
		h = append(h, "发票号码")
	}
	var lay layout
	enc := encUTF8
	switch v {
	case 0:
		lay = layout{titles: []string{iy.title("合同付款记录")}, dates: dISO, money: mfYen}
	case 1:
		lay = layout{dates: dCompact, money: mfNumber}
		enc = encGBK
	default:
		lay = layout{dates: dRawSerial, money: mfNumber, total: true}
	}
	badAt := 0
	if iy.at("zc", 1) {
		badAt = 3
		lay.total = false
	}
	t, done := iy.open(iy.paymentFile(), "payments", "付款明细", enc, ',', lay, h)
	for i, p := range now {
		if badAt > 0 && i+1 == badAt {
			// a genuinely bad row: the amount is 待定 (to be decided)
			n := t.add(tx(iy.contractNo(96)), tx(p.voucher), dt(p.date), raw("待定"), tx("淄博众成医疗设备有限公司"), tx("设备款"))
			iy.g.addReject(iy.rel(iy.paymentFile()), sheetOf(iy.paymentFile(), "付款明细"), n, "bad_amount", "待定")
		}
		what := "合同款"
		if p.capex {
			what = "设备款"
		}
		row := []cell{tx(p.contract), tx(p.voucher), dt(p.date), mo(p.amount), tx(p.payee), tx(what)}
		if invoiced {
			row = append(row, tx(p.invoice))
		}
		t.add(row...)
	}
	return done()
}

// duplicatePayments are the payments outside any contract that plant FIN_DUPLICATE_PAYMENT and
// its decoys: without invoice numbers in 巴南区第二人民医院, with them in 巴南区妇幼保健院.
func (iy *instYear) duplicatePayments() []*payment {
	if iy.at("fy", 1) {
		return iy.invoicedDuplicatePayments()
	}
	if !iy.at("ey", 1) {
		return nil
	}
	in, y := iy.in, iy.year
	pay := func(m time.Month, d int, amount float64, payee string) *payment {
		return &payment{in: in, date: mkday(y, m, d), amount: yuan(amount), payee: payee}
	}
	const v = "重庆渝新医疗设备维修有限公司"
	// planted: one repair bill of ¥18,600 paid twice 12 days apart, without invoice numbers, to
	// two spellings of the payee (one vendor in the vendor master)
	iy.truth("FIN_DUPLICATE_PAYMENT", v, "¥18,600 paid 5/8 and again 5/20 (written 重庆渝新医疗设备维修(集团)有限公司)",
		iy.ev(iy.paymentFile(), "重庆渝新医疗设备维修(集团)有限公司"))
	return []*payment{
		pay(5, 8, 18600, v),
		pay(5, 20, 18600, "重庆渝新医疗设备维修(集团)有限公司"),
		// decoys: the same payee and amount 31 days apart; ¥999.99 twice in one week
		pay(7, 1, 7400, v),
		pay(8, 1, 7400, v),
		pay(9, 3, 999.99, "重庆安康医用气体有限公司"),
		pay(9, 9, 999.99, "重庆安康医用气体有限公司"),
	}
}

// invoicedDuplicatePayments plant the invoice branch of FIN_DUPLICATE_PAYMENT where payments
// carry 发票号码: one invoice paid twice, months apart.
func (iy *instYear) invoicedDuplicatePayments() []*payment {
	in, y := iy.in, iy.year
	pay := func(m time.Month, d int, amount float64, payee, invoice string) *payment {
		return &payment{in: in, date: mkday(y, m, d), amount: yuan(amount), payee: payee, invoice: invoice}
	}
	const v = "重庆康宁医疗设备技术服务有限公司"
	// planted: invoice 50017326 for ¥36,800 of maintenance paid 3/12 and again 6/18 (98 days:
	// only the invoice number shows it)
	iy.truth("FIN_DUPLICATE_PAYMENT", v, "invoice 50017326 ¥36,800 paid 3/12 and again 6/18",
		iy.ev(iy.paymentFile(), "50017326"))
	return []*payment{
		pay(3, 12, 36800, v, "50017326"),
		pay(6, 18, 36800, v, "50017326"),
		// decoys: one invoice paid in two parts; the same monthly fee under two invoices; one
		// invoice of ¥980 paid twice (under ¥1,000)
		pay(4, 10, 20000, "重庆德康医用织物洗涤有限公司", "50021877"),
		pay(5, 10, 15000, "重庆德康医用织物洗涤有限公司", "50021877"),
		pay(7, 15, 12000, "重庆洁安物业管理有限公司", "50030412"),
		pay(8, 14, 12000, "重庆洁安物业管理有限公司", "50030998"),
		pay(9, 2, 980, "重庆安康医用气体有限公司", "50041105"),
		pay(9, 20, 980, "重庆安康医用气体有限公司", "50041105"),
	}
}

// voucherNo hands out the next ledger voucher number of a month: 记-03-0012.
func (iy *instYear) voucherNo(month int) string {
	iy.vseq[month]++
	return fmt.Sprintf("记-%02d-%04d", month, iy.vseq[month])
}

func (iy *instYear) writeEquipment(assets []*asset) error {
	in, y := iy.in, iy.year
	v := in.look("equip", 2)
	h := []string{in.syn("equipment", 0, "资产编号", "卡片编号", "设备编号"), in.syn("equipment", 1, "设备名称", "资产名称"),
		in.syn("equipment", 2, "型号", "规格型号"), in.syn("equipment", 3, "资产类别", "设备类别"),
		in.syn("equipment", 4, "原值", "资产原值", "购置金额"), in.syn("equipment", 5, "购置日期", "取得日期", "入账日期"),
		"合同编号", in.syn("equipment", 7, "配置许可证号", "审批文号", "论证编号"), in.syn("equipment", 8, "批准日期", "论证日期", "审批日期"),
		in.syn("equipment", 9, "是否专家论证", "专家论证"), "使用科室", in.syn("equipment", 11, "状态", "使用状态"),
		in.syn("equipment", 12, "使用年限", "折旧年限"), "报废日期", in.syn("equipment", 14, "报废审批文号", "报废批文"),
		in.syn("equipment", 15, "处置方式", "处置记录"), in.syn("equipment", 16, "实物核验", "实物是否存在")}
	yes, no := "是", "否"
	var lay layout
	if v == 0 {
		lay = layout{titles: []string{iy.title("固定资产（医疗设备）台账")}, dates: dSerial, money: mfNumber, mergeCols: []int{10}}
	} else {
		lay = layout{dates: dDot, money: mfThousands}
		yes, no = "√", "×"
	}
	yn := func(s string) cell {
		switch s {
		case "是":
			return tx(yes)
		case "否":
			return tx(no)
		}
		return empty()
	}
	t, done := iy.open(iy.equipFile(), "equipment", "设备台账", encUTF8, ',', lay, h)
	for i, a := range assets {
		if iy.at("js", 0) && i == 1 {
			// a genuinely bad row: a purchase date that does not exist (2月30日)
			bad := fmt.Sprintf("%d年2月30日", y)
			n := t.add(tx(iy.assetNo(y, 699)), tx("台式计算机"), tx("XC-PC800"), tx("信息化设备"), mo(yuan(5600)), raw(bad),
				empty(), empty(), empty(), empty(), tx(a.dept), tx("在用"), num(5), empty(), empty(), empty(), empty())
			iy.g.addReject(iy.rel(iy.equipFile()), "设备台账", n, "bad_date", bad)
		}
		t.add(tx(a.no), tx(a.name), tx(a.model), tx(a.class), mo(a.value), dt(a.purchase), tx(a.contractNo), tx(a.approvalNo),
			optDate(a.approvalDate), yn(a.expert), tx(a.dept), tx(a.status), num(float64(a.life)), optDate(a.scrap),
			tx(a.scrapNo), tx(a.disposal), yn(a.physical))
	}
	return done()
}
