package ingest

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuncha/xuncha/ingest/cell"
)

// Why rows were skipped rather than loaded or rejected (meta.ingest_file.skip_reasons).
const (
	skipTitle   = "标题行"
	skipHeader  = "表头"
	skipBlank   = "空行"
	skipTotal   = "合计行"
	skipNote    = "备注行"
	skipUnknown = "未识别工作表"
	skipHidden  = "隐藏工作表"
)

// sheetLoader turns the rows of one sheet into raw rows and rejects.
type sheetLoader struct {
	*fileLoader
	sh        sheet
	m         *mapping
	unit      cell.Unit
	inst      string // institution for rows that do not name one
	attrib    string
	title     []string
	prev      map[int]string // fill-down state per column
	fillCols  map[int]bool
	sums      colSums       // summed column → Σ loaded (movements, not opening balances)
	seg       colSums       // summed column → Σ loaded since the last subtotal (本月合计, 小计)
	rejSums   colSums       // summed column → Σ of the rejected rows' cells that read as money
	rejSeg    colSums       // the same since the last subtotal
	rejRows   int           // rejected rows (not opening balances), for the total checks
	totals    map[int]int64 // summed column → Σ of 合计 rows
	hasTotal  bool
	result    SheetResult
	columns   []string
	instCol   int
	prevInst  []colCell  // the institution cells of the last row that named one
	itemCols  []int      // wide kinds: item columns in sheet order
	sumCols   []int      // the columns total rows add up
	order     []colField // the mapped columns left to right: rows are read in this order
	fieldCols [][]int    // field index → its columns in order
	ownCode   bool       // the kind has its own institution_code field (the registry)
	tried     bool       // header detection ran (it runs once per sheet)
	// wide rows whose items do not add up to their gross total column
	rowTotalBad   int
	rowTotalFirst string
	// row kinds (contracts with row_kinds): the label column, the balance column (not
	// additive), opening rows waiting for a date, subtotals that did not match
	labelCol, balanceCol int
	pending              []pendingRow
	subtotalBad          int
	subtotalFirst        string
	subtotalRejected     int // subtotals that match once the rejected rows above them are counted
	// kinds whose year may come from text (contract period): the lines under the table,
	// the sheet's year or month once settled, rows waiting for the footer
	footer      []string
	period      any // float64 year or time.Time month
	yearSettled bool
	held        []heldRow
	// split amounts: the current row's parts as JSON, by field index
	rowParts map[int]string
	memos    memos
	// the current row's cells converted ahead by a converter (by position in order), if any
	pre []preCell
	// buffers reused from row to row
	vals     []any // parse's; a row kept for later holds a copy
	seen     []bool
	instCols []int
	instFis  []int
	out      []driver.Value
	tail     []driver.Value
	lineage  []driver.Value // the file id and sheet name, boxed once
	// the institution last added to insts, as a string and boxed
	lastInst  string
	lastInstV driver.Value
}

func (l *fileLoader) loadSheets(sheets []sheet) error {
	for _, sh := range sheets {
		s := &sheetLoader{fileLoader: l, sh: sh, prev: map[int]string{}, fillCols: map[int]bool{},
			totals: map[int]int64{}, instCol: -1, labelCol: -1, balanceCol: -1}
		s.result.Sheet = sh.name
		before := [3]int64{l.res.Loaded, l.res.Rejected, l.res.Skipped}
		if err := s.run(); err != nil {
			return err
		}
		s.result.Loaded = l.res.Loaded - before[0]
		s.result.Rejected = l.res.Rejected - before[1]
		s.result.Skipped = l.res.Skipped - before[2]
		s.result.Read = s.result.Loaded + s.result.Rejected + s.result.Skipped
		l.res.Sheets = append(l.res.Sheets, s.result)
	}
	return nil
}

