package marts

import "testing"

func TestInsSplitAdmission(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	stay := func(inst, id, patient, admit, discharge, dx string) {
		f.imClaim(imClaim{inst: inst, id: id, patient: patient, visit: "住院", admit: admit, discharge: discharge, dx: dx, total: 8000, fund: 6000})
	}
	// patient A: readmitted 15 days after discharge, same category (J18.900 / J18.000)
	stay("H3A", "A1", "PA", "2025-01-01", "2025-01-10", "J18.900")
	stay("H3A", "A2", "PA", "2025-01-25", "2025-02-01", "J18.000")
	// patient B: 16 days
	stay("H3A", "B1", "PB", "2025-01-01", "2025-01-10", "J18.900")
	stay("H3A", "B2", "PB", "2025-01-26", "2025-02-01", "J18.900")
	// patient C: 3 days, but another diagnosis category
	stay("H3A", "C1", "PC", "2025-01-01", "2025-01-10", "J18.900")
	stay("H3A", "C2", "PC", "2025-01-13", "2025-01-20", "K35.800")
	// patient D: same day readmission at another institution is not this rule
	stay("H3A", "D1", "PD", "2025-01-01", "2025-01-10", "S72.000")
	stay("H3B", "D2", "PD", "2025-01-10", "2025-01-20", "S72.000")
	// patient E: readmitted on the discharge day, a stay of another category in between
	stay("H3A", "E1", "PE", "2025-03-01", "2025-03-05", "I63.900")
	stay("H3A", "E2", "PE", "2025-03-05", "2025-03-06", "J20.900")
	stay("H3A", "E3", "PE", "2025-03-08", "2025-03-12", "I63.901")
	// patient F: an outpatient visit does not count as an admission
	f.imClaim(imClaim{inst: "H3A", id: "F1", patient: "PF", visit: "门诊", admit: "2025-01-02", discharge: "2025-01-02", dx: "J18.900"})
	stay("H3A", "F2", "PF", "2025-01-05", "2025-01-09", "J18.900")
	f.build()
	f.imDump("INS_SPLIT_ADMISSION")
	got := f.imBySubject("INS_SPLIT_ADMISSION")
	imCheck(t, "INS_SPLIT_ADMISSION", got, []imExpect{
		{"15 days after discharge", "A2", true, 2, "medium"},
		{"16 days after discharge", "B2", false, 0, ""},
		{"other diagnosis category", "C2", false, 0, ""},
		{"another institution", "D2", false, 0, ""},
		{"same category with another stay between", "E3", true, 2, "medium"},
		{"after an outpatient visit", "F2", false, 0, ""},
	})
	if a := got["A2"].Amount; a == nil || *a != 6000 || got["A2"].Period != "2025-01-25..2025-02-01" {
		t.Errorf("A2 = %+v, want fund_paid 6000 over the readmission", got["A2"])
	}
}
