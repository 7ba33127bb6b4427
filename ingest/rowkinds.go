package ingest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/xuncha/xuncha/ingest/cell"
)

// What raw.<kind>.row_kind holds for kinds that declare row kinds.
const (
	rowMovement = "movement"
	rowOpening  = "opening"
)

type labelKind int

const (
	labelData labelKind = iota
	labelOpening
	labelTotal
)

// labelOf reads the row-kind label of a row (a ledger's 摘要): an opening balance
// (期初余额, 上年结转) or a total (本月合计, 本年累计, 承前页) written there rather than in
// the first cell. Where no column was taken for the label, the columns no field took are
// read instead, so that a 摘要 under an unknown name still tells its rows apart.
func (s *sheetLoader) labelOf(cells []string) (labelKind, string) {
	rk := s.m.contract.RowKinds
	if rk == nil {
		return labelData, ""
	}
	if s.labelCol >= 0 {
		return labelKindOf(rk, cellAt(cells, s.labelCol))
	}
	for col, c := range cells {
		if _, mapped := s.m.cols[col]; mapped {
			continue
		}
		if k, label := labelKindOf(rk, c); k != labelData {
			return k, label
		}
	}
	return labelData, ""
}

func labelKindOf(rk *RowKinds, label string) (labelKind, string) {
	label = strings.TrimSpace(label)
	l := compactLabel(label)
	switch {
	case l == "":
		return labelData, ""
	case cell.IsTotalRow([]string{l}) || hasPrefix(l, rk.Totals):
		return labelTotal, label
	case hasPrefix(l, rk.Opening):
		return labelOpening, label
	}
	return labelData, label
}

func compactLabel(s string) string {
	return strings.ReplaceAll(cell.NormalizeText(s), " ", "")
}

func hasPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// totalScope says what a total row sums: the whole sheet (合计 at the bottom), the rows
// since the previous subtotal (本月合计, 本期合计, 小计, 本页合计), every row so far (本年累计,
// 累计), or nothing checkable (承前页, 结转下年: carried balances).
type totalScope int

const (
	scopeGrand totalScope = iota
	scopeSegment
	scopeRunning
	scopeNone
)

var segmentPrefixes = []string{"本月", "本期", "本页", "本季", "当月", "当期", "小计"}

// A group's total names the group before the word (内科小计, 国药控股重庆有限公司 合计): it sums the
// group's rows, like a 小计.
func (s *sheetLoader) totalScopeOf(label string) totalScope {
	l := compactLabel(label)
	switch {
	case s.m.contract.RowKinds != nil && hasPrefix(l, s.m.contract.RowKinds.Totals):
		return scopeNone
	case strings.Contains(l, "累计"):
		return scopeRunning
	case hasPrefix(l, segmentPrefixes) || strings.Contains(l, "小计") || !cell.IsTotalRow([]string{l}):
		return scopeSegment
	}
	return scopeGrand
}

// groupWords end a group's total: 内科 小计, 药品合计, 国药控股重庆有限公司总计.
var groupWords = []string{"小计", "合计", "总计"}

// groupTotal returns the label of a total written inside the table rather than in its first
// cell, as payroll and purchase exports print one after each department, supplier or month:
// a cell naming the group before the word (内科 小计) or the word alone in a later column
// beside the group's name (内科 | 小计). Such a row lacks a value every data row has (an id,
// a date, an item), which keeps a data cell that happens to end in 合计 data.
func (s *sheetLoader) groupTotal(cells []string) string {
	if !s.lacksRequired(cells) {
		return ""
	}
	for _, c := range cells {
		if !strings.Contains(c, "计") {
			continue
		}
		l := strings.TrimRight(compactLabel(c), ":：")
		if cell.IsTotalRow([]string{l}) || hasSuffix(l, groupWords) {
			return strings.TrimSpace(c)
		}
	}
	return ""
}

// summedCols are the columns a total row adds up: the money fields but a balance (not
// additive) and, in a wide sheet, the item columns and their totals (应发合计, 实发合计).
func (s *sheetLoader) summedCols() []int {
	var cols []int
	for _, cf := range s.order {
		if s.m.contract.Fields[cf.fi].Type == TypeMoney && cf.col != s.balanceCol {
			cols = append(cols, cf.col)
		}
	}
	cols = append(cols, s.itemCols...)
	for col := range s.m.totals {
		cols = append(cols, col)
	}
	slices.Sort(cols)
	return cols
}

// addSums adds a loaded wide row's items and totals to the sums total rows are checked
// against (the money fields are added as they are converted).
func (s *sheetLoader) addSums(cells []string, itemCols []int, items []item) {
	for i, col := range itemCols {
		s.sums.add(col, items[i].fen)
		s.seg.add(col, items[i].fen)
	}
	for col := range s.m.totals {
		if fen, err := cell.ParseMoney(cellAt(cells, col), s.unitOf(col)); err == nil {
			s.sums.add(col, fen)
			s.seg.add(col, fen)
		}
	}
}

