package samples

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// hisRow is one month and category of HIS income (canonical form).
type hisRow struct {
	in       *inst
	year     int
	month    int
	category string
	amount   fen
}

// ledgerLine is one line of the journal (canonical form).
type ledgerLine struct {
	in           *inst
	year         int
	date         day
	voucher      string
	account      string
	accountName  string
	summary      string
	debit        fen
	credit       fen
	counterparty string
	opening      bool
}

// budgetLine is one line of the budget execution report (canonical form).
type budgetLine struct {
	in     *inst
	year   int
	item   string
	budget fen
	actual fen
}

func (iy *instYear) hisFile() string {
	if iy.in.look("his", 3) == 0 {
		return "HIS收入月报.xlsx"
	}
	return "HIS收入汇总.csv"
}

func (iy *instYear) ledgerFile() string {
	if iy.in.look("ledger", 3) == 0 {
		return "序时账.xlsx"
	}
	return "明细账.csv"
}

func (iy *instYear) budgetFile() string {
	if iy.in.look("budget", 3) == 2 {
		return "预算执行情况.csv"
	}
	return "预算执行情况表.xlsx"
}

// hisIncome writes the HIS income: the sum of the departments' revenue by category and month.
func (iy *instYear) hisIncome() error {
	in, y := iy.in, iy.year
	v := in.look("his", 3)
	h := []string{in.syn("his_income", 0, "月份", "年月", "期间"), in.syn("his_income", 1, "收入类别", "收入项目", "项目类别"),
		in.syn("his_income", 2, "金额", "收入金额")}
	var lay layout
	var mf monthFmt
	enc, comma := encUTF8BOM, '\t'
	switch v {
	case 0:
		lay, mf = layout{titles: []string{iy.title("HIS系统医疗收入月报")}, money: mfNumber}, mDash
	case 1:
		lay, mf = layout{money: mfFixed}, mCN
	default:
		lay, mf = layout{money: mfThousands}, mCompact
		enc, comma = encGBK, ','
	}
	split := iy.g.d != nil && iy.g.d.hisSplit
	if split {
		h = []string{h[0], h[1], "门诊收入", "住院收入", h[2]}
	}
	if iy.g.d != nil && iy.g.d.hisWide {
		return iy.writeHISWide(h[0], enc, comma, lay, mf)
	}
	t, done := iy.open(iy.hisFile(), "his_income", "HIS收入", enc, comma, lay, h)
	for m := 1; m <= 12; m++ {
		for c, name := range revCats {
			if iy.rev[m][c] == 0 {
				continue
			}
			row := &hisRow{in: in, year: y, month: m, category: name, amount: iy.rev[m][c]}
			iy.g.observe(row)
			if split {
				out := row.amount * fen(outpatientShare[c]) / 100
				t.add(tx(formatMonth(y, m, mf)), tx(name), mo(out), mo(row.amount-out), mo(row.amount))
				continue
			}
			t.add(tx(formatMonth(y, m, mf)), tx(name), mo(row.amount))
		}
	}
	return done()
}

// outpatientShare is the per cent of each revenue category a HIS books to outpatients when it
// splits its income into 门诊 and 住院 (beds and nursing are inpatient only).
var outpatientShare = [nRevCat]int{55, 20, 60, 50, 35, 10, 0, 0, 90, 40}

// accounts of the government accounting system (政府会计制度) used by the journal
var accountNames = map[string]string{
	"1002":   "银行存款",
	"1212":   "应收账款",
	"1302":   "库存物品",
	"1601":   "固定资产",
	"1613":   "在建工程",
	"2001":   "短期借款",
	"2201":   "应付职工薪酬",
	"2302":   "应付账款",
	"2501":   "长期借款",
	"3001":   "累计盈余",
	"400101": "财政拨款收入-基本支出拨款",
	"400102": "财政拨款收入-项目支出拨款-基本公共卫生服务补助资金",
	"400103": "财政拨款收入-项目支出拨款-基本药物制度补助资金",
	"500101": "业务活动费用-人员经费",
	"500102": "业务活动费用-药品费",
	"500103": "业务活动费用-卫生材料费",
	"500104": "业务活动费用-商品和服务费用",
	"500105": "业务活动费用-财政项目经费-基本公共卫生服务支出",
	"510101": "单位管理费用-公务接待费",
	"510102": "单位管理费用-公务用车运行维护费",
	"510103": "单位管理费用-因公出国（境）费",
}

