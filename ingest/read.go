package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	xtransform "golang.org/x/text/transform"
)

// ErrUnsupported marks files xuncha cannot read; the message says what to do.
var ErrUnsupported = errors.New("unsupported file")

// Limits guard against hostile spreadsheets (zip bombs, huge allocations).
const (
	maxUnzipBytes    = 2 << 30  // total uncompressed workbook
	maxUnzipXMLBytes = 64 << 20 // a worksheet above this streams from a temp file
	maxColumns       = 512
)

// sheet is one table-like source: a worksheet, or a whole CSV.
type sheet struct {
	name     string
	hidden   bool
	date1904 bool
	merges   []merge
	rows     func(yield func(rowNo int, cells []string) bool) error
}

type merge struct{ r1, c1, r2, c2 int } // 1-based inclusive rows, 0-based columns

// openSheets returns the sheets of a file, or one clear error saying why not.
func openSheets(path string) ([]sheet, func() error, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	head := make([]byte, 8)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	f.Close()
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		if ext == ".xlsx" || ext == ".xlsm" {
			return nil, nil, fmt.Errorf("%w: password-protected (encrypted) workbook; remove the password in Excel/WPS and save again", ErrUnsupported)
		}
		return nil, nil, fmt.Errorf("%w: legacy Excel 97-2003 (.xls) workbook; open it in Excel/WPS and save as .xlsx", ErrUnsupported)
	case ext == ".xls":
		return nil, nil, fmt.Errorf("%w: not a readable .xls workbook (corrupt or another format); save it as .xlsx", ErrUnsupported)
	case ext == ".xlsb":
		return nil, nil, fmt.Errorf("%w: binary Excel (.xlsb) workbook; save it as .xlsx", ErrUnsupported)
	case ext == ".ods":
		return nil, nil, fmt.Errorf("%w: OpenDocument (.ods) spreadsheet; save it as .xlsx", ErrUnsupported)
	case ext == ".xlsx" || ext == ".xlsm":
		if !bytes.HasPrefix(head, []byte("PK")) {
			return nil, nil, fmt.Errorf("%w: corrupt workbook (not a zip container); re-export it as .xlsx", ErrUnsupported)
		}
		return openXLSX(path)
	case ext == ".csv" || ext == ".tsv" || ext == ".txt":
		s, err := openCSV(path)
		return []sheet{s}, func() error { return nil }, err
	case ext == ".parquet":
		return openParquet(path)
	}
	return nil, nil, fmt.Errorf("%w: %q files are not extracts (use .xlsx, .csv or .parquet)", ErrUnsupported, ext)
}

func openXLSX(path string) (sheets []sheet, closeFn func() error, err error) {
	defer func() {
		if r := recover(); r != nil {
			sheets, closeFn, err = nil, nil, fmt.Errorf("%w: corrupt workbook (%v); re-export it as .xlsx", ErrUnsupported, r)
		}
	}()
	xf, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: maxUnzipBytes, UnzipXMLSizeLimit: maxUnzipXMLBytes})
	if err != nil {
		msg := err.Error()
		switch {
		case strings.Contains(msg, "password") || strings.Contains(msg, "encrypt"):
			return nil, nil, fmt.Errorf("%w: password-protected workbook; remove the password and save again", ErrUnsupported)
		case strings.Contains(msg, "size limit") || strings.Contains(msg, "unzip size"):
			return nil, nil, fmt.Errorf("%w: workbook expands beyond %d MiB (zip bomb?); split it or export CSV", ErrUnsupported, maxUnzipBytes>>20)
		}
		return nil, nil, fmt.Errorf("%w: corrupt workbook (%s); re-export it as .xlsx", ErrUnsupported, firstLine(msg))
	}
	date1904 := false
	if p, err := xf.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	for _, name := range xf.GetSheetList() {
		visible, _ := xf.GetSheetVisible(name)
		var merges []merge
		if mcs, err := xf.GetMergeCells(name, true); err == nil {
			for _, mc := range mcs {
				c1, r1, e1 := excelize.CellNameToCoordinates(mc.GetStartAxis())
				c2, r2, e2 := excelize.CellNameToCoordinates(mc.GetEndAxis())
				if e1 == nil && e2 == nil && r2-r1 < 1_000_000 {
					merges = append(merges, merge{r1, c1 - 1, r2, c2 - 1})
				}
			}
		}
		name := name
		sheets = append(sheets, sheet{
			name: name, hidden: !visible, date1904: date1904, merges: merges,
			rows: func(yield func(int, []string) bool) (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("corrupt worksheet %q: %v", name, r)
					}
				}()
				rows, err := xf.Rows(name)
				if err != nil {
					return err
				}
				defer rows.Close()
				rowNo := 0
				for rows.Next() {
					rowNo++
					cells, err := rows.Columns(excelize.Options{RawCellValue: true})
					if err != nil {
						return fmt.Errorf("row %d: %v", rowNo, err)
					}
					if len(cells) > maxColumns {
						cells = cells[:maxColumns]
					}
					if !yield(rowNo, cells) {
						return nil
					}
				}
				return rows.Error()
			},
		})
	}
	return sheets, xf.Close, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// openCSV detects encoding (UTF-8, UTF-8 BOM, else GB18030, a superset of GBK) and