// addTotals takes a total row: 合计 rows add up for the end-of-sheet check, subtotals and
// running totals are checked against the rows loaded above them at once.
func (s *sheetLoader) addTotals(rowNo int, label string, cells []string) {
	scope := s.totalScopeOf(label)
	if scope == scopeGrand {
		s.hasTotal = true
	}
	for _, col := range s.sumCols {
		if col >= len(cells) {
			continue
		}
		fen, err := cell.ParseMoney(cells[col], s.unitOf(col))
		if err != nil {
			continue
		}
		var want int64
		switch scope {
		case scopeGrand:
			s.totals[col] += fen
			continue
		case scopeNone:
			continue
		case scopeSegment:
			want = s.seg.at(col)
		case scopeRunning:
			want = s.sums.at(col)
		}
		if fen != want {
			if s.rejRows > 0 && fen == want+s.rejectedSince(col, scope) {
				s.subtotalRejected++
				continue
			}
			if s.subtotalBad == 0 {
				s.subtotalFirst = fmt.Sprintf("row %d %s: %s = %s 元, the rows above sum to %s 元", rowNo, strings.TrimSpace(label),
					strings.TrimSpace(s.m.headers[col]), cell.FormatFen(fen), cell.FormatFen(want))
			}
			s.subtotalBad++
		}
	}
	if scope == scopeSegment {
		clear(s.seg)
		clear(s.rejSeg)
	}
}

// rejectedSince is what the rejected rows a subtotal or running total covers hold in col.
func (s *sheetLoader) rejectedSince(col int, scope totalScope) int64 {
	if scope == scopeSegment {
		return s.rejSeg.at(col)
	}
	return s.rejSums.at(col)
}

// rejectRow rejects a row of the table; unless it is an opening balance, what its summed
// columns hold is kept so that a total row can say whether the rejects explain it.
func (s *sheetLoader) rejectRow(rowNo int, re *RowError, cells []string, opening bool) error {
	if !opening {
		s.rejRows++
		for _, col := range s.sumCols {
			if fen, err := cell.ParseMoney(cellAt(cells, col), s.unitOf(col)); err == nil {
				s.rejSums.add(col, fen)
				s.rejSeg.add(col, fen)
			}
		}
	}
	return s.reject(s.sh.name, rowNo, s.m.contract.Kind, re, cells)
}

// opening loads an opening-balance row: a balance given only in a 余额 column goes to the
// debit or credit side (方向 where given, else the account's normal side), and a row
// without a date takes the start of the sheet's year or, failing that, of the month of
// the first dated row below it.
func (s *sheetLoader) opening(rowNo int, cells []string, vals []any) error {
	c := s.m.contract
	if c.RowKinds.Balance != nil {
		openingSides(c, vals)
	}
	di := c.fieldIndex(c.DateField)
	if di >= 0 && vals[di] == nil {
		if y := s.opt.Year; y > 0 {
			vals[di] = time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		} else {
			s.pending = append(s.pending, pendingRow{rowNo, cells, slices.Clone(vals)})
			return nil
		}
	}
	return s.append(rowNo, cells, vals, rowOpening)
}

type pendingRow struct {
	rowNo int
	cells []string
	vals  []any
}

// flushPending dates the opening rows waiting for a date with the first day of t's month.
func (s *sheetLoader) flushPending(t time.Time) error {
	rows := s.pending
	s.pending = nil
	di := s.m.contract.fieldIndex(s.m.contract.DateField)
	for _, p := range rows {
		p.vals[di] = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		if err := s.append(p.rowNo, p.cells, p.vals, rowOpening); err != nil {
			return err
		}
	}
	return nil
}

// rejectPending: opening rows of a sheet with no dated row and no year to date them by.
func (s *sheetLoader) rejectPending() error {
	c := s.m.contract
	for _, p := range s.pending {
		re := &RowError{Column: c.field(c.DateField).Headers[0], Err: ErrMissing}
		if err := s.reject(s.sh.name, p.rowNo, c.Kind, re, p.cells); err != nil {
			return err
		}
	}
	s.pending = nil
	return nil
}

// openingSides moves a balance into debit or credit when both are empty.
func openingSides(c *Contract, vals []any) {
	b := c.RowKinds.Balance
	di, ci := c.fieldIndex(b.Debit), c.fieldIndex(b.Credit)
	if fen, _ := vals[di].(int64); fen != 0 {
		return
	}
	if fen, _ := vals[ci].(int64); fen != 0 {
		return
	}
	bal, _ := vals[c.fieldIndex(b.Amount)].(int64)
	if bal == 0 {
		return
	}
	code, _ := vals[c.fieldIndex(b.Account)].(string)
	name, _ := vals[c.fieldIndex(b.AccountName)].(string)
	debitSide := normalDebit(code, name)
	side, _ := vals[c.fieldIndex(b.Side)].(string)
	switch {
	case strings.HasPrefix(side, "借"):
		debitSide = true
	case strings.HasPrefix(side, "贷"):
		debitSide = false
	case strings.HasPrefix(side, "平"):
		return
	}
	if bal < 0 {
		debitSide, bal = !debitSide, -bal
	}
	if debitSide {
		vals[di] = bal
	} else {
		vals[ci] = bal
	}
}

// normalDebit: the side an account's balance sits on under 政府会计制度 — debit for 资产
// (1), 费用 (5) and 预算支出 (7), except contra accounts (累计折旧, 坏账准备); credit otherwise.
func normalDebit(code, name string) bool {
	if strings.Contains(name, "累计折旧") || strings.Contains(name, "累计摊销") || strings.Contains(name, "准备") {
		return false
	}
	code = strings.TrimSpace(code)
	return code != "" && strings.ContainsRune("157", rune(code[0]))
}
