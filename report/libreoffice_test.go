package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The evidence workbook in a spreadsheet program: LibreOffice (headless) opens it and saves it
// again; what it saves still has a filter on every table sheet — LibreOffice found working
// filters, not just names — and the evidence sheet's row amounts still sum to the flag's.
func TestWorkbookInLibreOffice(t *testing.T) {
	p := loadFixture(t, LoadOptions{AllEvidence: true})
	var buf bytes.Buffer
	if err := WritePrevisitXLSX(&buf, p); err != nil {
		t.Fatal(err)
	}
	back := throughLibreOffice(t, buf.Bytes())
	x, err := excelize.OpenReader(bytes.NewReader(back))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	if n := autoFilterSheets(t, back); n != len(sheets)-2 {
		t.Errorf("after LibreOffice %d of %d sheets have a filter, want every sheet but 概要 and the hidden review marker", n, len(sheets))
	}
	f := plantedFlag(t, p)
	rows, err := x.GetRows(f.TitleZH, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) != 3 {
		t.Fatalf("evidence sheet %s read back: %d rows, %v", f.TitleZH, len(rows), err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "本行金额（元）" {
			col = i
		}
	}
	var sum float64
	for _, r := range rows[1:] {
		if col < 0 || col >= len(r) {
			t.Fatalf("no 本行金额 column in %q", rows[0])
		}
		v, err := strconv.ParseFloat(r[col], 64)
		if err != nil {
			t.Errorf("row amount %q is not a number after LibreOffice", r[col])
		}
		sum += v
	}
	if sum != *f.AmountYuan {
		t.Errorf("Σ row amounts after LibreOffice = %v, want %v", sum, *f.AmountYuan)
	}
}

// throughLibreOffice opens a workbook in LibreOffice (headless) and returns what it saves.
func throughLibreOffice(t *testing.T, book []byte) []byte {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		missingTool(t, "LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "evidence.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, book, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--convert-to", "xlsx", "--outdir", out, in)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	back, err := os.ReadFile(filepath.Join(out, "evidence.xlsx"))
	if err != nil {
		t.Fatalf("LibreOffice wrote nothing: %v", err)
	}
	return back
}
