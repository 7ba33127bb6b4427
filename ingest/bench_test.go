package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkIngestCSV measures the ingester on a procurement CSV and, on the same file
// in the same run, DuckDB's native read_csv into a table: the ratio is what the
// header detection, normalisers, lineage and rejects cost.
func BenchmarkIngestCSV(b *testing.B) {
	const rows = 200_000
	dir := b.TempDir()
	path := filepath.Join(dir, "甲区人民医院", "采购.csv")
	os.MkdirAll(filepath.Dir(path), 0o755)
	f, _ := os.Create(path)
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "采购日期,订单号,品名,类别,供应商,金额,是否平台采购")
	for i := 0; i < rows; i++ {
		fmt.Fprintf(w, "2025-%02d-%02d,PO%07d,品名%d,药品,供应商%d,%d.%02d,平台\n", 1+i%12, 1+i%28, i, i%500, i%40, 100+i%9000, i%100)
	}
	w.Flush()
	f.Close()
	reg := filepath.Join(dir, "机构名录.csv")
	os.WriteFile(reg, []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)

	var ours, native time.Duration
	for i := 0; i < b.N; i++ {
		db := openTestDB(b)
		if _, err := Ingest(context.Background(), db, []string{reg}, Options{}); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		res, err := Ingest(context.Background(), db, []string{path}, Options{})
		if err != nil || res[0].Err != nil || res[0].Loaded != rows {
			b.Fatalf("%v %+v", err, res)
		}
		ours += time.Since(start)
		start = time.Now()
		if _, err := db.Exec("create table native as select * from read_csv(?, header = true)", path); err != nil {
			b.Fatal(err)
		}
		native += time.Since(start)
	}
	b.ReportMetric(float64(rows*b.N)/ours.Seconds(), "rows/s")
	b.ReportMetric(ours.Seconds()/native.Seconds(), "x_native_read_csv")
}