func incomeAccount(c int) (string, string) {
	return fmt.Sprintf("410101%02d", c+1), "事业收入-医疗收入-" + revCats[c]
}

var bsAccounts = []string{"1002", "1212", "1302", "1601", "1613", "2001", "2201", "2302", "2501", "3001"}

func isAsset(acc string) bool { return acc[0] == '1' }

// threePublicKinds: the 三公 expense kinds, their budget item and journal account
var threePublicKinds = []struct{ kind, item, account string }{
	{"公务接待", "公务接待费", "510101"},
	{"公务用车", "公务用车运行维护费", "510102"},
	{"因公出国", "因公出国（境）费", "510103"},
}

// allowed uses of the 基本公共卫生服务 fund (国家基本公共卫生服务规范): what the background
// spends it on, with the counterparty
var publicHealthUses = [][2]string{
	{"开展65岁及以上老年人健康体检", ""},
	{"居民健康档案建档及管理", ""},
	{"印制居民健康教育宣传资料", "重庆渝南印务有限公司"},
	{"高血压、2型糖尿病患者随访管理", ""},
	{"0-6岁儿童健康管理", ""},
	{"孕产妇健康管理服务", ""},
	{"严重精神障碍患者随访管理", ""},
	{"家庭医生签约服务经费", ""},
	{"预防接种服务", ""},
	{"拨付乡村医生基本公共卫生服务补助", "村卫生室"},
}

