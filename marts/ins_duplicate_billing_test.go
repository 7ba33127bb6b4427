package marts

import "testing"

func TestInsDuplicateBilling(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imStandardPrices()
	inpatient := func(id, patient string) {
		f.imClaim(imClaim{inst: "H3A", id: id, patient: patient, gender: "男", visit: "住院", admit: "2025-03-01", discharge: "2025-03-10", total: 5000})
	}
	for _, c := range []struct{ id, patient string }{
		{"S1", "P1"}, {"S2", "P2"}, {"S3", "P3"}, {"S4", "P4"}, {"S5", "P5"}, {"S6", "P6"}, {"S8", "P8"}, {"S9", "P9"},
	} {
		inpatient(c.id, c.patient)
	}
	// S6 (inpatient) and S7 (an outpatient visit of the same patient on the same day)
	f.imClaim(imClaim{inst: "H3A", id: "S7", patient: "P6", gender: "男", visit: "门诊", admit: "2025-03-05", discharge: "2025-03-05", total: 100})
	bed := func(s, day string, qty float64) {
		f.imLine(imLine{inst: "H3A", settlement: s, day: day, item: "110900001", name: "普通病房床位费", class: "服务设施", qty: qty, price: 50})
	}
	// S1: the bed day billed twice
	bed("S1", "2025-03-02", 1)
	bed("S1", "2025-03-02", 1)
	// S2: two blood counts a day, limit 2: at the limit
	f.imLine(imLine{inst: "H3A", settlement: "S2", day: "2025-03-02", item: "250101015", qty: 1, price: 25})
	f.imLine(imLine{inst: "H3A", settlement: "S2", day: "2025-03-02", item: "250101015", qty: 1, price: 25})
	// S3: one line of qty 3 is over the limit but not a duplicate
	bed("S3", "2025-03-02", 3)
	// S4: a listed item without a daily limit counts with 1
	f.imLine(imLine{inst: "H3A", settlement: "S4", day: "2025-03-02", item: "210300001", qty: 1, price: 160})
	f.imLine(imLine{inst: "H3A", settlement: "S4", day: "2025-03-02", item: "210300001", qty: 1, price: 160})
	// S5: a drug off the price list has no limit: 1
	f.imLine(imLine{inst: "H3A", settlement: "S5", day: "2025-03-02", item: "XY0100001", class: "药品", qty: 1, price: 10})
	f.imLine(imLine{inst: "H3A", settlement: "S5", day: "2025-03-02", item: "XY0100001", class: "药品", qty: 1, price: 10})
	// S6 + S7: the same day's 诊查费 in two settlements of one patient
	f.imLine(imLine{inst: "H3A", settlement: "S6", day: "2025-03-05", item: "110200005", qty: 1, price: 20})
	f.imLine(imLine{inst: "H3A", settlement: "S7", day: "2025-03-05", item: "110200005", qty: 1, price: 20})
	// S8: billed, refunded, billed again: Σ qty 1
	bed("S8", "2025-03-02", 1)
	bed("S8", "2025-03-02", -1)
	bed("S8", "2025-03-02", 1)
	// S9: same item on consecutive days
	bed("S9", "2025-03-02", 1)
	bed("S9", "2025-03-03", 1)
	// S10: a drug in two lines of half a box each
	inpatient("S10", "P10")
	f.imLine(imLine{inst: "H3A", settlement: "S10", day: "2025-03-02", item: "XY0100001", class: "药品", qty: 0.5, price: 10})
	f.imLine(imLine{inst: "H3A", settlement: "S10", day: "2025-03-02", item: "XY0100001", class: "药品", qty: 0.5, price: 10})
	f.build()
	f.imDump("INS_DUPLICATE_BILLING")
	imCheck(t, "INS_DUPLICATE_BILLING", f.imBySubject("INS_DUPLICATE_BILLING"), []imExpect{
		{"bed day billed twice", "S1", true, 2, "high"},
		{"two lines at a daily limit of 2", "S2", false, 0, ""},
		{"one line over the limit is not a duplicate", "S3", false, 0, ""},
		{"listed without a limit counts as 1", "S4", true, 2, "high"},
		{"drug off the price list counts as 1", "S5", true, 2, "high"},
		{"inpatient settlement of a cross-settlement duplicate", "S6", true, 2, "high"},
		{"outpatient settlement of a cross-settlement duplicate", "S7", true, 2, "high"},
		{"refund nets out", "S8", false, 0, ""},
		{"different days", "S9", false, 0, ""},
		{"two half doses of a drug", "S10", false, 0, ""},
	})
	got := f.imBySubject("INS_DUPLICATE_BILLING")["S1"]
	if got.Amount == nil || *got.Amount != 50 || got.Period != "2025-03-01..2025-03-10" || got.Year != 2025 {
		t.Errorf("S1 flag = %+v, want ¥50 overbilled in period 2025-03-01..2025-03-10", got)
	}
}
