package marts

import (
	"math"
	"strconv"
	"testing"
)

// benfordAmounts returns amounts whose first digits come in the given counts (counts[0] for 1).
func benfordAmounts(counts [9]int) []float64 {
	var out []float64
	for d, k := range counts {
		for i := range k {
			out = append(out, float64(d+1)*100+float64(i%100)+0.5)
		}
	}
	return out
}

// benfordMAD is the first-digit MAD of counts, computed here independently of the SQL.
func benfordMAD(counts [9]int) float64 {
	n := 0
	for _, k := range counts {
		n += k
	}
	sum := 0.0
	for d, k := range counts {
		sum += math.Abs(float64(k)/float64(n) - math.Log10(1+1/float64(d+1)))
	}
	return sum / 9
}

func TestFinBenfordDeviation(t *testing.T) {
	t.Parallel()
	conforming := [9]int{301, 176, 125, 97, 79, 67, 58, 51, 46}    // n = 1,000, MAD ≈ 0.0002
	uniform := [9]int{112, 111, 111, 111, 111, 111, 111, 111, 111} // n = 1,000, MAD ≈ 0.06
	uniform999 := uniform
	uniform999[0]--
	mild := [9]int{280, 180, 130, 100, 80, 67, 58, 55, 50} // n = 1,000, between the two
	pays := func(f pepDB, amounts []float64) {
		for i, a := range amounts {
			f.insert("payments", map[string]any{"institution_code": "H3A",
				"pay_date": date("2025-01-01").AddDate(0, 0, i%300), "amount": a})
		}
	}
	debits := func(f pepDB, amounts []float64) {
		for i, a := range amounts {
			f.insert("ledger", map[string]any{"institution_code": "H3A", "voucher_date": date("2025-01-01").AddDate(0, 0, i%300),
				"voucher_no": "记-" + strconv.Itoa(i+1), "account_code": "5001", "summary": "费用", "debit": a, "credit": 0.0})
		}
	}
	mad := benfordMAD(mild)
	if mad < 0.002 || mad > 0.015 {
		t.Fatalf("the mild set's MAD %v is not between conforming and the default threshold", mad)
	}
	above := "FIN_BENFORD_DEVIATION.max_mad = " + strconv.FormatFloat(mad*(1+1e-9), 'g', -1, 64)
	below := "FIN_BENFORD_DEVIATION.max_mad = " + strconv.FormatFloat(mad*(1-1e-9), 'g', -1, 64)
	pepRun(t, "FIN_BENFORD_DEVIATION", []pepCase{
		{name: "1,000 payments following Benford", rows: func(f pepDB) { pays(f, benfordAmounts(conforming)) }},
		{name: "1,000 payments with uniform first digits", rows: func(f pepDB) {
			pays(f, benfordAmounts(uniform))
		}, want: []pepWant{{"H3A", "2025", "付款记录", "low", 20}}}, // the 20 payments of 90x.xx
		{name: "999 payments of ≥ ¥10 and one of ¥9.99 are too few", rows: func(f pepDB) {
			pays(f, append(benfordAmounts(uniform999), 9.99))
		}},
		{name: "999 payments and one of exactly ¥10 are enough", rows: func(f pepDB) {
			pays(f, append(benfordAmounts(uniform999), 10))
		}, want: []pepWant{{"H3A", "2025", "付款记录", "low", 0}}},
		{name: "ledger debits", rows: func(f pepDB) {
			debits(f, benfordAmounts(uniform))
		}, want: []pepWant{{"H3A", "2025", "明细账借方", "low", 0}}},
		{name: "MAD at the threshold", config: []string{above}, rows: func(f pepDB) { pays(f, benfordAmounts(mild)) }},
		{name: "MAD just over the threshold", config: []string{below}, rows: func(f pepDB) {
			pays(f, benfordAmounts(mild))
		}, want: []pepWant{{"H3A", "2025", "付款记录", "low", 0}}},
	})
}
