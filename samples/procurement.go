package samples

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// procLine is one line of a procurement extract (canonical form; the layout decides how it is
// written).
type procLine struct {
	in         *inst
	year       int
	orderNo    string
	date       day
	category   string
	itemCode   string
	itemName   string
	spec       string
	vendor     vendor
	qty        int
	unitPrice  fen
	amount     fen
	offline    bool
	method     string
	platformNo string
	dept       string
	essential  bool // drug on the essential list (for the oracle)
	onPlatform bool // item listed on the platform catalog (for the oracle)
	isDrug     bool
}

// annual procurement by category and tier, in yuan (scale-independent: Scale adds lines, not
// money, so that the shares and thresholds the procurement rules test stay where they were put).
var procTotals = map[string]map[string]float64{
	"三级": {"药品": 48e6, "高值耗材": 12e6, "低值耗材": 6e6, "试剂": 8e6},
	"二级": {"药品": 16e6, "高值耗材": 3e6, "低值耗材": 2.4e6, "试剂": 3e6},
	"基层": {"药品": 3.2e6, "低值耗材": 0.6e6, "试剂": 0.45e6},
}

var procVendors = map[string]map[string]int{
	"三级": {"药品": 8, "高值耗材": 4, "低值耗材": 5, "试剂": 4},
	"二级": {"药品": 5, "高值耗材": 3, "低值耗材": 4, "试剂": 4},
	"基层": {"药品": 3, "低值耗材": 3, "试剂": 3},
}

// lines per year at scale 1
var procBaseLines = map[string]map[string]int{
	"三级": {"药品": 1600, "高值耗材": 300, "低值耗材": 400, "试剂": 200},
	"二级": {"药品": 700, "高值耗材": 100, "低值耗材": 200, "试剂": 100},
	"基层": {"药品": 250, "低值耗材": 60, "试剂": 40},
}

var procCategories = []string{"药品", "高值耗材", "低值耗材", "试剂"}

// the smallest order a category is split into as Scale grows (yuan)
var procMinOrder = map[string]float64{"药品": 300, "高值耗材": 3000, "低值耗材": 100, "试剂": 1500}

// essential-drug share of drug choices by tier (the spend share follows it closely; the planted
// MED_ESSENTIAL_SHARE_LOW institution-year uses essentialLow)
var essentialShare = map[string]float64{"三级": 0.90, "二级": 0.95, "基层": 0.98}

const essentialLow = 0.06

func (iy *instYear) essentialP() float64 {
	// MED_ESSENTIAL_SHARE_LOW: 巴南区妇幼保健院 (二级), third year: essential drugs are ≈6 % of drug
	// spend in claims and in procurement, far below any floor a tier could have (the background
	// is ≥ 0.6 for 三级, ≥ 0.75 for 二级, ≥ 0.85 for 基层).
	if iy.at("fy", 2) {
		return essentialLow
	}
	return essentialShare[iy.in.tier]
}

// drugPool is the drugs an institution buys: the groups of its departments.
func (iy *instYear) drugPool() []*drug {
	var out []*drug
	for _, d := range iy.in.depts {
		out = append(out, iy.g.cat.byGroup[d.group]...)
	}
	out = append(out, iy.g.cat.byGroup["中性"]...)
	return out
}

type vendorPlan struct {
	category string
	v        vendor
	total    float64 // yuan
	dates    []day
	factors  []float64
	method   string
	dept     string
}

