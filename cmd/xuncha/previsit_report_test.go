package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report/reporttest"
	"github.com/xuncha/xuncha/warehouse"
)

func TestReportPrevisitCLI(t *testing.T) {
	path := fixtureWarehouse(t)
	dir := t.TempDir()
	html := filepath.Join(dir, "out", "h3a.html")
	code, stdout, stderr := xunchaCLI(t, "--db", path, "report", "previsit", "--institution", reporttest.InstitutionName, "--year", "2025", "-o", html)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "wrote "+html) {
		t.Errorf("stdout = %q", stdout)
	}
	b, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.Contains(s, `data-rule="`+reporttest.Rule+`"`) || strings.Contains(s, reporttest.HostileVendor) {
		t.Errorf("report lacks the planted flag or does not escape")
	}

	xlsx := filepath.Join(dir, "h3a.xlsx")
	if code, _, stderr := xunchaCLI(t, "--db", path, "report", "previsit", "--institution", "H3A", "--year", "2025", "-o", xlsx); code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, stderr)
	}
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rule, _ := marts.RuleByID(reporttest.Rule)
	if rows, _ := f.GetRows(rule.TitleZH); len(rows) != 3 {
		t.Errorf("evidence sheet rows = %d", len(rows))
	}

	trend := filepath.Join(dir, "trend.html")
	if code, _, stderr := xunchaCLI(t, "--db", path, "report", "trend", "--from", "2024", "--to", "2025", "-o", trend); code != 0 {
		t.Fatalf("trend: exit %d: %s", code, stderr)
	}
	if code, _, stderr := xunchaCLI(t, "--db", path, "report", "trend", "--from", "2024", "--to", "2025", "-o", filepath.Join(dir, "trend.xlsx")); code != 0 {
		t.Fatalf("trend xlsx: exit %d: %s", code, stderr)
	}
	if code, stdout, _ := xunchaCLI(t, "--db", path, "report", "previsit", "--institution", "H3A", "--year", "2025", "-o", "-"); code != 0 || !strings.HasPrefix(stdout, "<!DOCTYPE html>") {
		t.Errorf("-o -: exit %d, %.40q", code, stdout)
	}
}

func TestReportUsageErrors(t *testing.T) {
	path := fixtureWarehouse(t)
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"report"}, exitUsage, "which report"},
		{[]string{"report", "weekly"}, exitUsage, "unknown report"},
		{[]string{"report", "previsit", "--year", "2025", "-o", filepath.Join(dir, "a.html")}, exitUsage, "--institution"},
		{[]string{"report", "previsit", "--institution", "H3A", "--year", "2025", "-o", filepath.Join(dir, "a.pdf")}, exitUsage, ".html or .xlsx"},
		{[]string{"report", "previsit", "--institution", "H3A", "--year", "2025"}, exitUsage, "-o"},
		{[]string{"report", "previsit", "--institution", "乙县医院", "--year", "2025", "-o", filepath.Join(dir, "a.html")}, exitUsage, "no such institution"},
		{[]string{"report", "previsit", "--institution", "人民医院", "--year", "2025", "-o", filepath.Join(dir, "a.html")}, exitUsage, "matches 2 institutions"},
		{[]string{"report", "trend", "--from", "2026", "--to", "2024", "-o", filepath.Join(dir, "t.html")}, exitUsage, "from ≤ to"},
	} {
		code, _, stderr := xunchaCLI(t, append([]string{"--db", path}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.html")); err == nil {
		t.Error("a failed report left a file behind")
	}
	// a warehouse without marts: a runtime failure that says what to do
	empty := filepath.Join(dir, "empty.duckdb")
	db, err := warehouse.Open(context.Background(), empty, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	code, _, stderr := xunchaCLI(t, "--db", empty, "report", "previsit", "--institution", "H3A", "--year", "2025", "-o", filepath.Join(dir, "b.html"))
	if code != exitFailure || !strings.Contains(stderr, "xuncha build") {
		t.Errorf("unbuilt warehouse: exit %d, %q", code, stderr)
	}
}