func (s *sheetLoader) run() error {
	var buf [][]string
	var bufNos []int
	bufBytes := 0
	var procErr error
	process := func(rowNo int, cells []string, pre []preCell) bool {
		s.pre = pre
		err := s.row(rowNo, cells)
		s.pre = nil
		if err != nil {
			procErr = err
			return false
		}
		return s.ctx.Err() == nil
	}
	// rows below a known header go through converters (convWorkers), else straight on
	var conv *converter
	defer func() {
		if conv != nil {
			conv.close()
		}
	}()
	feed := func(rowNo int, cells []string) bool {
		if convWorkers == 0 {
			return process(rowNo, cells, nil)
		}
		if conv == nil {
			conv = s.newConverter(process)
		}
		return conv.add(rowNo, cells)
	}
	feedBuf := func() bool {
		for i, r := range buf {
			if !feed(bufNos[i], r) {
				return false
			}
		}
		return true
	}
	var lastProgress time.Time
	err := s.sh.rows(func(rowNo int, cells []string) bool {
		if !s.sh.fresh {
			cells = append([]string(nil), cells...)
		}
		if s.opt.Progress != nil && rowNo%4096 == 0 && time.Since(lastProgress) > 200*time.Millisecond {
			lastProgress = time.Now()
			s.opt.Progress(Progress{Institution: s.inst, Rows: s.res.Loaded + s.res.Rejected + s.res.Skipped})
		}
		if s.m != nil {
			return feed(rowNo, cells)
		}
		buf, bufNos = append(buf, cells), append(bufNos, rowNo)
		for _, c := range cells {
			bufBytes += len(c)
		}
		if len(buf) < headerScanRows && bufBytes < headerScanBytes {
			return true
		}
		return s.detect(buf, bufNos) && feedBuf()
	})
	if err == nil && procErr == nil && s.m == nil && len(buf) > 0 && s.detect(buf, bufNos) {
		feedBuf()
	}
	if conv != nil && procErr == nil && s.ctx.Err() == nil {
		conv.flush()
	}
	if err != nil {
		return fmt.Errorf("sheet %q: %w", s.sh.name, err)
	}
	if procErr != nil {
		return procErr
	}
	if s.m == nil {
		return nil
	}
	if err := s.releaseHeld(); err != nil {
		return err
	}
	if err := s.rejectPending(); err != nil {
		return err
	}
	s.checkTotals()
	return s.ctx.Err()
}

