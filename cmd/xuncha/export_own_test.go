package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/warehouse"
)

// Export owns only what it wrote: a manifest lists its files, a re-export deletes only
// those, a folder that is not its own is refused unless --force, and names that would
// make a path leave the lake are refused.
func TestExportOwnsOnlyWhatItWrote(t *testing.T) {
	path := fixtureWarehouse(t)
	dir := t.TempDir()
	lake := filepath.Join(dir, "lake")
	export := func(args ...string) (int, string) {
		t.Helper()
		code, _, stderr := xunchaCLI(t, append([]string{"--db", path, "export", "parquet", "--out", lake}, args...)...)
		return code, stderr
	}
	manifest := func() warehouse.LakeManifest {
		t.Helper()
		var m warehouse.LakeManifest
		b, err := os.ReadFile(filepath.Join(lake, "_manifest.json"))
		if err != nil || json.Unmarshal(b, &m) != nil {
			t.Fatalf("manifest: %v", err)
		}
		return m
	}
	if code, stderr := export("--tables", "stg_procurement,mart_risk_flags"); code != exitOK {
		t.Fatalf("first export: %d %s", code, stderr)
	}
	for _, tb := range manifest().Tables {
		if len(tb.Files) == 0 {
			t.Errorf("%s: no files listed", tb.Name)
		}
		for _, f := range tb.Files {
			if _, err := os.Stat(filepath.Join(lake, f)); err != nil {
				t.Errorf("listed file %s: %v", f, err)
			}
		}
	}

	mine := filepath.Join(lake, "stg_procurement", "year=2025", "notes.txt")
	readme := filepath.Join(lake, "README.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)
	os.WriteFile(readme, []byte("mine"), 0o644)
	if code, stderr := export("--tables", "stg_procurement"); code != exitFailure || !strings.Contains(stderr, "notes.txt was not written by an export") {
		t.Errorf("re-export over a user's file: exit %d %q", code, stderr)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("the user's file is gone: %v", err)
	}
	os.Remove(mine)
	if code, stderr := export("--tables", "stg_procurement"); code != exitOK {
		t.Fatalf("re-export: %d %s", code, stderr)
	}
	names := ""
	for _, tb := range manifest().Tables {
		names += tb.Name + " "
	}
	if names != "mart_risk_flags stg_procurement " {
		t.Errorf("manifest after a partial re-export lists %q; want both tables", names)
	}
	if _, err := os.Stat(readme); err != nil {
		t.Errorf("a file beside the table folders is gone: %v", err)
	}

	// a folder the exporter did not make
	other := filepath.Join(dir, "documents")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "report.docx"), []byte("x"), 0o644)
	code, _, stderr := xunchaCLI(t, "--db", path, "export", "parquet", "--out", other, "--tables", "mart_risk_flags")
	if code != exitFailure || !strings.Contains(stderr, "--force") {
		t.Errorf("export into a non-empty folder: exit %d %q", code, stderr)
	}
	if code, _, stderr = xunchaCLI(t, "--db", path, "export", "parquet", "--out", other, "--tables", "mart_risk_flags", "--force"); code != exitOK {
		t.Errorf("--force: exit %d %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(other, "report.docx")); err != nil {
		t.Errorf("--force removed a file outside the table folders: %v", err)
	}

	// names that would leave the lake
	w, err := warehouse.Open(context.Background(), path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`create table "stg_a/../../escaped" as select 1 as x`,
		`create table stg_evil as select 2025 as year, '../../escaped' as institution_code`,
	} {
		if _, err := w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	for _, tc := range []struct{ table, want string }{
		{"stg_a/../../escaped", "only letters, digits and _"},
		{"stg_evil", `institution codes "../../escaped" cannot name a partition folder`},
	} {
		if code, stderr := export("--tables", tc.table); code != exitFailure || !strings.Contains(stderr, tc.want) {
			t.Errorf("export of %s: exit %d %q; want %q", tc.table, code, stderr, tc.want)
		}
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "*escaped*")); len(matches) > 0 {
		t.Errorf("export wrote outside the lake: %v", matches)
	}
}
