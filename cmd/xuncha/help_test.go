package main

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/xuncha/xuncha/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestHelpGolden(t *testing.T) {
	t.Setenv("XUNCHA_DB", "")
	cases := []struct {
		golden string
		args   []string
	}{
		{"usage.txt", nil},
		{"usage.txt", []string{"--help"}},
		{"usage.txt", []string{"-h"}},
		{"usage.txt", []string{"help"}},
		{"help_sql.txt", []string{"help", "sql"}},
		{"help_sql.txt", []string{"sql", "--help"}},
		{"help_risks.txt", []string{"risks", "-h"}},
		{"help_report.txt", []string{"help", "report"}},
		{"help_report_trend.txt", []string{"help", "report", "trend"}},
		{"help_report_district.txt", []string{"report", "district", "-h"}},
	}
	for _, tc := range cases {
		code, out, stderr := xuncha(t, tc.args...)
		if code != exitOK || stderr != "" {
			t.Errorf("xuncha %v: exit %d, stderr %q; want exit 0 and nothing on stderr", tc.args, code, stderr)
		}
		golden(t, tc.golden, out)
	}
}

// Every command and subcommand answers help with exit 0, its flags and an example.
func TestEveryCommandHasHelpWithExample(t *testing.T) {
	names := []string{"report previsit", "report trend", "export parquet", "selfcheck match", "selfcheck override", "review list", "review withdraw"}
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		args := append([]string{"help"}, strings.Fields(n)...)
		code, out, stderr := xuncha(t, args...)
		if code != exitOK || !strings.HasPrefix(out, "usage: xuncha "+strings.Fields(n)[0]) || !strings.Contains(out, "\nexamples:\n  xuncha "+strings.Fields(n)[0]) {
			t.Errorf("xuncha %s: exit %d stderr %q\n%s", strings.Join(args, " "), code, stderr, out)
		}
	}
}

func TestUnknownFlagIsOneLine(t *testing.T) {
	code, out, stderr := xuncha(t, "risks", "--bogus")
	want := "xuncha risks: flag provided but not defined: -bogus\nrun `xuncha help risks` for its flags and examples\n"
	if code != exitUsage || out != "" || stderr != want {
		t.Errorf("exit %d stdout %q stderr %q", code, out, stderr)
	}
}

func TestBuildVersion(t *testing.T) {
	vcs := func(rev, modified string) *debug.BuildInfo {
		bi := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
		bi.Settings = []debug.BuildSetting{{Key: "vcs.revision", Value: rev}, {Key: "vcs.modified", Value: modified}}
		return bi
	}
	cases := []struct {
		stamped string
		bi      *debug.BuildInfo
		want    string
	}{
		{"v1.2.0-3-gabc", &debug.BuildInfo{Main: debug.Module{Version: "v9"}}, "v1.2.0-3-gabc"},
		{"dev", &debug.BuildInfo{Main: debug.Module{Version: "v0.4.1"}}, "v0.4.1"},
		{"dev", vcs("0123456789abcdef0123", "false"), "0123456789ab"},
		{"dev", vcs("0123456789abcdef0123", "true"), "0123456789ab-dirty"},
		{"dev", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"dev", nil, "dev"},
	}
	for _, tc := range cases {
		if got := buildVersion(tc.stamped, tc.bi); got != tc.want {
			t.Errorf("buildVersion(%q, …) = %q, want %q", tc.stamped, got, tc.want)
		}
	}
}