// procurement writes the procurement extract of one institution-year. The background is bought
// on the platform, spread evenly over the year per vendor, never more than ≈¥0.8M from one
// vendor in 30 days, every order far below the tender threshold; a small, fixed set of
// off-platform orders (中药饮片, hospital preparations, custom implants — none of them listed on
// the platform) stays under 2 % of a category, ¥200,000 and two orders a month.
func (iy *instYear) procurement() error {
	g, in, y := iy.g, iy.in, iy.year
	r := iy.rng("proc")
	totals := procTotals[in.tier]
	ndays := int(mkday(y+1, 1, 1) - mkday(y, 1, 1))
	var plans []*vendorPlan
	for _, cat := range procCategories {
		T, ok := totals[cat]
		if !ok {
			continue
		}
		if cat == "高值耗材" && in.category == "精神卫生中心" {
			continue
		}
		if cat == "高值耗材" && in.category == "妇幼保健院" {
			T = 1.2e6
		}
		vs := vendorsFor(in, cat, procVendors[in.tier][cat])
		w := make([]float64, len(vs))
		var sw float64
		for i := range w {
			w[i] = r.uniform(0.8, 1.2)
			sw += w[i]
		}
		for i := range w {
			w[i] /= sw
		}
		switch {
		case cat == "试剂" && iy.at("ey", 1):
			// PROC_VENDOR_CONCENTRATION (planted): 重庆康诚生物科技有限公司 supplies 78 % of
			// 巴南区第二人民医院's reagents (≈¥3.0M in the year, four vendors).
			kc := mkVendor("500113", "重庆康诚生物科技有限公司")
			others := []vendor{kc}
			for _, v := range cqReagentVendors {
				if v.name != kc.name && len(others) < 4 {
					others = append(others, v)
				}
			}
			vs = others
			w = []float64{0.78, 0.08, 0.07, 0.07}
			iy.truth("PROC_VENDOR_CONCENTRATION", vs[0].name,
				"试剂 ≈¥3.0M in the year, top vendor share 78 % (> 60 %), 4 vendors",
				iy.ev(iy.procFile(), vs[0].name))
		case cat == "试剂" && iy.at("fy", 1):
			// decoy: top vendor 58 % of ≈¥3.0M reagents (under 60 %)
			w = []float64{0.58, 0.16, 0.14, 0.12}
			vs = vs[:4]
		case cat == "低值耗材" && iy.at("jj", 1):
			// decoy: one vendor has 80 % of 低值耗材, but the category is only ≈¥0.6M (< ¥1M)
			w = []float64{0.80, 0.12, 0.08}
		}
		base := float64(procBaseLines[in.tier][cat]) * g.scale
		for i, v := range vs {
			tv := T * w[i]
			n := int(math.Round(base * w[i]))
			nmin := int(math.Ceil(tv / 150000))
			if nmin < 4 {
				nmin = 4
			}
			nmax := int(tv / procMinOrder[cat])
			if n > nmax {
				n = nmax
			}
			if n < nmin {
				n = nmin
			}
			p := &vendorPlan{category: cat, v: v, total: tv}
			vr := iy.rng("procplan", cat, v.name)
			var sf float64
			for k := 0; k < n; k++ {
				p.dates = append(p.dates, mkday(y, 1, 1)+day(int((float64(k)+0.5)*float64(ndays)/float64(n))))
				f := vr.uniform(0.75, 1.25)
				p.factors = append(p.factors, f)
				sf += f
			}
			for k := range p.factors {
				p.factors[k] *= float64(n) / sf
			}
			switch cat {
			case "药品", "高值耗材":
				p.method = "集中带量采购"
				if cat == "药品" && vr.chance(0.4) {
					p.method = "网上竞价"
				}
			default:
				p.method = "网上竞价"
			}
			plans = append(plans, p)
		}
	}
	extra := append(iy.plantedProcurement(), iy.hvcRestock(plans)...)

	// write quarter by quarter (or as the institution's layout wants it)
	w := iy.newProcWriter()
	seq := uint64(0)
	for q := 0; q < 4; q++ {
		from, to := mkday(y, time.Month(3*q+1), 1), mkday(y, time.Month(3*q+1), 1).addMonths(3)
		var lines []*procLine
		for _, p := range plans {
			for k, d := range p.dates {
				if d < from || d >= to {
					continue
				}
				lines = append(lines, iy.platformOrder(p, k)...)
			}
		}
		for _, l := range extra {
			if l.date >= from && l.date < to {
				lines = append(lines, l)
			}
		}
		sort.SliceStable(lines, func(i, j int) bool {
			if w.byCategory && lines[i].category != lines[j].category {
				return catOrder(lines[i].category) < catOrder(lines[j].category)
			}
			return lines[i].date < lines[j].date
		})
		// order numbers: background orders in sheet order, scrambled; the planted ones carry
		// their own (from a reserved range of the same scramble)
		prev := ""
		var prevNo string
		for _, l := range lines {
			if l.orderNo == "" {
				key := fmt.Sprintf("%s|%d|%s|%s", l.vendor.name, l.date, l.category, l.method)
				if key != prev {
					seq++
					prevNo = iy.orderNo(l.date, seq)
					prev = key
				}
				l.orderNo = prevNo
			}
		}
		if err := w.quarter(q, lines); err != nil {
			return err
		}
		for _, l := range lines {
			if l.isDrug {
				iy.drugBuy[l.date.month()] += l.amount
			} else {
				iy.matBuy[l.date.month()] += l.amount
			}
			iy.stockIn(l)
			g.observe(l)
		}
	}
	return w.close()
}

