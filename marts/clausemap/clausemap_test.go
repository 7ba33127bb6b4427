package clausemap

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/selfcheck"
)

// Every clause of the map is a clause of its checklist as the plans number it.
func TestClausesExist(t *testing.T) {
	links, err := Links()
	if err != nil {
		t.Fatal(err)
	}
	if len(links) < 100 {
		t.Fatalf("%d links: the embedded map looks truncated", len(links))
	}
	for _, l := range links {
		c, ok := selfcheck.Lookup(l.Clause)
		if !ok || c.Checklist != l.Checklist {
			t.Errorf("%s → %s: no such clause in %s", l.Rule, l.Clause, l.Checklist)
		}
	}
}

func TestClauses(t *testing.T) {
	for _, tc := range []struct {
		rule, checklist string
		primaryOnly     bool
		want            []string
	}{
		{"PROC_OFF_PLATFORM", "BN-L", false, []string{"BN-L.3.4.3", "BN-L.3.1.1"}},
		{"PROC_OFF_PLATFORM", "BN-L", true, []string{"BN-L.3.4.3"}},
		// secondary listed before primary in the file; primary still comes first
		{"PROC_PAY_BEFORE_ACCEPT", "ZB-L", false, []string{"ZB-L.3.4.3", "ZB-L.3.5.2"}},
		{"PAY_TIED_TO_REVENUE", "ZB-L", false, []string{"ZB-L.2.4.8", "ZB-L.3.5.5"}},
		{"PAY_VILLAGE_SUBSIDY_LATE", "BN-L", false, nil},
		{"MED_PRESCRIBER_OUTLIER", "ZB-L", true, nil},
		{"SELF_COVERAGE_GAP", "BN-L", false, nil},
	} {
		got, err := Clauses(tc.rule, tc.checklist, tc.primaryOnly)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Clauses(%s, %s, %v) = %q, want %q", tc.rule, tc.checklist, tc.primaryOnly, got, tc.want)
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct{ name, csv, want string }{
		{"header", "rule,checklist,clause,role\n", "header"},
		{"role", "rule_id,checklist,clause_id,role\nR,BN-L,BN-L.1.1.1,main\n", "row 2: role"},
		{"checklist", "rule_id,checklist,clause_id,role\nR,BN-L,BN-P.1.1.1,primary\n", "not of checklist"},
		{"twice", "rule_id,checklist,clause_id,role\nR,BN-L,BN-L.1.1.1,primary\nR,BN-L,BN-L.1.1.1,secondary\n", "row 3: R BN-L.1.1.1 listed twice"},
		{"columns", "rule_id,checklist,clause_id,role\nR,BN-L\n", "wrong number of fields"},
	} {
		if _, err := parse([]byte(tc.csv)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
