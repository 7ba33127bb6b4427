package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMapCommand: a file ingest refuses names what is missing; `xuncha map -w` writes a
// proposal beside it; once the one unmapped column is filled in, ingest -v loads the file
// and says the mapping file decided it.
func TestMapCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	os.WriteFile(filepath.Join(dir, "机构名录.csv"), []byte("机构编码,机构名称,医院等级,机构类别\nA1,甲区人民医院,三级甲等,综合医院\n"), 0o644)
	if code, _, stderr := xuncha(t, "--db", db, "ingest", "-q", filepath.Join(dir, "机构名录.csv")); code != exitOK {
		t.Fatalf("registry: exit %d %s", code, stderr)
	}
	data := filepath.Join(dir, "甲区人民医院", "费用明细.csv")
	os.MkdirAll(filepath.Dir(data), 0o755)
	os.WriteFile(data, []byte("结算ID,操作时刻,医疗目录编码,数量,单价,明细项目费用总额\nS1,2025-03-07,250101001,1,5,5\n"), 0o644)

	code, _, stderr := xuncha(t, "--db", db, "ingest", "-q", data)
	if code != exitFailure || strings.Count(stderr, "error:") != 1 || !strings.Contains(stderr, "lacks required column(s) 费用发生时间") {
		t.Fatalf("unmapped file: exit %d stderr %q", code, stderr)
	}
	if code, _, stderr := xuncha(t, "map", "-w", data); code != exitOK {
		t.Fatalf("map -w: exit %d %s", code, stderr)
	}
	mapPath := filepath.Join(filepath.Dir(data), "xuncha-map.ini")
	b, err := os.ReadFile(mapPath)
	if err != nil || !strings.Contains(string(b), "操作时刻 -> -") {
		t.Fatalf("proposal: %v\n%s", err, b)
	}
	os.WriteFile(mapPath, []byte(strings.Replace(string(b), "操作时刻 -> -", "操作时刻 -> service_date", 1)), 0o644)

	code, stdout, stderr := xuncha(t, "--db", db, "ingest", "-v", data)
	if code != exitOK || !strings.Contains(stdout, "映射文件 xuncha-map.ini:") || !strings.Contains(stdout, "操作时刻 → service_date 1.00: 映射文件") {
		t.Fatalf("with the mapping: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := xuncha(t, "map"); code != exitUsage || !strings.Contains(stderr, "name at least one file") {
		t.Errorf("map without files: exit %d %q", code, stderr)
	}
}