// ledger writes the journal of the year: opening balances (期初余额, dated 1 January) and the
// month's vouchers, double entry. Liability ratio = Σ liability balances / Σ asset balances at
// year end (balance = opening + debits − credits for assets, opening + credits − debits for
// liabilities). In the background the ratio stays between 30 % and 45 % and moves by well under a
// point a year; HIS income reaches the ledger within 0.2 %.
func (iy *instYear) ledger() error {
	g, in, y := iy.g, iy.in, iy.year
	st := iy.st
	r := iy.rng("ledger")
	var lines []*ledgerLine
	bal := st.bal
	post := func(d day, vno, acc, summary, cp string, debit, credit fen) {
		name := accountNames[acc]
		if len(acc) == 8 && acc[:4] == "4101" {
			_, name = incomeAccount(int(acc[6]-'0')*10 + int(acc[7]-'0') - 1)
		}
		lines = append(lines, &ledgerLine{in: in, year: y, date: d, voucher: vno, account: acc, accountName: name,
			summary: summary, debit: debit, credit: credit, counterparty: cp})
		if len(acc) == 4 {
			k := acc[:4]
			if isAsset(k) {
				bal[k] += debit - credit
			} else {
				bal[k] += credit - debit
			}
		}
	}
	if !st.hasBal {
		A := map[string]float64{"三级": 1.2e9, "二级": 4.0e8, "基层": 4.0e7}[in.tier] * r.uniform(0.9, 1.1)
		ratio := r.uniform(0.30, 0.40)
		if in.key == "rm" {
			ratio = 0.44
		}
		L := A * ratio
		bal["1002"] = yuan(math.Round(A * 0.20))
		bal["1212"] = yuan(math.Round(A * 0.08))
		bal["1302"] = yuan(math.Round(A * 0.05))
		bal["1613"] = yuan(math.Round(A * 0.07))
		bal["1601"] = yuan(math.Round(A*0.60)) + 0
		bal["2302"] = yuan(math.Round(L * 0.30))
		bal["2201"] = yuan(math.Round(L * 0.05))
		bal["2001"] = yuan(math.Round(L * 0.15))
		bal["2501"] = yuan(math.Round(L * 0.50))
		var a, l fen
		for _, acc := range bsAccounts {
			if acc == "3001" {
				continue
			}
			if isAsset(acc) {
				a += bal[acc]
			} else {
				l += bal[acc]
			}
		}
		bal["3001"] = a - l
		st.hasBal = true
	}
	{
		// year-end closing: the year's surplus goes to 累计盈余, so assets = liabilities + net assets
		var a, l fen
		for _, acc := range bsAccounts {
			if acc == "3001" {
				continue
			}
			if isAsset(acc) {
				a += bal[acc]
			} else {
				l += bal[acc]
			}
		}
		bal["3001"] = a - l
	}
	jan1 := mkday(y, 1, 1)
	var openLines []*ledgerLine
	for _, acc := range bsAccounts {
		l := &ledgerLine{in: in, year: y, date: jan1, voucher: "期初", account: acc, accountName: accountNames[acc], summary: "期初余额", opening: true}
		if isAsset(acc) {
			l.debit = bal[acc]
		} else {
			l.credit = bal[acc]
		}
		openLines = append(openLines, l)
	}

	// 三公 actuals of the year (the budget report uses the same figures)
	iy.threePub = map[string]fen{}
	iy.threeBud = map[string]fen{}
	for _, k := range threePublicKinds {
		base := map[string]map[string]float64{
			"公务接待": {"三级": 120000, "二级": 50000, "基层": 12000},
			"公务用车": {"三级": 150000, "二级": 80000, "基层": 30000},
			"因公出国": {"三级": 60000},
		}[k.kind][in.tier]
		if k.kind == "因公出国" && in.key != "rm" {
			base = 0 // no line at all: these institutions have no such spending
		}
		if base == 0 {
			continue
		}
		rk := iy.rng("three", k.kind)
		prev, hasPrev := st.prevThree[k.kind]
		actual := yuan(math.Round(base * rk.uniform(0.9, 1.0)))
		if hasPrev && g.hasPrev(y) {
			actual = yuan(math.Round(prev.float() * rk.uniform(0.85, 0.98)))
		}
		budget := yuan(math.Round(actual.float()/rk.uniform(0.88, 0.97)/100) * 100)
		switch {
		case iy.at("rm", 1) && k.kind == "公务接待":
			// FIN_THREE_PUBLIC_OVERRUN (planted): 公务接待 ¥186,000 against a budget of ¥150,000
			actual, budget = yuan(186000), yuan(150000)
			iy.truth("FIN_THREE_PUBLIC_OVERRUN", "公务接待", "公务接待费 actual ¥186,000 > budget ¥150,000",
				iy.ev(iy.budgetFile(), "公务接待费"))
		case iy.at("ey", 2) && k.kind == "公务用车" && hasPrev && g.hasPrev(y):
			// FIN_THREE_PUBLIC_OVERRUN (planted): 公务用车 up 18 % on the year, within budget
			actual = yuan(math.Round(prev.float() * 1.18))
			budget = yuan(math.Round(actual.float()/0.92/100) * 100)
			iy.truth("FIN_THREE_PUBLIC_OVERRUN", "公务用车", "公务用车运行维护费 +18 % year on year",
				iy.ev(iy.budgetFile(), "公务用车运行维护费"))
		case iy.at("zy", 2) && k.kind == "公务接待" && hasPrev && g.hasPrev(y):
			// decoy: +9.5 % year on year, within budget
			actual = yuan(math.Round(prev.float() * 1.095))
			budget = yuan(math.Round(actual.float()/0.93/100) * 100)
		case iy.at("fy", 1) && k.kind == "公务用车":
			// decoy: actual exactly equal to the budget
			budget = actual
		}
		iy.threePub[k.kind] = actual
		iy.threeBud[k.kind] = budget
		st.prevThree[k.kind] = actual
	}

	fiscal := map[string]float64{"三级": 1.5e6, "二级": 0.9e6, "基层": 0.35e6}[in.tier]
	phFund := 0.0
	if in.primary() {
		phFund = 0.18e6
	}
	var totalIncome [13]fen
	for m := 1; m <= 12; m++ {
		d := func(dd int) day { return mkday(y, monthOf(m), dd) }
		last := mkday(y, monthOf(m), 1).addMonths(1) - 1
		// income: booked from HIS, less small refunds
		vno := iy.voucherNo(m)
		var recv fen
		var credits []func()
		for c := 0; c < nRevCat; c++ {
			his := iy.rev[m][c]
			if his == 0 {
				continue
			}
			led := his - fen(math.Round(float64(his)*r.uniform(0, 0.002)))
			switch {
			case iy.at("rm", 1) && c == 2 && m == 8:
				// FIN_OFF_BOOK_INCOME (planted): August 检查收入 — 12 % of the HIS charges
				// never reach the ledger (≈¥0.2M, > max(1 %, ¥50,000))
				led = his * 88 / 100
				iy.truth("FIN_OFF_BOOK_INCOME", "检查收入", fmt.Sprintf("2025-08 检查收入 HIS %s vs ledger %s", his.fixed2(), led.fixed2()),
					iy.ev(iy.hisFile(), "检查收入"))
			case iy.at("jw", 2) && c == 9 && m == 11:
				// FIN_OFF_BOOK_INCOME (planted): November 其他收入 short by ¥120,000
				led = his - yuan(120000)
				iy.truth("FIN_OFF_BOOK_INCOME", "其他收入", "November 其他收入 HIS − ledger = ¥120,000",
					iy.ev(iy.hisFile(), "其他收入"))
			case iy.at("ey", 1) && c == 3 && m == 3:
				// decoy: March 化验收入 short by ¥45,000 (> 1 % of HIS but < ¥50,000)
				led = his - yuan(45000)
			case iy.at("zy", 1) && c == 0 && m == 5:
				// decoy: the ledger books ¥200,000 more 药品收入 than HIS in May (an adjustment);
				// the rule only looks at HIS − ledger
				led = his + yuan(200000)
			}
			acc, _ := incomeAccount(c)
			cc, amt := c, led
			credits = append(credits, func() {
				post(last, vno, acc, fmt.Sprintf("结转%d月%s", m, revCats[cc]), "", 0, amt)
			})
			recv += led
		}
		post(last, vno, "1212", fmt.Sprintf("确认%d月医疗收入", m), "", recv, 0)
		for _, f := range credits {
			f()
		}
		totalIncome[m] = recv
		vno = iy.voucherNo(m)
		post(last, vno, "1002", fmt.Sprintf("收回%d月医疗款", m), "", recv, 0)
		post(last, vno, "1212", fmt.Sprintf("收回%d月医疗款", m), "", 0, recv)
		cashIn := recv

		if m%3 == 1 {
			vno = iy.voucherNo(m)
			amt := yuan(math.Round(fiscal * r.uniform(0.95, 1.05)))
			post(d(15), vno, "1002", "收到财政基本支出拨款", "巴南区财政局", amt, 0)
			post(d(15), vno, "400101", "收到财政基本支出拨款", "巴南区财政局", 0, amt)
			cashIn += amt
			if phFund > 0 {
				vno = iy.voucherNo(m)
				amt := yuan(math.Round(phFund * 3))
				post(d(18), vno, "1002", "收到基本公共卫生服务补助资金", "巴南区财政局", amt, 0)
				post(d(18), vno, "400102", "收到基本公共卫生服务补助资金", "巴南区财政局", 0, amt)
				cashIn += amt
				vno = iy.voucherNo(m)
				amt2 := yuan(math.Round(phFund * 0.4))
				post(d(18), vno, "1002", "收到基本药物制度补助资金", "巴南区财政局", amt2, 0)
				post(d(18), vno, "400103", "收到基本药物制度补助资金", "巴南区财政局", 0, amt2)
				cashIn += amt2
			}
		}
		var cashOut fen
		// payroll
		vno = iy.voucherNo(m)
		post(d(10), vno, "500101", fmt.Sprintf("计提%d月工资及绩效", m), "", iy.payTotal[m], 0)
		post(d(10), vno, "2201", fmt.Sprintf("计提%d月工资及绩效", m), "", 0, iy.payTotal[m])
		vno = iy.voucherNo(m)
		post(d(12), vno, "2201", fmt.Sprintf("发放%d月工资及绩效", m), "", iy.payTotal[m], 0)
		post(d(12), vno, "1002", fmt.Sprintf("发放%d月工资及绩效", m), "", 0, iy.payTotal[m])
		cashOut += iy.payTotal[m]
		// purchases, issue to departments, payment of the suppliers
		if iy.drugBuy[m]+iy.matBuy[m] > 0 {
			vno = iy.voucherNo(m)
			post(last, vno, "1302", fmt.Sprintf("%d月药品卫材入库", m), "", iy.drugBuy[m]+iy.matBuy[m], 0)
			post(last, vno, "2302", fmt.Sprintf("%d月药品卫材入库", m), "", 0, iy.drugBuy[m]+iy.matBuy[m])
			vno = iy.voucherNo(m)
			post(last, vno, "500102", fmt.Sprintf("%d月药品领用", m), "", iy.drugBuy[m], 0)
			post(last, vno, "500103", fmt.Sprintf("%d月卫生材料领用", m), "", iy.matBuy[m], 0)
			post(last, vno, "1302", fmt.Sprintf("%d月药品卫材领用", m), "", 0, iy.drugBuy[m]+iy.matBuy[m])
			vno = iy.voucherNo(m)
			post(last, vno, "2302", fmt.Sprintf("支付%d月药品卫材货款", m), "", iy.drugBuy[m]+iy.matBuy[m], 0)
			post(last, vno, "1002", fmt.Sprintf("支付%d月药品卫材货款", m), "", 0, iy.drugBuy[m]+iy.matBuy[m])
			cashOut += iy.drugBuy[m] + iy.matBuy[m]
		}
		// contract payments (voucher numbers given with the payments file)
		for _, p := range iy.payments {
			if p.date.month() != m {
				continue
			}
			acc := "500104"
			if p.capex {
				acc = "1601"
			}
			post(p.date, p.voucher, acc, "支付合同款 "+p.contract, p.payee, p.amount, 0)
			post(p.date, p.voucher, "1002", "支付合同款 "+p.contract, p.payee, 0, p.amount)
			cashOut += p.amount
		}
		// 三公
		for _, k := range threePublicKinds {
			a, ok := iy.threePub[k.kind]
			if !ok {
				continue
			}
			part := a / 12
			if m == 12 {
				part = a - part*11
			}
			vno = iy.voucherNo(m)
			post(d(20), vno, k.account, "报销"+k.item, "", part, 0)
			post(d(20), vno, "1002", "报销"+k.item, "", 0, part)
			cashOut += part
		}
		// the 基本公共卫生服务 fund (primary care)
		if phFund > 0 {
			u := publicHealthUses[(m+in.idx)%len(publicHealthUses)]
			amt := yuan(math.Round(phFund * r.uniform(0.8, 1.0)))
			cp := u[1]
			if cp == "村卫生室" {
				if len(in.villages) > 0 {
					cp = in.villages[m%len(in.villages)] + "卫生室"
				} else {
					cp = ""
				}
			}
			vno = iy.voucherNo(m)
			post(d(22), vno, "500105", u[0], cp, amt, 0)
			post(d(22), vno, "1002", u[0], cp, 0, amt)
			cashOut += amt
			switch {
			case iy.at("js", 1) && m == 8:
				// FIN_SPECIAL_FUND_MISUSE (planted): the public-health fund pays for the staff
				// canteen's refurbishment
				vno = iy.voucherNo(m)
				post(d(26), vno, "500105", "支付职工食堂装修工程款", "重庆宏达装饰工程有限公司", yuan(186000), 0)
				post(d(26), vno, "1002", "支付职工食堂装修工程款", "重庆宏达装饰工程有限公司", 0, yuan(186000))
				cashOut += yuan(186000)
				iy.truth("FIN_SPECIAL_FUND_MISUSE", vno, "基本公共卫生服务 fund debited ¥186,000 for a staff canteen refurbishment",
					iy.ev(iy.ledgerFile(), "支付职工食堂装修工程款"))
			case iy.at("lz", 2) && m == 10:
				// FIN_SPECIAL_FUND_MISUSE (planted): the fund repays construction debt
				vno = iy.voucherNo(m)
				post(d(27), vno, "500105", "偿还业务用房改扩建工程欠款", "重庆巴南建筑工程有限公司", yuan(150000), 0)
				post(d(27), vno, "1002", "偿还业务用房改扩建工程欠款", "重庆巴南建筑工程有限公司", 0, yuan(150000))
				cashOut += yuan(150000)
				iy.truth("FIN_SPECIAL_FUND_MISUSE", vno, "基本公共卫生服务 fund debited ¥150,000 to repay construction debt",
					iy.ev(iy.ledgerFile(), "偿还业务用房改扩建工程欠款"))
			}
		}
		// loans
		switch {
		case iy.at("ey", 1) && m == 6:
			// FIN_LIABILITY_RATIO (planted): a long-term loan for the new inpatient building (基建)
			// lifts the liability ratio from ≈35 % to ≈56 % (about ¥200M); it stays over 50 % the
			// year after
			vno = iy.voucherNo(m)
			amt := iy.loanFor(0.56 - iy.currentRatio())
			post(d(18), vno, "1002", "取得住院综合楼基建项目长期借款", "重庆农村商业银行巴南支行", amt, 0)
			post(d(18), vno, "2501", "取得住院综合楼基建项目长期借款", "重庆农村商业银行巴南支行", 0, amt)
			vno = iy.voucherNo(m)
			post(d(25), vno, "1613", "支付住院综合楼基建工程进度款", "重庆巴南建筑工程有限公司", yuan(40e6), 0)
			post(d(25), vno, "1002", "支付住院综合楼基建工程进度款", "重庆巴南建筑工程有限公司", 0, yuan(40e6))
		case iy.at("rm", 2) && m == 9:
			// decoy: a short-term working-capital loan lifts the ratio by ≈3 points to ≈47 %
			vno = iy.voucherNo(m)
			amt := iy.loanFor(0.03)
			post(d(10), vno, "1002", "取得流动资金借款", "中国建设银行重庆巴南支行", amt, 0)
			post(d(10), vno, "2001", "取得流动资金借款", "中国建设银行重庆巴南支行", 0, amt)
		case iy.at("zy", 1) && m == 4:
			// decoy: a long-term loan for equipment, not 基建; the ratio moves < 1 point
			vno = iy.voucherNo(m)
			amt := yuan(8e6)
			post(d(16), vno, "1002", "取得医疗设备购置专项贷款", "重庆银行巴南支行", amt, 0)
			post(d(16), vno, "2501", "取得医疗设备购置专项贷款", "重庆银行巴南支行", 0, amt)
		}
		// other running costs, so that the month ends with a small surplus
		other := cashIn - cashOut - fen(float64(cashIn)*0.015)
		if other > 0 {
			vno = iy.voucherNo(m)
			post(last, vno, "500104", fmt.Sprintf("支付%d月水电燃气、维修及其他运行费用", m), "", other, 0)
			post(last, vno, "1002", fmt.Sprintf("支付%d月水电燃气、维修及其他运行费用", m), "", 0, other)
		}
	}
	iy.income = totalIncome

	// the liability ratio: planted and background checks
	ratio := func(b map[string]fen) float64 {
		var a, l fen
		for _, acc := range bsAccounts {
			if acc == "3001" {
				continue
			}
			if isAsset(acc) {
				a += b[acc]
			} else {
				l += b[acc]
			}
		}
		return l.float() / a.float()
	}
	openBal := map[string]fen{}
	for _, l := range openLines {
		openBal[l.account] = l.debit + l.credit
	}
	r0, r1 := ratio(openBal), ratio(bal)
	iy.ratioOpen, iy.ratioClose = r0, r1
	if r1 > 0.5 || r1-r0 > 0.05 {
		// FIN_LIABILITY_RATIO: only 巴南区第二人民医院 gets here — its 基建 loan (planted above)
		// takes the ratio over 50 % in the year of the loan and it stays there the year after.
		iy.truth("FIN_LIABILITY_RATIO", "资产负债率", fmt.Sprintf("liability ratio %.1f %% → %.1f %%", r0*100, r1*100),
			iy.ev(iy.ledgerFile(), "长期借款"))
	}

	lines = append(lines, iy.benfordLedger(lines)...)
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].date < lines[j].date })
	all := append(openLines, lines...)
	for _, l := range all {
		g.observe(l)
	}
	return iy.writeLedger(all)
}

