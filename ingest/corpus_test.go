package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestCorpus: every spreadsheet written by others ends in rows or in one clear
// error line naming the file — never a panic, a hang or a runaway allocation.
func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*")
	if err != nil || len(files) < 100 {
		t.Fatalf("corpus: %d files, %v", len(files), err)
	}
	db := openTestDB(t)
	dir := t.TempDir()
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	var rows, failed int
	var readerRows atomic.Int64
	for _, f := range files {
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		done := make(chan FileResult, 1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					done <- FileResult{Err: fmt.Errorf("PANIC: %v", r)}
				}
			}()
			// the reader yields the rows it can; the ingester loads them or says why not
			if sheets, closeFn, err := openSheets(f, Options{}.readLimits()); err == nil {
				for _, s := range sheets {
					_ = s.rows(func(int, []string) bool { readerRows.Add(1); return true })
				}
				closeFn()
			}
			res, err := Ingest(context.Background(), db, []string{f}, Options{Institution: "T001"})
			if err != nil {
				done <- FileResult{Err: err}
				return
			}
			done <- res[0]
		}()
		select {
		case r := <-done:
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 512<<20 {
				t.Errorf("%s: heap grew by %d MiB", f, grown>>20)
			}
			switch {
			case r.Err != nil:
				failed++
				msg := r.Err.Error()
				t.Log(msg)
				if strings.Contains(msg, "PANIC") || strings.Contains(msg, "\n") || !strings.Contains(msg, filepath.Base(f)) {
					t.Errorf("%s: want one line naming the file, got %q", f, msg)
				}
			default:
				rows += int(r.Read)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("%s: no answer within 60 s", f)
		}
	}
	t.Logf("%d files: readers gave %d rows; %d rows ingested, %d files refused with a reason", len(files), readerRows.Load(), rows, failed)
	if readerRows.Load() < 1000 {
		t.Errorf("readers gave only %d rows from the corpus", readerRows.Load())
	}
}

// FuzzOpenSheets: arbitrary bytes under any supported extension never panic.
func FuzzOpenSheets(f *testing.F) {
	for _, p := range []string{"testdata/corpus/date.xlsx", "testdata/corpus/merged_range.xlsx", "testdata/csv-encodings/dirty_orders_gbk.csv"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, filepath.Ext(p))
		}
	}
	f.Add([]byte("采购日期,品名\n2025-01-01,x\n"), ".csv")
	f.Add([]byte("PAR1\x00\x00PAR1"), ".parquet")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte, ext string) {
		switch ext {
		case ".xlsx", ".csv", ".parquet", ".xls", ".tsv":
		default:
			ext = ".csv"
		}
		p := filepath.Join(dir, "f"+ext)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		sheets, closeFn, err := openSheets(p, Options{}.readLimits())
		if err != nil {
			return
		}
		defer closeFn()
		for _, s := range sheets {
			n := 0
			_ = s.rows(func(int, []string) bool { n++; return n < 10000 })
		}
	})
}

// FuzzDetectHeader: any grid of cells either maps to a contract or says why not.
func FuzzDetectHeader(f *testing.F) {
	f.Add("巴南区人民医院2025年采购表\n单位：万元\n采购日期,品名,类别,供应商,金额,采购渠道\n2025-01-01,x,药品,v,1,平台")
	f.Add("工号,姓名,科室,发放月份,基本工资,绩效工资")
	f.Fuzz(func(t *testing.T, s string) {
		var rows [][]string
		for _, line := range strings.Split(s, "\n") {
			rows = append(rows, strings.Split(line, ","))
		}
		m, err := detectHeader(rows, 1, detectHint{})
		if err == nil && (m == nil || len(m.missing) > 0) {
			t.Fatalf("accepted a header with missing fields: %+v", m)
		}
	})
}
