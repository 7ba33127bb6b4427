package marts

import (
	"reflect"
	"strings"
	"testing"
)

// TestSelfCoverageGap: one warehouse, one scenario per institution.
func TestSelfCoverageGap(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.selfRegistry()

	// B1: the whole BN-L list but three clauses → exactly those three, low.
	f.selfReport("B1", "/data/2025/巴南第1医院/巡查自查自纠情况表.xlsx",
		checklistItems(t, "BN-L", []string{"BN-L.1.1.2", "BN-L.2.3.4", "BN-L.3.6.1"}, nil))
	// B2: the whole list → nothing.
	f.selfReport("B2", "/data/2025/巴南第2医院/自查.xlsx", checklistItems(t, "BN-L", nil, nil))
	// B3: status does not matter: 未落实 and 不适用 rows address their clauses too.
	f.selfReport("B3", "/data/2025/B3/自查.xlsx", checklistItems(t, "BN-L", nil, map[string]string{
		"BN-L.1.1.2": "未落实|议事规则未及时修订", "BN-L.2.3.4": "不适用|"}))
	// B4: a clause left out where a data flag of the same year bears on it → medium; the same
	// flag in another year does not raise a gap of 2025.
	f.selfReport("B4", "/data/2025/B4/自查.xlsx", checklistItems(t, "BN-L", []string{"BN-L.3.4.3", "BN-L.1.1.2"}, nil))
	for m := 1; m <= 12; m++ {
		pepProc(f, "B4", "", "2025-"+twoDigitsMonth(m)+"-05", "甲医药", "药品", 100000, "platform", "")
		pepProc(f, "B4", "", "2025-"+twoDigitsMonth(m)+"-06", "乙医药", "药品", 50000, "offline", "")
		pepProc(f, "B4", "", "2024-"+twoDigitsMonth(m)+"-06", "乙医药", "药品", 50000, "offline", "")
	}
	// B5: a row that matches no clause confidently does not address one: the vague row stands in
	// for BN-L.3.2.2 and the clause is a gap; the row is listed, unmatched.
	items := checklistItems(t, "BN-L", []string{"BN-L.3.2.2"}, nil)
	items = append(items, selfItem{text: "食堂饭菜质量良好", status: "已落实"})
	f.selfReport("B5", "/data/2025/B5/自查.xlsx", items)
	// P1 (Banan primary care) is read against BN-P.
	f.selfReport("P1", "/data/2025/甲镇卫生院/自查.xlsx", checklistItems(t, "BN-P", []string{"BN-P.3.5.5"}, nil))
	// ZP (Zibo primary care): no plan covers it → not assessed, rows listed with the reason.
	f.selfReport("ZP", "/data/2025/ZP/自查.xlsx", checklistItems(t, "BN-P", []string{"BN-P.3.5.5"}, nil)[:3])
	// Z3 (Zibo hospital) is read against ZB-L; two years, two reports.
	f.selfReport("Z3", "/data/淄博/2024年度自查自纠.xlsx", checklistItems(t, "ZB-L", []string{"ZB-L.2.4.6"}, nil))
	f.selfReport("Z3", "/data/淄博/2025年度自查自纠.xlsx", checklistItems(t, "ZB-L", []string{"ZB-L.2.4.7"}, nil))
	// B6: a report split over two files (one per area) is one report.
	all := checklistItems(t, "BN-L", []string{"BN-L.2.1.1"}, nil)
	var first, rest []selfItem
	for _, it := range all {
		if strings.Contains(it.area, "党建") {
			first = append(first, it)
		} else {
			rest = append(rest, it)
		}
	}
	f.selfReport("B6", "/data/2025/B6/自查一.xlsx", first)
	f.selfReport("B6", "/data/2025/B6/自查二三.xlsx", rest)
	f.build()

	for _, tc := range []struct {
		inst string
		want []string
	}{
		{"B1", []string{"2025/BN-L.1.1.2", "2025/BN-L.2.3.4", "2025/BN-L.3.6.1"}},
		{"B2", nil},
		{"B3", nil},
		{"B4", []string{"2025/BN-L.1.1.2", "2025/BN-L.3.4.3"}},
		{"B5", []string{"2025/BN-L.3.2.2"}},
		{"P1", []string{"2025/BN-P.3.5.5"}},
		{"ZP", nil},
		{"Z3", []string{"2024/ZB-L.2.4.6", "2025/ZB-L.2.4.7"}},
		{"B6", []string{"2025/BN-L.2.1.1"}},
	} {
		if got := f.subjectsOf("SELF_COVERAGE_GAP", tc.inst); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: gaps %q, want %q", tc.inst, got, tc.want)
		}
	}
	for _, fl := range f.flags("SELF_COVERAGE_GAP") {
		want := "low"
		if fl.Institution == "B4" && fl.Subject == "BN-L.3.4.3" {
			want = "medium"
		}
		if fl.Severity != want {
			t.Errorf("%s %s: severity %s, want %s", fl.Institution, fl.Subject, fl.Severity, want)
		}
		if fl.EvidenceRows < 1 {
			t.Errorf("%s %s: no evidence", fl.Institution, fl.Subject)
		}
	}
	if len(f.flags("PROC_OFF_PLATFORM")) == 0 {
		t.Error("the B4 scenario needs a PROC_OFF_PLATFORM flag")
	}

	// The unmatched row of B5 is listed, not dropped; ZP's rows say why they have no candidates.
	var unmatched []string
	for _, r := range f.matchRows("B5") {
		if strings.Contains(r, " false false ") && strings.Contains(r, " 1 ") {
			unmatched = append(unmatched, r)
		}
	}
	if len(unmatched) != 1 {
		t.Errorf("B5: want the one unmatched row (rank 1, not confident) listed, got %q", unmatched)
	}
	zp := f.matchRows("ZP")
	if len(zp) != 3 {
		t.Errorf("ZP: want its 3 rows listed, got %q", zp)
	}
	for _, r := range zp {
		if !strings.Contains(r, " - - false false 无适用清单") {
			t.Errorf("ZP row %q: want clause NULL and the reason 无适用清单", r)
		}
	}
	// The years come from the file name (Z3) and the path (the others).
	var sources []string
	rows, err := f.db.QueryContext(f.ctx, `select distinct institution_code || ' ' || year || ' ' || year_source from stg_self_inspection
		where institution_code in ('Z3', 'B1') order by 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		rows.Scan(&s)
		sources = append(sources, s)
	}
	if want := []string{"B1 2025 path", "Z3 2024 file_name", "Z3 2025 file_name"}; !reflect.DeepEqual(sources, want) {
		t.Errorf("years %q, want %q", sources, want)
	}
}

func twoDigitsMonth(m int) string {
	if m < 10 {
		return "0" + string(rune('0'+m))
	}
	return "1" + string(rune('0'+m-10))
}
