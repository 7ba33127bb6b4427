package ingest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestIngestCellTooLarge: a row with a cell over the limit is rejected with a prefix of
// the cell, and the rows around it load.
func TestIngestCellTooLarge(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	huge := strings.Repeat("阿莫西林", 5_000) // 60,000 bytes (Excel keeps at most 32,767 characters)
	rows := [][]any{
		{"采购日期", "品名", "类别", "供应商", "金额", "采购渠道"},
		{"2025-01-02", "头孢", "药品", "甲医药", "10", "平台"},
		{"2025-01-03", huge, "药品", "甲医药", "20", "平台"},
		{"2025-01-04", "布洛芬", "药品", "乙医药", "30", "平台"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	wb := filepath.Join(dir, "采购.xlsx")
	if err := f.SaveAs(wb); err != nil {
		t.Fatal(err)
	}
	res, err := Ingest(context.Background(), db, []string{wb}, Options{Institution: "T001", MaxCellBytes: 50_000})
	if err != nil || res[0].Err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	if r := res[0]; r.Loaded != 2 || r.Rejected != 1 {
		t.Errorf("loaded %d rejected %d, want 2 and 1", r.Loaded, r.Rejected)
	}
	var row int
	var col, reason, cells string
	if err := db.QueryRow("select row_no, column_name, reason, cells::varchar from raw.rejected").Scan(&row, &col, &reason, &cells); err != nil {
		t.Fatal(err)
	}
	if row != 3 || col != "品名" || !strings.HasPrefix(reason, "cell_too_large (58.6 KiB, over the 48.8 KiB limit): 品名 = \"阿莫西林") {
		t.Errorf("reject row %d col %q reason %.120q", row, col, reason)
	}
	if len(cells) > 1000 || !strings.Contains(cells, "甲医药") {
		t.Errorf("raw.rejected keeps %d bytes of cells: %.200s", len(cells), cells)
	}
}

// TestIngestCSVTooLarge: a CSV field over the limit rejects its row; an unclosed quote
// that would swallow the rest of the file fails it with the row, without reading it all.
func TestIngestCSVTooLarge(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	head := "采购日期,品名,类别,供应商,金额,采购渠道\n2025-01-02,头孢,药品,甲医药,10,平台\n"
	big := write(t, filepath.Join(dir, "big.csv"), []byte(head+"2025-01-03,"+strings.Repeat("药", 1000)+",药品,甲医药,20,平台\n2025-01-04,布洛芬,药品,乙医药,30,平台\n"))
	res, err := Ingest(context.Background(), db, []string{big}, Options{Institution: "T001", MaxCellBytes: 1000})
	if err != nil || res[0].Err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	if r := res[0]; r.Loaded != 2 || r.Rejected != 1 || !strings.HasPrefix(r.Rejects[0].Reason(), "cell_too_large (2.9 KiB, over the 1000 bytes limit): 品名") {
		t.Errorf("loaded %d rejected %d %v", r.Loaded, r.Rejected, r.Rejects)
	}
	unclosed := write(t, filepath.Join(dir, "unclosed.csv"), []byte(head+"2025-01-03,\"头孢,药品,甲医药,20,平台\n"+strings.Repeat("2025-01-04,布洛芬,药品,乙医药,30,平台\n", 200)))
	res, err = Ingest(context.Background(), db, []string{unclosed}, Options{Institution: "T001", MaxCellBytes: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "row 3: a record longer than 3.9 KiB (an unclosed quote?)") {
		t.Errorf("err = %v", res[0].Err)
	}
}

// TestFailedLargeFileLeavesNothing: a file that fails after whole row groups of it were
// written to the warehouse file (write_buffer_row_group_count 1) leaves no row behind, and
// the same rows load in full once the file is fixed.
func TestFailedLargeFileLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	const rows = 300_000 // two full row groups and more
	var b strings.Builder
	b.WriteString("采购日期,订单号,品名,类别,供应商,金额,是否平台采购\n")
	for i := range rows {
		fmt.Fprintf(&b, "2025-%02d-%02d,PO%07d,品名%d,药品,供应商%d,%d.00,平台\n", 1+i%12, 1+i%28, i, i%500, i%40, 100+i%9000)
	}
	good := b.String()
	bad := filepath.Join(dir, "甲", "采购.csv")
	write(t, bad, []byte(good+"2025-01-01,PO9,\""+strings.Repeat("x", 5000)+"\n"))
	res, err := Ingest(context.Background(), db, []string{bad}, Options{Institution: "T001", MaxCellBytes: 1000})
	if err != nil || res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "a record longer than") {
		t.Fatalf("want the file to fail on its unclosed quote: %v %+v", err, res)
	}
	var n int
	if err := db.QueryRow("select count(*) from raw.procurement").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d rows of the failed file left in raw.procurement (%v)", n, err)
	}
	fixed := filepath.Join(dir, "乙", "采购.csv")
	write(t, fixed, []byte(good))
	if res, err = Ingest(context.Background(), db, []string{fixed}, Options{Institution: "T001"}); err != nil || res[0].Err != nil {
		t.Fatalf("%v %+v", err, res)
	}
	if err := db.QueryRow("select count(*) from raw.procurement").Scan(&n); err != nil || n != rows || res[0].Loaded != rows {
		t.Errorf("%d rows in raw.procurement, %d loaded; want %d", n, res[0].Loaded, rows)
	}
}
