package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Data dated after the day of the build is wrong (data never lies in the future): the build
// names the file and how many of its rows, and the pre-visit report's coverage says so.
func TestBuildWarnsOfRowsAfterToday(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	today := time.Now()
	later := today.AddDate(0, 0, 40).Format("2006-01-02")
	os.WriteFile(filepath.Join(dir, "机构名录.csv"), []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "甲区人民医院"), 0o755)
	purchases := filepath.Join(dir, "甲区人民医院", "采购.csv")
	os.WriteFile(purchases, []byte("采购日期,品名,类别,供应商,金额,是否平台采购\n"+
		today.AddDate(0, 0, -20).Format("2006-01-02")+",紫杉醇,药品,乙医药,20000,是\n"+
		later+",紫杉醇,药品,乙医药,30000,是\n"+later+",多西他赛,药品,乙医药,10000,是\n"), 0o644)
	if code, _, stderr := xuncha(t, "--db", db, "ingest", dir); code != exitOK {
		t.Fatalf("ingest: %s", stderr)
	}
	code, _, stderr := xuncha(t, "--db", db, "build")
	want := "warning: " + purchases + ": 2 rows dated after the build date " + today.Format("2006-01-02")
	if code != exitOK || !strings.Contains(stderr, want) {
		t.Errorf("build: exit %d, stderr %q; want %q", code, stderr, want)
	}
	html := filepath.Join(dir, "previsit.html")
	if code, _, stderr := xuncha(t, "--db", db, "report", "previsit", "--institution", "A1", "-o", html); code != exitOK {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(html); !strings.Contains(string(b), "<b>日期晚于构建日期的行：</b>2行") {
		t.Errorf("the report's coverage does not count the rows dated after the build")
	}
}
