package samples

// instState is what an institution carries from one year to the next.
type instState struct {
	staff     []*staffMember // the payroll roster (built once)
	bal       map[string]fen // ledger balances at the end of the previous year, by account
	prevThree map[string]fen // 三公 actuals of the previous year, by kind
	prevBud   map[string]fen // budget actuals of the previous year, by item
	hasBal    bool
	pending   []*payment           // contract payments not yet written (their dates fall in later years)
	stock     map[string]float64   // the store's closing stock (packs) at the end of the previous year, by item code; nil before the first inventory
	stockInfo map[string][2]string // name and spec of the items in stock, by item code
}

func (g *gen) stateOf(in *inst) *instState {
	st := g.state[in.key]
	if st == nil {
		st = &instState{bal: map[string]fen{}, prevThree: map[string]fen{}, prevBud: map[string]fen{}, stockInfo: map[string][2]string{}}
		g.state[in.key] = st
	}
	return st
}

// revenue categories of dept_revenue and his_income, in column order.
var revCats = []string{"药品收入", "卫生材料收入", "检查收入", "化验收入", "治疗收入", "手术收入", "护理收入", "床位收入", "挂号诊察收入", "其他收入"}

const nRevCat = 10

// instYear is one institution in one year while its extracts are being made.
type instYear struct {
	g    *gen
	in   *inst
	year int
	st   *instState

	drugBuy        [13]fen // procurement of drugs by month (ledger: 库存物品—药品)
	matBuy         [13]fen // procurement of consumables and reagents by month
	payTotal       [13]fen // payroll 应发 by month
	rev            [13][nRevCat]fen
	revDept        map[string]*[13][nRevCat]fen
	payments       []*payment
	extraContracts []*contract
	threePub       map[string]fen // 三公 actuals by kind
	threeBud       map[string]fen
	income         [13]fen // ledger income by month
	ratioOpen      float64
	ratioClose     float64
	vseq           [13]int               // ledger voucher numbers used, by month
	stock          map[string]*stockItem // drugs and consumables received and issued, by item code (the inventory report)
}

func (iy *instYear) rng(labels ...any) *rng {
	all := append([]any{iy.in.key, iy.year}, labels...)
	return newRNG(iy.g.seed, all...)
}

func (iy *instYear) at(key string, slot int) bool { return iy.g.at(iy.in, iy.year, key, slot) }

func (iy *instYear) rel(file string) string { return iy.g.rel(iy.in, iy.year, file) }

// ev is evidence in one of this institution-year's files.
func (iy *instYear) ev(file, needle string) evidence {
	return evidence{file: iy.rel(file), needle: needle}
}

func (iy *instYear) truth(rule, subject, why string, ev ...evidence) {
	iy.g.addTruth(rule, iy.in, iy.year, subject, why, ev...)
}

// title writes the usual title of an office export: "巴南区人民医院2025年药品耗材采购明细表".
func (iy *instYear) title(what string) string {
	return iy.in.short + itoa(iy.year) + "年" + what
}
