package samples

import (
	"fmt"
	"math"
	"strconv"
	"time"
)

// The ledgers of some 三级 hospital-years book every transfer from the drug store to the
// outpatient pharmacy as a voucher of its own (借 库存物品-药房, 贷 库存物品-药库: assets to
// assets, so no balance, income or fund moves). With them the year has over a thousand ledger
// debits, enough for FIN_BENFORD_DEVIATION. The transfers' first digits are chosen so that the
// year's debits together follow Benford's law (MAD well under 0.015) — except where a plan shifts
// a share of the amounts from first digit 1 to 4: the planted year, whose extra 4s are amounts
// just under a ¥5,000 approval limit, and a decoy whose MAD stays just inside the threshold.
var benfordPlans = []struct {
	key   string
	slot  int
	shift float64 // share of the debits moved from first digit 1 to first digit 4
	min   float64 // the year's MAD must fall in [min, max)
	max   float64
	why   string // planted: the truth row's why
}{
	{"rm", 0, 0.135, 0.025, 0.035, "ledger debits: first-digit MAD ≈ 0.03 (> 0.015), 4 over-represented by transfers of ¥4,800–4,999"},
	{"zy", 1, 0.0652, 0.0140, 0.0149, ""}, // decoy: MAD just under 0.015
	{"rm", 2, 0, 0, 0.006, ""},
	{"zc", 1, 0, 0, 0.006, ""},
	{"zc", 2, 0, 0, 0.006, ""},
}

// benfordTransfers is the number of store transfers booked in a year of a plan (before
// rounding to the target distribution).
const benfordTransfers = 1100

// benfordShare is Benford's expected share of first digit d.
func benfordShare(d int) float64 { return math.Log10(1 + 1/float64(d)) }

// firstDigit is the first significant digit of an amount (from its fen, as the rule reads it).
func firstDigit(f fen) int { return int(strconv.FormatInt(int64(f), 10)[0] - '0') }

// benfordLedger returns the store-transfer lines of the institution-year, given the year's
// other ledger lines.
func (iy *instYear) benfordLedger(lines []*ledgerLine) []*ledgerLine {
	plan := -1
	for i, p := range benfordPlans {
		if iy.at(p.key, p.slot) {
			plan = i
		}
	}
	if plan < 0 {
		return nil
	}
	p := benfordPlans[plan]
	var have [10]int
	total := 0
	for _, l := range lines {
		if !l.opening && l.debit >= yuan(10) {
			have[firstDigit(l.debit)]++
			total++
		}
	}
	// the target counts of the year's debits (largest remainder), less what the year has
	n := total + benfordTransfers
	var want [10]int
	var rem [10]float64
	got := 0
	for d := 1; d <= 9; d++ {
		share := benfordShare(d)
		switch d {
		case 1:
			share -= p.shift
		case 4:
			share += p.shift
		}
		x := share * float64(n)
		want[d] = int(x)
		rem[d] = x - float64(want[d])
		got += want[d]
	}
	for ; got < n; got++ {
		best := 1
		for d := 2; d <= 9; d++ {
			if rem[d] > rem[best] {
				best = d
			}
		}
		want[best]++
		rem[best] = -1
	}
	r := iy.rng("benford")
	var amounts []fen
	extraFours := int(p.shift * float64(n))
	for d := 1; d <= 9; d++ {
		for k := have[d]; k < want[d]; k++ {
			var a fen
			if d == 4 && extraFours > 0 {
				a = yuan(4800 + r.uniform(0, 199))
				extraFours--
			} else {
				a = yuan((float64(d) + r.uniform(0, 0.99)) * math.Pow(10, float64(2+r.intn(3))))
			}
			amounts = append(amounts, a)
		}
	}
	for i := len(amounts) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		amounts[i], amounts[j] = amounts[j], amounts[i]
	}
	// the year's MAD, checked against the plan
	final := have
	for _, a := range amounts {
		final[firstDigit(a)]++
	}
	all := total + len(amounts)
	var mad float64
	for d := 1; d <= 9; d++ {
		mad += math.Abs(float64(final[d])/float64(all)-benfordShare(d)) / 9
	}
	if mad < p.min || mad >= p.max {
		panic(fmt.Sprintf("samples: %s %d ledger debits MAD %.4f outside [%.4f, %.4f)", iy.in.key, iy.year, mad, p.min, p.max))
	}
	var out []*ledgerLine
	for i, a := range amounts {
		m := 1 + i*12/len(amounts)
		d := mkday(iy.year, time.Month(m), 1+(i*7)%28)
		vno := iy.voucherNo(m)
		out = append(out,
			&ledgerLine{in: iy.in, year: iy.year, date: d, voucher: vno, account: "130201", accountName: "库存物品-药房",
				summary: "药库调拨至门诊药房", debit: a},
			&ledgerLine{in: iy.in, year: iy.year, date: d, voucher: vno, account: "130202", accountName: "库存物品-药库",
				summary: "药库调拨至门诊药房", credit: a})
	}
	if p.why != "" {
		iy.truth("FIN_BENFORD_DEVIATION", "明细账借方", fmt.Sprintf("%s; %d debits, MAD %.4f", p.why, all, mad),
			iy.ev(iy.ledgerFile(), "药库调拨至门诊药房"))
	}
	return out
}
