package marts

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"strings"
	"testing"

	xsql "github.com/xuncha/xuncha/sql"
)

var (
	paramRe  = regexp.MustCompile(`\bparam\s*=\s*'([^']*)'`)
	ruleIDRe = regexp.MustCompile(`\brule_id\s*=\s*'([A-Z_]+)'`)
)

// sqlFiles is every .sql file of package sql by path.
func sqlFiles(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := fs.WalkDir(xsql.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".sql") {
			return err
		}
		b, err := fs.ReadFile(xsql.FS, p)
		out[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSQLParamsInCatalog: every `param = '…'` a SQL file names is a parameter of the catalog,
// of the file's own rule (risk_<id>.sql) or of a rule the file names (`rule_id = '…'`). A typo
// would read NULL and the rule would silently never fire.
func TestSQLParamsInCatalog(t *testing.T) {
	t.Parallel()
	params := map[string]map[string]bool{}
	for _, r := range Catalog {
		params[r.ID] = map[string]bool{}
		for _, p := range r.Params {
			params[r.ID][p.Name] = true
		}
	}
	checked := 0
	for p, body := range sqlFiles(t) {
		text := regexp.MustCompile(`--[^\n]*`).ReplaceAllString(body, "")
		var rules []string
		if name := strings.TrimSuffix(path.Base(p), ".sql"); strings.HasPrefix(name, "risk_") {
			rules = append(rules, strings.ToUpper(strings.TrimPrefix(name, "risk_")))
		}
		for _, m := range ruleIDRe.FindAllStringSubmatch(text, -1) {
			if _, ok := params[m[1]]; !ok {
				t.Errorf("%s: rule_id = '%s' is not in the catalog", p, m[1])
			}
			rules = append(rules, m[1])
		}
		for _, m := range paramRe.FindAllStringSubmatch(text, -1) {
			checked++
			found := false
			for _, r := range rules {
				found = found || params[r][m[1]]
			}
			if !found {
				t.Errorf("%s: param = '%s' is no parameter of %v in the catalog", p, m[1], rules)
			}
		}
	}
	if checked < len(Catalog) {
		t.Errorf("only %d parameter reads found in sql/: the pattern no longer matches the files", checked)
	}
}

// TestCatalogRulesHaveSQLAndTests: every rule of the catalog has its SQL file, reads the
// parameters it declares, and is asserted by a test of this package (a test file that names it,
// besides the catalog-wide ones).
func TestCatalogRulesHaveSQLAndTests(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var tests []string
	for _, e := range entries {
		switch n := e.Name(); {
		case !strings.HasSuffix(n, "_test.go"), strings.HasSuffix(n, "bench_test.go"),
			n == "catalog_sql_test.go", n == "clauses_test.go":
		default:
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			tests = append(tests, string(b))
		}
	}
	files := sqlFiles(t)
	for _, r := range Catalog {
		body, ok := files[r.File()]
		if !ok {
			t.Errorf("%s: no SQL file %s", r.ID, r.File())
			continue
		}
		for _, p := range r.Params {
			if !strings.Contains(body, "'"+p.Name+"'") && !readElsewhere(files, r.ID, p.Name) {
				t.Errorf("%s: parameter %s is declared but no SQL file reads it", r.ID, p.Name)
			}
		}
		named := false
		for _, src := range tests {
			named = named || strings.Contains(src, `"`+r.ID+`"`)
		}
		if !named {
			t.Errorf("%s: no test of package marts asserts its flags", r.ID)
		}
	}
}

// readElsewhere reports whether another SQL file reads the parameter together with the rule id
// (mart_settlements_to_pull reads INS_DUPLICATE_BILLING's).
func readElsewhere(files map[string]string, rule, param string) bool {
	for _, b := range files {
		if strings.Contains(b, "'"+rule+"'") && strings.Contains(b, "'"+param+"'") {
			return true
		}
	}
	return false
}

// TestSeverityBandsAreParams: the condition that makes a flag high reads catalog parameters,
// never a number written into the SQL (0, as in "any loan", is a presence test, not a band), so
// that the bands are shown and configurable with the thresholds.
func TestSeverityBandsAreParams(t *testing.T) {
	t.Parallel()
	whenRe := regexp.MustCompile(`\bwhen\b`)
	numberRe := regexp.MustCompile(`(?:^|[^\w.])(\d+(?:\.\d+)?)\b`)
	bands := 0
	for p, body := range sqlFiles(t) {
		if !strings.HasPrefix(p, "rules/") {
			continue
		}
		text := regexp.MustCompile(`--[^\n]*`).ReplaceAllString(body, "")
		parts := strings.Split(text, "then 'high'")
		for _, before := range parts[:len(parts)-1] {
			whens := whenRe.FindAllStringIndex(before, -1)
			if len(whens) == 0 {
				continue
			}
			band := before[whens[len(whens)-1][1]:]
			bands++
			for _, n := range numberRe.FindAllStringSubmatch(band, -1) {
				if n[1] != "0" {
					t.Errorf("%s: severity band `%s` compares with the literal %s: make it a catalog parameter",
						p, strings.Join(strings.Fields(band), " "), n[1])
				}
			}
		}
	}
	if bands < 10 {
		t.Errorf("only %d severity bands found in sql/rules: the pattern no longer matches the files", bands)
	}
}
