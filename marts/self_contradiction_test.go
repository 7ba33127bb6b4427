package marts

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/marts/clausemap"
)

// offPlatform2025 plants a PROC_OFF_PLATFORM flag (药品, 2025) on inst: a third of the drug
// spend bought offline, every month. The rule's primary clauses are BN-L.3.4.3, BN-P.3.4.3 and
// ZB-L.2.4.6; BN-L.3.1.1 is a secondary one.
func offPlatform2025(f *fixture, inst string) {
	for m := 1; m <= 12; m++ {
		pepProc(f, inst, "", "2025-"+twoDigitsMonth(m)+"-05", "甲医药", "药品", 100000, "platform", "")
		pepProc(f, inst, "", "2025-"+twoDigitsMonth(m)+"-06", "乙医药", "药品", 50000, "offline", "")
	}
}

// TestSelfContradiction: one warehouse, one scenario per institution.
func TestSelfContradiction(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.selfRegistry()

	// B1: 已落实, no issue, on BN-L.3.4.3 while PROC_OFF_PLATFORM flags 2025 → contradiction.
	f.selfReport("B1", "/data/2025/B1/自查.xlsx", checklistItems(t, "BN-L", nil, nil))
	offPlatform2025(f, "B1")
	// B2: the same, but the issue cell says 无 → still a contradiction.
	f.selfReport("B2", "/data/2025/B2/自查.xlsx", checklistItems(t, "BN-L", nil, map[string]string{"BN-L.3.4.3": "已落实|无"}))
	offPlatform2025(f, "B2")
	// B3: the row admits the problem (部分落实 with an issue) → no contradiction.
	f.selfReport("B3", "/data/2025/B3/自查.xlsx", checklistItems(t, "BN-L", nil, map[string]string{
		"BN-L.3.4.3": "部分落实|个别药品存在线下采购"}))
	offPlatform2025(f, "B3")
	// B4: 已落实 but an issue written → no contradiction.
	f.selfReport("B4", "/data/2025/B4/自查.xlsx", checklistItems(t, "BN-L", nil, map[string]string{
		"BN-L.3.4.3": "已落实|少量急救药品线下采购，已整改"}))
	offPlatform2025(f, "B4")
	// B5: the report is of 2024, the flag of 2025 → no contradiction (same year only).
	f.selfReport("B5", "/data/2024/B5/自查.xlsx", checklistItems(t, "BN-L", nil, nil))
	offPlatform2025(f, "B5")
	// B6: no data flag → nothing.
	f.selfReport("B6", "/data/2025/B6/自查.xlsx", checklistItems(t, "BN-L", nil, nil))
	// B7: a second row on the same clause admits the problem → the report does not claim it is fine.
	items := checklistItems(t, "BN-L", nil, nil)
	for _, it := range checklistItems(t, "BN-L", nil, map[string]string{"BN-L.3.4.3": "未落实|线下采购问题尚未整改"}) {
		if it.status == "未落实" {
			items = append(items, it)
		}
	}
	f.selfReport("B7", "/data/2025/B7/自查.xlsx", items)
	offPlatform2025(f, "B7")
	// Z3: Zibo, ZB-L.2.4.6 (off-platform procurement) reported 已落实.
	f.selfReport("Z3", "/data/2025/Z3/自查.xlsx", checklistItems(t, "ZB-L", nil, nil))
	offPlatform2025(f, "Z3")
	f.build()

	// primary clauses only: BN-L.3.1.1, a secondary clause of the rule reported 已落实 too, is
	// not contradicted; nor is a clause of another checklist
	procClauseSets := map[string][]string{
		"B1": {"2025/BN-L.3.4.3"}, "B2": {"2025/BN-L.3.4.3"},
		"Z3": {"2025/ZB-L.2.4.6"},
	}
	// other rules may flag the same purchases (e.g. MED_ESSENTIAL_SHARE_LOW); look at the
	// clauses of the procurement rules only
	links, err := clausemap.Links()
	if err != nil {
		t.Fatal(err)
	}
	isProc := map[string]bool{}
	for _, l := range links {
		if strings.HasPrefix(l.Rule, "PROC_") {
			isProc["2025/"+l.Clause], isProc["2024/"+l.Clause] = true, true
		}
	}
	for _, inst := range []string{"B1", "B2", "B3", "B4", "B5", "B6", "B7", "Z3"} {
		var got []string
		for _, s := range f.subjectsOf("SELF_CONTRADICTION", inst) {
			if isProc[s] {
				got = append(got, s)
			}
		}
		if want := procClauseSets[inst]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: contradictions %q, want %q", inst, got, want)
		}
	}

	// Both sides of the evidence: the self-report row first, then the data flag's rows.
	ev := f.evidence("SELF_CONTRADICTION", "B1", "BN-L.3.4.3")
	if len(ev) < 2 {
		t.Fatalf("evidence %q: want the self row and the data rows", ev)
	}
	if !strings.HasPrefix(ev[0], "self_inspection ") || !strings.Contains(ev[0], "自查：") || !strings.Contains(ev[0], "｜已落实｜存在问题：（空）") {
		t.Errorf("first evidence row %q: want the self-report row", ev[0])
	}
	var data int
	for _, e := range ev[1:] {
		if strings.HasPrefix(e, "procurement ") && strings.Contains(e, "［药品耗材线下采购（未通过集中采购平台）：药品］") {
			data++
		}
	}
	if data != len(ev)-1 || data < 1 {
		t.Errorf("evidence %q: want the off-platform procurement lines after the self row", ev)
	}
	if ev2 := f.evidence("SELF_CONTRADICTION", "B2", "BN-L.3.4.3"); len(ev2) == 0 || !strings.Contains(ev2[0], "存在问题：无") {
		t.Errorf("B2 evidence %q: want the issue cell 无 shown", ev2)
	}
	for _, fl := range f.flags("SELF_CONTRADICTION") {
		if fl.EvidenceRows < 2 || fl.Score < 50 || fl.Score > 100 {
			t.Errorf("%+v: want ≥ 2 evidence rows and a score in 50–100", fl)
		}
	}
}

// TestSelfContradictionEvidenceCap: max_flag_evidence caps the rows copied from each data flag.
func TestSelfContradictionEvidenceCap(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.selfRegistry()
	f.selfReport("B1", "/data/2025/B1/自查.xlsx", checklistItems(t, "BN-L", nil, nil))
	offPlatform2025(f, "B1") // 12 offline lines
	f.build("SELF_CONTRADICTION.max_flag_evidence = 5")
	ev := f.evidence("SELF_CONTRADICTION", "B1", "BN-L.3.4.3")
	if len(ev) != 1+5 {
		t.Errorf("evidence rows %d, want 1 self row + 5 data rows:\n%s", len(ev), strings.Join(ev, "\n"))
	}
	var full int
	f.db.QueryRowContext(f.ctx, `select evidence_rows from mart_risk_flags where rule_id = 'PROC_OFF_PLATFORM' and institution_code = 'B1'`).Scan(&full)
	if full <= 5 {
		t.Errorf("the data flag keeps all its evidence: %d rows", full)
	}
}
