package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/warehouse"
)

// An ingest killed (SIGKILL) at a random moment leaves whole files or none: the ledger and
// the raw rows agree, and ingesting again completes the rest without doubling anything.
func TestKilledIngestReconciles(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	os.MkdirAll(filepath.Join(data, "甲区人民医院"), 0o755)
	os.WriteFile(filepath.Join(data, "机构名录.csv"), []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)
	const files, rows = 6, 3000
	for f := 0; f < files; f++ {
		var b strings.Builder
		b.WriteString("采购单号,采购日期,品名,类别,供应商,金额,是否平台采购\n")
		for r := 0; r < rows; r++ {
			fmt.Fprintf(&b, "PO%d-%d,2025-%02d-%02d,物资%d,药品,甲医药,%d,平台\n", f, r, f+1, r%28+1, r%50, 100+r)
		}
		os.WriteFile(filepath.Join(data, "甲区人民医院", fmt.Sprintf("采购%d.csv", f)), []byte(b.String()), 0o644)
	}
	clean := filepath.Join(dir, "clean.duckdb")
	start := time.Now()
	if code, _, stderr := xuncha(t, "--db", clean, "ingest", "-q", data); code != exitOK {
		t.Fatalf("clean ingest: %d %s", code, stderr)
	}
	took := time.Since(start)

	db := filepath.Join(dir, "w.duckdb")
	check := func() (ledger, raw int64) {
		t.Helper()
		w, err := warehouse.Open(context.Background(), db, warehouse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		if err := w.QueryRow("select coalesce(sum(rows_loaded), 0) from meta.ingest_file where kinds = 'procurement'").Scan(&ledger); err != nil {
			t.Fatal(err)
		}
		// raw.procurement exists once any ingest has begun; an ingest killed before that has none
		if err := w.QueryRow("select count(*) from duckdb_tables() where table_name = 'procurement'").Scan(&raw); err != nil || raw == 0 {
			return ledger, 0
		}
		if err := w.QueryRow("select count(*) from raw.procurement").Scan(&raw); err != nil {
			t.Fatal(err)
		}
		var orphans int64
		w.QueryRow("select count(*) from raw.procurement where _file_id not in (select file_id from meta.ingest_file)").Scan(&orphans)
		if orphans > 0 {
			t.Errorf("%d raw rows of no file in the ledger", orphans)
		}
		return ledger, raw
	}
	for i := 0; i < 3; i++ {
		cmd := exec.Command(os.Args[0], "--db", db, "ingest", "-q", data)
		cmd.Env = append(os.Environ(), "XUNCHA_TEST_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := time.Duration(rand.Int64N(int64(took)))
		time.Sleep(after)
		cmd.Process.Kill()
		cmd.Wait()
		ledger, raw := check()
		t.Logf("killed after %v: ledger %d rows, raw %d rows", after.Round(time.Millisecond), ledger, raw)
		if ledger != raw || raw%rows != 0 {
			t.Fatalf("kill %d: ledger says %d rows, raw.procurement holds %d; want equal, whole files of %d", i, ledger, raw, rows)
		}
	}
	if code, _, stderr := xuncha(t, "--db", db, "ingest", "-q", data); code != exitOK {
		t.Fatalf("ingest after the kills: %d %s", code, stderr)
	}
	if ledger, raw := check(); ledger != files*rows || raw != files*rows {
		t.Errorf("after a complete ingest: ledger %d, raw %d; want %d each", ledger, raw, files*rows)
	}
}