// detect finds the header; an unrecognised sheet's rows are counted as skipped.
func (s *sheetLoader) detect(buf [][]string, nos []int) bool {
	if s.tried || nonEmptyRows(buf) == 0 {
		return false
	}
	s.tried = true
	firstNo := 1
	if len(nos) > 0 {
		firstNo = nos[0]
	}
	if !s.sh.hidden {
		s.sheetsSeen++
	}
	head := forDetection(buf)
	m, err := detectHeader(head, firstNo, detectHint{kind: s.opt.Kind, section: s.maps.section(s.path, s.sh.name), period: newPeriodSource(s.sh.name, s.path, head, firstNo, s.bookYear, s.bookYearFrom, s.opt.Year)})
	if err != nil {
		reason := skipUnknown
		if s.sh.hidden {
			reason = skipHidden
		} else if !errors.Is(err, errNoHeader) && s.specific == nil {
			s.specific = fmt.Errorf("sheet %q: %w", s.sh.name, err)
		}
		s.result.Detection = err.Error()
		for _, r := range buf {
			if !blank(r) {
				s.skip(reason)
			}
		}
		return false
	}
	s.m = m
	s.result.Kind = m.contract.Kind
	s.result.Detection = m.reason()
	s.result.explain(m)
	if !containsKind(s.res.Kinds, m.contract.Kind) {
		s.res.Kinds = append(s.res.Kinds, m.contract.Kind)
	}
	for col, fi := range m.cols {
		f := m.contract.Fields[fi]
		if f.Type == TypeInstitution {
			s.instCol = col
		}
		if rk := m.contract.RowKinds; rk != nil {
			if f.Name == rk.LabelField {
				s.labelCol = col
			}
			if rk.Balance != nil && f.Name == rk.Balance.Amount {
				s.balanceCol = col
			}
		}
		for _, fd := range m.contract.FillDown {
			if f.Name == fd {
				s.fillCols[col] = true
			}
		}
	}
	s.order = s.order[:0]
	for col, fi := range m.cols {
		s.order = append(s.order, colField{col, fi})
	}
	sort.Slice(s.order, func(i, j int) bool { return s.order[i].col < s.order[j].col })
	s.ownCode = m.contract.field("institution_code") != nil
	s.fieldCols = make([][]int, len(m.contract.Fields))
	for _, cf := range s.order {
		s.fieldCols[cf.fi] = append(s.fieldCols[cf.fi], cf.col)
	}
	for col := range m.items {
		s.itemCols = append(s.itemCols, col)
	}
	sort.Ints(s.itemCols)
	s.sumCols = s.summedCols()
	for _, c := range m.contract.Columns() {
		s.columns = append(s.columns, c.Name)
	}
	// title rows above the header carry the unit and often the institution
	for i, r := range buf {
		if nos[i] >= m.headerRow {
			break
		}
		for _, c := range r {
			if u, ok := cell.UnitLine(c); ok {
				s.unit = u
			}
			if strings.TrimSpace(c) != "" {
				s.title = append(s.title, c)
			}
		}
	}
	if p := m.contract.Period; p != nil && (slices.Contains(m.matched, p.Field) || m.contract.monthPeriod()) {
		s.settleYear(true) // the column or detection has it; the rest only fills its empty cells
	}
	if err := s.attribute(); err != nil {
		s.m = nil
		s.result.Kind = ""
		s.res.Kinds = s.res.Kinds[:len(s.res.Kinds)-1]
		if errors.Is(err, errNeedRegistry) {
			s.needRegistry = true
		} else if s.specific == nil {
			s.specific = fmt.Errorf("sheet %q: %w", s.sh.name, err)
		}
		for _, r := range buf {
			if !blank(r) {
				s.skip(skipUnknown)
			}
		}
		return false
	}
	s.result.Institution = s.inst
	return true
}

// colField is a mapped column and the index of its contract field.
type colField struct{ col, fi int }

// colSums is a sum by column index.
type colSums []int64

func (c *colSums) add(col int, v int64) {
	for len(*c) <= col {
		*c = append(*c, 0)
	}
	(*c)[col] += v
}

func (c colSums) at(col int) int64 {
	if col < len(c) {
		return c[col]
	}
	return 0
}

type colCell struct {
	col  int
	cell string
}

func nonEmptyRows(rows [][]string) int {
	n := 0
	for _, r := range rows {
		if !blank(r) {
			n++
		}
	}
	return n
}

// attribute decides the institution of rows without an institution column:
// --institution, else a registered name in the path, else in the title rows.
func (s *sheetLoader) attribute() error {
	if s.m.contract.Reference {
		return nil
	}
	if s.reg.empty() {
		return errNeedRegistry
	}
	if s.opt.Institution != "" {
		code, err := s.reg.resolve(s.opt.Institution)
		if errors.Is(err, ErrAmbiguousInstitution) {
			return fmt.Errorf("--institution %q: %w; pass a code", s.opt.Institution, err)
		} else if err != nil {
			return fmt.Errorf("%w: --institution %q is not in the registry; did you mean %s?", ErrUnknownInstitution, s.opt.Institution, strings.Join(s.reg.candidates(s.opt.Institution), ", "))
		}
		s.inst, s.attrib = code, "flag"
		return nil
	}
	if code, err := s.reg.findIn(filepath.ToSlash(s.path)); err == nil {
		s.inst, s.attrib = code, "path"
		return nil
	}
	if code, err := s.reg.findIn(strings.Join(s.title, " ")); err == nil {
		s.inst, s.attrib, s.bookInst = code, "title", code
		return nil
	}
	if s.bookInst != "" && len(s.title) == 0 {
		s.inst, s.attrib = s.bookInst, "title" // the workbook's title, on its first sheet
		return nil
	}
	if s.instCol >= 0 {
		s.attrib = "column"
		return nil
	}
	return fmt.Errorf("%w: cannot tell which institution this is (no institution column, no registered name in the path or title); pass --institution (registered: %s)",
		ErrUnknownInstitution, strings.Join(s.reg.candidates(filepath.Base(s.path)), ", "))
}

