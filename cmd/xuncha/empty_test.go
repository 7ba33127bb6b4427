package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Asking for something that does not exist says so and exits non-zero; an empty answer never
// looks like a clean one.
func TestEmptyResultsSayWhy(t *testing.T) {
	path := fixtureWarehouse(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"no such institution", []string{"risks", "--institution", "不存在"}, exitUsage, `no institution matches "不存在"`},
		{"a year without data", []string{"risks", "--year", "2019"}, exitFailure, "no data for the warehouse in 2019 (years with data: 2024, 2025)"},
		{"an institution's year without data", []string{"risks", "--institution", "H3A", "--year", "2019"}, exitFailure, "no data for H3A in 2019"},
		{"report of a year without data", []string{"report", "previsit", "--institution", "H3A", "--year", "2019", "-o", filepath.Join(dir, "a.html")}, exitFailure, "no data for H3A in 2019"},
		{"trend without data", []string{"report", "trend", "--from", "2018", "--to", "2019", "-o", filepath.Join(dir, "t.html")}, exitFailure, "no data in 2018–2019"},
		{"nothing flagged", []string{"risks", "--institution", "H2A", "--year", "2025"}, exitOK, "no flags: the rules found nothing"},
	} {
		code, _, stderr := xunchaCLI(t, append([]string{"--db", path}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tc.name, code, stderr, tc.code, tc.msg)
		}
	}

	// an ingest of a folder without a file to ingest
	emptyDir := filepath.Join(dir, "nothing")
	if err := os.MkdirAll(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := xunchaCLI(t, "--db", filepath.Join(dir, "i.duckdb"), "ingest", emptyDir); code != exitFailure || !strings.Contains(stderr, "nothing to ingest in "+emptyDir) {
		t.Errorf("ingest of an empty folder: exit %d, %q", code, stderr)
	}

	// a build over a warehouse nothing was ingested into
	empty := filepath.Join(dir, "empty.duckdb")
	code, _, stderr := xunchaCLI(t, "--db", empty, "build")
	if code != exitFailure || !strings.Contains(stderr, "nothing has been ingested") {
		t.Errorf("build of an empty warehouse: exit %d, %q", code, stderr)
	}
}
