package marts

import (
	"errors"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/selfcheck"
	"github.com/xuncha/xuncha/transform"
)

// TestRuleOrder: the rules that read int_risk_flags run after every rule that does not.
func TestRuleOrder(t *testing.T) {
	t.Parallel()
	rules, _, err := ruleAndMartModels()
	if err != nil {
		t.Fatal(err)
	}
	order, err := ruleOrder(rules)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, m := range order {
		pos[m.Name] = i
	}
	for _, reader := range []string{"risk_self_contradiction", "risk_self_coverage_gap"} {
		if _, ok := pos[reader]; !ok {
			t.Fatalf("no model %s", reader)
		}
		for _, m := range order {
			if m.Name == reader || m.Reads("int_risk_flags") {
				continue
			}
			if pos[m.Name] > pos[reader] {
				t.Errorf("%s runs after %s, which reads its flags", m.Name, reader)
			}
		}
	}
}

// TestSelfMatchTable: every row is in the match table with its top 3, unmatched rows included;
// the checklist override; the year when neither the file name nor the path has one.
func TestSelfMatchTable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.selfRegistry()
	f.selfReport("B1", "/data/2025/B1/自查.xlsx", []selfItem{
		{area: "三、运行管理", section: "（四）招标采购", text: "严格遵守招标投标法、政府采购法，建立采购管理制度", status: "已落实"},
		{text: "院办负责人签字"}, // nothing confident
		{text: "——"},      // nothing to match at all
	})
	// ZP: Zibo primary care, no plan covers it — but an override reads it against BN-P.
	f.selfReport("ZP", "/data/2025/ZP/自查.xlsx", checklistItems(t, "BN-P", []string{"BN-P.3.5.5"}, nil))
	if err := transform.SetChecklistOverride(f.ctx, f.db.DB, "ZP", "bn-p", "test"); err != nil {
		t.Fatal(err)
	}
	if err := transform.SetChecklistOverride(f.ctx, f.db.DB, "ZP", "XX-1", ""); !errors.Is(err, selfcheck.ErrUnknownChecklist) {
		t.Errorf("override XX-1: %v, want ErrUnknownChecklist", err)
	}
	// B2: year from the earliest deadline in the file (no year in name or path).
	f.selfReport("B2", "/data/B2/自查.xlsx", []selfItem{{text: "严格遵守招标投标法、政府采购法", status: "部分落实", issue: "个别项目未招标"}})
	f.exec(`update raw.self_inspection set deadline = date '2026-03-31' where institution_code = 'B2'`)
	f.build()

	rows := f.matchRows("B1")
	if len(rows) != 3+3+1 {
		t.Fatalf("B1: want 3 + 3 candidates and 1 row without any, got %d:\n%s", len(rows), strings.Join(rows, "\n"))
	}
	if !strings.HasPrefix(rows[0], "2025 ") || !strings.Contains(rows[0], " 1 BN-L.3.4.3 true true ") {
		t.Errorf("first row's best match: %q, want BN-L.3.4.3 confident", rows[0])
	}
	for _, r := range rows[3:6] {
		if !strings.Contains(r, " false false ") {
			t.Errorf("院办负责人签字: %q, want listed and not confident", r)
		}
	}
	if !strings.Contains(rows[6], " - - false false 无可匹配的文字") {
		t.Errorf("the row with nothing to match: %q", rows[6])
	}

	var source string
	f.db.QueryRowContext(f.ctx, `select any_value(checklist || ' ' || checklist_source) from mart_self_inspection_match where institution_code = 'ZP'`).Scan(&source)
	if source != "BN-P override" {
		t.Errorf("ZP checklist %q, want BN-P override", source)
	}
	if got, want := f.subjectsOf("SELF_COVERAGE_GAP", "ZP"), []string{"2025/BN-P.3.5.5"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ZP gaps %q, want %q", got, want)
	}

	var year int
	var ys string
	f.db.QueryRowContext(f.ctx, `select year, year_source from stg_self_inspection where institution_code = 'B2'`).Scan(&year, &ys)
	if year != 2026 || ys != "deadline" {
		t.Errorf("B2 year %d from %s, want 2026 from deadline", year, ys)
	}

	// Removing the override: ZP is no longer assessed. A min_confidence set by config is the
	// one the mart uses: above the highest score (1), B1's best match is no longer confident.
	if err := transform.SetChecklistOverride(f.ctx, f.db.DB, "ZP", "", ""); err != nil {
		t.Fatal(err)
	}
	f.build("SELF_COVERAGE_GAP.min_confidence = 1.01")
	if rows := f.matchRows("B1"); !strings.Contains(rows[0], " 1 BN-L.3.4.3 false false ") {
		t.Errorf("B1's best match at min_confidence 1.01: %q, want not confident", rows[0])
	}
	if got := f.subjectsOf("SELF_COVERAGE_GAP", "ZP"); got != nil {
		t.Errorf("ZP without override: %q, want no gaps", got)
	}
}
