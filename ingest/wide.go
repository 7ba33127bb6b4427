package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// layout finishes a mapping once its headers are matched: an amount split over columns
// (门诊 / 住院 / 合计), the wide or long layout of a kind that accepts both, and the
// required fields still missing. A kind whose wide item and value fields are both matched
// by headers is read long; otherwise its categories run across the columns and are melted.
func (m *mapping) layout(norm []string, usedCol, usedField map[int]bool) {
	c := m.contract
	m.splitAmounts(norm, usedCol, usedField)
	wide := false
	if w := c.Wide; w != nil {
		iv := []int{c.fieldIndex(w.ItemField), c.fieldIndex(w.ValueField)}
		wide = !usedField[iv[0]] || !usedField[iv[1]]
		for col, fi := range m.cols {
			if wide && slices.Contains(iv, fi) {
				delete(m.cols, col) // a wide sheet's 金额 column is not the value of every item
				usedCol[col], usedField[fi] = false, false
			}
		}
		if wide {
			for _, col := range m.parts[iv[1]] {
				usedCol[col] = false
			}
			delete(m.parts, iv[1])
		}
	}
	for fi, f := range c.Fields {
		switch {
		case usedField[fi]:
			m.matched = append(m.matched, f.Name)
		case !f.Required:
		case c.Period != nil && c.Period.Field == f.Name && (!c.monthPeriod() || m.periodFrom != ""):
			// the year or month outside the table: the title, sheet, file or folder name
		case wide && (f.Name == c.Wide.ItemField || f.Name == c.Wide.ValueField):
		default:
			m.missing = append(m.missing, f.Headers[0])
		}
	}
	if wide && len(m.missing) == 0 {
		m.wideItems(norm, usedCol)
	}
}

// wideItems sorts the unmatched columns of a wide sheet into items, totals and text; a
// column that is none of them is named in the detection reason, not dropped unsaid.
func (m *mapping) wideItems(norm []string, usedCol map[int]bool) {
	w := m.contract.Wide
	m.items, m.totals = map[int]string{}, map[int]string{}
	set := func(names []string) map[string]bool {
		out := map[string]bool{}
		for _, t := range names {
			n, _ := cell.NormalizeHeader(t)
			out[n] = true
		}
		return out
	}
	totals, notItems, allowed := set(w.Totals), set(w.NotItems), set(w.Items)
	for col, h := range norm {
		if h == "" || usedCol[col] {
			continue
		}
		switch {
		case notItems[h]:
			m.ignored = append(m.ignored, strings.TrimSpace(m.headers[col]))
		case totals[h]:
			m.totals[col] = strings.TrimSpace(m.headers[col])
		case len(allowed) == 0 || allowed[h] || hasSuffix(h, w.ItemSuffixes):
			m.items[col] = h
		default:
			m.ignored = append(m.ignored, strings.TrimSpace(m.headers[col])+"（不在项目表）")
			m.others = append(m.others, col)
		}
	}
	if len(m.items) == 0 {
		m.missing = append(m.missing, noItemsMissing)
	}
	m.score += itemWeight * float64(len(m.items))
}

// splitAmounts finds a money field given as parts (门诊收入, 住院收入) with or without a
// total (合计): the total, where there is one, is the field and the parts check it;
// otherwise the parts add up to it. At least two parts make a split.
func (m *mapping) splitAmounts(norm []string, usedCol, usedField map[int]bool) {
	c := m.contract
	for fi := range c.Fields {
		f := &c.Fields[fi]
		if f.Split == nil {
			continue
		}
		var parts []int
		labels := map[int]string{}
		for col, h := range norm {
			if h == "" || usedCol[col] {
				continue
			}
			if p, ok := partLabel(h, f); ok {
				parts = append(parts, col)
				labels[col] = p
			}
		}
		if len(parts) < 2 {
			continue
		}
		slices.Sort(parts)
		if !usedField[fi] {
			for col, h := range norm {
				if !usedCol[col] && slices.Contains(f.Split.Totals, h) {
					m.cols[col], usedCol[col] = fi, true
					break
				}
			}
		}
		if m.parts == nil {
			m.parts, m.partNames = map[int][]int{}, map[int]string{}
		}
		m.parts[fi] = parts
		for _, col := range parts {
			usedCol[col] = true
			m.partNames[col] = labels[col]
		}
		usedField[fi] = true
		m.score += partWeight * float64(len(parts))
	}
}

