package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Two overlapping exports: ingest keeps both and names the command; files lists the
// ledger; supersede and --undo change what is in force.
func TestFilesAndSupersede(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	put := func(name, body string) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	put("机构名录.csv", "机构编码,机构名称\nT001,重庆市巴南区人民医院\n")
	head := "采购单号,采购日期,品名,类别,供应商,金额,采购渠道\n"
	put("重庆市巴南区人民医院/a.csv", head+"PO1,2025-01-01,x,药品,v,100,平台\nPO2,2025-02-01,y,药品,v,100,平台\n")
	b := put("重庆市巴南区人民医院/b.csv", head+"PO2,2025-02-01,y,药品,v,100,平台\nPO3,2025-03-01,z,药品,v,100,平台\n")
	if code, _, stderr := xuncha(t, "--db", db, "ingest", filepath.Join(dir, "机构名录.csv"), filepath.Join(dir, "重庆市巴南区人民医院", "a.csv")); code != exitOK {
		t.Fatalf("ingest: exit %d %s", code, stderr)
	}
	code, _, stderr := xuncha(t, "--db", db, "ingest", b)
	if code != exitOK || !strings.Contains(stderr, "repeats 1 of the 2 rows of file 2 (a.csv)") || !strings.Contains(stderr, "xuncha supersede 2 --by 3") {
		t.Fatalf("overlapping ingest: exit %d, stderr %q", code, stderr)
	}
	status := func() string {
		t.Helper()
		code, out, stderr := xuncha(t, "--db", db, "files")
		if code != exitOK {
			t.Fatalf("files: exit %d %s", code, stderr)
		}
		var s []string
		for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
			f := strings.Fields(line)
			st := f[len(f)-1:]
			if len(f) > 3 && f[len(f)-2] == "by" {
				st = f[len(f)-3:]
			}
			s = append(s, f[0]+" "+strings.Join(st, " "))
		}
		return strings.Join(s, "; ")
	}
	if got := status(); got != "1 loaded; 2 loaded; 3 loaded" {
		t.Errorf("files after ingest: %q", got)
	}
	if code, _, stderr := xuncha(t, "--db", db, "supersede", "2", "--by", "3"); code != exitOK {
		t.Fatalf("supersede: exit %d %s", code, stderr)
	}
	if got := status(); got != "1 loaded; 2 superseded by 3; 3 loaded" {
		t.Errorf("files after supersede: %q", got)
	}
	if code, _, stderr := xuncha(t, "--db", db, "supersede", "--undo", "2"); code != exitOK {
		t.Fatalf("supersede --undo: exit %d %s", code, stderr)
	}
	if got := status(); got != "1 loaded; 2 loaded; 3 loaded" {
		t.Errorf("files after undo: %q", got)
	}
	for _, args := range [][]string{{"supersede", "2"}, {"supersede", "2", "--by", "3", "--undo"}, {"supersede", "x", "--undo"}} {
		if code, _, stderr := xuncha(t, append([]string{"--db", db}, args...)...); code != exitUsage {
			t.Errorf("xuncha %v: exit %d %s, want a usage error", args, code, stderr)
		}
	}
	if code, _, stderr := xuncha(t, "--db", db, "supersede", "--undo", "3"); code != exitFailure || !strings.Contains(stderr, "file 3 is loaded, not superseded") {
		t.Errorf("undo of a file in force: exit %d %q", code, stderr)
	}
}
