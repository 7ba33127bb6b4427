package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	xtransform "golang.org/x/text/transform"

	"github.com/xuncha/xuncha/ingest/xlsx"
	"github.com/xuncha/xuncha/warehouse"
)

// ErrUnsupported marks files xuncha cannot read; the message says what to do.
var ErrUnsupported = errors.New("unsupported file")

// maxColumns: cells right of this column are ignored (no extract is wider).
const maxColumns = 512

// sheet is one table-like source: a worksheet, or a whole CSV.
type sheet struct {
	name     string
	hidden   bool
	date1904 bool
	rows     func(yield func(rowNo int, cells []string) bool) error
	fresh    bool // rows yields every row in a slice of its own, the loader's to keep
	// tooLarge says whether a cell of a row just read was cut to a prefix by the
	// reader's cell size limit (nil for readers without one).
	tooLarge func(rowNo int) (oversize, bool)
}

type merge struct{ r1, c1, r2, c2 int } // 1-based inclusive rows, 0-based columns

// openSheets returns the sheets of a file, or one clear error saying why not, reading
// within lim (its zero fields: the reader's defaults).
func openSheets(path string, lim xlsx.Limits) ([]sheet, func() error, error) {
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
		return openXLSX(path, lim)
	case ext == ".csv" || ext == ".tsv" || ext == ".txt":
		s, err := openCSV(path, lim.CellBytes)
		return []sheet{s}, func() error { return nil }, err
	case ext == ".parquet":
		return openParquet(path)
	}
	return nil, nil, fmt.Errorf("%w: %q files are not extracts (use .xlsx, .csv or .parquet)", ErrUnsupported, ext)
}

func openXLSX(path string, lim xlsx.Limits) (sheets []sheet, closeFn func() error, err error) {
	defer func() {
		if r := recover(); r != nil {
			sheets, closeFn, err = nil, nil, fmt.Errorf("%w: corrupt workbook (%v); re-export it as .xlsx", ErrUnsupported, r)
		}
	}()
	lim = lim.WithDefaults()
	wb, err := xlsx.Open(path, lim)
	if err != nil {
		return nil, nil, workbookError(err)
	}
	for _, xs := range wb.Sheets {
		tooLarge := map[int]oversize{}
		sheets = append(sheets, sheet{
			name: xs.Name, hidden: xs.Hidden, date1904: wb.Date1904,
			tooLarge: func(rowNo int) (oversize, bool) {
				o, ok := tooLarge[rowNo]
				delete(tooLarge, rowNo)
				return o, ok
			},
			rows: func(yield func(int, []string) bool) (err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("corrupt worksheet %q: %v", xs.Name, r)
					}
				}()
				ranges, err := wb.Merges(xs)
				if err != nil {
					return workbookError(err)
				}
				merges := make([]merge, 0, len(ranges))
				for _, r := range ranges {
					if r.R2-r.R1 < 1_000_000 {
						merges = append(merges, merge{r.R1, r.C1, r.R2, r.C2})
					}
				}
				filler := newMergeFiller(merges)
				err = wb.Rows(xs, func(r *xlsx.Row) bool {
					if len(r.TooLarge) > 0 {
						tooLarge[r.Num] = oversize{col: r.TooLarge[0], size: r.Sizes[0], limit: lim.CellBytes}
					}
					return yield(r.Num, filler.fill(r.Num, r.Cells))
				})
				if err != nil {
					return workbookError(err)
				}
				return nil
			},
		})
	}
	return sheets, wb.Close, nil
}

// workbookError turns a reader error into the one line a user reads.
func workbookError(err error) error {
	if errors.Is(err, xlsx.ErrTooLarge) {
		return fmt.Errorf("%w: %s", ErrUnsupported, warehouse.FirstLine(err.Error()))
	}
	return fmt.Errorf("%w: %s; re-export it as .xlsx", ErrUnsupported, warehouse.FirstLine(err.Error()))
}