// colOf is the column mapped to a field, or -1.
func (m *mapping) colOf(fi int) int {
	for col, f := range m.cols {
		if f == fi {
			return col
		}
	}
	return -1
}

// partLabel: 门诊收入, 住院金额 or plain 门诊 are parts 门诊 and 住院 of an amount.
func partLabel(h string, f *Field) (string, bool) {
	for _, p := range f.Split.Parts {
		rest, ok := strings.CutPrefix(h, p)
		if !ok {
			continue
		}
		if rest == "" || f.hasName(rest) || slices.Contains([]string{"金额", "收入", "费用", "费", "合计"}, rest) {
			return p, true
		}
	}
	return "", false
}

// wideSamples is how many rows below a wide header are looked at to tell amounts from text.
const wideSamples = 30

// notAmountHeaders end the names of columns that are never pay items or categories,
// whatever their values look like (a 发放日期 stored as an Excel serial is a number).
var notAmountHeaders = []string{"日期", "时间", "季度", "账号", "卡号", "号码", "编号", "电话", "注", "注释", "说明", "摘要"}

// pruneItems decides a wide sheet's item columns by their values: a column whose values
// below the header are not amounts (text such as 一季度 or 当月未拨付, dates, account or id
// numbers) is not an item. A wide mapping left without items lacks its required item, and
// one with text in a column it does not know is refused.
func pruneItems(m *mapping, below [][]string) *mapping {
	if m.contract.Wide == nil || len(m.items) == 0 {
		return m
	}
	below = below[:min(len(below), wideSamples)]
	// text in a column the kind does not know (核算单元) keys the rows by something else — a
	// department, a ward: melting them as one institution's categories would add them up
	for _, col := range m.others {
		if notAmounts(below, col) == "文本" {
			m.missing = append(m.missing, fmt.Sprintf("（未识别的文本列 %s）", strings.TrimSpace(m.headers[col])))
		}
	}
	cols := slices.Sorted(maps.Keys(m.items))
	for _, col := range cols {
		h := m.items[col]
		why := ""
		if hasSuffix(h, notAmountHeaders) {
			why = "列名"
		} else {
			why = notAmounts(below, col)
		}
		if why == "" {
			continue
		}
		delete(m.items, col)
		m.ignored = append(m.ignored, fmt.Sprintf("%s（%s）", strings.TrimSpace(m.headers[col]), why))
	}
	if len(m.items) == 0 {
		m.missing = append(m.missing, noItemsMissing)
	}
	return m
}

func hasSuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// notAmounts says what a column holds when fewer than half of its values are
// amounts: 日期, 编号 (12 digits or more: accounts, ids) or 文本; "" for amounts or no values.
func notAmounts(rows [][]string, col int) string {
	var n, amounts, dates, ids int
	for _, r := range rows {
		v := strings.TrimSpace(cellAt(r, col))
		if v == "" || isNullWord(v) || cell.IsTotalRow(r) {
			continue
		}
		n++
		switch {
		case longDigits(v):
			ids++
		case strings.ContainsAny(v, "-/年月") || strings.Count(v, ".") > 1:
			if _, _, err := cell.ParseDate(v, false); err == nil {
				dates++
				continue
			}
			if _, err := cell.ParseMoney(v, cell.UnitNone); err == nil {
				amounts++
			}
		default:
			if _, err := cell.ParseMoney(v, cell.UnitNone); err == nil {
				amounts++
			}
		}
	}
	switch {
	case n == 0 || amounts*2 >= n:
		return ""
	case dates*2 > n:
		return "日期"
	case ids*2 > n:
		return "编号"
	}
	return "文本"
}

func longDigits(s string) bool {
	d := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			d++
		case r == 'X' || r == 'x' || r == ' ':
		default:
			return false
		}
	}
	return d >= 12
}
