// Package xlsx reads the cells of Office Open XML workbooks as a stream, in memory that
// does not grow with the number of rows: shared strings are loaded once into one string,
// worksheets are scanned at the byte level, merged ranges are found by a pre-scan of the
// inflated worksheet instead of loading its DOM. Every part has an inflation limit and
// every cell a size limit, so a hostile workbook costs bounded memory.
//
// Values are returned as stored (the "raw" values of a spreadsheet library): numbers and
// dates as their serial, booleans as 0/1, strings with their _xHHHH_ escapes resolved.
package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/klauspost/compress/flate"
)

// Limits protect the machine from hostile workbooks; zero fields take the defaults.
type Limits struct {
	CellBytes   int64 // a cell value above this is cut to a prefix and reported
	SheetBytes  int64 // inflated size of one worksheet (streamed: costs time, not memory)
	SharedBytes int64 // memory held by the shared strings
	PartBytes   int64 // inflated size of a small part read whole (workbook, relationships)
	Columns     int   // cells right of this column are ignored
	Merges      int   // merged ranges kept per sheet
}

// DefaultLimits: a few MB per cell, shared strings well under the 1 GB a laptop can spare.
var DefaultLimits = Limits{
	CellBytes:   4 << 20,
	SheetBytes:  16 << 30,
	SharedBytes: 256 << 20,
	PartBytes:   32 << 20,
	Columns:     16384,
	Merges:      1 << 20,
}

// WithDefaults fills the zero fields of l from DefaultLimits.
func (l Limits) WithDefaults() Limits {
	d := DefaultLimits
	if l.CellBytes > 0 {
		d.CellBytes = l.CellBytes
	}
	if l.SheetBytes > 0 {
		d.SheetBytes = l.SheetBytes
	}
	if l.SharedBytes > 0 {
		d.SharedBytes = l.SharedBytes
	}
	if l.PartBytes > 0 {
		d.PartBytes = l.PartBytes
	}
	if l.Columns > 0 {
		d.Columns = l.Columns
	}
	if l.Merges > 0 {
		d.Merges = l.Merges
	}
	return d
}

// maxRows is the last row number a worksheet may use.
const maxRows = 1 << 20

// Errors a caller may want to tell apart; messages say what is wrong with the file.
var (
	ErrCorrupt  = errors.New("corrupt workbook")
	ErrTooLarge = errors.New("workbook part too large")
)

// Workbook is an open .xlsx/.xlsm file.
type Workbook struct {
	z        *zip.ReadCloser
	parts    map[string]*zip.File // lower-case, slash-separated name → entry
	lim      Limits
	Date1904 bool
	Sheets   []Sheet
	sstPart  string
	sst      *sharedStrings
}

// Sheet is one worksheet of the workbook, in workbook order.
type Sheet struct {
	Name   string
	Hidden bool
	part   string
}

// Range is a merged range: 1-based inclusive rows, 0-based inclusive columns.
type Range struct{ R1, C1, R2, C2 int }

// Open reads the workbook's structure; shared strings are loaded on the first Rows call.
func Open(name string, lim Limits) (*Workbook, error) {
	z, err := zip.OpenReader(name)
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrCorrupt, err)
	}
	z.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	wb := &Workbook{z: z, parts: map[string]*zip.File{}, lim: lim.WithDefaults()}
	for _, f := range z.File {
		wb.parts[partKey(f.Name)] = f
	}
	if err := wb.readStructure(); err != nil {
		z.Close()
		return nil, err
	}
	return wb, nil
}

// Close releases the file.
func (wb *Workbook) Close() error { return wb.z.Close() }

