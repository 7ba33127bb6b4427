package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"unsafe"
)

// sharedStrings holds every shared string in one string: s[starts[i]:starts[i+1]].
type sharedStrings struct {
	s      string
	starts []uint32
	big    map[int]int64 // entries cut to a prefix → their full size
}

func (t *sharedStrings) len() int { return max(0, len(t.starts)-1) }

func (t *sharedStrings) get(i int) string { return t.s[t.starts[i]:t.starts[i+1]] }

func scanShared(r io.Reader, lim Limits) (*sharedStrings, error) {
	s := newScanner(r)
	var sb []byte // grown by hand: doubling past the limit would hold half as much again
	starts := []uint32{0}
	var big map[int]int64
	var entry []byte
	var size int64
	in, phonetic := false, false
	tooMany := func() error {
		return fmt.Errorf("%w: shared strings hold more than %d MiB; split the workbook or save the sheet as CSV", ErrTooLarge, lim.SharedBytes>>20)
	}
	finish := func() error {
		if size > lim.CellBytes {
			if big == nil {
				big = map[int]int64{}
			}
			big[len(starts)-1] = size
			entry = CutPrefix(entry)
		} else {
			entry = unescapeBstr(entry)
		}
		need := len(sb) + len(entry)
		if int64(need)+4*int64(len(starts)+1) > lim.SharedBytes {
			return tooMany()
		}
		if need > cap(sb) {
			sb = append(make([]byte, 0, max(4096, need, int(min(2*int64(cap(sb)), lim.SharedBytes)))), sb...)
		}
		sb = append(sb, entry...)
		starts = append(starts, uint32(len(sb)))
		entry, size, in, phonetic = entry[:0], 0, false, false
		return nil
	}
	for {
		t, ok := s.tag()
		if !ok {
			break
		}
		name, closing, empty := tagName(t)
		switch string(name) {
		case "si":
			switch {
			case closing && in:
				if err := finish(); err != nil {
					return nil, err
				}
			case !closing && empty:
				if err := finish(); err != nil {
					return nil, err
				}
			case !closing:
				in, entry, size = true, entry[:0], 0
			}
		case "rPh":
			phonetic = !closing && !empty
		case "t":
			if in && !phonetic && !closing && !empty {
				var n int64
				entry, n = s.text(entry, lim.CellBytes+1-int64(len(entry)))
				size += n
			}
		}
	}
	if s.err != nil {
		return nil, s.err
	}
	return &sharedStrings{s: unsafe.String(unsafe.SliceData(sb), len(sb)), starts: starts, big: big}, nil
}

// scanMerges finds the <mergeCell ref="A1:B3"/> elements that follow </sheetData>.
func scanMerges(r io.Reader, limit int) ([]Range, error) {
	s := newScanner(r)
	for {
		if !s.find([]byte("sheetData>")) {
			return nil, s.err
		}
		// the closing tag, with or without a prefix: </sheetData> or </x:sheetData>
		lt := bytes.LastIndexByte(s.buf[max(0, s.pos-32):s.pos], '<')
		if lt >= 0 && s.buf[max(0, s.pos-32)+lt+1] == '/' {
			break
		}
	}
	var out []Range
	for {
		t, ok := s.tag()
		if !ok {
			return out, s.err
		}
		name, closing, _ := tagName(t)
		if closing || string(name) != "mergeCell" {
			continue
		}
		attrs(t, func(k, v []byte) {
			if string(k) != "ref" {
				return
			}
			a, b, ok := bytes.Cut(v, []byte(":"))
			if !ok {
				return
			}
			c1, r1, ok1 := cellRef(bytes.ReplaceAll(a, []byte("$"), nil))
			c2, r2, ok2 := cellRef(bytes.ReplaceAll(b, []byte("$"), nil))
			if ok1 && ok2 && r1 > 0 && r2 >= r1 && c2 >= c1 {
				out = append(out, Range{r1, c1, r2, c2})
			}
		})
		if len(out) > limit {
			return nil, fmt.Errorf("%w: more than %d merged ranges in one sheet", ErrTooLarge, limit)
		}
	}
}

// cellVal is a value of the row being read: a shared string, or bytes of the row buffer.
type cellVal struct {
	col        int
	shared     string
	start, end int
	isShared   bool
}

// rowScan is the state of scanRows.
type rowScan struct {
	s       *scanner
	sst     *sharedStrings
	lim     Limits
	row     Row
	last    int // last row number yielded
	vals    []cellVal
	text    []byte // values of the current row that are not shared strings
	v, is   []byte
	maxCols int
}

func scanRows(r io.Reader, sst *sharedStrings, lim Limits, fn func(*Row) bool) error {
	rs := &rowScan{s: newScanner(r), sst: sst, lim: lim}
	for {
		t, ok := rs.s.tag()
		if !ok {
			return rs.s.err
		}
		name, closing, empty := tagName(t)
		switch string(name) {
		case "row":
			if closing {
				continue
			}
			num := rs.last + 1
			var bad error
			attrs(t, func(k, v []byte) {
				if string(k) == "r" {
					if n, ok := atoi(v); ok && n > rs.last {
						num = n
					}
					if n, ok := atoi(v); ok && n > maxRows {
						bad = fmt.Errorf("%w (row number %d beyond the last row of a sheet)", ErrCorrupt, n)
					}
				}
			})
			if bad != nil {
				return bad
			}
			for rs.last+1 < num { // rows a sheet leaves out are blank rows
				rs.last++
				rs.row = Row{Num: rs.last, Cells: rs.row.Cells[:0]}
				if !fn(&rs.row) {
					return nil
				}
			}
			if empty {
				if !rs.emit(num, fn) {
					return nil
				}
				continue
			}
			cont, err := rs.cells(num, fn)
			if err != nil || !cont {
				return err
			}
		case "sheetData":
			if closing {
				return rs.s.err
			}
		}
	}
}

