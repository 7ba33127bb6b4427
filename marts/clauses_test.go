package marts

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/marts/clausemap"
)

// TestFlagClauses: a flag carries the clauses of its institution's checklist only, primary
// first; none where no plan applies; a SELF_* flag its own clause. The data tests agree.
func TestFlagClauses(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.selfRegistry()
	for _, inst := range []string{"B1", "P1", "Z3", "ZP"} {
		offPlatform2025(f, inst)
	}
	f.selfReport("B1", "/data/2025/B1/自查.xlsx", checklistItems(t, "BN-L", []string{"BN-L.1.1.2"}, nil))
	f.build()

	got := map[string][]string{}
	rows, err := f.db.QueryContext(f.ctx, `select rule_id || ' ' || institution_code || ' ' || subject, clause_ids
		from mart_risk_flags where rule_id in ('PROC_OFF_PLATFORM', 'SELF_COVERAGE_GAP', 'SELF_CONTRADICTION')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var cs []any
		if err := rows.Scan(&k, &cs); err != nil {
			t.Fatal(err)
		}
		got[k] = []string{}
		for _, c := range cs {
			got[k] = append(got[k], c.(string))
		}
	}
	for k, want := range map[string][]string{
		"PROC_OFF_PLATFORM B1 药品":          {"BN-L.3.4.3", "BN-L.3.1.1"},
		"PROC_OFF_PLATFORM P1 药品":          {"BN-P.3.4.3", "BN-P.3.1.1"},
		"PROC_OFF_PLATFORM Z3 药品":          {"ZB-L.2.4.6"},
		"PROC_OFF_PLATFORM ZP 药品":          {}, // Zibo primary care: no plan applies
		"SELF_COVERAGE_GAP B1 BN-L.1.1.2":  {"BN-L.1.1.2"},
		"SELF_CONTRADICTION B1 BN-L.3.4.3": {"BN-L.3.4.3"},
	} {
		if !reflect.DeepEqual(got[k], want) {
			t.Errorf("%s: clauses %q, want %q", k, got[k], want)
		}
	}
	if failures, err := RunDataTests(f.ctx, f.db); err != nil || len(failures) > 0 {
		t.Errorf("data tests: %v %v", failures, err)
	}

	// The data test catches a clause of another checklist.
	f.exec(`update mart_risk_flags set clause_ids = ['ZB-L.2.4.6'] where rule_id = 'PROC_OFF_PLATFORM' and institution_code = 'B1'`)
	failures, err := RunDataTests(f.ctx, f.db)
	if err != nil || len(failures) != 1 || failures[0].Test != "flag_clauses_of_own_checklist" {
		t.Errorf("after planting a ZB-L clause on a Banan flag: %v %v", failures, err)
	}
}

// TestClauseMapRules: every rule of the catalog but SELF_* (whose clause is the flag's subject)
// bears on a clause of each checklist it can apply to. (The map may list rules the catalog does
// not have yet.)
func TestClauseMapRules(t *testing.T) {
	links, err := clausemap.Links()
	if err != nil {
		t.Fatal(err)
	}
	has := map[string]bool{}
	for _, l := range links {
		has[l.Rule+" "+l.Checklist] = true
	}
	for _, r := range Catalog {
		if strings.HasPrefix(r.ID, "SELF_") {
			continue
		}
		for _, cl := range []string{"BN-L", "BN-P", "ZB-L"} {
			primaryCareOnly := r.ID == "PAY_GP_SUPPLEMENT_MISSING" || r.ID == "PAY_VILLAGE_SUBSIDY_LATE"
			if !has[r.ID+" "+cl] && !(primaryCareOnly && cl != "BN-P") {
				t.Errorf("clause map: %s bears on no clause of %s", r.ID, cl)
			}
		}
	}
}

// TestRiskRank: risk_rank orders an institution-year's flags by severity, then money at risk
// (none last), then score; coverage gaps are not ranked.
func TestRiskRank(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.selfRegistry()
	offPlatform2025(f, "B1") // high, with money
	f.selfReport("B1", "/data/2025/B1/自查.xlsx", checklistItems(t, "BN-L", []string{"BN-L.1.1.2"}, nil))
	for _, c := range []struct {
		no     string
		amount float64
	}{{"HT-1", 1_500_000}, {"HT-2", 9_000_000}} { // PROC_NO_TENDER, high, with money
		f.insert("contracts", map[string]any{"institution_code": "B1", "contract_no": c.no, "sign_date": date("2025-04-01"),
			"vendor": "V", "amount": c.amount, "method": "直接采购"})
	}
	f.build()
	rows, err := f.db.QueryContext(f.ctx, `select rule_id, severity, coalesce(amount_yuan::double, -1), score, risk_rank
		from mart_risk_flags where institution_code = 'B1' and year = 2025 order by risk_rank nulls last`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	sev := map[string]int{"high": 0, "medium": 1, "low": 2}
	type fl struct {
		rule, severity string
		amount, score  float64
		rank           *int
	}
	var got []fl
	for rows.Next() {
		var x fl
		if err := rows.Scan(&x.rule, &x.severity, &x.amount, &x.score, &x.rank); err != nil {
			t.Fatal(err)
		}
		got = append(got, x)
	}
	var ranked, gaps int
	for i, x := range got {
		if x.rule == "SELF_COVERAGE_GAP" {
			gaps++
			if x.rank != nil {
				t.Errorf("coverage gap ranked %d", *x.rank)
			}
			continue
		}
		ranked++
		if x.rank == nil || *x.rank != ranked {
			t.Fatalf("flag %d %+v: rank %v, want %d", i, x, x.rank, ranked)
		}
		if i == 0 {
			continue
		}
		p := got[i-1]
		before := sev[p.severity] < sev[x.severity] ||
			sev[p.severity] == sev[x.severity] && (p.amount > x.amount || p.amount == x.amount && p.score >= x.score)
		if !before {
			t.Errorf("%+v ranked before %+v", p, x)
		}
	}
	if ranked < 4 || gaps != 1 {
		t.Errorf("%d ranked flags and %d gaps, want ≥ 4 (off-platform, two contracts, a contradiction) and 1:\n%+v", ranked, gaps, got)
	}
	if got[0].rule != "PROC_NO_TENDER" || got[0].amount != 9_000_000 {
		t.Errorf("first: %+v, want the ¥9M contract", got[0])
	}
}

// TestChecklistFromName: a registry without city or district columns still gives each
// institution its plan: the name says the city (淄博市淄川区医院 answers to ZB-L), and a name
// that names none falls to the Banan plans as every institution without a region does.
func TestChecklistFromName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.insert("institutions", map[string]any{"institution_code": "ZN", "name": "淄博市淄川区医院", "tier": "二级甲等", "category": "综合医院"})
	f.insert("institutions", map[string]any{"institution_code": "BN", "name": "区中医院", "tier": "二级甲等", "category": "中医医院"})
	f.insert("institutions", map[string]any{"institution_code": "ZC", "name": "区人民医院", "tier": "三级甲等", "category": "综合医院",
		"district": "张店区", "city": "淄博市"})
	f.build()
	got := map[string]string{}
	rows, err := f.db.QueryContext(f.ctx, `select institution_code, checklist from int_institution_checklist where institution_code in ('ZN', 'BN', 'ZC')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, cl string
		if err := rows.Scan(&code, &cl); err != nil {
			t.Fatal(err)
		}
		got[code] = cl
	}
	if want := map[string]string{"ZN": "ZB-L", "BN": "BN-L", "ZC": "ZB-L"}; !reflect.DeepEqual(got, want) {
		t.Errorf("checklists %v, want %v", got, want)
	}
}
