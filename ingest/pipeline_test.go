package ingest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestPipelineSameRows: rows streamed to DuckDB a record of one row (or of seven) at a time,
// an INSERT every 64 rows or 5 rejects, while the next rows are read in buffers DuckDB has
// read before (recycler), give the same raw rows,
// row numbers and rejects as one record and one INSERT for the whole file; DuckDB's
// threads are as they were after the ingest.
func TestPipelineSameRows(t *testing.T) {
	dir := t.TempDir()
	var big strings.Builder
	big.WriteString("采购日期,品名,类别,供应商,金额,采购渠道\n")
	for i := range 5000 {
		date := fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i%28)
		if i%97 == 0 {
			date = "2025-13-40"
		}
		fmt.Fprintf(&big, "%s,品名%d,药品,供应商%d,%d.%02d,平台\n", date, i, i%40, 100+i, i%100)
	}
	// the dirty fixtures under a payments header (id,名称,金额,日期,备注 is no kind)
	header := "付款单号,收款单位,付款金额,付款日期,备注"
	gbkHeader, _ := simplifiedchinese.GBK.NewEncoder().String(header)
	fixture := func(name, header string) string {
		b, err := os.ReadFile("testdata/csv-encodings/" + name)
		if err != nil {
			t.Fatal(err)
		}
		_, body, _ := bytes.Cut(b, []byte("\n"))
		return write(t, filepath.Join(dir, "区人民医院", "付款_"+name), append([]byte(header+"\n"), body...))
	}
	files := []struct{ path, kind string }{
		{fixture("dirty_orders_utf8.csv", header), "payments"},
		{fixture("dirty_orders_gbk.csv", gbkHeader), "payments"},
		{write(t, filepath.Join(dir, "区人民医院", "采购.csv"), []byte(big.String())), "procurement"},
	}
	load := func(record, batch, rejects int) (map[string][]string, int64) {
		defer func(r, b, j int) { recordRows, batchRows, rejectRows = r, b, j }(recordRows, batchRows, rejectRows)
		recordRows, batchRows, rejectRows = record, batch, rejects
		db := openTestDB(t)
		db.Exec("SET threads = 3")
		Ingest(context.Background(), db, []string{write(t, filepath.Join(t.TempDir(), "机构名录.csv"), []byte(registryCSV))}, Options{})
		var rejected int64
		for _, f := range files {
			res, err := Ingest(context.Background(), db, []string{f.path}, Options{Institution: "T001", Kind: f.kind})
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Err != nil {
				t.Fatalf("%s: %v", f.path, res[0].Err)
			}
			rejected += res[0].Rejected
		}
		var threads int
		if err := db.QueryRow("select current_setting('threads')").Scan(&threads); err != nil || threads != 3 {
			t.Errorf("threads after the ingest: %d %v, want 3", threads, err)
		}
		out := map[string][]string{}
		for _, q := range []string{
			"select * exclude (_file_id) from raw.procurement order by _file_id, _row",
			"select * exclude (_file_id) from raw.payments order by _file_id, _row",
			"select * exclude (file_id) from raw.rejected order by file_id, row_no",
		} {
			out[q] = rowStrings(t, db, q)
		}
		return out, rejected
	}
	inline, r1 := load(1<<20, 1<<20, 1<<20)
	piped, r2 := load(1, 64, 5)
	sevens, r3 := load(7, 1<<20, 5)
	if n, p := len(inline["select * exclude (_file_id) from raw.procurement order by _file_id, _row"]), len(inline["select * exclude (_file_id) from raw.payments order by _file_id, _row"]); n < 4900 || p < 4 || r1 < 54 {
		t.Fatalf("loaded %d procurement and %d payment rows, %d rejects", n, p, r1)
	}
	if r1 != r2 || !reflect.DeepEqual(inline, piped) {
		t.Errorf("one record: %d rejects, streamed: %d; tables equal: %v", r1, r2, reflect.DeepEqual(inline, piped))
	}
	if r1 != r3 || !reflect.DeepEqual(inline, sevens) {
		t.Errorf("one record: %d rejects, records of 7 rows: %d; tables equal: %v", r1, r3, reflect.DeepEqual(inline, sevens))
	}
}

// TestRejectNamesLeftmostBadCell: a row with several bad cells is always rejected for
// the leftmost one, so that the same file gives the same raw.rejected every time.
func TestRejectNamesLeftmostBadCell(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	csv := "采购日期,品名,类别,供应商,金额,采购渠道\n" + strings.Repeat("2025-13-40,x,药品,v,abc,不知道\n", 20)
	res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "采购.csv"), []byte(csv))}, Options{})
	if err != nil || res[0].Err != nil || res[0].Rejected != 20 {
		t.Fatalf("%v %+v", err, res)
	}
	var cols []string
	rows, err := db.Query("select distinct column_name from raw.rejected")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	if len(cols) != 1 || cols[0] != "采购日期" {
		t.Errorf("rejects name %v, want only 采购日期", cols)
	}
}
