package samples

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// The 药品耗材进销存 report: the store's monthly movements of every drug and consumable, in
// packs (the unit it buys in). Only some institutions' store systems export one; the others
// send none, and INS_BILLED_OVER_PURCHASED counts their opening stock as 0 (coverage says so).
var inventoryFrom = map[string]bool{"rm": true, "zy": true, "fy": true, "js": true}

func (iy *instYear) inventoryFile() string {
	if iy.in.look("inventory", 2) == 1 {
		return "药品耗材进销存月报.csv"
	}
	return "药品耗材进销存.xlsx"
}

// stockItem is one drug or consumable's movements in an institution-year, in packs.
type stockItem struct {
	code, name, spec string
	perPack          float64 // billing units per pack: the claim lines bill units when > 1
	in, out          [13]float64
}

func (iy *instYear) stockItem(code, name, spec string) *stockItem {
	if iy.stock == nil {
		iy.stock = map[string]*stockItem{}
	}
	it := iy.stock[code]
	if it == nil {
		it = &stockItem{code: code, name: name, spec: spec, perPack: 1}
		if o := billedOverItem(code); o != nil {
			it.perPack = float64(o.perPack)
		}
		iy.stock[code] = it
	}
	return it
}

// stockIn records a procurement line of a drug or consumable.
func (iy *instYear) stockIn(l *procLine) {
	switch l.category {
	case "药品", "高值耗材", "低值耗材":
		iy.stockItem(l.itemCode, l.itemName, l.spec).in[l.date.month()] += float64(l.qty)
	}
}

// stockOut records a claim line of a drug or consumable as issued from the store.
func (iy *instYear) stockOut(l *claimLine) {
	if l.class != "药品" && l.class != "医用耗材" {
		return
	}
	it := iy.stockItem(l.code, l.name, "")
	it.out[l.date.month()] += float64(l.qty) / it.perPack
}

// inventory writes the institution-year's 进销存 report: per month and item, the opening
// stock, receipts (its procurement lines), issues (what it billed) and the closing stock. The
// first year opens with a month of the year's receipts; each later year opens with the last
// one's closing stock, except the INS_BILLED_OVER_PURCHASED items, which open with their
// planted stock.
func (iy *instYear) inventory() error {
	in, st := iy.in, iy.st
	if !inventoryFrom[in.key] {
		return nil
	}
	first := st.stock == nil
	if first {
		st.stock = map[string]float64{}
	}
	codes := make([]string, 0, len(iy.stock))
	for c := range iy.stock {
		codes = append(codes, c)
	}
	for c, q := range st.stock {
		if iy.stock[c] == nil && q != 0 {
			codes = append(codes, c)
			p := st.stockInfo[c]
			iy.stockItem(c, p[0], p[1])
		}
	}
	sort.Strings(codes)
	open := map[string]float64{}
	for _, c := range codes {
		it := iy.stock[c]
		switch o := billedOverItem(c); {
		case o != nil && iy.at(o.key, o.slot):
			open[c] = float64(o.stock)
		case first:
			var t float64
			for _, q := range it.in {
				t += q
			}
			open[c] = math.Round(t / 12)
		default:
			open[c] = st.stock[c]
		}
	}
	v := in.look("inventory", 2)
	h := []string{in.syn("inventory", 0, "药品编码", "物资编码"), in.syn("inventory", 1, "品名", "物资名称"),
		in.syn("inventory", 2, "规格", "规格型号"), in.syn("inventory", 3, "期间", "月份"),
		in.syn("inventory", 4, "期初数量", "上期结存数量"), in.syn("inventory", 5, "入库数量", "本期入库数量"),
		in.syn("inventory", 6, "出库数量", "本期出库数量"), in.syn("inventory", 7, "期末数量", "本期结存数量")}
	lay, mf, enc := layout{titles: []string{iy.title("药品耗材进销存月报")}}, mCN, encUTF8
	if v == 1 {
		lay, mf, enc = layout{}, mCompact, encGBK
	}
	t, done := iy.open(iy.inventoryFile(), "inventory", "进销存", enc, ',', lay, h)
	for m := 1; m <= 12; m++ {
		for _, c := range codes {
			it := iy.stock[c]
			o := open[c]
			cl := o + it.in[m] - it.out[m]
			if o == 0 && it.in[m] == 0 && it.out[m] == 0 {
				continue
			}
			t.add(tx(it.code), tx(it.name), tx(it.spec), tx(formatMonth(iy.year, m, mf)),
				num(o), num(it.in[m]), num(it.out[m]), num(cl))
			iy.g.observe(&stockRow{inst: in, year: iy.year, month: m, code: it.code, name: it.name, spec: it.spec,
				open: o, received: it.in[m], issued: it.out[m], close: cl})
			open[c] = cl
		}
	}
	for _, c := range codes {
		st.stock[c] = open[c]
		it := iy.stock[c]
		st.stockInfo[c] = [2]string{it.name, it.spec}
	}
	return done()
}

// stockRow is one row of the inventory report (canonical form, for the oracle).
type stockRow struct {
	inst                          *inst
	year, month                   int
	code, name, spec              string
	open, received, issued, close float64
}

// overItem is an item of the INS_BILLED_OVER_PURCHASED plants: bought on the platform in
// January from a vendor of its own, billed by 骨科 stays of the same year. None is in the
// district's catalog, so the background never buys or bills it.
type overItem struct {
	key      string
	slot     int
	code     string
	name     string
	spec     string
	price    fen // per pack
	perPack  int // billing units per pack: a line bills units (at price / perPack) when > 1
	bought   int // packs bought
	stock    int // packs in stock on 1 January (the inventory's opening)
	stays    int // 骨科 stays billing it
	perStay  int // billing units per stay
	why      string
	vendor   vendor
	category string
}

