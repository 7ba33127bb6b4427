package marts

import "testing"

func TestInsBundledCharge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// 静脉输液 includes 输液器 and 静脉注射 (项目内涵)
	f.insert("charge_bundles", map[string]any{"main_item_code": "M1", "main_item_name": "静脉输液",
		"included_item_code": "I1", "included_item_name": "一次性输液器", "note": "含输液器"})
	f.insert("charge_bundles", map[string]any{"main_item_code": "M1", "main_item_name": "静脉输液",
		"included_item_code": "I2", "included_item_name": "静脉注射"})
	claim := func(id, patient string) {
		f.imClaim(imClaim{inst: "H3A", id: id, patient: patient, visit: "门诊", admit: "2025-03-01", discharge: "2025-03-01", total: 100})
	}
	line := func(settlement, day, item string, qty float64) {
		f.imLine(imLine{inst: "H3A", settlement: settlement, day: day, item: item, qty: qty, price: 5})
	}
	// B1: the included item beside its main item, same settlement and day
	claim("B1", "PA")
	line("B1", "2025-03-01", "M1", 1)
	line("B1", "2025-03-01", "I1", 1)
	// B2: the included item the day after the main item
	claim("B2", "PB")
	line("B2", "2025-03-01", "M1", 1)
	line("B2", "2025-03-02", "I1", 1)
	// B3 / B4: main item to one patient, included item to another, same day
	claim("B3", "PC")
	line("B3", "2025-03-01", "M1", 1)
	claim("B4", "PD")
	line("B4", "2025-03-01", "I1", 1)
	// B5 / B6: one patient, main item in one settlement and two included items in another
	claim("B5", "PE")
	line("B5", "2025-03-01", "M1", 1)
	claim("B6", "PE")
	line("B6", "2025-03-01", "I1", 1)
	line("B6", "2025-03-01", "I2", 2)
	// B7: the included item billed and refunded beside the main item
	claim("B7", "PF")
	line("B7", "2025-03-01", "M1", 1)
	line("B7", "2025-03-01", "I1", 1)
	line("B7", "2025-03-01", "I1", -1)
	// B8: the main item's pair the other way round is no bundle
	claim("B8", "PG")
	line("B8", "2025-03-01", "I1", 1)
	line("B8", "2025-03-01", "I2", 1)
	// B9: lines without a claims row stand for their own settlement's patient
	line("B9", "2025-03-03", "M1", 1)
	line("B9", "2025-03-03", "I2", 1)
	f.build()
	f.imDump("INS_BUNDLED_CHARGE")
	got := f.imBySubject("INS_BUNDLED_CHARGE")
	imCheck(t, "INS_BUNDLED_CHARGE", got, []imExpect{
		{"same patient, same day", "B1", true, 2, "high"},
		{"the day after", "B2", false, 0, ""},
		{"main item of another patient", "B4", false, 0, ""},
		{"main item's settlement is not the subject", "B5", false, 0, ""},
		{"main item in another settlement of the patient", "B6", true, 3, "high"},
		{"refunded", "B7", false, 0, ""},
		{"two included items, no main item", "B8", false, 0, ""},
		{"lines without a claim", "B9", true, 2, "high"},
	})
	if a := got["B6"].Amount; a == nil || *a != 15 {
		t.Errorf("B6 included amount = %v, want 15 (5 + 2 × 5)", a)
	}
	if c := f.coverage()["H3A/2025/INS_BUNDLED_CHARGE"]; c.status != "flagged" {
		t.Errorf("coverage with a charge_bundles list: %+v, want flagged", c)
	}
}

// Without a charge_bundles list the rule is not assessed, and coverage says which input is missing.
func TestInsBundledChargeWithoutList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imClaim(imClaim{inst: "H3A", id: "B1", patient: "PA", visit: "门诊", admit: "2025-03-01", discharge: "2025-03-01", total: 10})
	f.imLine(imLine{inst: "H3A", settlement: "B1", day: "2025-03-01", item: "M1", qty: 1, price: 5})
	f.imLine(imLine{inst: "H3A", settlement: "B1", day: "2025-03-01", item: "I1", qty: 1, price: 5})
	f.build()
	if s := f.subjects("INS_BUNDLED_CHARGE"); len(s) != 0 {
		t.Errorf("flags without a list: %v", s)
	}
	c := f.coverage()["H3A/2025/INS_BUNDLED_CHARGE"]
	if c.status != "not_assessed" || c.missing != "stg_charge_bundles" || c.note != "缺少数据：stg_charge_bundles" {
		t.Errorf("coverage without a list: %+v", c)
	}
}
