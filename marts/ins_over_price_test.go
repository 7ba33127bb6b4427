package marts

import "testing"

func TestInsOverPrice(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imStandardPrices()
	f.imClaim(imClaim{inst: "H3A", id: "O1", patient: "PA", visit: "住院", admit: "2025-02-01", discharge: "2025-02-05", total: 2000})
	f.imClaim(imClaim{inst: "H3A", id: "O2", patient: "PB", visit: "住院", admit: "2025-02-01", discharge: "2025-02-05", total: 2000})
	f.imClaim(imClaim{inst: "H3A", id: "O3", patient: "PC", visit: "门诊", admit: "2025-02-01", discharge: "2025-02-01", total: 200})
	// O1: bed at 50.01 against a ceiling of 50 (two days), and one at the ceiling
	f.imLine(imLine{inst: "H3A", settlement: "O1", day: "2025-02-02", item: "110900001", qty: 1, price: 50.01})
	f.imLine(imLine{inst: "H3A", settlement: "O1", day: "2025-02-03", item: "110900001", qty: 1, price: 50.01})
	f.imLine(imLine{inst: "H3A", settlement: "O1", day: "2025-02-04", item: "110900001", qty: 1, price: 50})
	// O2: exactly the ceiling
	f.imLine(imLine{inst: "H3A", settlement: "O2", day: "2025-02-02", item: "110900001", qty: 1, price: 50})
	// O3: CT at 200 against 160; a drug off the list at any price
	f.imLine(imLine{inst: "H3A", settlement: "O3", day: "2025-02-01", item: "210300001", qty: 2, price: 200})
	f.imLine(imLine{inst: "H3A", settlement: "O3", day: "2025-02-01", item: "XY0100001", class: "药品", qty: 1, price: 999})
	// O4: lines without a claims row are still assessed
	f.imLine(imLine{inst: "H3A", settlement: "O4", day: "2025-02-09", item: "250101015", qty: 1, price: 30})
	f.build()
	f.imDump("INS_OVER_PRICE")
	got := f.imBySubject("INS_OVER_PRICE")
	imCheck(t, "INS_OVER_PRICE", got, []imExpect{
		{"one fen over the ceiling", "O1", true, 2, "high"},
		{"exactly the ceiling", "O2", false, 0, ""},
		{"CT over, drug off the list", "O3", true, 1, "high"},
		{"lines without a claim", "O4", true, 1, "high"},
	})
	if a := got["O3"].Amount; a == nil || *a != 80 {
		t.Errorf("O3 overcharge = %v, want 80 (2 × 40)", a)
	}
	if got["O4"].Year != 2025 || got["O4"].Period != "2025" {
		t.Errorf("O4 without a claim: year %d period %q", got["O4"].Year, got["O4"].Period)
	}
}
