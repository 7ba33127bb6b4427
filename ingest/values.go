package ingest

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuncha/xuncha/ingest/cell"
)

// isNullWord: what exports write for "nothing here" in optional fields, ignoring ASCII case
// (no other letter lowers to one of theirs).
func isNullWord(s string) bool {
	switch s {
	case "-", "--", "—", "——", "/", "无", "暂无", "null", "n/a", "na", "#n/a", "待定", "不适用", "空":
		return true
	}
	for i := 0; i < len(s) && len(s) <= len("null"); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return isNullWord(strings.ToLower(s))
		}
	}
	return false
}

// trimCell is strings.TrimSpace without its walk rune by rune for the common cell, one that
// starts and ends with a visible character.
func trimCell(s string) string {
	if s == "" {
		return s
	}
	if c := s[0]; c < utf8.RuneSelf && asciiSpace(c) {
		return strings.TrimSpace(s)
	} else if spaceStart[c] {
		if r, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(r) {
			return strings.TrimSpace(s)
		}
	}
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		if asciiSpace(c) {
			return strings.TrimSpace(s)
		}
	} else if spaceEnd[c] {
		if r, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(r) {
			return strings.TrimSpace(s)
		}
	}
	return s
}

// spaceStart and spaceEnd hold the first and the last bytes of the UTF-8 of every space
// beyond ASCII (U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F,
// U+3000): a cell starting or ending with any other byte is not decoded.
var spaceStart, spaceEnd = func() (start, end [256]bool) {
	add := func(lo, hi, stride rune) {
		for r := max(lo, utf8.RuneSelf); r <= hi; r += stride {
			b := utf8.AppendRune(nil, r)
			start[b[0]], end[b[len(b)-1]] = true, true
		}
	}
	for _, r := range unicode.White_Space.R16 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	for _, r := range unicode.White_Space.R32 {
		add(rune(r.Lo), rune(r.Hi), rune(r.Stride))
	}
	return start, end
}()

func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// reasonCode names a cell parser's error by the code stored in raw.rejected; errors.Is still
// finds the parser's sentinel through it.
func reasonCode(err error) error {
	switch {
	case errors.Is(err, cell.ErrBadDate):
		return &codedError{"bad_date", err}
	case errors.Is(err, cell.ErrBadAmount):
		return &codedError{"bad_amount", err}
	case errors.Is(err, cell.ErrBadNumber):
		return &codedError{"bad_number", err}
	case errors.Is(err, cell.ErrBadBool):
		return &codedError{"bad_bool", err}
	}
	return err
}

// codedError reads as its code and unwraps to the error it names.
type codedError struct {
	code string
	err  error
}

func (e *codedError) Error() string { return e.code }
func (e *codedError) Unwrap() error { return e.err }

// parse converts one data row to the values of the contract's fields (by field index).
// An opening-balance row may leave empty the required fields its contract lets it.
func (s *sheetLoader) parse(rowNo int, cells []string, opening bool) ([]any, *RowError) {
	c := s.m.contract
	n := len(c.Fields)
	if cap(s.vals) < n {
		s.vals, s.seen = make([]any, n), make([]bool, n)
	}
	vals, seen := s.vals[:n], s.seen[:n]
	clear(vals)
	clear(seen)
	insts, instFis := s.instCols[:0], s.instFis[:0] // the columns naming the row's institution, and their fields
	defer func() { s.instCols, s.instFis = insts, instFis }()
	s.rowParts = nil
	for k, cf := range s.order {
		col, fi := cf.col, cf.fi
		seen[fi] = true
		f := &c.Fields[fi]
		required := f.Required && !(opening && s.openingMay(f.Name)) && (len(s.m.parts) == 0 || s.m.parts[fi] == nil)
		raw, ahead := s.trimmed(k, cellAt(cells, col))
		if raw == "" && s.m.contract.Period != nil && f.Name == s.m.contract.Period.Field && s.period != nil {
			vals[fi] = s.period
			continue
		}
		if f.Type == TypeInstitution {
			if raw != "" && !isNullWord(raw) {
				insts, instFis = append(insts, col), append(instFis, fi)
			}
			continue
		}
		if raw == "" || (!ahead && !required && isNullWord(raw)) { // a cell converted ahead is no null word
			if required {
				return nil, &RowError{Column: strings.TrimSpace(s.m.headers[col]), Err: ErrMissing}
			}
			continue
		}
		var v any
		var err error
		if ahead {
			v, err = s.pre[k].v, s.pre[k].err
		} else {
			v, err = s.memoValue(&s.memos, f, raw, col)
		}
		if err != nil {
			// an optional date written as words (未验收, 待报废) means "no date"
			if !required && (f.Type == TypeDate || f.Type == TypeMonth) && strings.ContainsAny(raw, "未无待") {
				continue
			}
			return nil, &RowError{Column: strings.TrimSpace(s.m.headers[col]), Value: raw, Err: reasonCode(err)}
		}
		vals[fi] = v
	}
	if p := c.Period; p != nil && s.period != nil {
		if fi := c.fieldIndex(p.Field); !seen[fi] {
			vals[fi], seen[fi] = s.period, true
		}
	}
	for fi, cols := range s.m.parts {
		if re := s.splitAmount(rowNo, cells, fi, cols, vals); re != nil {
			return nil, re
		}
		seen[fi] = vals[fi] != nil
	}
	for fi := range c.Fields {
		if f := &c.Fields[fi]; f.Required && !seen[fi] && !(opening && s.openingMay(f.Name)) && !s.fromItems(f.Name) {
			return nil, &RowError{Column: f.Headers[0], Err: ErrMissing}
		}
	}
	if len(insts) > 0 {
		code, re := s.institutionOf(cells, insts)
		if re != nil {
			return nil, re
		}
		v := s.lastInstV // boxed once
		if code != s.lastInst || v == nil {
			v = code
		}
		for _, fi := range instFis {
			vals[fi] = v
		}
	}
	return vals, nil
}

