package marts

import "testing"

func TestInsOutsideStay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	stay := func(id, visit string) {
		f.imClaim(imClaim{inst: "H2A", id: id, patient: "P" + id, visit: visit, admit: "2025-06-10", discharge: "2025-06-15", total: 4000})
	}
	stay("T1", "住院")
	stay("T2", "住院")
	stay("T3", "住院")
	stay("T4", "门诊")
	ln := func(s, day string) {
		f.imLine(imLine{inst: "H2A", settlement: s, day: day, item: "250101015", qty: 1, price: 25})
	}
	ln("T1", "2025-06-09") // the day before admission
	ln("T1", "2025-06-12")
	ln("T2", "2025-06-10") // admission day and discharge day are inside
	ln("T2", "2025-06-15")
	ln("T3", "2025-06-16") // the day after discharge
	ln("T4", "2025-06-20") // not an inpatient settlement
	f.build()
	f.imDump("INS_OUTSIDE_STAY")
	imCheck(t, "INS_OUTSIDE_STAY", f.imBySubject("INS_OUTSIDE_STAY"), []imExpect{
		{"a day before admission", "T1", true, 1, "high"},
		{"on the admission and discharge days", "T2", false, 0, ""},
		{"a day after discharge", "T3", true, 1, "high"},
		{"outpatient", "T4", false, 0, ""},
	})
}
