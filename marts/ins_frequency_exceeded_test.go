package marts

import "testing"

func TestInsFrequencyExceeded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imStandardPrices()
	for _, id := range []string{"F1", "F2", "F3", "F4", "F5", "F6"} {
		f.imClaim(imClaim{inst: "H3A", id: id, patient: "P" + id, gender: "女", visit: "住院", admit: "2025-05-01", discharge: "2025-05-09", total: 3000})
	}
	cbc := func(s, day string, qty float64) {
		f.imLine(imLine{inst: "H3A", settlement: s, day: day, item: "250101015", name: "血细胞分析", qty: qty, price: 25})
	}
	cbc("F1", "2025-05-02", 3)                                                                                           // one line over a limit of 2
	cbc("F2", "2025-05-02", 2)                                                                                           // exactly the limit
	cbc("F3", "2025-05-02", 1)                                                                                           // two lines, Σ 3
	cbc("F3", "2025-05-02", 2)                                                                                           //
	f.imLine(imLine{inst: "H3A", settlement: "F4", day: "2025-05-02", item: "210300001", qty: 5, price: 160})            // no daily limit listed
	cbc("F5", "2025-05-02", 2)                                                                                           // limit on each of two days
	cbc("F5", "2025-05-03", 2)                                                                                           //
	f.imLine(imLine{inst: "H3A", settlement: "F6", day: "2025-05-02", item: "XY0100001", class: "药品", qty: 9, price: 3}) // off the list
	f.build()
	f.imDump("INS_FREQUENCY_EXCEEDED")
	got := f.imBySubject("INS_FREQUENCY_EXCEEDED")
	imCheck(t, "INS_FREQUENCY_EXCEEDED", got, []imExpect{
		{"one line of 3 over a limit of 2", "F1", true, 1, "high"},
		{"exactly the daily limit", "F2", false, 0, ""},
		{"two lines adding up over the limit", "F3", true, 2, "high"},
		{"item without a daily limit", "F4", false, 0, ""},
		{"at the limit on consecutive days", "F5", false, 0, ""},
		{"drug off the price list", "F6", false, 0, ""},
	})
	if a := got["F1"].Amount; a == nil || *a != 25 {
		t.Errorf("F1 overbilled = %v, want 25 (one test over the limit)", a)
	}
}