func TestHumanNumber(t *testing.T) {
	cases := map[float64]string{
		1e6: "1,000,000", 500000: "500,000", 12: "12", 0: "0", -1234567: "-1,234,567",
		0.03: "0.03", 0.3: "0.3", 87.53421: "87.5342", 1234567.891: "1,234,568", 12345.678: "12,345.7",
		0.1 + 0.2 + 1: "1.3", 0.00001234: "1.234e-05", 2.5e16: "2.5e+16",
	}
	for in, want := range cases {
		if got := humanNumber(in); got != want {
			t.Errorf("humanNumber(%v) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"240000.00": "240,000.00", "-1000.5": "-1,000.5", "999": "999", "1000": "1,000", "": ""} {
		if got := groupDigits(in); got != want {
			t.Errorf("groupDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

// query is a small warehouse and a query whose result has Chinese, money, a
// threshold that %g would print as 1e+06, a NULL and a list.
func queryWarehouse(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "w.duckdb")
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	return db
}

const tableQuery = `select * from (values
	('A1', '甲区人民医院', 2025, 1000000.0::double, 240000.50::decimal(18,2), 0.03::double, ['ZB-L.2.4.6'], '=HYPERLINK("x")'),
	('B12', '乙', 2024, 87.53421, -5.00, null, [], 'ok')) t(code, name, year, threshold, amount_yuan, share, clause_ids, note)`

func TestResultFormatsGolden(t *testing.T) {
	db := queryWarehouse(t)
	for _, f := range []string{"table", "csv", "json", "line"} {
		code, out, stderr := xuncha(t, "--db", db, "sql", "-c", tableQuery, "--format", f)
		if code != exitOK {
			t.Fatalf("%s: exit %d %s", f, code, stderr)
		}
		golden(t, "result."+f, out)
	}
}

// In a table every column starts at the same display column on every line,
// whatever mix of Chinese and ASCII is in the cells before it.
func TestTableAlignsByDisplayWidth(t *testing.T) {
	var b strings.Builder
	tw := newTable(&b)
	tw.row([]string{"code", "name", "amount", "note"})
	tw.row([]string{"A1", "甲区人民医院", "1,000", "x"})
	tw.row([]string{"B12", "乙", "-5.00", "中文"})
	tw.row([]string{"C", "abc", "12,345,678.00", ""})
	if err := tw.flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	// the amount column is right-aligned: it ends at the same display column on every line
	end := -1
	for _, l := range lines {
		fields := strings.Fields(l)
		amount := fields[2]
		i := strings.Index(l, " "+amount) + 1 + len(amount)
		w := runewidth.StringWidth(l[:i])
		if end >= 0 && w != end {
			t.Errorf("amount column ends at %d, want %d:\n%s", w, end, b.String())
		}
		end = w
		// the name column starts at the same place
		if got := runewidth.StringWidth(l[:strings.Index(l, fields[1])]); got != 6 {
			t.Errorf("name starts at %d, want 6: %q", got, l)
		}
	}
}

func TestOutputFormatFromExtension(t *testing.T) {
	db := queryWarehouse(t)
	dir := t.TempDir()
	q := "select '甲区人民医院' as name, 1 as n"
	for _, tc := range []struct {
		file, extra, want string
	}{
		{"a.csv", "", utf8BOM + "name,n\n甲区人民医院,1\n"},
		{"b.csv", "--no-bom", "name,n\n甲区人民医院,1\n"},
		{"c.json", "", "[\n  {\"name\": \"甲区人民医院\", \"n\": 1}\n]\n"},
		{"d.txt", "--format=table", "name          n\n甲区人民医院  1\n"},
	} {
		args := []string{"--db", db, "sql", "-c", q, "-o", filepath.Join(dir, tc.file)}
		if tc.extra != "" {
			args = append(args, tc.extra)
		}
		if code, _, stderr := xuncha(t, args...); code != exitOK {
			t.Fatalf("%s: exit %d %s", tc.file, code, stderr)
		}
		if b, _ := os.ReadFile(filepath.Join(dir, tc.file)); string(b) != tc.want {
			t.Errorf("%s: %q, want %q", tc.file, b, tc.want)
		}
	}
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", q, "-o", filepath.Join(dir, "e.txt")); code != exitUsage || !strings.Contains(stderr, "use .csv, .json or .xlsx") {
		t.Errorf("-o e.txt: exit %d %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "e.txt")); err == nil {
		t.Error("a usage error left a file behind")
	}
	// xlsx inferred from the name: a workbook, not a text table
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", q, "-o", filepath.Join(dir, "f.xlsx")); code != exitOK {
		t.Fatalf("f.xlsx: exit %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "f.xlsx")); !strings.HasPrefix(string(b), "PK") {
		t.Errorf("f.xlsx is not a workbook: %q", b[:min(len(b), 20)])
	}
}

func TestRulesPrintNumbersAsPeopleWriteThem(t *testing.T) {
	code, out, stderr := xuncha(t, "rules")
	if code != exitOK || !strings.Contains(out, "tender_threshold_yuan=1,000,000") || strings.Contains(out, "e+0") {
		t.Errorf("exit %d %s\n%s", code, stderr, out)
	}
}