// cells reads the cells of row num up to </row> and yields the row.
func (rs *rowScan) cells(num int, fn func(*Row) bool) (bool, error) {
	rs.vals, rs.text = rs.vals[:0], rs.text[:0]
	rs.row.TooLarge, rs.row.Sizes = rs.row.TooLarge[:0], rs.row.Sizes[:0]
	col := -1
	for {
		t, ok := rs.s.tag()
		if !ok {
			return false, rs.s.err
		}
		name, closing, empty := tagName(t)
		switch string(name) {
		case "row":
			if closing {
				return rs.emit(num, fn), nil
			}
		case "sheetData":
			if closing { // a row left open: it still counts
				rs.emit(num, fn)
				return false, nil
			}
		case "c":
			if closing {
				continue
			}
			col++
			typ := ""
			attrs(t, func(k, v []byte) {
				switch string(k) {
				case "r":
					if c, _, ok := cellRef(v); ok {
						col = c
					}
				case "t":
					typ = string(v) // the short type names are interned by the compiler
				}
			})
			if empty {
				continue
			}
			if err := rs.cell(num, col, typ); err != nil {
				return false, err
			}
		}
	}
}

// cell reads one cell's content up to </c>.
func (rs *rowScan) cell(num, col int, typ string) error {
	s := rs.s
	rs.v, rs.is = rs.v[:0], rs.is[:0]
	var vSize, isSize int64
	hasIS, phonetic := false, false
	limit := rs.lim.CellBytes + 1
	for {
		t, ok := s.tag()
		if !ok {
			return s.err
		}
		name, closing, empty := tagName(t)
		switch string(name) {
		case "c":
			if closing {
				return rs.value(num, col, typ, hasIS, vSize, isSize)
			}
		case "v":
			if !closing && !empty {
				rs.v, vSize = s.text(rs.v[:0], limit)
			}
		case "is":
			hasIS = hasIS || !closing
		case "rPh":
			phonetic = !closing && !empty
		case "t":
			if hasIS && !phonetic && !closing && !empty {
				var n int64
				rs.is, n = s.text(rs.is, limit-int64(len(rs.is)))
				isSize += n
			}
		case "row", "sheetData":
			return fmt.Errorf("%w (row %d: cell %s is not closed)", ErrCorrupt, num, CellName(max(col, 0), num))
		}
	}
}

// value stores the cell just read in the row being built.
func (rs *rowScan) value(num, col int, typ string, hasIS bool, vSize, isSize int64) error {
	if col >= rs.lim.Columns || col < 0 {
		return nil
	}
	var b []byte
	size := vSize
	switch {
	case typ == "s":
		if len(bytes.TrimSpace(rs.v)) == 0 {
			return nil
		}
		i, ok := atoi(rs.v)
		if !ok || i >= rs.sst.len() {
			return fmt.Errorf("%w (row %d: cell %s refers to shared string %q of %d)", ErrCorrupt, num, CellName(col, num), rs.v, rs.sst.len())
		}
		v := rs.sst.get(i)
		if v == "" {
			return nil
		}
		if full, cut := rs.sst.big[i]; cut {
			rs.row.TooLarge, rs.row.Sizes = append(rs.row.TooLarge, col), append(rs.row.Sizes, full)
		}
		rs.vals = append(rs.vals, cellVal{col: col, shared: v, isShared: true})
		return nil
	case typ == "inlineStr" && hasIS:
		b, size = rs.is, isSize
	default:
		b = rs.v
	}
	if size > rs.lim.CellBytes || int64(len(rs.text))+size > rowBytes(rs.lim) {
		rs.row.TooLarge, rs.row.Sizes = append(rs.row.TooLarge, col), append(rs.row.Sizes, size)
		b = CutPrefix(b)
	} else if typ == "inlineStr" {
		b = unescapeBstr(b)
	}
	if len(b) == 0 {
		return nil
	}
	start := len(rs.text)
	rs.text = append(rs.text, b...)
	rs.vals = append(rs.vals, cellVal{col: col, start: start, end: len(rs.text)})
	return nil
}

// rowBytes bounds the text of one row: many cells just under the cell limit must not add
// up to gigabytes.
func rowBytes(l Limits) int64 { return 4 * l.CellBytes }

// emit builds the row's cells (one string allocation for all its non-shared values) and
// yields it.
func (rs *rowScan) emit(num int, fn func(*Row) bool) bool {
	rs.last = num
	cells := rs.row.Cells[:0]
	text := string(rs.text)
	for _, v := range rs.vals {
		for len(cells) <= v.col {
			cells = append(cells, "")
		}
		if v.isShared {
			cells[v.col] = v.shared
		} else {
			cells[v.col] = text[v.start:v.end]
		}
	}
	rs.row.Num, rs.row.Cells = num, cells
	ok := fn(&rs.row)
	rs.vals, rs.text = rs.vals[:0], rs.text[:0]
	rs.row.TooLarge, rs.row.Sizes = rs.row.TooLarge[:0], rs.row.Sizes[:0]
	return ok
}
