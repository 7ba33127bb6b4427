package main

import (
	"bytes"
	"fmt"
	"time"

	"context"
	"github.com/xuri/excelize/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// xuncha runs the CLI in-process.
func xuncha(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.duckdb")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"nosuch"}, exitUsage, `unknown command "nosuch"`},
		{[]string{"--db", db, "ingest"}, exitUsage, "name at least one file or folder"},
		{[]string{"--db", db, "risks", "--format", "xml"}, exitUsage, `--format "xml"`},
		{[]string{"--db", db, "build", "--config", "/nonexistent.conf"}, exitUsage, "--config"},
		{[]string{"--db", db, "risks"}, exitFailure, "does not exist"},
		{[]string{"selfcheck", "match", "--checklist", "XX", "text"}, exitUsage, "--checklist"},
		{[]string{"samples", "--dialect", "nosuch"}, exitUsage, `--dialect "nosuch"`},
		{[]string{"--db", db, "ingest", "--cell-limit", "big", "x.csv"}, exitUsage, `--cell-limit: size "big"`},
		{[]string{"--db", db, "ingest", "--cell-limit", "100MB", "x.csv"}, exitUsage, "--cell-limit 100MB: at most 48MiB within a memory limit of 1024MiB"},
		{[]string{"--db", db, "--memory-limit", "256MB", "ingest", "x.csv"}, exitUsage, "an ingest needs at least 512MiB"},
		{[]string{"--version"}, exitOK, ""},
	}
	for _, tc := range cases {
		code, _, stderr := xuncha(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("xuncha %v: exit %d stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "x.conf")
	os.WriteFile(conf, []byte("# ok\nPROC_OFF_PLATFORM.max_offline_sharee = 0.03\n"), 0o644)
	code, _, stderr := xuncha(t, "rules", "--config", conf)
	if code != exitUsage || !strings.Contains(stderr, "x.conf:2") || !strings.Contains(stderr, "max_offline_share") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestIngestBuildRisks: the thin slice on hand-written files — a planted off-platform
// institution is flagged, a clean decoy is not; a bad row gives exit 3 with every good row loaded.
func TestIngestBuildRisks(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	os.WriteFile(filepath.Join(dir, "机构名录.csv"), []byte("机构编码,机构名称,医院等级,机构类别\nA1,甲区人民医院,三级甲等,综合医院\nB1,乙区中医医院,二级甲等,中医医院\n"), 0o644)
	var planted, decoy strings.Builder
	planted.WriteString("采购日期,品名,类别,供应商,金额,是否平台采购\n")
	decoy.WriteString("采购日期,品名,类别,供应商,金额,是否平台采购\n")
	for m := 1; m <= 12; m++ {
		planted.WriteString("2025-" + twoDigits(m) + "-03,阿莫西林,药品,甲医药,100000,平台\n")
		planted.WriteString("2025-" + twoDigits(m) + "-04,紫杉醇,药品,乙医药,20000,线下\n") // 16.7 % offline
		decoy.WriteString("2025-" + twoDigits(m) + "-03,阿莫西林,药品,甲医药,100000,平台\n")
		decoy.WriteString("2025-" + twoDigits(m) + "-04,紫杉醇,药品,乙医药,4000,线下\n") // 3.8 % offline
	}
	planted.WriteString("2025-02-30,坏日期,药品,甲医药,1,平台\n")
	os.MkdirAll(filepath.Join(dir, "甲区人民医院"), 0o755)
	os.MkdirAll(filepath.Join(dir, "乙区中医医院"), 0o755)
	os.WriteFile(filepath.Join(dir, "甲区人民医院", "采购.csv"), []byte(planted.String()), 0o644)
	os.WriteFile(filepath.Join(dir, "乙区中医医院", "采购.csv"), []byte(decoy.String()), 0o644)

	code, out, stderr := xuncha(t, "--db", db, "ingest", dir)
	if code != exitRejected {
		t.Fatalf("ingest exit %d, want 3\n%s%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "row 26: bad_date") || strings.Count(stderr, "rejected:") != 1 {
		t.Errorf("want one reject line naming row 26:\n%s", stderr)
	}
	if code, out, stderr := xuncha(t, "--db", db, "build"); code != 0 {
		t.Fatalf("build exit %d\n%s%s", code, out, stderr)
	}
	code, out, stderr = xuncha(t, "--db", db, "risks", "--format", "csv")
	if code != 0 {
		t.Fatalf("risks exit %d: %s", code, stderr)
	}
	if !strings.Contains(out, "A1,甲区人民医院,2025,PROC_OFF_PLATFORM,2025,药品") || strings.Contains(out, "B1,") {
		t.Errorf("want the planted flag for A1 and none for B1:\n%s", out)
	}
	outDir := t.TempDir()
	// a trend without --from/--to spans the years in the warehouse
	if code, out, stderr := xuncha(t, "--db", db, "report", "trend", "-o", filepath.Join(outDir, "trend.html")); code != 0 || !strings.Contains(out, ": 2025–2025,") {
		t.Errorf("report trend: exit %d %s%s", code, out, stderr)
	}
	// no report over the warehouse or its key, whatever name leads to them
	for target, link := range map[string]string{db: "w.html", db + ".key": "k.xlsx"} {
		link = filepath.Join(outDir, link)
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
		if code, _, stderr := xuncha(t, "--db", db, "report", "previsit", "--institution", "A1", "-o", link); code != exitUsage || !strings.Contains(stderr, "the warehouse's own file") {
			t.Errorf("report previsit -o %s: exit %d %s", link, code, stderr)
		}
	}
	// risks redirected into a file: a BOM for Excel, unless --no-bom
	for _, tc := range []struct {
		args []string
		bom  bool
	}{{nil, true}, {[]string{"--no-bom"}, false}} {
		f, err := os.Create(filepath.Join(outDir, "flags.csv"))
		if err != nil {
			t.Fatal(err)
		}
		var errb bytes.Buffer
		code := run(context.Background(), append([]string{"--db", db, "risks", "--format", "csv"}, tc.args...), strings.NewReader(""), f, &errb)
		f.Close()
		b, _ := os.ReadFile(f.Name())
		if code != exitOK || strings.HasPrefix(string(b), utf8BOM) != tc.bom || !strings.Contains(string(b), "institution_code,") {
			t.Errorf("risks %v > flags.csv: exit %d, %q… %s", tc.args, code, b[:min(len(b), 40)], errb.String())
		}
	}
	// a pre-visit report without --year is for the institution's last year with data
	if code, out, stderr := xuncha(t, "--db", db, "report", "previsit", "--institution", "甲区人民医院", "-o", filepath.Join(outDir, "pv.html")); code != 0 || !strings.Contains(out, "2025年") {
		t.Errorf("report previsit: exit %d %s%s", code, out, stderr)
	}
	// the same files again: nothing changes, nothing rejected twice
	if code, out, _ := xuncha(t, "--db", db, "ingest", dir); code != 0 || strings.Count(out, "already ingested") != 3 {
		t.Errorf("re-ingest exit %d:\n%s", code, out)
	}
	// the audit trail has every command run against the warehouse, read-only ones too
	code, out, _ = xuncha(t, "--db", db, "sql", "-c", "select string_agg(split_part(args, ' ', 3), ',' order by started_at) as cmds from meta.command_log", "--format", "csv")
	if code != 0 || strings.TrimSpace(out) != "cmds\n\"ingest,build,risks,report,report,report,risks,risks,report,ingest\"" {
		t.Errorf("command_log: exit %d %q", code, out)
	}
	// an export a finance specialist opens in Excel: numbers as numbers, formulas defused
	xlsx := filepath.Join(dir, "q.xlsx")
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "select amount_yuan, '=HYPERLINK(1)' as note from mart_risk_flags", "--format", "xlsx", "-o", xlsx); code != 0 {
		t.Fatalf("sql xlsx: %s", stderr)
	}
	wb, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	sheet := wb.GetSheetList()[0]
	if typ, _ := wb.GetCellType(sheet, "A2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("amount cell type %v, want a number", typ)
	}
	if v, _ := wb.GetCellValue(sheet, "A2"); v != "240000" {
		t.Errorf("amount %q", v)
	}
	if v, _ := wb.GetCellValue(sheet, "B2"); strings.HasPrefix(v, "=") {
		t.Errorf("formula not neutralised: %q", v)
	}
	wb.Close()
	// ad-hoc SQL is read-only and cannot read other files
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "delete from raw.procurement"); code != exitFailure || !strings.Contains(stderr, "read-only") {
		t.Errorf("write through sql: exit %d %s", code, stderr)
	}
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "select * from read_csv('"+filepath.Join(dir, "机构名录.csv")+"')"); code != exitFailure {
		t.Errorf("file read through sql: exit %d %s", code, stderr)
	}
}

func twoDigits(m int) string {
	if m < 10 {
		return "0" + string(rune('0'+m))
	}
	return "1" + string(rune('0'+m-10))
}

// samples --dialect writes the same district under other names: here the insurance office's
// file for every Banan institution; without --dialect the institutions keep their own files.
// A district of years already past is generated without a word; one that reaches this year
// is generated too, with a warning that its dates run past today.
func TestSamplesDialect(t *testing.T) {
	this := fmt.Sprint(time.Now().Year())
	if code, _, stderr := xuncha(t, "samples", "--out", t.TempDir(), "--years", this, "--institutions", "1", "--scale", "0.01"); code != exitOK ||
		!strings.Contains(stderr, "warning: --years "+this+" runs past today") {
		t.Errorf("--years %s: exit %d, stderr %q", this, code, stderr)
	}
	base := t.TempDir()
	for _, tc := range []struct {
		args   []string
		office bool
	}{
		{nil, false},
		{[]string{"--dialect", "nhsa"}, true},
	} {
		out := filepath.Join(base, fmt.Sprint(tc.office))
		args := append([]string{"samples", "--out", out, "--years", "2025", "--institutions", "3", "--scale", "0.02"}, tc.args...)
		code, stdout, stderr := xuncha(t, args...)
		if code != exitOK || !strings.Contains(stdout, "planted flags") {
			t.Fatalf("%v: exit %d\n%s%s", args, code, stdout, stderr)
		}
		if strings.Contains(stderr, "runs past today") {
			t.Errorf("%v: a past year warned: %s", args, stderr)
		}
		_, err := os.Stat(filepath.Join(out, "2025", "巴南区医疗保障局", "结算信息(setlinfo).csv"))
		if got := err == nil; got != tc.office {
			t.Errorf("%v: insurance office file written: %v", tc.args, got)
		}
		_, err = os.Stat(filepath.Join(out, "2025", "巴南区人民医院", "医保结算清单.csv"))
		if got := err == nil; got == tc.office {
			t.Errorf("%v: institution's own claims file written: %v", tc.args, got)
		}
	}
}