// hvcVendor supplies the monthly restocking of the consumables every case of a department uses.
func hvcVendor(in *inst) vendor {
	if in.zibo {
		return mkVendor("370302", "淄博医耗供应链管理有限公司")
	}
	return mkVendor("500113", "重庆医耗供应链管理有限公司")
}

// hvcRestock tops up the consumables the departments use in every case (plates, staplers) so
// that the year's purchases cover what the stays bill (hvcDemand) with 10 % to spare whatever
// the background orders happened to pick: one platform order a month from a vendor of its own
// (INS_BILLED_OVER_PURCHASED stays quiet on the background at every scale; the orders are small
// against the category and spread out, so no procurement rule notices them).
func (iy *instYear) hvcRestock(plans []*vendorPlan) []*procLine {
	demand := iy.hvcDemand()
	if len(demand) == 0 {
		return nil
	}
	bought := map[string]int{}
	for _, p := range plans {
		if p.category != "高值耗材" {
			continue
		}
		for k := range p.dates {
			for _, l := range iy.platformOrder(p, k) {
				bought[l.itemCode] += l.qty
			}
		}
	}
	codes := make([]string, 0, len(demand))
	for c := range demand {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	var out []*procLine
	v := hvcVendor(iy.in)
	for _, c := range codes {
		short := int(math.Ceil(1.1*float64(demand[c]))) - bought[c]
		if short <= 0 {
			continue
		}
		var m *material
		for _, x := range iy.g.cat.materials {
			if x.code == c {
				m = x
			}
		}
		for mo := 1; mo <= 12; mo++ {
			q := short*mo/12 - short*(mo-1)/12
			if q == 0 {
				continue
			}
			out = append(out, &procLine{in: iy.in, year: iy.year, date: mkday(iy.year, time.Month(mo), 20), category: m.category,
				itemCode: m.code, itemName: m.name, spec: m.spec, vendor: v, qty: q, unitPrice: m.price, amount: m.price * fen(q),
				method: "集中带量采购", dept: "设备科", onPlatform: m.platform,
				platformNo: fmt.Sprintf("YG%d%010d", iy.year, labelHash([]any{"restock", iy.in.key, iy.year, c, mo})%10000000000)})
		}
	}
	return out
}

func catOrder(c string) int {
	for i, x := range procCategories {
		if x == c {
			return i
		}
	}
	return len(procCategories)
}

// orderNo makes an order number that does not reveal the order's position in the year.
func (iy *instYear) orderNo(d day, seq uint64) string {
	n := scramble(seq, 100000000, 48271*2+1, labelHash([]any{"ord", iy.in.key, iy.year})%100000000)
	switch iy.in.variant("orderno", 3) {
	case 0:
		return fmt.Sprintf("CG%s%08d", formatDate(d, dCompact), n)
	case 1:
		return fmt.Sprintf("%s-RK-%d-%08d", iy.in.prefix, iy.year, n)
	}
	return fmt.Sprintf("DD%d%08d", iy.year, n)
}

// plantedOrderNo is an order number from the reserved top of the scramble's range.
func (iy *instYear) plantedOrderNo(d day, k int) string {
	return iy.orderNo(d, 100000000-1-uint64(k))
}

// platformOrder makes the lines of background order k of a vendor plan.
func (iy *instYear) platformOrder(p *vendorPlan, k int) []*procLine {
	r := iy.rng("procorder", p.category, p.v.name, k)
	target := p.total * p.factors[k] / float64(len(p.factors))
	nl := 1 + r.intn(3)
	if target < 3*procMinOrder[p.category] {
		nl = 1
	}
	var out []*procLine
	used := map[string]bool{}
	for li := 0; li < nl; li++ {
		t := target / float64(nl)
		l := &procLine{in: iy.in, year: iy.year, date: p.dates[k], category: p.category, vendor: p.v,
			method: p.method, dept: iy.procDept(p.category, r)}
		if p.category == "药品" {
			d := iy.pickDrug(r, t, used)
			l.itemCode, l.itemName, l.spec, l.unitPrice = d.code, d.name, d.spec, d.price
			l.essential, l.onPlatform, l.isDrug = d.essential, d.platform, true
			used[d.code] = true
		} else {
			m := iy.pickMaterial(r, p.category, t, used)
			l.itemCode, l.itemName, l.spec, l.unitPrice = m.code, m.name, m.spec, m.price
			l.onPlatform = m.platform
			used[m.code] = true
		}
		l.qty = int(math.Round(t / l.unitPrice.float()))
		if l.qty < 1 {
			l.qty = 1
		}
		l.amount = l.unitPrice * fen(l.qty)
		l.platformNo = fmt.Sprintf("YG%d%010d", iy.year, labelHash([]any{"pf", iy.in.key, iy.year, p.category, p.v.name, k, li})%10000000000)
		out = append(out, l)
	}
	return out
}

func (iy *instYear) procDept(cat string, r *rng) string {
	switch cat {
	case "药品":
		return "药剂科"
	case "试剂":
		return "检验科"
	case "高值耗材":
		var ds []string
		for _, d := range iy.in.depts {
			if d.hvc != "" || d.surgery != "" {
				ds = append(ds, d.name)
			}
		}
		if len(ds) > 0 {
			return pick(r, ds)
		}
	}
	return pick(r, []string{"设备科", "护理部", "门诊部"})
}

// pickDrug picks a drug of the institution's formulary, essential with the tier's probability,
// priced well under the line's target.
func (iy *instYear) pickDrug(r *rng, target float64, used map[string]bool) *drug {
	ess := r.chance(iy.essentialP())
	var cands []*drug
	for _, d := range iy.drugPool() {
		if d.essential == ess && !used[d.code] && d.price.float()*2 <= target {
			cands = append(cands, d)
		}
	}
	if len(cands) == 0 {
		for _, d := range iy.drugPool() {
			if d.essential == ess && !used[d.code] {
				cands = append(cands, d)
			}
		}
	}
	return pick(r, cands)
}

func (iy *instYear) pickMaterial(r *rng, cat string, target float64, used map[string]bool) *material {
	var cands, cheapest []*material
	for _, m := range iy.g.cat.materialsOf(cat, true) {
		if used[m.code] {
			continue
		}
		cheapest = append(cheapest, m)
		if m.price.float()*2 <= target {
			cands = append(cands, m)
		}
	}
	if len(cands) == 0 {
		sort.Slice(cheapest, func(i, j int) bool { return cheapest[i].price < cheapest[j].price })
		cands = cheapest[:1]
	}
	return pick(r, cands)
}

// offlineLine makes an off-platform order line of a fixed amount (≈ target, rounded to whole
// units of the item).
func (iy *instYear) offlineLine(d day, cat string, itemName string, v vendor, target float64, method string, k int) *procLine {
	l := &procLine{in: iy.in, year: iy.year, date: d, category: cat, vendor: v, offline: true, method: method,
		orderNo: iy.plantedOrderNo(d, k)}
	if dr := iy.g.cat.drugByKey[itemName]; dr != nil && cat == "药品" {
		l.itemCode, l.itemName, l.spec, l.unitPrice = dr.code, dr.name, dr.spec, dr.price
		l.essential, l.onPlatform, l.isDrug = dr.essential, dr.platform, true
		l.dept = "药剂科"
	} else {
		m := iy.g.cat.matByName[itemName]
		if m == nil {
			panic("samples: unknown item " + itemName)
		}
		l.itemCode, l.itemName, l.spec, l.unitPrice = m.code, m.name, m.spec, m.price
		l.onPlatform = m.platform
		l.dept = "设备科"
		if cat == "高值耗材" {
			l.dept = "骨科"
		}
	}
	l.qty = int(target / l.unitPrice.float())
	if l.qty < 1 {
		l.qty = 1
	}
	l.amount = l.unitPrice * fen(l.qty)
	return l
}

// plantedProcurement returns the off-platform and planted orders of the institution-year: the
// fixed background off-platform orders, the planted cases and their decoys.
func (iy *instYear) plantedProcurement() []*procLine {
	in, y := iy.in, iy.year
	var out []*procLine
	k := 0
	add := func(l *procLine) { out = append(out, l); k++ }
	herbV, customV := cqHerbVendor, cqCustomVendor
	if in.zibo {
		herbV, customV = zbHerbVendor, zbCustomVendor
	}
	offDrugs := []string{"黄芪(饮片)", "当归(饮片)", "党参(饮片)", "茯苓(饮片)", "炒白术(饮片)", "复方薄荷脑软膏(医疗机构制剂)", "消炎止痛膏(医疗机构制剂)"}
	customHVC := []string{"定制式钛网(个性化)", "3D打印截骨导板"}
	totals := procTotals[in.tier]

	// --- 药品 off-platform ---
	switch {
	case iy.at("rm", 0):
		// decoy (PROC_OFF_PLATFORM): ¥≈489,000 off-platform drugs in the year (< ¥500,000),
		// ≈1 % of ¥48M, one order a month, none of the items on the platform.
		for m := 1; m <= 12; m++ {
			add(iy.offlineLine(mkday(y, time.Month(m), 12), "药品", offDrugs[m%len(offDrugs)], herbV, 40780, "直接采购", k))
		}
	case iy.at("js", 1):
		// decoy (PROC_OFF_PLATFORM): off-platform drugs ≈4 % of the category (≈¥133,000 of
		// ≈¥3.3M), nine orders in the year, none listed on the platform.
		for m := 1; m <= 9; m++ {
			add(iy.offlineLine(mkday(y, time.Month(m+2), 8), "药品", offDrugs[m%len(offDrugs)], herbV, 0.04/0.96*totals["药品"]/9, "直接采购", k))
		}
	case iy.at("jw", 2):
		// PROC_OFF_PLATFORM (planted): 16 off-platform drug orders in March (> 12 in a month),
		// of antipsychotics that are listed on the platform. The amounts are small (≈¥45,000):
		// only the monthly count and the catalog case fire.
		ds := []string{"奥氮平片", "利培酮片", "富马酸喹硫平片", "阿立哌唑片"}
		v := mkVendor("500113", "重庆巴渝大药房连锁有限公司")
		for i := 0; i < 16; i++ {
			add(iy.offlineLine(mkday(y, 3, 2+i), "药品", ds[i%len(ds)], v, 2800, "直接采购", k))
		}
		iy.truth("PROC_OFF_PLATFORM", "药品", "16 off-platform drug orders in March (> 12 a month), items listed on the platform",
			iy.ev(iy.procFile(), "重庆巴渝大药房连锁有限公司"))
	default:
		// background: six small orders a year (every other month), ≤ min(1.5 %, ¥200,000)
		amt := math.Min(0.015*totals["药品"], 200000) / 6
		for i := 0; i < 6; i++ {
			add(iy.offlineLine(mkday(y, time.Month(2*i+1), 20), "药品", offDrugs[(i+in.idx)%len(offDrugs)], herbV, amt, "直接采购", k))
		}
	}

	// --- 高值耗材 off-platform ---
	if _, ok := totals["高值耗材"]; ok && in.category != "精神卫生中心" {
		T := totals["高值耗材"]
		if in.category == "妇幼保健院" {
			T = 1.2e6
		}
		switch {
		case iy.at("zy", 1):
			// PROC_OFF_PLATFORM (planted): ten off-platform orders of knee prostheses and
			// interbody cages, items listed on the platform, ≈¥1.1M in the year: ≈8.5 % of
			// ≈¥13M high-value consumables (> 5 %) and > ¥500,000.
			v := mkVendor("500113", "重庆瑞骨医疗器械有限公司")
			items := []string{"人工膝关节假体", "椎间融合器"}
			for i := 0; i < 10; i++ {
				add(iy.offlineLine(mkday(y, time.Month(3+i%9), 6+2*(i/9)*10), "高值耗材", items[i%2], v, 112000, "直接采购", k))
			}
			iy.truth("PROC_OFF_PLATFORM", "高值耗材", "10 off-platform orders ≈¥1.1M (≈8.5 %, > ¥500,000), items listed on the platform",
				iy.ev(iy.procFile(), "重庆瑞骨医疗器械有限公司"))
		case iy.at("ey", 1):
			// decoy (PROC_OFF_PLATFORM): exactly 12 off-platform orders in May (not > 12),
			// custom-made implants that the platform does not list, ≈¥80,000 (≈2.6 %).
			for i := 0; i < 12; i++ {
				add(iy.offlineLine(mkday(y, 5, 2+2*i), "高值耗材", customHVC[i%2], customV, 6500, "直接采购", k))
			}
		default:
			amt := math.Min(0.01*T, 150000) / 3
			for i := 0; i < 3; i++ {
				add(iy.offlineLine(mkday(y, time.Month(4*i+2), 15), "高值耗材", customHVC[i%2], customV, amt, "直接采购", k))
			}
		}
	}

	// --- split purchases (低值耗材, off-platform, 直接采购 unless said otherwise) ---
	switch {
	case iy.at("rm", 1):
		// PROC_SPLIT_PURCHASE (planted): three orders from 重庆恒泰医疗器械有限公司 in 25 days,
		// ¥420,000 + ¥380,000 + ¥360,000 ≈ ¥1.16M ≥ ¥1,000,000, each under it, 直接采购.
		v := mkVendor("500113", "重庆恒泰医疗器械有限公司")
		add(iy.offlineLine(mkday(y, 6, 3), "低值耗材", "一次性使用导尿包", v, 420000, "直接采购", k))
		add(iy.offlineLine(mkday(y, 6, 15), "低值耗材", "静脉留置针", v, 380000, "直接采购", k))
		add(iy.offlineLine(mkday(y, 6, 28), "低值耗材", "一次性使用导尿包", v, 360000, "直接采购", k))
		iy.truth("PROC_SPLIT_PURCHASE", v.name, "3 orders 6/3, 6/15, 6/28 totalling ≈¥1.16M, each < ¥1M, 直接采购",
			iy.ev(iy.procFile(), v.name))
	case iy.at("zy", 1):
		// decoy: two orders ten days apart, ¥519,xxx + ¥469,xxx < ¥1,000,000 together
		v := mkVendor("500113", "重庆佳禾医用耗材有限公司")
		add(iy.offlineLine(mkday(y, 9, 4), "低值耗材", "一次性使用导尿包", v, 519990, "直接采购", k))
		add(iy.offlineLine(mkday(y, 9, 14), "低值耗材", "静脉留置针", v, 469990, "直接采购", k))
	case iy.at("ey", 2):
		// decoy: two orders 45 days apart, ≈¥1.15M together (not within 30 days)
		v := mkVendor("500113", "重庆德宁医疗用品有限公司")
		add(iy.offlineLine(mkday(y, 4, 1), "低值耗材", "一次性使用导尿包", v, 600000, "直接采购", k))
		add(iy.offlineLine(mkday(y, 5, 16), "低值耗材", "静脉留置针", v, 550000, "直接采购", k))
	case iy.at("zc", 1):
		// decoy: three orders in 20 days ≈¥1.2M, but by 竞争性磋商 (a competitive method)
		v := mkVendor("370302", "淄博鲁中医疗器械有限公司")
		add(iy.offlineLine(mkday(y, 10, 9), "低值耗材", "一次性使用导尿包", v, 400000, "竞争性磋商", k))
		add(iy.offlineLine(mkday(y, 10, 19), "低值耗材", "静脉留置针", v, 400000, "竞争性磋商", k))
		add(iy.offlineLine(mkday(y, 10, 29), "低值耗材", "一次性使用导尿包", v, 400000, "竞争性磋商", k))
	}

	// --- items billed in plantedBilledOver: one platform order of each in January ---
	for _, l := range iy.billedOverOrders() {
		l.orderNo = iy.plantedOrderNo(l.date, k)
		add(l)
	}

	// --- prostheses billed in plantedMarkup: one platform order of each in January ---
	if iy.at(markupAt.key, markupAt.slot) {
		v := mkVendor("500113", "重庆康骨医疗器械有限公司")
		for i, it := range markupItems {
			l := iy.offlineLine(mkday(y, 1, 12+i), "高值耗材", it.name, v, float64(it.qty)*iy.g.cat.matByName[it.name].price.float()+0.5, "网上竞价", k)
			l.offline = false
			l.platformNo = fmt.Sprintf("YG%d%010d", y, labelHash([]any{"markup", in.key, y, i})%10000000000)
			add(l)
		}
	}
	return out
}

// ---- writing ----

type procWriter struct {
	iy         *instYear
	file       string
	byCategory bool // rows sorted by category, category merged down (xlsx)
	quarterly  bool // one sheet per quarter
	book       *book
	csv        *csvTable
	sheet      table
	lay        layout
	header     []string
	cols       []string // canonical field per column
	rejectAt   int      // data row (1-based) of the sheet with a bad date, 0 none
	rejectQ    int
}

func (iy *instYear) procFile() string {
	if iy.in.look("proc", 4) == 2 {
		return "药品耗材采购明细.csv"
	}
	return "药品耗材采购入库明细.xlsx"
}

func (iy *instYear) newProcWriter() *procWriter {
	in := iy.in
	w := &procWriter{iy: iy, file: iy.procFile()}
	v := in.look("proc", 4)
	// fields in the order this institution's system exports them
	w.cols = []string{"order_no", "order_date", "category", "item_code", "item_name", "spec", "vendor", "vendor_code", "qty", "unit_price", "amount", "channel", "method", "platform_order_no", "department"}
	if v == 1 {
		w.cols = []string{"order_date", "order_no", "item_name", "spec", "category", "qty", "unit_price", "amount", "vendor", "channel", "method", "department", "item_code", "platform_order_no"}
	}
	chH, _, _ := iy.channelVocab()
	for _, c := range w.cols {
		var h string
		switch c {
		case "order_no":
			h = in.syn("procurement", 0, "采购单号", "订单号", "入库单号", "单据号")
		case "order_date":
			h = in.syn("procurement", 1, "采购日期", "订单日期", "入库日期", "下单日期")
		case "item_code":
			h = in.syn("procurement", 2, "物资编码", "产品编码", "医保编码")
		case "item_name":
			h = in.syn("procurement", 3, "品名", "物资名称", "产品名称")
		case "spec":
			h = in.syn("procurement", 4, "规格", "规格型号")
		case "category":
			h = in.syn("procurement", 5, "类别", "物资类别", "采购类别")
		case "vendor":
			h = in.syn("procurement", 6, "供应商", "配送企业", "供货单位", "供应商名称")
		case "vendor_code":
			h = "供应商统一社会信用代码"
		case "qty":
			h = in.syn("procurement", 8, "数量", "采购数量", "入库数量")
		case "unit_price":
			h = in.syn("procurement", 9, "单价", "采购单价")
		case "amount":
			h = in.syn("procurement", 10, "金额", "采购金额", "合计金额", "总金额")
		case "channel":
			h = chH
		case "method":
			h = "采购方式"
		case "platform_order_no":
			h = in.syn("procurement", 13, "平台订单号", "平台流水号")
		case "department":
			h = in.syn("procurement", 14, "申请科室", "使用科室")
		}
		w.header = append(w.header, h)
	}
	title := []string{iy.title("药品耗材采购明细表")}
	switch {
	case strings.HasSuffix(w.file, ".csv"):
		enc, comma := encGBK, ','
		if in.extra || in.key == "fy" {
			enc, comma = encUTF8BOM, '\t'
		}
		w.lay = layout{titles: title, dates: dCN, money: mfThousands}
		if enc != encGBK {
			w.lay = layout{dates: dISO, money: mfNumber}
		}
		w.csv = iy.g.newCSV(iy.rel(w.file), "procurement", enc, comma, w.lay, w.header)
		w.sheet = w.csv
	default:
		w.book = iy.g.newBook(iy.rel(w.file), "procurement", in.short+"采购中心", mkday(iy.year+1, 1, 15))
		w.quarterly = true
		if v == 0 {
			// a hidden sheet of leftovers from someone's pivot table
			w.book.junkSheet("数据透视(勿删)", [][]any{
				{"行标签", "求和项:金额"}, {"药品", "#REF!"}, {"高值耗材", "#REF!"}, {"(空白)", nil}, {"总计", "#REF!"},
			})
		}
		switch v {
		case 0:
			w.byCategory = true
			w.lay = layout{titles: title, dates: dSerial, money: mfNumber, total: true}
		case 1:
			w.lay = layout{dates: dSlash, money: mfNumber}
		default:
			w.byCategory = true
			w.lay = layout{titles: append(title, "填报单位：（盖章）　　　　　　　　　　单位：元"), dates: dCompact, money: mfYen, total: true}
		}
		if w.byCategory {
			cat, name := slices.Index(w.cols, "category"), slices.Index(w.cols, "item_name")
			w.lay.mergeCols = []int{cat}
			if w.lay.subtotal = iy.g.subtotal("procurement", cat, name); w.lay.subtotal != nil {
				w.lay.total = true
			}
		}
	}
	// a genuinely bad row: 巴南区第二人民医院, first year, second quarter, 7th data row, has an
	// order date that does not exist (4月31日).
	if iy.at("ey", 0) && w.quarterly {
		w.rejectQ, w.rejectAt = 1, 7
		w.lay.total = false
	}
	return w
}

// channelVocab is how the institution writes the purchase channel: header, platform, offline.
func (iy *instYear) channelVocab() (string, string, string) {
	switch iy.in.variant("channel", 4) {
	case 0:
		return "是否平台采购", "是", "否"
	case 1:
		return "采购渠道", "平台", "线下"
	case 2:
		return "采购平台", "阳光平台", "自行采购"
	}
	return "采购途径", "挂网", "院内"
}

var quarterNames = []string{"第一季度", "第二季度", "第三季度", "第四季度"}

func (w *procWriter) quarter(q int, lines []*procLine) error {
	iy := w.iy
	if w.book != nil && (w.quarterly || w.sheet == nil) {
		w.sheet = w.book.sheet(quarterNames[q], w.lay, w.header)
	}
	_, pf, off := iy.channelVocab()
	at := w.rejectAt
	if at > len(lines) {
		at = len(lines)
	}
	for i, l := range lines {
		if q == w.rejectQ && w.rejectAt > 0 && i+1 == at {
			bad := fmt.Sprintf("%d-04-31", iy.year)
			row := w.sheet.add(w.cells(l, pf, off, raw(bad))...)
			iy.g.addReject(iy.rel(w.file), quarterNames[q], row, "bad_date", bad)
		}
		w.sheet.add(w.cells(l, pf, off, cell{})...)
	}
	if w.book != nil && w.quarterly {
		if err := w.sheet.end(); err != nil {
			return err
		}
	}
	return nil
}

// cells renders a line in the writer's column order; dateOverride replaces the date if set.
func (w *procWriter) cells(l *procLine, pf, off string, dateOverride cell) []cell {
	out := make([]cell, len(w.cols))
	for i, c := range w.cols {
		switch c {
		case "order_no":
			out[i] = tx(l.orderNo)
		case "order_date":
			out[i] = dt(l.date)
			if dateOverride.k != cEmpty {
				out[i] = dateOverride
			}
		case "category":
			out[i] = tx(l.category)
		case "item_code":
			out[i] = tx(l.itemCode)
		case "item_name":
			out[i] = tx(l.itemName)
		case "spec":
			out[i] = tx(l.spec)
		case "vendor":
			out[i] = tx(l.vendor.name)
		case "vendor_code":
			out[i] = tx(l.vendor.code)
		case "qty":
			out[i] = num(float64(l.qty))
		case "unit_price":
			// a price, not an amount: never summed in the 合计 row
			out[i] = num(l.unitPrice.float())
		case "amount":
			out[i] = mo(l.amount)
		case "channel":
			if l.offline {
				out[i] = tx(off)
			} else {
				out[i] = tx(pf)
			}
		case "method":
			out[i] = tx(l.method)
		case "platform_order_no":
			if !l.offline {
				out[i] = tx(l.platformNo)
			}
		case "department":
			out[i] = tx(l.dept)
		}
	}
	return out
}

func (w *procWriter) close() error {
	if w.book != nil {
		if !w.quarterly && w.sheet != nil {
			if err := w.sheet.end(); err != nil {
				return err
			}
		}
		return w.book.close()
	}
	return w.csv.end()
}