func monthOf(m int) time.Month { return time.Month(m) }

// currentRatio is the liability ratio of the running balances.
func (iy *instYear) currentRatio() float64 {
	var a, l fen
	for _, acc := range bsAccounts {
		if acc == "3001" {
			continue
		}
		if isAsset(acc) {
			a += iy.st.bal[acc]
		} else {
			l += iy.st.bal[acc]
		}
	}
	return l.float() / a.float()
}

// loanFor is the loan that lifts the current liability ratio by about dr.
func (iy *instYear) loanFor(dr float64) fen {
	var a, l fen
	for _, acc := range bsAccounts {
		if acc == "3001" {
			continue
		}
		if isAsset(acc) {
			a += iy.st.bal[acc]
		} else {
			l += iy.st.bal[acc]
		}
	}
	// (l+x)/(a+x) = l/a + dr
	t := l.float()/a.float() + dr
	x := (t*a.float() - l.float()) / (1 - t)
	return yuan(math.Round(x/1e6) * 1e6)
}

func (iy *instYear) writeLedger(all []*ledgerLine) error {
	in := iy.in
	v := in.look("ledger", 3)
	h := []string{in.syn("ledger", 0, "凭证日期", "记账日期", "日期"), in.syn("ledger", 1, "凭证号", "凭证字号"),
		in.syn("ledger", 2, "科目编码", "科目代码"), in.syn("ledger", 3, "科目名称", "会计科目"), "摘要",
		in.syn("ledger", 5, "借方金额", "借方"), in.syn("ledger", 6, "贷方金额", "贷方"),
		in.syn("ledger", 7, "往来单位", "对方单位"), "部门"}
	var lay layout
	enc, comma := encUTF8, ','
	switch v {
	case 0:
		lay = layout{titles: []string{iy.title("序时账"), "核算单位：" + in.name}, dates: dSerial, money: mfNumber}
	case 1:
		lay = layout{dates: dSlash, money: mfThousands}
		enc, comma = encGBK, '\t'
	default:
		lay = layout{titles: []string{in.short + " 明细账 " + itoa(iy.year) + "年度"}, dates: dCompact, money: mfFixed}
	}
	t, done := iy.open(iy.ledgerFile(), "ledger", "序时账", enc, comma, lay, h)
	totals := iy.g.d != nil && iy.g.d.ledgerTotals
	var month, year [2]fen
	for i, l := range all {
		dc, cc := empty(), empty()
		if l.debit != 0 || l.opening && isAsset(l.account) {
			dc = mo(l.debit)
		}
		if l.credit != 0 || l.opening && !isAsset(l.account) {
			cc = mo(l.credit)
		}
		voucher := l.voucher
		if totals && l.opening {
			voucher = "" // an accounting package's 期初余额 line has no voucher
		}
		t.add(dt(l.date), tx(voucher), tx(l.account), tx(l.accountName), tx(l.summary), dc, cc, tx(l.counterparty), empty())
		if !totals || l.opening {
			continue
		}
		month[0], month[1] = month[0]+l.debit, month[1]+l.credit
		if i+1 == len(all) || all[i+1].date.month() != l.date.month() {
			year[0], year[1] = year[0]+month[0], year[1]+month[1]
			t.aux(empty(), empty(), empty(), empty(), tx("本月合计"), mo(month[0]), mo(month[1]), empty(), empty())
			t.aux(empty(), empty(), empty(), empty(), tx("本年累计"), mo(year[0]), mo(year[1]), empty(), empty())
			month = [2]fen{}
		}
	}
	return done()
}

