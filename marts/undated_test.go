package marts

import (
	"fmt"
	"testing"
)

// A settlement whose export carries no dates has no year: the rules that would flag it leave it
// out and say how many, rather than failing the build.
func TestUndatedFindingsLeftOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imStandardPrices()
	f.imClaim(imClaim{inst: "H3A", id: "U1", patient: "PU1", visit: "住院", total: 3000})
	for i, k := range "TBBBT" {
		day := fmt.Sprintf("2025-04-%02d", i+1)
		f.imLine(imLine{inst: "H3A", settlement: "U1", day: day, item: "110900001", name: "普通病房床位费", class: "服务设施", qty: 1, price: 50})
		if k == 'T' {
			f.imLine(imLine{inst: "H3A", settlement: "U1", day: day, item: "110200005", name: "住院诊查费", class: "诊疗项目", qty: 1, price: 20})
		}
	}
	steps, err := Build(f.ctx, f.db, DefaultThresholds(), nil)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	for _, s := range steps {
		if s.Rule == "INS_BED_HANGING" && s.Undated != 1 {
			t.Errorf("INS_BED_HANGING: %d undated findings left out, want 1", s.Undated)
		}
	}
	if got := f.flags("INS_BED_HANGING"); len(got) != 0 {
		t.Errorf("flags = %v, want none", got)
	}
}

// A stay whose export gives only the discharge date (a settlement list's 结算日期) has a year
// but no admit-to-discharge span: the finding is dated by its year, not refused by the build.
func TestStayWithOneDateDatedByYear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.imStandardPrices()
	f.imClaim(imClaim{inst: "H3A", id: "D1", patient: "PD1", visit: "住院", discharge: "2025-04-06", total: 3000})
	for i, k := range "TBBBT" {
		day := fmt.Sprintf("2025-04-%02d", i+1)
		f.imLine(imLine{inst: "H3A", settlement: "D1", day: day, item: "110900001", name: "普通病房床位费", class: "服务设施", qty: 1, price: 50})
		if k == 'T' {
			f.imLine(imLine{inst: "H3A", settlement: "D1", day: day, item: "110200005", name: "住院诊查费", class: "诊疗项目", qty: 1, price: 20})
		}
	}
	if _, err := Build(f.ctx, f.db, DefaultThresholds(), nil); err != nil {
		t.Fatalf("build: %v", err)
	}
	got := f.flags("INS_BED_HANGING")
	if len(got) != 1 || got[0].Period != "2025" || got[0].Subject != "D1" {
		t.Errorf("flags = %+v, want one for D1 in period 2025", got)
	}
}
