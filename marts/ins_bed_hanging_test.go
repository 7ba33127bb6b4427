package marts

import (
	"fmt"
	"testing"
)

func TestInsBedHanging(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imStandardPrices()
	// day kinds: B bed + nursing only, M bed + meal, T bed + a treatment, - nothing billed
	plan := map[string]string{
		"W1": "TBBBT",  // three bed-only days in a row
		"W2": "TBBTBB", // two, a treatment day, two
		"W3": "TBB-BT", // a day without lines breaks the run
		"W4": "MMMMT",  // bed and meal (no item class, by name) for four days
		"W5": "TBBBT",  // the same days, but an outpatient settlement
	}
	for _, id := range []string{"W1", "W2", "W3", "W4", "W5"} {
		visit := "住院"
		if id == "W5" {
			visit = "门特"
		}
		f.imClaim(imClaim{inst: "H3A", id: id, patient: "P" + id, visit: visit, admit: "2025-04-01", discharge: "2025-04-10", total: 3000})
		for i, k := range plan[id] {
			day := fmt.Sprintf("2025-04-%02d", i+1)
			switch k {
			case 'B':
				f.imLine(imLine{inst: "H3A", settlement: id, day: day, item: "110900001", name: "普通病房床位费", class: "服务设施", qty: 1, price: 50})
				f.imLine(imLine{inst: "H3A", settlement: id, day: day, item: "111000002", name: "二级护理", class: "诊疗项目", qty: 1, price: 30})
			case 'M':
				f.imLine(imLine{inst: "H3A", settlement: id, day: day, item: "BED-LOCAL", name: "床位费(双人间)", qty: 1, price: 40})
				f.imLine(imLine{inst: "H3A", settlement: id, day: day, item: "MEAL", name: "住院伙食费", qty: 3, price: 10})
			case 'T':
				f.imLine(imLine{inst: "H3A", settlement: id, day: day, item: "110900001", name: "普通病房床位费", class: "服务设施", qty: 1, price: 50})
				f.imLine(imLine{inst: "H3A", settlement: id, day: day, item: "110200005", name: "住院诊查费", class: "诊疗项目", qty: 1, price: 20})
				f.imLine(imLine{inst: "H3A", settlement: id, day: day, item: "XY0100001", name: "阿托伐他汀钙片", class: "药品", qty: 1, price: 9.8})
			}
		}
	}
	// a drug refunded on one of W1's bed-only days does not make it a treatment day
	f.imLine(imLine{inst: "H3A", settlement: "W1", day: "2025-04-03", item: "XY0100001", class: "药品", qty: -1, price: 9.8})
	f.build()
	f.imDump("INS_BED_HANGING")
	got := f.imBySubject("INS_BED_HANGING")
	imCheck(t, "INS_BED_HANGING", got, []imExpect{
		{"three consecutive bed-only days", "W1", true, 6, "medium"},
		{"runs of two", "W2", false, 0, ""},
		{"a day without lines breaks the run", "W3", false, 0, ""},
		{"bed and meal by name, four days", "W4", true, 8, "medium"},
		{"outpatient special-disease settlement", "W5", false, 0, ""},
	})
	if a := got["W1"].Amount; a == nil || *a != 240 {
		t.Errorf("W1 amount = %v, want 240 (3 × (50 + 30))", a)
	}
}
