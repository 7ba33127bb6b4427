package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/report/reporttest"
	"github.com/xuncha/xuncha/warehouse"
)

func TestReportDistrictCLI(t *testing.T) {
	path := fixtureWarehouse(t)
	dir := filepath.Join(t.TempDir(), "巡查2025")
	code, stdout, stderr := xunchaCLI(t, "--db", path, "report", "district", "--year", "2025", "-o", dir)
	if code != exitOK {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	for _, w := range []string{"wrote " + filepath.Join(dir, "index.html") + ": 2025年, 4 institutions (3 with data), 3 flags (1 high), trend 2024–2025",
		"no data in 2025, listed without a report: 甲镇卫生院（P1）"} {
		if !strings.Contains(stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, stdout)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"index.html", "previsit-H2A-2025.html", "previsit-H2A-2025.xlsx", "previsit-H3A-2025.html", "previsit-H3A-2025.xlsx",
		"previsit-H3B-2025.html", "previsit-H3B-2025.xlsx", "trend-2024-2025.html"}
	if !slices.Equal(names, want) {
		t.Errorf("folder holds %v, want %v (and no temporary files)", names, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "previsit-H3A-2025.html"))
	if err != nil || !strings.Contains(string(b), `href="index.html"`) || !strings.Contains(string(b), `data-rule="`+reporttest.Rule+`"`) {
		t.Errorf("H3A's report lacks its flag or the way back to the index (%v)", err)
	}

	code, stdout, stderr = xunchaCLI(t, "--db", path, "report", "district", "--tier", "三级", "--institution", "H3A,甲市中医医院", "-o", filepath.Join(t.TempDir(), "d"))
	if code != exitOK || !strings.Contains(stdout, "1 institutions (1 with data)") {
		t.Errorf("a tier of a list: exit %d\n%s\n%s", code, stdout, stderr)
	}
}

func TestReportDistrictErrors(t *testing.T) {
	path := fixtureWarehouse(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--year", "2025"}, exitUsage, "-o DIR is required"},
		{[]string{"-o", filepath.Join(dir, "x.html")}, exitUsage, "give a folder, not a file"},
		{[]string{"--year", "2019", "-o", filepath.Join(dir, "a")}, exitFailure, "no data in 2019 (years with data: 2024, 2025)"},
		{[]string{"--institution", "H3A,乙县医院", "-o", filepath.Join(dir, "a")}, exitUsage, `no such institution "乙县医院"`},
		{[]string{"--tier", "四级", "-o", filepath.Join(dir, "a")}, exitUsage, "no such institution of tier 四级 (tiers in the registry: 三级, 二级, 一级)"},
		{[]string{"-o", path}, exitUsage, "the warehouse's own file"},
	} {
		code, _, stderr := xunchaCLI(t, append([]string{"--db", path, "report", "district"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err == nil {
		t.Error("a refused district left a folder behind")
	}
	// a warehouse without marts: a runtime failure that says what to do
	empty := filepath.Join(dir, "empty.duckdb")
	db, err := warehouse.Open(context.Background(), empty, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, _, stderr := xunchaCLI(t, "--db", empty, "report", "district", "-o", filepath.Join(dir, "b"))
	if code != exitFailure || !strings.Contains(stderr, "xuncha build") {
		t.Errorf("unbuilt warehouse: exit %d, %q", code, stderr)
	}
}