// fromItems: a wide sheet's item and value fields come from its item columns.
func (s *sheetLoader) fromItems(field string) bool {
	w := s.m.contract.Wide
	return len(s.m.items) > 0 && (field == w.ItemField || field == w.ValueField)
}

// splitAmount reads an amount given as parts (门诊, 住院): the total column where there is
// one, checked against the parts, else their sum. The parts are kept as JSON.
func (s *sheetLoader) splitAmount(rowNo int, cells []string, fi int, cols []int, vals []any) *RowError {
	var sum int64
	var parts []string
	for _, col := range cols {
		raw := trimCell(cellAt(cells, col))
		if raw == "" || isNullWord(raw) {
			continue
		}
		fen, err := cell.ParseMoney(raw, s.unitOf(col))
		if err != nil {
			return &RowError{Column: strings.TrimSpace(s.m.headers[col]), Value: raw, Err: reasonCode(err)}
		}
		sum += fen
		name, _ := json.Marshal(s.m.partNames[col])
		parts = append(parts, fmt.Sprintf("%s: %s", name, cell.FormatFen(fen)))
	}
	if len(parts) == 0 {
		return nil
	}
	if s.rowParts == nil {
		s.rowParts = map[int]string{}
	}
	s.rowParts[fi] = "{" + strings.Join(parts, ", ") + "}"
	total, ok := vals[fi].(int64)
	switch {
	case !ok:
		vals[fi] = sum
	case total != sum:
		if s.rowTotalBad == 0 {
			s.rowTotalFirst = fmt.Sprintf("row %d: %s = %s 元, its parts sum to %s 元", rowNo, s.m.contract.Fields[fi].Name, cell.FormatFen(total), cell.FormatFen(sum))
		}
		s.rowTotalBad++
	}
	return nil
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// sameInstitution gives a row that names no institution, in a sheet whose rows name theirs,
// the institution cells of the rows above: an insurance office's or a 总院's export names
// each institution once, on the first of its rows (a cell merged down over them, exported).
// A row naming its institution in any of the columns keeps what it says.
func (s *sheetLoader) sameInstitution(cells []string) []string {
	if s.instCol < 0 {
		return cells
	}
	for k, cf := range s.order {
		if s.m.contract.Fields[cf.fi].Type == TypeInstitution && s.filled(k, cellAt(cells, cf.col)) {
			s.prevInst = s.prevInst[:0]
			for _, cf := range s.order {
				if s.m.contract.Fields[cf.fi].Type == TypeInstitution {
					s.prevInst = append(s.prevInst, colCell{cf.col, cellAt(cells, cf.col)})
				}
			}
			return cells
		}
	}
	for _, p := range s.prevInst {
		for len(cells) <= p.col {
			cells = append(cells, "")
		}
		cells[p.col] = p.cell
	}
	return cells
}

// institutionOf resolves the institution a row names in one or more columns (a 医保定点
// code, a name): every column that resolves must agree, and at least one must.
func (s *sheetLoader) institutionOf(cells []string, cols []int) (string, *RowError) {
	if len(cols) == 1 {
		raw := trimCell(cellAt(cells, cols[0]))
		code, err := s.institutionAt(raw, cols[0])
		if err != nil {
			return "", &RowError{Column: strings.TrimSpace(s.m.headers[cols[0]]), Value: raw, Err: err}
		}
		return code, nil
	}
	var codes []string
	var named [][3]string // header, value, code: for the message when they disagree
	var first *RowError
	slices.Sort(cols)
	for _, col := range cols {
		raw := trimCell(cellAt(cells, col))
		head := strings.TrimSpace(s.m.headers[col])
		code, err := s.institutionAt(raw, col)
		if err != nil {
			if first == nil {
				first = &RowError{Column: head, Value: raw, Err: err}
			}
			continue
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
			named = append(named, [3]string{head, raw, code})
		}
	}
	switch len(codes) {
	case 0:
		return "", first
	case 1:
		return codes[0], nil
	}
	says := make([]string, len(named))
	for i, n := range named {
		says[i] = fmt.Sprintf("%s %q is %s", n[0], n[1], n[2])
	}
	return "", &RowError{Err: fmt.Errorf("%w: %s", ErrAmbiguousInstitution, strings.Join(says, ", "))}
}

// institutionIn resolves the institution one cell names.
func (s *sheetLoader) institutionIn(ms *memos, raw string, col int) (string, error) {
	m := ms.at(col)
	if v, ok := m.get(raw); ok {
		code, _ := v.v.(string)
		return code, v.err
	}
	code, err := s.reg.resolve(raw)
	if errors.Is(err, ErrUnknownInstitution) && hasHan(raw) {
		code, err = s.reg.findIn(raw) // a name with more around it: 重庆市巴南区人民医院（总院）
	}
	m.put(raw, code, err)
	return code, err
}

// memoValue is value, remembered per column in ms: the cells of most columns repeat.
// Identifiers are never remembered (the memo would hold them raw).
func (s *sheetLoader) memoValue(ms *memos, f *Field, raw string, col int) (any, error) {
	if f.Type == TypePID {
		return s.value(f, raw, col)
	}
	if f.Type == TypeDate || f.Type == TypeMonth {
		raw = dayOf(raw) // a date and time: the time is checked, the date remembered
	}
	m := ms.at(col)
	if v, ok := m.get(raw); ok {
		return v.v, v.err
	}
	v, err := s.value(f, raw, col)
	m.put(raw, v, err)
	return v, err
}

// dayOf is the date of a date and time written 2025-03-07 14:03:22 (or 2025/03/07 …) with a
// valid time of day, which reads as the date alone; any other cell as it is.
func dayOf(raw string) string {
	if len(raw) != len("2025-03-07 14:03:22") || raw[10] != ' ' || raw[13] != ':' || raw[16] != ':' ||
		(raw[4] != '-' || raw[7] != '-') && (raw[4] != '/' || raw[7] != '/') {
		return raw
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18} {
		if raw[i] < '0' || raw[i] > '9' {
			return raw
		}
	}
	two := func(i int) int { return int(raw[i]-'0')*10 + int(raw[i+1]-'0') }
	if two(11) > 23 || two(14) > 59 || two(17) > 59 {
		return raw
	}
	return raw[:10]
}

// memos are the memos of a sheet's columns, by column: the loader's, or a converter's.
type memos []cellMemo

func (ms *memos) at(col int) *cellMemo {
	for len(*ms) <= col {
		*ms = append(*ms, cellMemo{})
	}
	return &(*ms)[col]
}

func (s *sheetLoader) value(f *Field, raw string, col int) (any, error) {
	if f.Name == "institution_code" && !isSafeCode(raw) {
		return nil, ErrBadCode
	}
	switch f.Type {
	case TypeDate, TypeMonth:
		t, _, err := cell.ParseDate(raw, s.sh.date1904)
		if err != nil && s.opt.Year > 0 {
			t, err = dateInYear(raw, s.opt.Year)
		}
		if err != nil {
			return nil, err
		}
		if f.Type == TypeMonth {
			t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		}
		return t, nil
	case TypeMoney:
		fen, err := cell.ParseMoney(raw, s.unitOf(col))
		if err != nil {
			return nil, err
		}
		return fen, nil
	case TypeNumber:
		n, err := cell.ParseNumber(raw)
		if err == nil && s.m.months[col] {
			n /= 12
		}
		return n, err
	case TypeBool:
		return cell.ParseBool(raw)
	case TypePID:
		return s.ps.pid(raw), nil
	case TypePersonName:
		return maskName(cell.NormalizeText(raw)), nil
	}
	if f.enum != "" {
		e := enums[f.enum]
		v, ok := e.Normalise(raw)
		if !ok && e.Strict {
			return nil, ErrUnknownValue
		}
		if !ok {
			return cell.NormalizeText(raw), nil
		}
		return v, nil
	}
	return cell.NormalizeText(raw), nil
}

func (s *sheetLoader) openingMay(field string) bool {
	for _, f := range s.m.contract.RowKinds.OpeningMay {
		if f == field {
			return true
		}
	}
	return false
}

// addMoney adds a loaded row's money fields to the sums total rows are checked against.
func (s *sheetLoader) addMoney(vals []any) {
	for fi, cols := range s.fieldCols {
		if fen, ok := vals[fi].(int64); ok && s.m.contract.Fields[fi].Type == TypeMoney {
			for _, col := range cols {
				s.sums.add(col, fen)
				s.seg.add(col, fen)
			}
		}
	}
}

// append writes one parsed row (or, for wide kinds, one row per item) to raw.<kind>.
// kind is the row kind (movement or opening) for contracts that declare row kinds.
func (s *sheetLoader) append(rowNo int, cells []string, vals []any, kind string) error {
	c := s.m.contract
	inst := s.inst
	if len(s.pending) > 0 && kind == rowMovement {
		if di := c.fieldIndex(c.DateField); di >= 0 && vals[di] != nil {
			if err := s.flushPending(vals[di].(time.Time)); err != nil {
				return err
			}
		}
	}
	out := s.out[:0] // + institution and lineage; the batch copies the values
	defer func() { s.out = out[:0] }()
	itemPos, valuePos := -1, -1 // wide kinds: where an item and its amount go in out
	for fi := range c.Fields {
		f, v := &c.Fields[fi], vals[fi]
		if c.Wide != nil {
			switch f.Name {
			case c.Wide.ItemField:
				itemPos = len(out)
			case c.Wide.ValueField:
				valuePos = len(out)
			}
		}
		switch {
		case f.Type == TypeInstitution:
			if v != nil {
				inst = v.(string)
			}
			continue
		}
		out = append(out, v)
		if f.Name == c.DateField && v != nil {
			s.noteDate(v.(time.Time))
		}
	}
	if !c.Reference && inst == "" {
		return s.rejectRow(rowNo, &RowError{Err: ErrUnknownInstitution}, cells, kind == rowOpening)
	}
	var instV driver.Value
	if inst != "" {
		if s.insts == nil {
			s.insts = map[string]bool{}
		}
		if inst != s.lastInst {
			s.insts[inst], s.lastInst, s.lastInstV = true, inst, inst
		}
		instV = s.lastInstV
	}
	if s.ownCode {
		instV = nil // the registry row carries its own code
	}
	for fi := range c.Fields {
		if c.Fields[fi].Split != nil {
			var v driver.Value
			if p, ok := s.rowParts[fi]; ok {
				v = p
			}
			out = append(out, v)
		}
	}
	tail := s.tail[:0] // row_kind, institution_code, then the lineage
	if c.RowKinds != nil {
		tail = append(tail, kind)
	}
	if !s.ownCode {
		tail = append(tail, instV)
	}
	if s.lineage == nil {
		s.lineage = []driver.Value{s.fileID, s.sh.name}
	}
	tail = append(tail, s.lineage[0], s.lineage[1], int32(rowNo))
	s.tail = tail
	if len(s.m.items) == 0 {
		if kind != rowOpening {
			s.addMoney(vals)
		}
		row := append(out, tail...)
		out = row // the buffer kept for the next row
		if err := s.write(c.Kind, row); err != nil {
			return err
		}
		s.res.Loaded++
		return s.longWithin(s.sh.name, rowNo)
	}
	// melt: one row per non-empty item column; a bad amount rejects the source row
	var items []item
	var itemCols []int
	for _, col := range s.itemCols {
		raw := trimCell(cellAt(cells, col))
		if raw == "" || isNullWord(raw) {
			continue
		}
		fen, err := cell.ParseMoney(raw, s.unitOf(col))
		if err != nil {
			return s.rejectRow(rowNo, &RowError{Column: strings.TrimSpace(s.m.headers[col]), Value: raw, Err: reasonCode(err)}, cells, kind == rowOpening)
		}
		items = append(items, item{s.m.items[col], fen})
		itemCols = append(itemCols, col)
	}
	if kind != rowOpening {
		s.addMoney(vals)
	}
	s.checkRowTotal(rowNo, cells, items)
	s.addSums(cells, itemCols, items)
	for _, it := range items {
		row := append([]driver.Value(nil), out...)
		row[itemPos], row[valuePos] = it.name, it.fen
		row = append(row, tail...)
		if err := s.write(c.Kind, row); err != nil {
			return err
		}
	}
	s.res.Loaded++
	return s.longWithin(s.sh.name, rowNo)
}

// checkRowTotal compares a wide row's items with its gross total column (应发合计, 合计).
// Deduction items (代扣…) are loaded but are not part of the gross; net totals (实发) and
// deduction totals are left alone, they differ by design.
func (s *sheetLoader) checkRowTotal(rowNo int, cells []string, items []item) {
	var sum int64
	for _, it := range items {
		if !strings.Contains(it.name, "扣") {
			sum += it.fen
		}
	}
	for col, name := range s.m.totals {
		if strings.ContainsAny(name, "实扣") {
			continue
		}
		total, err := cell.ParseMoney(cellAt(cells, col), s.unitOf(col))
		if err != nil || total == sum {
			continue
		}
		if s.rowTotalBad == 0 {
			s.rowTotalFirst = fmt.Sprintf("row %d: %s = %s 元, items sum to %s 元", rowNo, name, cell.FormatFen(total), cell.FormatFen(sum))
		}
		s.rowTotalBad++
	}
}

var yearlessRe = regexp.MustCompile(`^(\d{1,2})(?:月|[-/.])(?:(\d{1,2})日?)?(?:份)?$`)

// dateInYear reads a date or month written without its year (3月, 3月7日, 03-07) in year y.
func dateInYear(raw string, y int) (time.Time, error) {
	m := yearlessRe.FindStringSubmatch(strings.ReplaceAll(cell.NormalizeText(raw), " ", ""))
	if m == nil {
		return time.Time{}, cell.ErrBadDate
	}
	mon, _ := strconv.Atoi(m[1])
	day := 1
	if m[2] != "" {
		day, _ = strconv.Atoi(m[2])
	}
	t := time.Date(y, time.Month(mon), day, 0, 0, 0, 0, time.UTC)
	if mon < 1 || mon > 12 || t.Day() != day {
		return time.Time{}, cell.ErrBadDate
	}
	return t, nil
}

func (s *sheetLoader) noteDate(t time.Time) {
	if s.from.IsZero() || t.Before(s.from) {
		s.from = t
	}
	if t.After(s.to) {
		s.to = t
	}
}

// item is one pay item or revenue category of a wide row.
type item struct {
	name string
	fen  int64
}

// cellMemo remembers a column's converted cells. A column of more distinct cells than
// memoCells (identifiers, times of day) stops being remembered; long cells never are.
type cellMemo struct {
	m   map[string]memoized
	off bool
	// the cell last met and what it gave: rows of one settlement or order repeat their
	// neighbours' cells, found without hashing
	last  string
	lastV memoized
}

type memoized struct {
	v   any
	err error
}

var memoCells = 4096 // 0: nothing remembered

const memoCellBytes = 64

func (c *cellMemo) get(raw string) (memoized, bool) {
	if c.off || len(raw) > memoCellBytes || memoCells == 0 {
		return memoized{}, false
	}
	if raw == c.last && c.m != nil {
		return c.lastV, true
	}
	v, ok := c.m[raw]
	if ok {
		c.last, c.lastV = raw, v
	}
	return v, ok
}

func (c *cellMemo) put(raw string, v any, err error) {
	switch {
	case c.off || len(raw) > memoCellBytes:
		return
	case len(c.m) >= memoCells:
		c.off, c.m = true, nil
		return
	case c.m == nil:
		c.m = map[string]memoized{}
	}
	c.m[strings.Clone(raw)] = memoized{v, err} // not a slice of the whole row's text
}
