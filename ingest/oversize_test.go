package ingest

import (
	"context"
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
