package samples

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/marts/clausemap"
	"github.com/xuncha/xuncha/selfcheck"
)

// The oracle recomputes every rule of RISK_RULES.md from the canonical records the generator
// wrote (not from the files: reading them back is the ingester's job) and compares the flags with
// truth.csv. Where the catalog can be read two ways the oracle takes the reading that flags
// more for the background (so the background must be clean under both) and checks that the
// planted case fires under both.

type flagKey struct {
	rule, code string
	year       int
	subject    string
}

func (k flagKey) String() string {
	return fmt.Sprintf("%s,%s,%d,%s", k.rule, k.code, k.year, k.subject)
}

type oracle struct {
	t     *testing.T
	g     *gen
	flags map[flagKey]string // → why
	notes []string
}

func (o *oracle) flag(rule string, in *inst, year int, subject, why string) {
	k := flagKey{rule, in.code, year, subject}
	if _, ok := o.flags[k]; !ok {
		o.flags[k] = why
	}
}

func TestOracleMatchesTruth(t *testing.T) {
	f := shared(t)
	checkOracle(t, f.g, f.recs)
}

// Other options (fewer years, more or fewer institutions, another seed) keep the truth right.
func TestOracleOtherOptions(t *testing.T) {
	for _, opt := range []Options{
		{Seed: 3, Years: []int{2025, 2026}, Institutions: 12, Scale: 0.01},
		{Seed: 5, Years: []int{2023, 2024, 2025, 2026}, Institutions: 4, Scale: 0.01},
	} {
		var recs []any
		g, err := generate(context.Background(), t.TempDir(), opt, nil, func(r any) { recs = append(recs, r) })
		if err != nil {
			t.Fatal(err)
		}
		t.Run(fmt.Sprintf("seed%d", opt.Seed), func(t *testing.T) { checkOracle(t, g, recs) })
	}
}