// openCSV detects encoding (UTF-8, UTF-8 BOM, else GB18030, a superset of GBK) and
// delimiter (comma or tab) from the first 64 KiB. A field over maxCell bytes (0: the
// default) is cut to a prefix and rejects its row; a record over four times that (an
// unclosed quote swallowing the rest of the file) fails the file, so memory stays bounded.
func openCSV(path string, maxCell int64) (sheet, error) {
	if maxCell <= 0 {
		maxCell = xlsx.DefaultLimits.CellBytes
	}
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
	tooLarge := map[int]oversize{}
	s := sheet{name: filepath.Base(path), fresh: true, tooLarge: func(rowNo int) (oversize, bool) {
		o, ok := tooLarge[rowNo]
		delete(tooLarge, rowNo)
		return o, ok
	}}
	s.rows = func(yield func(int, []string) bool) error {
		chunks := make(chan csvChunk, 2)
		stop := make(chan struct{})
		defer func() {
			close(stop)
			for range chunks { // let the reader see stop and end
			}
		}()
		go readCSV(path, bom, gbk, delim, maxCell, chunks, stop)
		for c := range chunks {
			for i, rec := range c.rows {
				if o, ok := c.big[c.first+i]; ok {
					tooLarge[c.first+i] = o
				}
				if !yield(c.first+i, rec) {
					return nil
				}
			}
			if c.err != nil {
				return c.err
			}
		}
		return nil
	}
	return s, nil
}

// csvChunk is a run of records read ahead, the first numbered first; err ends the file.
type csvChunk struct {
	first int
	rows  [][]string
	big   map[int]oversize // cells cut to a prefix, by row
	err   error
}

// Records go to the loader in chunks of up to these many rows or bytes: the CSV reader
// runs in its own goroutine, a chunk or two ahead of the rows being normalised.
const (
	chunkRows  = 256
	chunkBytes = 1 << 20
)

// readCSV reads the records of a CSV file into chunks until the end, an error or stop.
func readCSV(path string, bom, gbk bool, delim rune, maxCell int64, chunks chan<- csvChunk, stop <-chan struct{}) {
	defer close(chunks)
	send := func(c csvChunk) bool {
		select {
		case chunks <- c:
			return true
		case <-stop:
			return false
		}
	}
	f, err := os.Open(path)
	if err != nil {
		send(csvChunk{err: err})
		return
	}
	defer f.Close()
	var r io.Reader = f
	if bom {
		if _, err := f.Seek(3, io.SeekStart); err != nil {
			send(csvChunk{err: err})
			return
		}
	}
	if gbk {
		r = xtransform.NewReader(r, simplifiedchinese.GB18030.NewDecoder())
	}
	lim := &recordLimiter{r: r, max: 4 * maxCell}
	cr := &csvReader{br: bufio.NewReaderSize(lim, 64<<10), delim: byte(delim)}
	var b csvChunkBuilder
	rowNo := 0
	for {
		err := b.read(cr)
		if err == io.EOF {
			send(b.chunk(rowNo, maxCell))
			return
		}
		if err != nil {
			c := b.chunk(rowNo, maxCell)
			c.err = fmt.Errorf("row %d: %v", rowNo+1, err)
			send(c)
			return
		}
		rowNo++
		lim.start = cr.read
		if len(b.recs) >= chunkRows || b.size >= chunkBytes {
			if !send(b.chunk(rowNo, maxCell)) {
				return
			}
		}
	}
}

// csvChunkBuilder collects the records of a chunk as one text, the end of each field in
// it and the end of each record's fields: the chunk's cells are slices of one string.
type csvChunkBuilder struct {
	text []byte
	ends []int // of each field in text
	recs []int // of each record in ends
	size int   // of text
}

// read adds the next record; on an error (io.EOF after the last record) it adds nothing.
func (b *csvChunkBuilder) read(cr *csvReader) error {
	text, ends := len(b.text), len(b.ends)
	var err error
	b.text, b.ends, err = cr.next(b.text, b.ends)
	if err != nil {
		b.text, b.ends = b.text[:text], b.ends[:ends]
		return err
	}
	b.size += len(b.text) - text
	b.recs = append(b.recs, len(b.ends))
	return nil
}

// chunk is the records read since the last chunk, the last of them row last, and starts
// the next. A cell over maxCell bytes is cut to a prefix.
func (b *csvChunkBuilder) chunk(last int, maxCell int64) csvChunk {
	c := csvChunk{first: last - len(b.recs) + 1, rows: make([][]string, 0, len(b.recs))}
	str := string(b.text)
	cells := make([]string, 0, len(b.ends))
	at, f := 0, 0
	for k, end := range b.recs {
		n := len(cells)
		for col := 0; f < end; col, f = col+1, f+1 {
			v := str[at:b.ends[f]]
			at = b.ends[f]
			if int64(len(v)) > maxCell {
				if c.big == nil {
					c.big = map[int]oversize{}
				}
				c.big[c.first+k] = oversize{col: col, size: int64(len(v)), limit: maxCell}
				v = string(xlsx.CutPrefix([]byte(v)))
			}
			cells = append(cells, v)
		}
		c.rows = append(c.rows, cells[n:len(cells):len(cells)]) // a row grown by the loader leaves the slab
	}
	b.text, b.ends, b.recs, b.size = b.text[:0], b.ends[:0], b.recs[:0], 0
	if cap(b.text) > 4*chunkBytes { // after a record of large cells
		b.text = nil
	}
	return c
}