var (
	overVendorCQ = mkVendor("500113", "重庆渝创骨科材料有限公司")
	overVendorZB = mkVendor("370302", "淄博齐康止血器材有限公司")
	billedOver   = []overItem{
		// INS_BILLED_OVER_PURCHASED (planted): 10 boxes of 6 bought, 96 cartridges billed (16
		// boxes) at ¥800 each, no stock at the start of the year: 6 boxes × ¥4,800 = ¥28,800
		{"rm", 2, "C0208000902", "一次性使用腔镜切割吻合器钉仓", "60mm 6个/盒", yuan(4800), 6, 10, 0, 8, 12,
			"96 cartridges billed (16 boxes of 6) against 10 boxes bought and no opening stock: 6 boxes × ¥4,800 = ¥28,800 over", overVendorCQ, "高值耗材"},
		// decoy: 21 billed against 20 bought, exactly × 1.05 (the excess would be ¥12,000)
		{"rm", 2, "C0315000903", "人工椎体", "钛合金 可调式", yuan(12000), 1, 20, 0, 7, 3, "", overVendorCQ, "高值耗材"},
		// decoy: 15 billed against 10 bought, but 5 × ¥1,980 = ¥9,900 < ¥10,000
		{"rm", 2, "C0315000904", "骨水泥", "40g", yuan(1980), 1, 10, 0, 5, 3, "", overVendorCQ, "高值耗材"},
		// decoy: 18 billed against 10 bought — and 8 in stock on 1 January (the inventory)
		{"rm", 2, "C0315000905", "脊柱内固定系统", "钉棒 全套", yuan(6500), 1, 10, 8, 6, 3, "", overVendorCQ, "高值耗材"},
		// INS_BILLED_OVER_PURCHASED (planted), no inventory: 400 clips billed (40 boxes of 10)
		// against 20 boxes bought: 20 × ¥1,500 = ¥30,000
		{"zc", 1, "C0208000906", "一次性使用止血夹", "10个/盒", yuan(1500), 10, 20, 0, 10, 40,
			"400 clips billed (40 boxes of 10) against 20 boxes bought, no inventory: 20 boxes × ¥1,500 = ¥30,000 over", overVendorZB, "高值耗材"},
		// decoy: 120 clips billed at ¥200 = 20 boxes of 6, all bought (read as boxes it would be 120 against 20)
		{"zc", 1, "C0208000907", "可吸收结扎夹", "6个/盒", yuan(1200), 6, 20, 0, 10, 12, "", overVendorZB, "高值耗材"},
	}
)

func billedOverItem(code string) *overItem {
	for i := range billedOver {
		if billedOver[i].code == code {
			return &billedOver[i]
		}
	}
	return nil
}

// billedOverOrders are the January platform orders of the items planted here.
func (iy *instYear) billedOverOrders() []*procLine {
	var out []*procLine
	for i, o := range billedOver {
		if !iy.at(o.key, o.slot) {
			continue
		}
		out = append(out, &procLine{in: iy.in, year: iy.year, date: mkday(iy.year, time.January, 16+i%4), category: o.category,
			itemCode: o.code, itemName: o.name, spec: o.spec, vendor: o.vendor, qty: o.bought, unitPrice: o.price,
			amount: o.price * fen(o.bought), method: "网上竞价", dept: "骨科",
			platformNo: fmt.Sprintf("YG%d%010d", iy.year, labelHash([]any{"billedover", iy.in.key, iy.year, i})%10000000000)})
	}
	return out
}

// plantedBilledOver makes (with mk) the 骨科 stays billing the items planted here, one line a
// stay, from February on.
func (iy *instYear) plantedBilledOver(mk func(deptName, doctor string, inpatient bool, admit, discharge day, dx diag, gender string, birth day) *claim) {
	here := false
	for _, o := range billedOver {
		here = here || iy.at(o.key, o.slot)
	}
	if !here {
		return
	}
	r := iy.rng("planted-billedover")
	d := iy.in.deptByName("骨科")
	dd := *d
	dd.inSvc, dd.surgery, dd.hvc = nil, "", ""
	neutral := iy.g.cat.byGroup["中性"]
	for i, o := range billedOver {
		if !iy.at(o.key, o.slot) {
			continue
		}
		price := o.price / fen(o.perPack)
		for j := 0; j < o.stays; j++ {
			admit := mkday(iy.year, time.Month(2+j), 6+2*(i%4))
			birth := admit - day(int(365.25*float64(48+2*j))) - 40
			c := mk("骨科", d.docs[(i+j)%len(d.docs)], true, admit, admit+6, d.dx[j%len(d.dx)], []string{"男", "女"}[(i+j)%2], birth)
			iy.ward(c, r, []*drug{neutral[j%len(neutral)]}, &dd, nil, 0)
			c.lines = append(c.lines, &claimLine{date: admit + 1, code: o.code, name: o.name, class: "医用耗材", qty: o.perStay,
				price: price, amount: price * fen(o.perStay), secs: 11 * 3600})
			c.finish(r)
		}
		if o.why != "" {
			iy.truth("INS_BILLED_OVER_PURCHASED", o.name, o.why, iy.ev(iy.claimLinesFile(), o.code), iy.ev(iy.procFile(), o.name))
		}
	}
}