// delimiter (comma or tab) from the first 64 KiB.
func openCSV(path string) (sheet, error) {
	f, err := os.Open(path)
	if err != nil {
		return sheet{}, err
	}
	probe := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, probe)
	probe = probe[:n]
	f.Close()
	if bytes.IndexByte(probe, 0) >= 0 {
		return sheet{}, fmt.Errorf("%w: binary data in a text file (not a CSV export)", ErrUnsupported)
	}
	bom := bytes.HasPrefix(probe, []byte{0xEF, 0xBB, 0xBF})
	// a probe cut mid-rune is still UTF-8: trim up to 3 trailing bytes before checking
	body := probe
	for i := 0; i < 3 && len(body) > 0 && !utf8.Valid(body); i++ {
		body = body[:len(body)-1]
	}
	gbk := !bom && !utf8.Valid(body)
	delim := ','
	firstLines := string(probe)
	if i := strings.IndexByte(firstLines, '\n'); i >= 0 && len(probe) > 4096 {
		firstLines = firstLines[:min(len(firstLines), 8192)]
	}
	if strings.Count(firstLines, "\t") > strings.Count(firstLines, ",") {
		delim = '\t'
	}
	s := sheet{name: filepath.Base(path)}
	s.rows = func(yield func(int, []string) bool) error {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		var r io.Reader = bufio.NewReaderSize(f, 1<<20)
		if bom {
			r.(*bufio.Reader).Discard(3)
		}
		if gbk {
			r = xtransform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
		}
		cr := csv.NewReader(r)
		cr.Comma = delim
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		cr.ReuseRecord = true
		rowNo := 0
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("row %d: %v", rowNo+1, err)
			}
			rowNo++
			if len(rec) > maxColumns {
				rec = rec[:maxColumns]
			}
			if !yield(rowNo, rec) {
				return nil
			}
		}
	}
	return s, nil
}

// mergeFiller fills the cells a merged range covers below its top-left cell, so a
// category merged down many rows reaches every row. Ranges are not filled across
// columns: a value merged across columns belongs to the first only.
type mergeFiller struct {
	byStart map[int][]merge
	active  []merge
	values  map[merge]string
}

func newMergeFiller(ms []merge) *mergeFiller {
	f := &mergeFiller{byStart: map[int][]merge{}, values: map[merge]string{}}
	for _, m := range ms {
		if m.r2 > m.r1 {
			f.byStart[m.r1] = append(f.byStart[m.r1], m)
		}
	}
	return f
}

func (f *mergeFiller) fill(rowNo int, cells []string) []string {
	if len(f.byStart) == 0 {
		return cells
	}
	for _, m := range f.byStart[rowNo] {
		if m.c1 < len(cells) {
			f.values[m] = cells[m.c1]
		}
		f.active = append(f.active, m)
	}
	kept := f.active[:0]
	for _, m := range f.active {
		if rowNo > m.r2 {
			delete(f.values, m)
			continue
		}
		kept = append(kept, m)
		if rowNo > m.r1 && m.c1 < maxColumns {
			for len(cells) <= m.c1 {
				cells = append(cells, "")
			}
			if strings.TrimSpace(cells[m.c1]) == "" {
				cells[m.c1] = f.values[m]
			}
		}
	}
	f.active = kept
	return cells
}
