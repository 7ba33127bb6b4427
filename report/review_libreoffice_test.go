package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/report/reporttest"
)

// The review round-trip through a spreadsheet program: the evidence workbook is filled in,
// saved by LibreOffice, and ingested; LibreOffice keeps the hidden marker, the protection, the
// verdict list and the date, so the review is recorded against its flag.
func TestReviewWorkbookInLibreOffice(t *testing.T) {
	ctx := context.Background()
	db := reporttest.New(t)
	p, err := LoadPrevisit(ctx, db, reporttest.Institution, reporttest.Year, LoadOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePrevisitXLSX(&buf, p); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	flag := plantedFlag(t, p)
	rows, err := x.GetRows(ingest.ReviewSheet)
	if err != nil || len(rows) != 2 || rows[1][0] != flag.FlagID {
		t.Fatalf("review sheet rows = %q, %v; want the header and the planted flag", rows, err)
	}
	for col, v := range map[string]any{"J2": "部分属实", "K2": "两笔中一笔已在平台补录", "L2": "张三", "M2": time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)} {
		if err := x.SetCellValue(ingest.ReviewSheet, col, v); err != nil {
			t.Fatal(err)
		}
	}
	var filled bytes.Buffer
	if _, err := x.WriteTo(&filled); err != nil {
		t.Fatal(err)
	}
	x.Close()

	back := throughLibreOffice(t, filled.Bytes())
	saved, err := excelize.OpenReader(bytes.NewReader(back))
	if err != nil {
		t.Fatal(err)
	}
	defer saved.Close()
	if visible, err := saved.GetSheetVisible(ingest.ReviewMarkerSheet); err != nil || visible {
		t.Errorf("after LibreOffice the marker sheet is visible (%v, %v)", visible, err)
	}
	if dvs, err := saved.GetDataValidations(ingest.ReviewSheet); err != nil || len(dvs) != 2 {
		t.Errorf("after LibreOffice data validations = %+v, %v", dvs, err)
	}
	if n := sheetsContaining(t, back, "<sheetProtection"); n != 1 {
		t.Errorf("after LibreOffice %d sheets are protected, want the review sheet", n)
	}

	path := filepath.Join(t.TempDir(), "returned.xlsx")
	if err := os.WriteFile(path, back, 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := ingest.Ingest(ctx, db, []string{path}, ingest.Options{NewKey: true}) // the fixture has no key file
	if err != nil || len(res) != 1 || res[0].Err != nil || res[0].Loaded != 1 {
		t.Fatalf("ingest: %+v, %v", res, err)
	}
	var id, verdict, note, reviewer, on string
	if err := db.QueryRow("select flag_id, verdict, note, reviewer, strftime(reviewed_on, '%Y-%m-%d') from meta.flag_review").
		Scan(&id, &verdict, &note, &reviewer, &on); err != nil {
		t.Fatal(err)
	}
	if id != flag.FlagID || verdict != "部分属实" || note != "两笔中一笔已在平台补录" || reviewer != "张三" || on != "2026-03-02" {
		t.Errorf("recorded %s %s %s %s %s", id, verdict, note, reviewer, on)
	}
}