func checkOracle(t *testing.T, g *gen, recs []any) {
	o := &oracle{t: t, g: g, flags: map[flagKey]string{}}
	o.run(recs)
	truth := map[flagKey]bool{}
	for _, tr := range g.truth {
		truth[flagKey{tr.rule, tr.code, tr.year, tr.subject}] = true
	}
	var missing, extra []string
	for k := range truth {
		if _, ok := o.flags[k]; !ok {
			missing = append(missing, k.String())
		}
	}
	for k, why := range o.flags {
		if !truth[k] {
			extra = append(extra, k.String()+" ("+why+")")
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, m := range missing {
		t.Errorf("truth row not raised by the oracle: %s", m)
	}
	for _, e := range extra {
		t.Errorf("oracle flag not in the truth: %s", e)
	}
	if testing.Verbose() {
		for _, n := range o.notes {
			t.Log(n)
		}
	}
}

var competitive = map[string]bool{"公开招标": true, "邀请招标": true, "竞争性谈判": true, "竞争性磋商": true, "询价": true}

func (o *oracle) run(recs []any) {
	var (
		proc     []*procLine
		cons     []*contract
		pays     []*payment
		assets   []*asset
		payRows  []*payRow
		revRows  []*revRow
		his      []*hisRow
		ledger   []*ledgerLine
		budget   []*budgetLine
		claims   []*claim
		pos      []*posRow
		rect     []*rectItem
		selfRows []*selfRow
		stock    []*stockRow
	)
	for _, r := range recs {
		switch v := r.(type) {
		case *procLine:
			proc = append(proc, v)
		case *contract:
			cons = append(cons, v)
		case *payment:
			pays = append(pays, v)
		case *asset:
			assets = append(assets, v)
		case *payRow:
			payRows = append(payRows, v)
		case *revRow:
			revRows = append(revRows, v)
		case *hisRow:
			his = append(his, v)
		case *ledgerLine:
			ledger = append(ledger, v)
		case *budgetLine:
			budget = append(budget, v)
		case *claim:
			claims = append(claims, v)
		case *posRow:
			pos = append(pos, v)
		case *rectItem:
			rect = append(rect, v)
		case *selfRow:
			selfRows = append(selfRows, v)
		case *stockRow:
			stock = append(stock, v)
		}
	}
	o.procurement(proc, cons, pays)
	o.equipment(assets, cons)
	o.pay(payRows, revRows)
	o.finance(his, ledger, budget)
	o.duplicatePayments(pays, cons)
	o.benford(ledger, pays)
	o.voucherGaps(ledger)
	o.insurance(claims)
	o.drugs(claims, proc)
	o.markup(claims, proc)
	o.billedOverPurchased(claims, proc, stock)
	o.bundled(claims)
	o.people(pos)
	o.followUp(rect)
	o.self(selfRows)
}

// markup is INS_MARKUP: a line billed above 1.005 × the highest price the institution paid for
// the item in the 12 months up to the service date; an item-year with Σ excess ≥ ¥5,000.
func (o *oracle) markup(claims []*claim, proc []*procLine) {
	type ik struct {
		in   *inst
		code string
	}
	bought := map[ik][]*procLine{}
	for _, l := range proc {
		if l.itemCode != "" {
			k := ik{l.in, l.itemCode}
			bought[k] = append(bought[k], l)
		}
	}
	type yk struct {
		in   *inst
		year int
		code string
	}
	excess := map[yk]fen{}
	name := map[yk]string{}
	for _, c := range claims {
		for _, l := range c.lines {
			var top *procLine
			from := l.date.time().AddDate(0, -12, 0)
			for _, p := range bought[ik{c.in, l.code}] {
				if p.date <= l.date && !p.date.time().Before(from) && (top == nil || p.unitPrice > top.unitPrice) {
					top = p
				}
			}
			if top != nil && l.price*1000 > top.unitPrice*1005 {
				k := yk{c.in, l.date.year(), l.code}
				excess[k] += (l.price - top.unitPrice) * fen(l.qty)
				name[k] = top.itemName
			}
		}
	}
	for k, e := range excess {
		if e >= yuan(5000) {
			o.flag("INS_MARKUP", k.in, k.year, name[k], "excess "+e.fixed2())
		}
	}
}

// packCount is the number of billing units a pack holds, from its spec (`0.25g×24粒`, `6个/盒`);
// 1 when the spec names no count.
var packCount = regexp.MustCompile(`(\d+(?:\.\d+)?)\s*(片|粒|丸|袋|支|瓶|枚|贴|包|只|个|套|块|张|条|根|板|剂|帖|卷|副|对|揿)\s*(?:/\s*\S{1,2})?\s*$`)

// billedOverPurchased is INS_BILLED_OVER_PURCHASED: per institution-year (with procurement) and
// item code bought by the institution, Σ billed packs > (Σ bought packs + the January opening
// stock of its inventory, else the previous December's closing) × 1.05 and the excess × the
// billed price per pack ≥ ¥10,000. A line bills packs or units, whichever puts its price within
// a factor of 2 of the purchase price per pack (the year's average, else the latest paid
// before); an item with a line that fits neither is not assessed. Broader reading: the excess
// is counted beyond the purchases (not beyond the 5 %).
func (o *oracle) billedOverPurchased(claims []*claim, proc []*procLine, stock []*stockRow) {
	type ik struct {
		in   *inst
		code string
	}
	type yk struct {
		in   *inst
		year int
		code string
	}
	procYears := map[*inst]map[int]bool{}
	pack := map[ik]float64{}
	name := map[ik]string{}
	bought := map[yk]float64{}
	paid := map[yk]fen{}
	var buys []*procLine
	for _, l := range proc {
		if l.category != "药品" && l.category != "高值耗材" && l.category != "低值耗材" {
			continue
		}
		if procYears[l.in] == nil {
			procYears[l.in] = map[int]bool{}
		}
		procYears[l.in][l.year] = true
		k := ik{l.in, l.itemCode}
		pack[k], name[k] = 1, l.itemName
		if m := packCount.FindStringSubmatch(l.spec); m != nil {
			pack[k], _ = strconv.ParseFloat(m[1], 64)
		}
		bought[yk{l.in, l.year, l.itemCode}] += float64(l.qty)
		paid[yk{l.in, l.year, l.itemCode}] += l.amount
		buys = append(buys, l)
	}
	refPrice := func(k yk) float64 {
		if q := bought[k]; q > 0 {
			return paid[k].float() / q
		}
		var last *procLine
		for _, l := range buys {
			if l.in == k.in && l.itemCode == k.code && l.year < k.year && (last == nil || l.date > last.date) {
				last = l
			}
		}
		if last == nil {
			return 0
		}
		return last.unitPrice.float()
	}
	opening := map[yk]float64{}
	hasJan := map[yk]bool{}
	for _, r := range stock {
		switch {
		case r.month == 1:
			k := yk{r.inst, r.year, r.code}
			opening[k], hasJan[k] = r.open, true
		case r.month == 12 && !hasJan[yk{r.inst, r.year + 1, r.code}]:
			opening[yk{r.inst, r.year + 1, r.code}] = r.close
		}
	}
	billed := map[yk]float64{}
	amount := map[yk]fen{}
	unknown := map[yk]bool{}
	for _, c := range claims {
		for _, l := range c.lines {
			ki := ik{c.in, l.code}
			k := yk{c.in, l.date.year(), l.code}
			if _, ok := pack[ki]; !ok || !procYears[c.in][k.year] || l.class == "诊疗项目" || l.class == "服务设施" {
				continue
			}
			ref, n := refPrice(k), pack[ki]
			units := 0.0
			if ref > 0 && l.price > 0 {
				perPack := math.Abs(math.Log(l.price.float() / ref))
				perUnit := math.Abs(math.Log(l.price.float() * n / ref))
				switch {
				case perPack <= perUnit && perPack <= math.Ln2:
					units = 1
				case perUnit < perPack && perUnit <= math.Ln2:
					units = n
				}
			} else if n == 1 {
				units = 1
			}
			if units == 0 {
				unknown[k] = true
				continue
			}
			billed[k] += float64(l.qty) / units
			amount[k] += l.amount
		}
	}
	for k, b := range billed {
		if unknown[k] || b <= 0 {
			continue
		}
		avail := bought[k] + opening[k]
		if b*100 <= avail*105 {
			continue
		}
		excess := (b - avail) * amount[k].float() / b
		if excess >= 10000-1e-6 {
			o.flag("INS_BILLED_OVER_PURCHASED", k.in, k.year, name[ik{k.in, k.code}],
				fmt.Sprintf("%.2f packs billed, %.2f bought + %.2f in stock: ¥%.2f over", b, bought[k], opening[k], excess))
		}
	}
}

// bundled is INS_BUNDLED_CHARGE: an included item of chargeBundles billed (net qty > 0) to the
// patient on a day the main item is, flagging the settlements of the included item's lines.
func (o *oracle) bundled(claims []*claim) {
	type pk struct {
		in      *inst
		patient string
		date    day
		code    string
	}
	net := map[pk]int{}
	for _, c := range claims {
		for _, l := range c.lines {
			net[pk{c.in, c.patient, l.date, l.code}] += l.qty
		}
	}
	for _, c := range claims {
		for _, l := range c.lines {
			for _, cb := range chargeBundles {
				if l.code == cb[2] && l.qty > 0 && net[pk{c.in, c.patient, l.date, cb[2]}] > 0 && net[pk{c.in, c.patient, l.date, cb[0]}] > 0 {
					o.flag("INS_BUNDLED_CHARGE", c.in, c.year, c.id, cb[3]+" with "+cb[1])
				}
			}
		}
	}
}

type order struct {
	in       *inst
	year     int
	no       string
	date     day
	vendor   string
	category string
	method   string
	amount   fen
	offline  bool
}

func (o *oracle) procurement(proc []*procLine, cons []*contract, pays []*payment) {
	// orders
	byNo := map[string]*order{}
	var orders []*order
	for _, l := range proc {
		k := l.in.key + "|" + l.orderNo
		od := byNo[k]
		if od == nil {
			od = &order{in: l.in, year: l.year, no: l.orderNo, date: l.date, vendor: l.vendor.name, category: l.category, method: l.method, offline: l.offline}
			byNo[k] = od
			orders = append(orders, od)
		}
		if od.vendor != l.vendor.name || od.date != l.date {
			o.t.Errorf("order %s mixes vendors or dates", l.orderNo)
		}
		od.amount += l.amount
	}
	// PROC_OFF_PLATFORM
	type ck struct {
		in   *inst
		year int
		cat  string
	}
	tot, off := map[ck]fen{}, map[ck]fen{}
	monthly := map[ck]map[int]map[string]bool{}
	listed := map[ck]bool{}
	var keys []ck
	for _, l := range proc {
		if l.category != "药品" && l.category != "高值耗材" {
			continue
		}
		k := ck{l.in, l.year, l.category}
		if _, ok := tot[k]; !ok {
			keys = append(keys, k)
		}
		tot[k] += l.amount
		if l.offline {
			off[k] += l.amount
			if monthly[k] == nil {
				monthly[k] = map[int]map[string]bool{}
			}
			m := l.date.month()
			if monthly[k][m] == nil {
				monthly[k][m] = map[string]bool{}
			}
			monthly[k][m][l.orderNo] = true
			if l.onPlatform {
				listed[k] = true
			}
		}
	}
	for _, k := range keys {
		share := off[k].float() / tot[k].float()
		maxM := 0
		for _, s := range monthly[k] {
			maxM = max(maxM, len(s))
		}
		if share > 0.05 || off[k] > yuan(500000) || maxM > 12 || listed[k] {
			o.flag("PROC_OFF_PLATFORM", k.in, k.year, k.cat, fmt.Sprintf("share %.3f, offline %s, max/month %d, listed %v", share, off[k].fixed2(), maxM, listed[k]))
		}
		if k.in.key == "js" || k.in.key == "rm" || k.in.key == "ey" {
			o.notes = append(o.notes, fmt.Sprintf("off-platform %s %d %s: share %.3f offline %s max/month %d", k.in.key, k.year, k.cat, share, off[k].fixed2(), maxM))
		}
	}
	// PROC_SPLIT_PURCHASE: orders and contracts, non-competitive in the wide sense (everything
	// but the five competitive methods of the 政府采购法)
	type vk struct {
		in       *inst
		vendor   string
		category string
	}
	groups := map[vk][]*order{}
	var vks []vk
	for _, od := range orders {
		if competitive[od.method] || od.amount >= yuan(1e6) {
			continue
		}
		k := vk{od.in, od.vendor, od.category}
		if _, ok := groups[k]; !ok {
			vks = append(vks, k)
		}
		groups[k] = append(groups[k], od)
	}
	for _, c := range cons {
		if competitive[c.method] && !(c.method == "单一来源" && c.tenderNo == "") || c.amount >= yuan(1e6) {
			continue
		}
		k := vk{c.in, c.vendor.name, "合同"}
		if _, ok := groups[k]; !ok {
			vks = append(vks, k)
		}
		groups[k] = append(groups[k], &order{in: c.in, year: c.year, no: c.no, date: c.sign, vendor: c.vendor.name, method: c.method, amount: c.amount})
	}
	for _, k := range vks {
		ods := groups[k]
		sort.Slice(ods, func(i, j int) bool { return ods[i].date < ods[j].date })
		for i := range ods {
			var sum fen
			n := 0
			for j := i; j < len(ods) && ods[j].date-ods[i].date <= 30; j++ {
				sum += ods[j].amount
				n++
			}
			if n >= 2 && sum >= yuan(1e6) {
				o.flag("PROC_SPLIT_PURCHASE", k.in, ods[i].year, k.vendor, fmt.Sprintf("%d orders from %s sum %s (%s)", n, ods[i].date.iso(), sum.fixed2(), ods[i].method))
			}
		}
	}
	// PROC_NO_TENDER
	for _, c := range cons {
		if c.amount >= yuan(1e6) && (c.method == "直接采购" || c.method == "" || c.method == "单一来源" && c.tenderNo == "") {
			o.flag("PROC_NO_TENDER", c.in, c.year, c.no, c.method)
		}
	}
	for _, od := range orders {
		if od.amount >= yuan(1e6) && (od.method == "直接采购" || od.method == "" || od.method == "单一来源") {
			o.flag("PROC_NO_TENDER", od.in, od.year, od.no, "order "+od.method)
		}
	}
	// PROC_PAY_BEFORE_ACCEPT (payments without a contract no. — FIN_DUPLICATE_PAYMENT's — aside)
	paid := map[string][]*payment{}
	for _, p := range pays {
		if p.contract == "" {
			continue
		}
		paid[p.in.key+"|"+p.contract] = append(paid[p.in.key+"|"+p.contract], p)
	}
	for _, c := range cons {
		var sum fen
		early := false
		for _, p := range paid[c.in.key+"|"+c.no] {
			sum += p.amount
			if c.accept != 0 && p.date < c.accept {
				early = true
			}
		}
		if early || c.accept == 0 && sum*100 > c.amount*30 || sum > c.amount {
			o.flag("PROC_PAY_BEFORE_ACCEPT", c.in, c.year, c.no, fmt.Sprintf("early %v paid %s of %s", early, sum.fixed2(), c.amount.fixed2()))
		}
	}
	for k, ps := range paid {
		found := false
		for _, c := range cons {
			if c.in.key+"|"+c.no == k {
				found = true
			}
		}
		if !found {
			o.t.Errorf("payments %s to a contract that does not exist (%d)", k, len(ps))
		}
	}
	// PROC_VENDOR_CONCENTRATION
	type cy struct {
		in   *inst
		year int
		cat  string
	}
	spend := map[cy]map[string]fen{}
	var cys []cy
	market := map[string]map[string]bool{} // tier|year|cat → vendors
	for _, l := range proc {
		k := cy{l.in, l.year, l.category}
		if spend[k] == nil {
			spend[k] = map[string]fen{}
			cys = append(cys, k)
		}
		spend[k][l.vendor.name] += l.amount
		mk := fmt.Sprintf("%s|%d|%s", l.in.tier, l.year, l.category)
		if market[mk] == nil {
			market[mk] = map[string]bool{}
		}
		market[mk][l.vendor.name] = true
	}
	for _, k := range cys {
		var total, top fen
		var who string
		for v, a := range spend[k] {
			total += a
			if a > top || a == top && v < who {
				top, who = a, v
			}
		}
		mk := fmt.Sprintf("%s|%d|%s", k.in.tier, k.year, k.cat)
		share := top.float() / total.float()
		if total > yuan(1e6) && len(market[mk]) >= 3 && share > 0.6 {
			o.flag("PROC_VENDOR_CONCENTRATION", k.in, k.year, who, fmt.Sprintf("%.3f of %s", share, total.fixed2()))
		}
		if share > 0.5 {
			o.notes = append(o.notes, fmt.Sprintf("concentration %s %d %s: %s %.3f of %s", k.in.key, k.year, k.cat, who, share, total.fixed2()))
		}
	}
}

func (o *oracle) equipment(assets []*asset, cons []*contract) {
	signOf := map[string]day{}
	for _, c := range cons {
		signOf[c.in.key+"|"+c.no] = c.sign
	}
	for _, a := range assets {
		if a.purchase.year() != a.year || a.status != "在用" {
			continue
		}
		if a.class == "大型医用设备" || a.value >= yuan(1e6) {
			sign := signOf[a.in.key+"|"+a.contractNo]
			if a.approvalNo == "" || a.approvalDate > a.purchase || sign != 0 && a.approvalDate > sign || a.expert == "否" {
				o.flag("EQUIP_UNAPPROVED_PURCHASE", a.in, a.year, a.no, "no approval before purchase")
			}
		}
	}
	for _, a := range assets {
		if a.status == "已报废" && (a.physical == "否" || a.scrapNo == "" || a.disposal == "") {
			o.flag("EQUIP_SCRAP_NO_PHYSICAL", a.in, a.year, a.no, "scrap without physical/approval/disposal")
		}
	}
	for _, a := range assets {
		if a.status != "已报废" || a.scrap >= a.purchase.addMonths(12*a.life) {
			continue
		}
		for _, b := range assets {
			if b.in == a.in && b.name == a.name && b.model == a.model && b.purchase > a.scrap && b.purchase-a.scrap <= 365 {
				o.flag("EQUIP_EARLY_SCRAP_REBUY", a.in, a.scrap.year(), a.no, fmt.Sprintf("rebought %d days later", b.purchase-a.scrap))
			}
		}
	}
}

func (o *oracle) pay(rows []*payRow, revs []*revRow) {
	type dk struct {
		in   *inst
		year int
		dept string
	}
	perf := map[dk]*[12]float64{}
	rev := map[dk]*[12]float64{}
	var dks []dk
	for _, rv := range revs {
		k := dk{rv.in, rv.year, rv.dept}
		if rev[k] == nil {
			rev[k] = &[12]float64{}
			perf[k] = &[12]float64{}
			dks = append(dks, k)
		}
		for _, c := range []int{0, 1, 2, 3} {
			rev[k][rv.month-1] += rv.amt[c].float()
		}
	}
	type sk struct {
		in   *inst
		year int
		id   string
	}
	gpMonths := map[sk]map[int]bool{}
	gpStaff := map[sk]bool{}
	vMonths := map[sk]map[int]bool{}
	vSettle := map[sk][]int{}
	for _, pr := range rows {
		k := dk{pr.in, pr.year, pr.s.dept}
		s := sk{pr.in, pr.year, pr.s.id}
		for _, it := range pr.items {
			if strings.Contains(it.name, "绩效") && perf[k] != nil {
				perf[k][pr.month-1] += it.amt.float()
			}
			for _, p := range []string{"提成", "开单", "创收", "收入奖"} {
				if strings.Contains(it.name, p) && it.amt > 0 {
					o.flag("PAY_REVENUE_COMMISSION", pr.in, pr.year, pr.s.dept, it.name)
				}
			}
			if strings.Contains(it.name, "全科") && (strings.Contains(it.name, "补助") || strings.Contains(it.name, "绩效")) && it.amt >= yuan(300) {
				if gpMonths[s] == nil {
					gpMonths[s] = map[int]bool{}
				}
				gpMonths[s][pr.month] = true
			}
			if strings.Contains(it.name, "乡村医生补助") && it.amt > 0 {
				if vMonths[s] == nil {
					vMonths[s] = map[int]bool{}
				}
				vMonths[s][pr.month] = true
				if strings.Contains(it.name, "结算") {
					vSettle[s] = append(vSettle[s], pr.month)
				}
			}
		}
		if strings.Contains(pr.s.position, "全科") || strings.Contains(pr.s.title, "全科") {
			gpStaff[s] = true
		}
		if pr.s.village {
			if vMonths[s] == nil {
				vMonths[s] = map[int]bool{}
			}
		}
	}
	for _, k := range dks {
		p, r := perf[k][:], rev[k][:]
		rr := pearson(p, r)
		if rr >= 0.8 {
			o.flag("PAY_TIED_TO_REVENUE", k.in, k.year, k.dept, fmt.Sprintf("r %.3f", rr))
		}
		if rr >= 0.5 {
			o.notes = append(o.notes, fmt.Sprintf("pay/revenue %s %d %s r=%.3f", k.in.key, k.year, k.dept, rr))
		}
	}
	for s := range gpStaff {
		if len(gpMonths[s]) < 12 {
			o.flag("PAY_GP_SUPPLEMENT_MISSING", s.in, s.year, s.id, fmt.Sprintf("%d months paid", len(gpMonths[s])))
		}
	}
	for s, ms := range vMonths {
		late := false
		for q := 1; q <= 4; q++ {
			ok := false
			for _, m := range vSettle[s] {
				if m >= 3*q-2 && m <= 3*q {
					ok = true
				}
			}
			if !ok {
				late = true
			}
		}
		if len(ms) < 12 || late {
			o.flag("PAY_VILLAGE_SUBSIDY_LATE", s.in, s.year, s.id, fmt.Sprintf("%d months, settlements %v", len(ms), vSettle[s]))
		}
	}
}

var allowedPublicHealth = func() map[string]bool {
	m := map[string]bool{}
	for _, u := range publicHealthUses {
		m[u[0]] = true
	}
	return m
}()

func (o *oracle) finance(his []*hisRow, ledger []*ledgerLine, budget []*budgetLine) {
	type mk struct {
		in    *inst
		year  int
		month int
		cat   string
	}
	h := map[mk]fen{}
	led := map[mk]fen{}
	for _, r := range his {
		h[mk{r.in, r.year, r.month, r.category}] += r.amount
	}
	type yk struct {
		in   *inst
		year int
	}
	open := map[yk]map[string]fen{}
	move := map[yk]map[string]fen{}
	loan := map[yk]bool{}
	var yks []yk
	for _, l := range ledger {
		if strings.HasPrefix(l.account, "410101") && !l.opening {
			cat := l.accountName[strings.LastIndex(l.accountName, "-")+1:]
			led[mk{l.in, l.year, l.date.month(), cat}] += l.credit - l.debit
		}
		k := yk{l.in, l.year}
		if open[k] == nil {
			open[k], move[k] = map[string]fen{}, map[string]fen{}
			yks = append(yks, k)
		}
		if len(l.account) == 4 {
			d := l.debit - l.credit
			if l.account[0] != '1' {
				d = -d
			}
			if l.opening {
				open[k][l.account] += d
			} else {
				move[k][l.account] += d
			}
		}
		if l.account == "2501" && l.credit > 0 && strings.Contains(l.summary, "基建") {
			loan[k] = true
		}
		if (strings.Contains(l.accountName, "基本公共卫生") || strings.Contains(l.accountName, "基本药物")) && l.debit > 0 && !allowedPublicHealth[l.summary] {
			o.flag("FIN_SPECIAL_FUND_MISUSE", l.in, l.year, l.voucher, l.summary)
		}
	}
	for k, hv := range h {
		diff := hv - led[k]
		if diff.float() > math.Max(0.01*hv.float(), 50000) {
			o.flag("FIN_OFF_BOOK_INCOME", k.in, k.year, k.cat, fmt.Sprintf("month %d diff %s", k.month, diff.fixed2()))
		}
	}
	ratio := func(b map[string]fen) float64 {
		var a, l fen
		for acc, v := range b {
			switch acc[0] {
			case '1':
				a += v
			case '2':
				l += v
			}
		}
		return l.float() / a.float()
	}
	for _, k := range yks {
		closeB := map[string]fen{}
		for a, v := range open[k] {
			closeB[a] = v
		}
		for a, v := range move[k] {
			closeB[a] += v
		}
		r0, r1 := ratio(open[k]), ratio(closeB)
		if r1 > 0.5 || r1-r0 > 0.05 || loan[k] {
			o.flag("FIN_LIABILITY_RATIO", k.in, k.year, "资产负债率", fmt.Sprintf("%.3f → %.3f loan %v", r0, r1, loan[k]))
		}
		o.notes = append(o.notes, fmt.Sprintf("liability ratio %s %d: %.3f → %.3f", k.in.key, k.year, r0, r1))
	}
	kinds := map[string]string{"公务接待费": "公务接待", "公务用车运行维护费": "公务用车", "因公出国（境）费": "因公出国"}
	prev := map[string]fen{}
	for _, b := range budget {
		prev[fmt.Sprintf("%s|%d|%s", b.in.key, b.year, b.item)] = b.actual
	}
	for _, b := range budget {
		if kind, ok := kinds[b.item]; ok {
			p, hasP := prev[fmt.Sprintf("%s|%d|%s", b.in.key, b.year-1, b.item)]
			if b.actual > b.budget || hasP && b.actual.float() > p.float()*1.10 {
				o.flag("FIN_THREE_PUBLIC_OVERRUN", b.in, b.year, kind, fmt.Sprintf("actual %s budget %s prev %s", b.actual.fixed2(), b.budget.fixed2(), p.fixed2()))
			}
		}
		if (b.budget > yuan(1e6) || b.actual > yuan(1e6)) && math.Abs(b.actual.float()-b.budget.float())/b.budget.float() > 0.2 {
			o.flag("FIN_BUDGET_DEVIATION", b.in, b.year, b.item, fmt.Sprintf("budget %s actual %s", b.budget.fixed2(), b.actual.fixed2()))
		}
	}
}

func (o *oracle) insurance(claims []*claim) {
	svc := map[string]*service{}
	for _, s := range o.g.cat.services {
		svc[s.code] = s
	}
	type pk struct {
		in      *inst
		patient string
		code    string
		date    day
	}
	lines := map[pk]int{}
	qty := map[pk]int{}
	claimOf := map[pk][]*claim{}
	for _, c := range claims {
		for _, l := range c.lines {
			k := pk{c.in, c.patient, l.code, l.date}
			lines[k]++
			qty[k] += l.qty
			claimOf[k] = append(claimOf[k], c)
			if s := svc[l.code]; s != nil {
				if l.price > s.max {
					o.flag("INS_OVER_PRICE", c.in, c.year, c.id, l.name)
				}
				if !eligible(s, c.gender, c.birth, l.date) {
					o.flag("INS_GENDER_AGE_MISMATCH", c.in, c.year, c.id, l.name)
				}
			}
			if c.inpatient && (l.date < c.admit || l.date > c.discharge) {
				o.flag("INS_OUTSIDE_STAY", c.in, c.year, c.id, l.date.iso())
			}
		}
	}
	for k, n := range lines {
		limit := 1
		if s := svc[k.code]; s != nil && s.maxQty > 0 {
			limit = s.maxQty
		}
		if n >= 2 && qty[k] > limit {
			for _, c := range claimOf[k] {
				o.flag("INS_DUPLICATE_BILLING", c.in, c.year, c.id, fmt.Sprintf("%d lines qty %d", n, qty[k]))
			}
		}
		if s := svc[k.code]; s != nil && s.maxQty > 0 && qty[k] > s.maxQty {
			for _, c := range claimOf[k] {
				o.flag("INS_FREQUENCY_EXCEEDED", c.in, c.year, c.id, fmt.Sprintf("qty %d > %d", qty[k], s.maxQty))
			}
		}
	}
	// split admissions
	byPatient := map[string][]*claim{}
	for _, c := range claims {
		if c.inpatient {
			byPatient[c.in.key+"|"+c.patient] = append(byPatient[c.in.key+"|"+c.patient], c)
		}
	}
	for _, cs := range byPatient {
		sort.Slice(cs, func(i, j int) bool { return cs[i].admit < cs[j].admit })
		for i := 1; i < len(cs); i++ {
			if cs[i].admit-cs[i-1].discharge <= 15 && cs[i].dx.code[:3] == cs[i-1].dx.code[:3] {
				o.flag("INS_SPLIT_ADMISSION", cs[i].in, cs[i].year, cs[i].id, "readmitted")
			}
		}
	}
	// bed hanging
	for _, c := range claims {
		if !c.inpatient {
			continue
		}
		byDay := map[day][2]int{} // lines, bed lines
		for _, l := range c.lines {
			v := byDay[l.date]
			v[0]++
			if l.bed {
				v[1]++
			}
			byDay[l.date] = v
		}
		run, best := 0, 0
		for d := c.admit; d <= c.discharge; d++ {
			v := byDay[d]
			if v[0] > 0 && v[0] == v[1] {
				run++
			} else {
				run = 0
			}
			best = max(best, run)
		}
		if best >= 3 {
			o.flag("INS_BED_HANGING", c.in, c.year, c.id, fmt.Sprintf("%d bed-only days", best))
		}
	}
}

var essentialFloor = map[string]float64{"三级": 0.30, "二级": 0.40, "基层": 0.60}

// the background keeps well clear of any floor a tier could be given
var essentialBackground = map[string]float64{"三级": 0.55, "二级": 0.65, "基层": 0.85}

func (o *oracle) drugs(claims []*claim, proc []*procLine) {
	essential := map[string]bool{}
	hvc := map[string]bool{}
	for _, d := range o.g.cat.drugs {
		essential[d.code] = d.essential
	}
	for _, m := range o.g.cat.materials {
		if m.category == "高值耗材" {
			hvc[m.code] = true
		}
	}
	type iyk struct {
		in   *inst
		year int
	}
	ess, all := map[iyk]fen{}, map[iyk]fen{}
	pess, pall := map[iyk]fen{}, map[iyk]fen{}
	// prescribers: institution, year, drug → doctor → qty
	type dk struct {
		in   *inst
		year int
		code string
		name string
	}
	vol := map[dk]map[string]float64{}
	// HVC: doctor-item rates
	type hk struct {
		in     *inst
		year   int
		dept   string
		doctor string
		code   string
		name   string
	}
	hq, hcases := map[hk]float64{}, map[hk]float64{}
	docCases := map[string]float64{}
	for _, c := range claims {
		docCases[fmt.Sprintf("%s|%d|%s", c.in.key, c.year, c.doctor)]++
		seen := map[string]bool{}
		for _, l := range c.lines {
			k := iyk{c.in, c.year}
			if l.class == "药品" {
				all[k] += l.amount
				if essential[l.code] {
					ess[k] += l.amount
				}
				d := dk{c.in, c.year, l.code, l.name}
				if vol[d] == nil {
					vol[d] = map[string]float64{}
				}
				vol[d][c.doctor] += float64(l.qty)
			}
			if hvc[l.code] {
				h := hk{c.in, c.year, c.dept, c.doctor, l.code, l.name}
				hq[h] += float64(l.qty)
				if !seen[l.code] {
					hcases[h]++
					seen[l.code] = true
				}
			}
		}
	}
	for _, l := range proc {
		if l.isDrug {
			k := iyk{l.in, l.year}
			pall[k] += l.amount
			if l.essential {
				pess[k] += l.amount
			}
		}
	}
	for k := range all {
		s1 := ess[k].float() / all[k].float()
		s2 := pess[k].float() / pall[k].float()
		if s1 < essentialFloor[k.in.tier] || s2 < essentialFloor[k.in.tier] {
			o.flag("MED_ESSENTIAL_SHARE_LOW", k.in, k.year, "药品", fmt.Sprintf("claims %.3f procurement %.3f", s1, s2))
		} else if s1 < essentialBackground[k.in.tier] || s2 < essentialBackground[k.in.tier] {
			o.t.Errorf("essential share of %s %d too close to a floor: claims %.3f procurement %.3f", k.in.key, k.year, s1, s2)
		}
		o.notes = append(o.notes, fmt.Sprintf("essential share %s %d: claims %.3f procurement %.3f", k.in.key, k.year, s1, s2))
	}
	for d, m := range vol {
		var tot float64
		var xs []float64
		for _, v := range m {
			tot += v
			xs = append(xs, v)
		}
		for doc, v := range m {
			z := zpop(xs, v)
			if len(m) >= 5 && v/tot > 0.5 || z > 3 {
				o.flag("MED_PRESCRIBER_OUTLIER", d.in, d.year, doc+" / "+d.name, fmt.Sprintf("%.0f of %.0f by %d prescribers, z %.2f", v, tot, len(m), z))
			}
			if len(m) >= 5 && v/tot > 0.4 {
				o.notes = append(o.notes, fmt.Sprintf("prescriber %s %d %s %s: %.2f of %d prescribers", d.in.key, d.year, d.name, doc, v/tot, len(m)))
			}
		}
	}
	// HVC uses per case, both denominators: cases using the consumable, and all the doctor's cases
	for _, perAll := range []bool{false, true} {
		rate := map[hk]float64{}
		peers := map[string][]float64{}
		for h, q := range hq {
			den := hcases[h]
			if perAll {
				den = docCases[fmt.Sprintf("%s|%d|%s", h.in.key, h.year, h.doctor)]
			}
			rate[h] = q / den
			pk := fmt.Sprintf("%s|%d|%s|%s", h.in.tier, h.year, h.dept, h.code)
			peers[pk] = append(peers[pk], rate[h])
		}
		for h, r := range rate {
			pk := fmt.Sprintf("%s|%d|%s|%s", h.in.tier, h.year, h.dept, h.code)
			z := zpop(peers[pk], r)
			prev := hk{h.in, h.year - 1, h.dept, h.doctor, h.code, h.name}
			grow := false
			if pr, ok := rate[prev]; ok && r > pr*1.5 {
				grow = true
			}
			if z > 3 || grow {
				o.flag("MED_HVC_OUTLIER", h.in, h.year, h.doctor+" / "+h.name, fmt.Sprintf("rate %.2f z %.2f grow %v (per all cases %v)", r, z, grow, perAll))
			}
		}
	}
	// department level: growth of the department's rate must stay under 50 % in the background
	type dptk struct {
		in   *inst
		year int
		dept string
		code string
	}
	dq, dc := map[dptk]float64{}, map[dptk]float64{}
	for h, q := range hq {
		k := dptk{h.in, h.year, h.dept, h.code}
		dq[k] += q
		dc[k] += hcases[h]
	}
	for k, q := range dq {
		p := dptk{k.in, k.year - 1, k.dept, k.code}
		if pq, ok := dq[p]; ok && q/dc[k] > pq/dc[p]*1.5 {
			o.t.Errorf("department %s %d %s: consumable rate %.2f vs %.2f the year before (+50 %%)", k.in.key, k.year, k.dept, q/dc[k], pq/dc[p])
		}
	}
}

func zpop(xs []float64, v float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	m := mean(xs)
	var s float64
	for _, x := range xs {
		s += (x - m) * (x - m)
	}
	sd := math.Sqrt(s / float64(len(xs)))
	if sd == 0 {
		return 0
	}
	return (v - m) / sd
}

var keyPosts = map[string]bool{"采购": true, "财务": true, "药剂": true, "设备": true, "基建": true}

func (o *oracle) people(pos []*posRow) {
	A := o.g.assess
	for _, p := range pos {
		if keyPosts[p.post] && p.end == 0 && A >= p.start.addMonths(60) {
			o.flag("HR_NO_ROTATION", p.in, A.year(), p.id, "since "+p.start.iso())
		}
		// a reader who assesses every year's end finds the same holders, in the latest year only
		for _, y := range o.g.years[:len(o.g.years)-1] {
			end := mkday(y, 12, 31)
			if keyPosts[p.post] && p.start <= end && (p.end == 0 || p.end >= end) && end >= p.start.addMonths(60) {
				o.t.Errorf("key post %s of %s held > 5 years already at %s", p.id, p.in.key, end.iso())
			}
		}
	}
}

func (o *oracle) followUp(items []*rectItem) {
	A := o.g.assess
	for _, it := range items {
		due := it.deadline
		if due == 0 {
			if it.in.zibo {
				due = it.found.addMonths(2)
			} else {
				due = it.found + 30
			}
		}
		if it.closed == 0 && due < A {
			o.flag("RECT_OVERDUE", it.in, it.year, it.no, "due "+due.iso())
		}
		if it.closed != 0 && it.closed > due {
			o.t.Errorf("rectification %s closed after its deadline (ambiguous; the background avoids it)", it.no)
		}
	}
}

func (o *oracle) self(rows []*selfRow) {
	type rk struct {
		in   *inst
		year int
	}
	got := map[rk]map[string]*selfRow{}
	for _, r := range rows {
		k := rk{r.in, r.year}
		if got[k] == nil {
			got[k] = map[string]*selfRow{}
		}
		got[k][r.clause.ID] = r
	}
	// data flags of the oracle, by institution and year
	for k, byClause := range got {
		cl, err := selfcheck.Checklist(k.in.checklist())
		if err != nil {
			o.t.Fatal(err)
		}
		for _, c := range cl {
			if byClause[c.ID] == nil {
				o.flag("SELF_COVERAGE_GAP", k.in, k.year, c.ID, "no row")
			}
		}
		var data []flagKey
		for fk := range o.flags {
			data = append(data, fk)
		}
		for _, fk := range data {
			if fk.code != k.in.code || fk.year != k.year || strings.HasPrefix(fk.rule, "SELF_") || fk.rule == "RECT_OVERDUE" {
				continue
			}
			prim, err := clausemap.Clauses(fk.rule, k.in.checklist(), true)
			if err != nil {
				o.t.Fatal(err)
			}
			for _, c := range prim {
				if r := byClause[c]; r != nil && r.status == "已落实" && (r.issue == "" || r.issue == "无") {
					o.flag("SELF_CONTRADICTION", k.in, k.year, c, fk.rule)
				}
			}
		}
	}
}

// duplicatePayments: FIN_DUPLICATE_PAYMENT. Same invoice number (high), or neither has one and
// paid ≤ 30 days apart, not two instalments within their contract (medium); payees compare with
// 集团 in brackets dropped, and the subject is the payee's spelling on most payments of the
// district.
func (o *oracle) duplicatePayments(pays []*payment, cons []*contract) {
	norm := func(s string) string { return strings.ReplaceAll(s, "(集团)", "") }
	uses := map[string]int{}
	for _, p := range pays {
		uses[p.payee]++
	}
	name := map[string]string{}
	for sp, n := range uses {
		k := norm(sp)
		if cur, ok := name[k]; !ok || n > uses[cur] || n == uses[cur] && sp < cur {
			name[k] = sp
		}
	}
	paid, amount := map[string]fen{}, map[string]fen{}
	for _, p := range pays {
		if p.contract != "" {
			paid[p.in.code+"/"+p.contract] += p.amount
		}
	}
	for _, c := range cons {
		amount[c.in.code+"/"+c.no] = c.amount
	}
	for i, a := range pays {
		for _, b := range pays[i+1:] {
			if a.in != b.in || a.payee == "" || norm(a.payee) != norm(b.payee) || a.amount != b.amount || a.amount < yuan(1000) {
				continue
			}
			sameInvoice := a.invoice != "" && a.invoice == b.invoice
			if a.invoice != b.invoice {
				continue
			}
			if d := a.date - b.date; !sameInvoice && (d > 30 || d < -30) {
				continue
			}
			if k := a.in.code + "/" + a.contract; !sameInvoice && a.contract != "" && a.contract == b.contract {
				if c, ok := amount[k]; ok && paid[k] <= c {
					continue
				}
			}
			o.flag("FIN_DUPLICATE_PAYMENT", a.in, min(a.date, b.date).year(), name[norm(a.payee)],
				fmt.Sprintf("%s and %s ¥%.2f", a.date.iso(), b.date.iso(), a.amount.float()))
		}
	}
}

// benford: FIN_BENFORD_DEVIATION, per institution-year and dataset (ledger debits of movement
// lines, payments) with ≥ 1,000 amounts ≥ ¥10: first-digit MAD > 0.015.
func (o *oracle) benford(ledger []*ledgerLine, pays []*payment) {
	type key struct {
		in      *inst
		year    int
		dataset string
	}
	counts := map[key]*[10]int{}
	add := func(k key, a fen) {
		if a < yuan(10) {
			return
		}
		if counts[k] == nil {
			counts[k] = &[10]int{}
		}
		counts[k][firstDigit(a)]++
	}
	for _, l := range ledger {
		if !l.opening {
			add(key{l.in, l.date.year(), "明细账借方"}, l.debit)
		}
	}
	for _, p := range pays {
		add(key{p.in, p.date.year(), "付款记录"}, p.amount)
	}
	for k, c := range counts {
		n := 0
		for _, x := range c {
			n += x
		}
		if n < 1000 {
			continue
		}
		var mad float64
		for d := 1; d <= 9; d++ {
			mad += math.Abs(float64(c[d])/float64(n)-benfordShare(d)) / 9
		}
		o.notes = append(o.notes, fmt.Sprintf("Benford %s %d %s: n %d, MAD %.4f", k.in.key, k.year, k.dataset, n, mad))
		if mad > 0.015 {
			o.flag("FIN_BENFORD_DEVIATION", k.in, k.year, k.dataset, fmt.Sprintf("MAD %.4f over %d amounts", mad, n))
		}
	}
}

// voucherGaps: FIN_VOUCHER_GAP, numbers 1…max per institution, month and word, and numbers on
// two dates.
func (o *oracle) voucherGaps(ledger []*ledgerLine) {
	type key struct {
		in   *inst
		ym   string
		word string
	}
	numRe := regexp.MustCompile(`([0-9]+)[^0-9]*$`)
	seen := map[key]map[int]day{}
	two := map[key]bool{}
	for _, l := range ledger {
		m := numRe.FindStringSubmatch(l.voucher)
		if l.opening || m == nil {
			continue
		}
		word := "记"
		for _, w := range []string{"记", "收", "付", "转"} {
			if strings.Contains(l.voucher, w) {
				word = w
				break
			}
		}
		k := key{l.in, l.date.iso()[:7], word}
		if seen[k] == nil {
			seen[k] = map[int]day{}
		}
		n, _ := strconv.Atoi(m[1])
		if d, ok := seen[k][n]; ok && d != l.date {
			two[k] = true
		}
		seen[k][n] = l.date
	}
	for k, nums := range seen {
		top := 0
		for n := range nums {
			top = max(top, n)
		}
		if len(nums) < top || two[k] {
			y, _ := strconv.Atoi(k.ym[:4])
			o.flag("FIN_VOUCHER_GAP", k.in, y, k.ym+" "+k.word, fmt.Sprintf("%d numbers of 1…%d", len(nums), top))
		}
	}
}