// csvReader reads the records of a CSV text as encoding/csv does with LazyQuotes and any
// number of fields a record, of which it keeps the first maxColumns (the same fields, blank
// lines skipped alike: FuzzCSVReader),
// without the positions it keeps for its errors, which LazyQuotes never reports; a line
// without a quote is split on the delimiter alone.
type csvReader struct {
	br    *bufio.Reader
	delim byte
	long  []byte // a line longer than br's buffer
	read  int64  // bytes read of the input
}

// readLine is the next line, \r\n read as \n and a \r at the end of the input dropped.
func (c *csvReader) readLine() ([]byte, error) {
	line, err := c.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		c.long = append(c.long[:0], line...)
		for err == bufio.ErrBufferFull {
			line, err = c.br.ReadSlice('\n')
			c.long = append(c.long, line...)
		}
		line = c.long
	}
	c.read += int64(len(line))
	if n := len(line); n > 0 && err == io.EOF {
		err = nil
		if line[n-1] == '\r' {
			line = line[:n-1]
		}
	}
	if n := len(line); n >= 2 && line[n-2] == '\r' && line[n-1] == '\n' {
		line[n-2] = '\n'
		line = line[:n-1]
	}
	return line, err
}

func lengthNL(b []byte) int {
	if len(b) > 0 && b[len(b)-1] == '\n' {
		return 1
	}
	return 0
}

// next appends the text of the next record's fields to text and the end of each field in
// text to ends; io.EOF after the last record.
func (c *csvReader) next(text []byte, ends []int) ([]byte, []int, error) {
	line, err := c.readLine()
	for err == nil && len(line) == lengthNL(line) { // a blank line
		line, err = c.readLine()
	}
	if err == io.EOF {
		return text, ends, err
	}
	first := len(ends)
	if bytes.IndexByte(line, '"') < 0 {
		line = line[:len(line)-lengthNL(line)]
		for len(ends)-first < maxColumns-1 {
			i := bytes.IndexByte(line, c.delim)
			if i < 0 {
				break
			}
			text = append(text, line[:i]...)
			ends = append(ends, len(text))
			line = line[i+1:]
		}
		if i := bytes.IndexByte(line, c.delim); i >= 0 { // the cells right of maxColumns
			line = line[:i]
		}
		text = append(text, line...)
		return text, append(ends, len(text)), err
	}
field:
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, c.delim)
			if i < 0 {
				text = append(text, line[:len(line)-lengthNL(line)]...)
				text, ends = fieldEnd(text, ends, first)
				break
			}
			text = append(text, line[:i]...)
			text, ends = fieldEnd(text, ends, first)
			line = line[i+1:]
			continue
		}
		line = line[1:]
		for {
			i := bytes.IndexByte(line, '"')
			switch {
			case i >= 0:
				text = append(text, line[:i]...)
				line = line[i+1:]
				switch {
				case len(line) > 0 && line[0] == '"': // "" is a quote
					text = append(text, '"')
					line = line[1:]
				case len(line) > 0 && line[0] == c.delim:
					text, ends = fieldEnd(text, ends, first)
					line = line[1:]
					continue field
				case len(line) == lengthNL(line):
					text, ends = fieldEnd(text, ends, first)
					break field
				default: // a quote inside a field is kept
					text = append(text, '"')
				}
			case len(line) > 0: // the field goes on on the next line
				text = append(text, line...)
				if err != nil {
					break field
				}
				if line, err = c.readLine(); err == io.EOF {
					err = nil
				}
			default: // the input ends inside quotes
				text, ends = fieldEnd(text, ends, first)
				break field
			}
		}
	}
	return text, ends, err
}

// fieldEnd ends a field of the record whose fields start at ends[first]; a field right of
// maxColumns is dropped, so that a line of many fields takes the memory of maxColumns.
func fieldEnd(text []byte, ends []int, first int) ([]byte, []int) {
	if len(ends)-first < maxColumns {
		return text, append(ends, len(text))
	}
	return text[:ends[len(ends)-1]], ends
}

// recordLimiter stops the CSV reader once one record runs past max bytes.
type recordLimiter struct {
	r           io.Reader
	read, start int64 // bytes handed to the CSV reader; where its current record starts
	max         int64
}

func (l *recordLimiter) Read(p []byte) (int, error) {
	if l.read-l.start > l.max {
		return 0, fmt.Errorf("a record longer than %s (an unclosed quote?); fix the quoting or split the file", sizeString(l.max))
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
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
