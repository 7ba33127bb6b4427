package transform

import (
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	xsql "github.com/xuncha/xuncha/sql"
)

func names(ms []*Model) string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return strings.Join(out, " ")
}

func TestOrder(t *testing.T) {
	fsys := fstest.MapFS{
		"m/int_c.sql": {Data: []byte("select * from int_b join stg_x using (k) -- int_a is only a comment\n;")},
		"m/int_b.sql": {Data: []byte("select * from int_a")},
		"m/int_a.sql": {Data: []byte("select 1 as k")},
		"m/int_d.sql": {Data: []byte("select 2 as k")},
	}
	ms, err := LoadModels(fsys, "m", "int_")
	if err != nil {
		t.Fatal(err)
	}
	if got := ms[2].Body; got != "select * from int_b join stg_x using (k) -- int_a is only a comment" {
		t.Errorf("body %q: the trailing semicolon stays", got)
	}
	order, err := Order(ms, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(order), "int_a int_b int_c int_d"; got != want {
		t.Errorf("order %q, want %q", got, want)
	}
	if c := ms[2]; strings.Join(c.Deps, ",") != "int_b" || !c.Reads("stg_x") || c.Reads("int_a") {
		t.Errorf("int_c deps %v: names in comments and outside the set are not dependencies", c.Deps)
	}
	// extra dependencies the names do not show
	order, err = Order(ms, func(m *Model) []string {
		if m.Name == "int_a" {
			return []string{"int_d"}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(order), "int_d int_a int_b int_c"; got != want {
		t.Errorf("order with extra %q, want %q", got, want)
	}
}

func TestOrderErrors(t *testing.T) {
	cycle := fstest.MapFS{
		"m/int_a.sql": {Data: []byte("select * from int_b")},
		"m/int_b.sql": {Data: []byte("select * from int_a")},
	}
	ms, err := LoadModels(cycle, "m", "int_")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Order(ms, nil); err == nil || !strings.Contains(err.Error(), "int_a → int_b → int_a") {
		t.Errorf("cycle: %v", err)
	}
	stray := fstest.MapFS{"m/mart_x.sql": {Data: []byte("select 1")}}
	if _, err := LoadModels(stray, "m", "int_"); err == nil || !strings.Contains(err.Error(), "mart_x") {
		t.Errorf("a mart_ file among int_ models: %v", err)
	}
	stg := fstest.MapFS{
		"s/stg_a.sql": {Data: []byte("select * from raw.a join int_b using (k)")},
		"i/int_b.sql": {Data: []byte("select 1 as k")},
	}
	s, _ := LoadModels(stg, "s", "stg_")
	i, _ := LoadModels(stg, "i", "int_")
	if err := stagingReadsRaw(s, i); err == nil || !strings.Contains(err.Error(), "stg_a reads int_b") {
		t.Errorf("a staging view reading an intermediate model: %v", err)
	}
}

// TestLayers: every file of sql/ is in the folder of its layer, and only staging reads raw.*.
func TestLayers(t *testing.T) {
	staging, err := LoadModels(xsql.FS, "staging", "stg_")
	if err != nil {
		t.Fatal(err)
	}
	inter, err := LoadModels(xsql.FS, "intermediate", "int_")
	if err != nil {
		t.Fatal(err)
	}
	if err := stagingReadsRaw(staging, inter); err != nil {
		t.Error(err)
	}
	for _, l := range []struct{ dir, prefix string }{{"rules", "risk_"}, {"marts", "mart_"}} {
		if _, err := LoadModels(xsql.FS, l.dir, l.prefix); err != nil {
			t.Error(err)
		}
	}
}

// Only staging reads raw.*: outside sql/staging, the loader's own queries (sql/ingest) and the
// migrations that create the raw schema (sql/schema), no SQL file names a raw table.
func TestOnlyStagingReadsRaw(t *testing.T) {
	rawRe := regexp.MustCompile(`(?i)\braw\s*\.\s*"?[a-z_]`)
	files, err := fs.Glob(xsql.FS, "*/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	for _, f := range files {
		switch path.Dir(f) {
		case "staging", "ingest", "schema":
			continue
		}
		b, err := fs.ReadFile(xsql.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		var code []string
		for _, line := range strings.Split(string(b), "\n") {
			code = append(code, strings.SplitN(line, "--", 2)[0])
		}
		if m := rawRe.FindString(strings.Join(code, "\n")); m != "" {
			t.Errorf("sql/%s reads %s…: only sql/staging reads raw.*", f, m)
		}
	}
}