// partKey normalises a part name: producers write backslashes, odd case and leading slashes.
func partKey(name string) string {
	return strings.ToLower(strings.TrimLeft(strings.ReplaceAll(name, `\`, "/"), "/"))
}

const (
	relOfficeDocument = "/officeDocument"
	relWorksheet      = "/worksheet"
	relSharedStrings  = "/sharedStrings"
)

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type workbookXML struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Attrs []xml.Attr `xml:",any,attr"` // name, state and r:id, whatever the prefix's namespace
	} `xml:"sheets>sheet"`
}

func (wb *Workbook) readStructure() error {
	wbPart := "xl/workbook.xml"
	var root relationships
	if ok, err := wb.decodePart("_rels/.rels", &root); err != nil {
		return err
	} else if ok {
		for _, r := range root.Rels {
			if strings.HasSuffix(r.Type, relOfficeDocument) {
				wbPart = resolve("", r.Target)
				break
			}
		}
	}
	var w workbookXML
	if ok, err := wb.decodePart(wbPart, &w); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("%w (no workbook part %s)", ErrCorrupt, wbPart)
	}
	wb.Date1904 = w.Pr.Date1904 == "1" || strings.EqualFold(w.Pr.Date1904, "true")
	dir := path.Dir(wbPart)
	var rels relationships
	if _, err := wb.decodePart(path.Join(dir, "_rels", path.Base(wbPart)+".rels"), &rels); err != nil {
		return err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		switch {
		case strings.HasSuffix(r.Type, relWorksheet):
			targets[r.ID] = resolve(dir, r.Target)
		case strings.HasSuffix(r.Type, relSharedStrings):
			wb.sstPart = resolve(dir, r.Target)
		}
	}
	if wb.sstPart == "" {
		wb.sstPart = path.Join(dir, "sharedStrings.xml")
	}
	for _, s := range w.Sheets {
		var name, state, id string
		for _, a := range s.Attrs {
			switch {
			case a.Name.Local == "name" && a.Name.Space == "":
				name = a.Value
			case a.Name.Local == "state" && a.Name.Space == "":
				state = a.Value
			case a.Name.Local == "id" && a.Name.Space != "":
				id = a.Value
			}
		}
		p, ok := targets[id]
		if !ok {
			continue // a chart sheet or dialog sheet: no cells
		}
		wb.Sheets = append(wb.Sheets, Sheet{Name: name, Hidden: state == "hidden" || state == "veryHidden", part: p})
	}
	return nil
}

// resolve a relationship target against the folder of its source part.
func resolve(dir, target string) string {
	target = strings.ReplaceAll(target, `\`, "/")
	if strings.HasPrefix(target, "/") {
		return partKey(target)
	}
	return partKey(path.Join(dir, target))
}

// decodePart unmarshals a small part; ok is false when the part does not exist.
func (wb *Workbook) decodePart(name string, v any) (ok bool, err error) {
	r, err := wb.openPart(name, wb.lim.PartBytes)
	if err != nil || r == nil {
		return false, err
	}
	defer r.Close()
	if err := xml.NewDecoder(r).Decode(v); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return false, err
		}
		return false, fmt.Errorf("%w (%s: %v)", ErrCorrupt, name, err)
	}
	return true, nil
}

// openPart opens a part for reading with an inflation limit; nil when it does not exist.
func (wb *Workbook) openPart(name string, limit int64) (io.ReadCloser, error) {
	f := wb.parts[partKey(name)]
	if f == nil {
		return nil, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w (%s: %v)", ErrCorrupt, name, err)
	}
	return &limitedPart{rc: rc, name: name, left: limit, limit: limit}, nil
}

// limitedPart stops inflating a part at its limit: a zip bomb ends in an error, not in
// exhausted memory or disk.
type limitedPart struct {
	rc          io.ReadCloser
	name        string
	left, limit int64
}

func (p *limitedPart) Read(b []byte) (int, error) {
	if p.left <= 0 {
		return 0, fmt.Errorf("%w: %s inflates beyond %d MiB (zip bomb?)", ErrTooLarge, p.name, p.limit>>20)
	}
	if int64(len(b)) > p.left {
		b = b[:p.left+1] // one byte past the limit tells "exactly at" from "beyond"
	}
	n, err := p.rc.Read(b)
	p.left -= int64(n)
	if p.left < 0 {
		return 0, fmt.Errorf("%w: %s inflates beyond %d MiB (zip bomb?)", ErrTooLarge, p.name, p.limit>>20)
	}
	if err != nil && !errors.Is(err, io.EOF) {
		err = fmt.Errorf("%w (%s: %v)", ErrCorrupt, p.name, err)
	}
	return n, err
}

func (p *limitedPart) Close() error { return p.rc.Close() }

// Merges returns the merged ranges of a sheet, from a pre-scan of its XML (they follow
// the cells, so they must be known before the rows stream).
func (wb *Workbook) Merges(sh Sheet) ([]Range, error) {
	r, err := wb.openPart(sh.part, wb.lim.SheetBytes)
	if err != nil || r == nil {
		return nil, err
	}
	defer r.Close()
	return scanMerges(r, wb.lim.Merges)
}

// Row is one worksheet row. Cells is reused by the next row; its strings are not.
type Row struct {
	Num   int
	Cells []string
	// TooLarge lists the columns whose value was over Limits.CellBytes: the cell holds
	// a prefix of it, Sizes the full size in bytes.
	TooLarge []int
	Sizes    []int64
}

// Rows calls fn for every row of the sheet from row 1 to the last row written, blank
// rows included, so that Num is the row number a user sees in Excel.
func (wb *Workbook) Rows(sh Sheet, fn func(*Row) bool) error {
	if wb.sst == nil {
		sst, err := wb.loadShared()
		if err != nil {
			return err
		}
		wb.sst = sst
	}
	r, err := wb.openPart(sh.part, wb.lim.SheetBytes)
	if err != nil {
		return err
	}
	if r == nil {
		return fmt.Errorf("%w (worksheet part %s is missing)", ErrCorrupt, sh.part)
	}
	defer r.Close()
	return scanRows(r, wb.sst, wb.lim, fn)
}

func (wb *Workbook) loadShared() (*sharedStrings, error) {
	r, err := wb.openPart(wb.sstPart, wb.lim.SheetBytes)
	if err != nil {
		return nil, err
	}
	if r == nil {
		return &sharedStrings{}, nil
	}
	defer r.Close()
	return scanShared(r, wb.lim)
}

// ColumnName is the letters of a 0-based column index (0 → A, 26 → AA).
func ColumnName(col int) string {
	var b []byte
	for col++; col > 0; col = (col - 1) / 26 {
		b = append([]byte{byte('A' + (col-1)%26)}, b...)
	}
	return string(b)
}

// CellName is the A1 reference of a 0-based column in a row.
func CellName(col, row int) string { return ColumnName(col) + strconv.Itoa(row) }
