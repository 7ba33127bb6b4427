package ingest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// wideSamples is how many rows below a wide header are looked at to tell amounts from text.
const wideSamples = 30

// notAmountHeaders end the names of columns that are never pay items or categories,
// whatever their values look like (a 发放日期 stored as an Excel serial is a number).
var notAmountHeaders = []string{"日期", "时间", "季度", "账号", "卡号", "号码", "编号", "电话"}

// pruneItems decides a wide sheet's item columns by their values: a column whose values
// below the header are not amounts (text such as 一季度 or 当月未拨付, dates, account or id
// numbers) is not an item. A wide mapping left without items lacks its required item.
func pruneItems(m *mapping, below [][]string) *mapping {
	if m.contract.Wide == nil || len(m.items) == 0 {
		return m
	}
	below = below[:min(len(below), wideSamples)]
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
		m.score--
		m.ignored = append(m.ignored, fmt.Sprintf("%s（%s）", strings.TrimSpace(m.headers[col]), why))
	}
	if len(m.items) == 0 {
		m.missing = append(m.missing, "至少一个金额项目列")
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