func (s *sheetLoader) row(rowNo int, cells []string) error {
	if rowNo > s.m.headerRow && s.waiting() {
		if isNote(cells) {
			s.footer = append(s.footer, strings.Join(cells, " "))
		}
		s.held = append(s.held, heldRow{rowNo, cells})
		return nil
	}
	return s.body(rowNo, cells)
}

func (s *sheetLoader) body(rowNo int, cells []string) error {
	m := s.m
	switch {
	case rowNo < m.headerTop:
		if !blank(cells) {
			s.skip(skipTitle)
		} else {
			s.skip(skipBlank)
		}
		return nil
	case rowNo <= m.headerRow, columnNumbers(cells):
		s.skip(skipHeader)
		return nil
	case blank(cells):
		s.skip(skipBlank)
		return nil
	case cell.IsTotalRow(cells):
		s.skip(skipTotal)
		s.addTotals(rowNo, firstCell(cells), cells)
		return nil
	case isNote(cells) && (s.lacksRequired(cells) || allNotes(cells)):
		s.skip(skipNote)
		return nil
	}
	if label := s.groupTotal(cells); label != "" {
		s.skip(skipTotal)
		s.addTotals(rowNo, label, cells)
		return nil
	}
	for col := range s.fillCols {
		if col < len(cells) && strings.TrimSpace(cells[col]) != "" {
			s.prev[col] = cells[col]
		} else if v, ok := s.prev[col]; ok {
			for len(cells) <= col {
				cells = append(cells, "")
			}
			cells[col] = v
		}
	}
	cells = s.sameInstitution(cells)
	kind, label := s.labelOf(cells)
	if kind == labelTotal {
		s.skip(skipTotal)
		s.addTotals(rowNo, label, cells)
		return nil
	}
	vals, rerr := s.parse(rowNo, cells, kind == labelOpening)
	if big := s.cellTooLarge(rowNo, cells); big != nil {
		rerr = big
	}
	if rerr != nil {
		return s.rejectRow(rowNo, rerr, cells, kind == labelOpening)
	}
	if kind == labelOpening {
		return s.opening(rowNo, cells, vals)
	}
	return s.append(rowNo, cells, vals, rowMovement)
}

func blank(cells []string) bool {
	for _, c := range cells {
		if trimCell(c) != "" {
			return false
		}
	}
	return true
}

func firstCell(cells []string) string {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return c
		}
	}
	return ""
}

var notePrefixes = []string{"注", "备注", "说明", "制表", "审核", "填报", "负责人", "单位负责人", "单位主要负责人", "主要负责人",
	"联系人", "联系电话", "数据来源", "打印", "填表", "财务负责人", "经办人", "签字", "报送日期", "编制单位", "报告日期",
	"日期：", "日期:"}

// lacksRequired: the row has no value in some required column (a remark, not data).
func (s *sheetLoader) lacksRequired(cells []string) bool {
	for k, cf := range s.order {
		if s.m.contract.Fields[cf.fi].Required && !s.filled(k, cellAt(cells, cf.col)) {
			return true
		}
	}
	return false
}

// filled: the cell at position k of the sheet's order is not blank.
func (s *sheetLoader) filled(k int, cell string) bool {
	if k < len(s.pre) && s.pre[k].ok && s.pre[k].cell == cell {
		return true // converted ahead
	}
	return trimCell(cell) != ""
}