// budget writes the budget execution report. Lines over ¥1,000,000 deviate by at most 13.6 % in
// the background; 三公 lines are within budget and fall year on year.
func (iy *instYear) budget() error {
	in, y := iy.in, iy.year
	r := iy.rng("budget")
	var lines []*budgetLine
	add := func(item string, actual fen, dev float64) *budgetLine {
		if actual <= 0 {
			return nil
		}
		actual = actual.roundYuan()
		b := yuan(math.Round(actual.float()/(1+dev)/100) * 100)
		l := &budgetLine{in: in, year: y, item: item, budget: b, actual: actual}
		lines = append(lines, l)
		return l
	}
	u := func() float64 { return r.uniform(-0.12, 0.12) }
	var income, pay, drugs, mats, capex fen
	for m := 1; m <= 12; m++ {
		income += iy.income[m]
		pay += iy.payTotal[m]
		drugs += iy.drugBuy[m]
		mats += iy.matBuy[m]
	}
	for _, p := range iy.payments {
		if p.capex {
			capex += p.amount
		}
	}
	add("医疗收入", income, u())
	add("人员经费支出", pay, u())
	add("药品费", drugs, u())
	add("卫生材料费", mats, u())
	scale := map[string]float64{"三级": 1, "二级": 0.4, "基层": 0.07}[in.tier]
	switch {
	case iy.at("zy", 1):
		// FIN_BUDGET_DEVIATION (planted): equipment executed at 63 % of its budget
		l := add("设备购置费", capex, -0.37)
		iy.truth("FIN_BUDGET_DEVIATION", "设备购置费", fmt.Sprintf("设备购置费 budget %s, actual %s (−37 %%)", l.budget.fixed2(), l.actual.fixed2()),
			iy.ev(iy.budgetFile(), "设备购置费"))
	default:
		add("设备购置费", capex, u())
	}
	info := yuan(math.Round(3e6 * scale * r.uniform(0.9, 1.1)))
	switch {
	case iy.at("zc", 0):
		// FIN_BUDGET_DEVIATION (planted): 信息化建设费 executed at 135 % of its budget
		l := add("信息化建设费", info, 0.35)
		iy.truth("FIN_BUDGET_DEVIATION", "信息化建设费", fmt.Sprintf("信息化建设费 budget %s, actual %s (+35 %%)", l.budget.fixed2(), l.actual.fixed2()),
			iy.ev(iy.budgetFile(), "信息化建设费"))
	default:
		add("信息化建设费", info, u())
	}
	maint := yuan(math.Round(2e6 * scale * r.uniform(0.9, 1.1)))
	if iy.at("rm", 1) {
		// decoy: 维修（护）费 ¥2,380,000 against ¥2,000,000 (+19 %, under 20 %)
		lines = append(lines, &budgetLine{in: in, year: y, item: "维修（护）费", budget: yuan(2000000), actual: yuan(2380000)})
	} else {
		add("维修（护）费", maint, u())
	}
	train := yuan(math.Round(0.8e6 * scale * r.uniform(0.9, 1.1)))
	if iy.at("ey", 1) {
		// decoy: 培训费 −25 %, but the line is under ¥1,000,000
		lines = append(lines, &budgetLine{in: in, year: y, item: "培训费", budget: yuan(600000), actual: yuan(450000)})
	} else {
		add("培训费", train, u())
	}
	add("会议费", yuan(math.Round(0.2e6*scale*r.uniform(0.9, 1.1))), u())
	for _, k := range threePublicKinds {
		if a, ok := iy.threePub[k.kind]; ok {
			lines = append(lines, &budgetLine{in: in, year: y, item: k.item, budget: iy.threeBud[k.kind], actual: a})
		}
	}
	for _, l := range lines {
		iy.g.observe(l)
	}
	v := in.look("budget", 3)
	h := []string{in.syn("budget", 0, "年度", "预算年度"), in.syn("budget", 1, "预算项目", "项目名称", "支出项目"),
		in.syn("budget", 2, "预算金额", "预算数", "调整后预算"), in.syn("budget", 3, "执行数", "实际支出", "执行金额"), "执行率"}
	var lay layout
	enc := encUTF8
	switch v {
	case 0:
		lay = layout{titles: []string{iy.title("预算执行情况表")}, unitLine: "单位：万元", wan: true}
	case 1:
		lay = layout{titles: []string{iy.title("部门预算执行情况")}, money: mfThousands}
	default:
		lay = layout{money: mfNumber}
		enc = encGBK
	}
	noYear := iy.g.d != nil && iy.g.d.budgetNoYear
	if noYear {
		// the year only in the title (and the file name): the title every variant gets
		h = h[1:]
		lay.titles = []string{iy.title("预算执行情况表")}
	}
	t, done := iy.open(iy.budgetFile(), "budget", "预算执行", enc, ',', lay, h)
	for _, l := range lines {
		rate := fmt.Sprintf("%.1f%%", l.actual.float()/l.budget.float()*100)
		row := []cell{num(float64(y)), tx(l.item), mo(l.budget), mo(l.actual), tx(rate)}
		if noYear {
			row = row[1:]
		}
		t.add(row...)
	}
	return done()
}