// allNotes: every cell of the row is a note or a label awaiting a signature (单位负责人（签字）：
// … 填表人：… 报送日期：…), whatever columns they fall in.
func allNotes(cells []string) bool {
	for _, c := range cells {
		c = strings.TrimSpace(c)
		if c != "" && !hasPrefix(c, notePrefixes) && !strings.HasSuffix(c, "：") && !strings.HasSuffix(c, ":") {
			return false
		}
	}
	return true
}

// columnLabels head a row of column numbers (栏次, 行次) or number the text columns that come
// before the numbered ones (甲, 乙, 丙, 丁), as statistical and budget report forms print them.
var columnLabels = []string{"栏次", "行次", "栏号", "甲", "乙", "丙", "丁"}

// columnNumbers: the row under a report form's header that numbers its columns 1, 2, 3 …
// (beside 栏次 or 甲 / 乙 labels) — part of the header, not data.
func columnNumbers(cells []string) bool {
	next, labelled := 1, false
	for _, c := range cells {
		c = trimCell(c)
		switch {
		case c == "":
		case c == strconv.Itoa(next):
			next++
		case next == 1 && contains(columnLabels, c):
			labelled = true
		default:
			return false
		}
	}
	return next > 3 || labelled && next > 2
}

// isNote: a remark under the table (制表人：…, 注：…, 单位主要负责人（签字）：…) whose
// first cell says so; merged or filled-down cells beside it do not make it data.
func isNote(cells []string) bool {
	for _, c := range cells {
		c = trimCell(c)
		if c == "" {
			continue
		}
		if c[0] < utf8.RuneSelf {
			return false // every note prefix is Chinese
		}
		for _, p := range notePrefixes {
			if strings.HasPrefix(c, p) {
				return true
			}
		}
		return false
	}
	return false
}

func (s *sheetLoader) checkTotals() {
	if s.rowTotalBad > 0 {
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("sheet %q: %d row(s) whose items do not add up to their total; first %s",
			s.sh.name, s.rowTotalBad, s.rowTotalFirst))
	}
	if s.subtotalBad > 0 {
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("sheet %q: %d subtotal or running-total cell(s) differ from the rows above them; first %s",
			s.sh.name, s.subtotalBad, s.subtotalFirst))
	}
	if s.subtotalRejected > 0 {
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("sheet %q: %d subtotal or running-total cell(s) match the rows above them only with the rejected rows counted",
			s.sh.name, s.subtotalRejected))
	}
	if !s.hasTotal {
		return
	}
	var diffs []string
	byRejects := s.rejRows > 0
	for _, col := range s.sumCols {
		total, ok := s.totals[col]
		got := s.sums.at(col)
		if !ok || got == total {
			continue
		}
		rej := s.rejSums.at(col)
		byRejects = byRejects && got+rej == total
		d := fmt.Sprintf("%s = %s 元, loaded rows %s 元", strings.TrimSpace(s.m.headers[col]), cell.FormatFen(total), cell.FormatFen(got))
		if rej != 0 {
			d += fmt.Sprintf(", rejected rows %s 元", cell.FormatFen(rej))
		}
		diffs = append(diffs, d)
	}
	switch {
	case len(diffs) == 0:
	case byRejects:
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("sheet %q: 合计行 matches the rows only with the %d rejected row(s) counted, in %d column(s); first %s",
			s.sh.name, s.rejRows, len(diffs), diffs[0]))
	default:
		s.res.Warnings = append(s.res.Warnings, fmt.Sprintf("sheet %q: 合计行 differs from the rows in %d column(s), a wrong total or rows missing from the file; first %s",
			s.sh.name, len(diffs), diffs[0]))
	}
}

func (s *sheetLoader) unitOf(col int) cell.Unit {
	if u := s.m.units[col]; u != cell.UnitNone {
		return u
	}
	return s.unit
}
