package ingest

import (
	"fmt"
	"math"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// productShare is the least share of the sample rows with a quantity, a price and an amount
// on which quantity × price = amount for two money columns to be taken as price and amount.
const productShare = 0.8

// productRows is the least number of such rows: a row or two agree by chance.
const productRows = 3

// byProduct maps a line's price and amount that no header names by what they hold: of the
// money columns left beside the quantity, the one pair where quantity × price = amount on the
// sampled rows (进货价格 and 进货合计 beside 实收数量). A column a header named keeps its field;
// two pairs that fit (every quantity 1) map nothing.
func (d *detector) byProduct(ct *Contract, c *candidateRow, m *mapping, usedCol, usedField, parts map[int]bool, explain map[int]ColumnMatch) {
	qi, pi, ai := ct.fieldIndex("qty"), ct.fieldIndex("unit_price"), ct.fieldIndex("amount")
	if qi < 0 || pi < 0 || ai < 0 || usedField[pi] && usedField[ai] {
		return
	}
	colOf := func(fi int) int {
		for col, f := range m.cols {
			if f == fi {
				return col
			}
		}
		return -1
	}
	qc := colOf(qi)
	if qc < 0 {
		return
	}
	// the columns that may hold a field: its own if named, else every money column left
	choices := func(fi int) []int {
		if col := colOf(fi); col >= 0 {
			return []int{col}
		}
		var out []int
		for col, h := range c.headers {
			if h.norm == "" || usedCol[col] || parts[col] || h.role == roleCode || h.role == roleDate {
				continue
			}
			if p := c.profile(col, d.values); p.n > 0 && p.money >= byValueShare && !serial(p) {
				out = append(out, col)
			}
		}
		return out
	}
	type pair struct {
		price, amount int
		agree, rows   int
	}
	var fits []pair
	for _, pc := range choices(pi) {
		for _, ac := range choices(ai) {
			if pc == ac || pc == qc || ac == qc {
				continue
			}
			pr := pair{price: pc, amount: ac}
			pr.agree, pr.rows = productAgrees(c.sample, qc, pc, ac)
			if pr.rows >= productRows && float64(pr.agree) >= productShare*float64(pr.rows) {
				fits = append(fits, pr)
			}
		}
	}
	if len(fits) != 1 {
		return
	}
	fit := fits[0]
	for _, x := range []struct{ col, fi int }{{fit.price, pi}, {fit.amount, ai}} {
		if usedField[x.fi] {
			continue
		}
		usedCol[x.col], usedField[x.fi] = true, true
		m.cols[x.col] = x.fi
		if ct.Fields[x.fi].Required {
			m.score += byValueScore
		}
		explain[x.col] = ColumnMatch{Column: x.col, Header: strings.TrimSpace(c.cells[x.col]), Field: ct.Fields[x.fi].Name, Score: byValueScore,
			Why: fmt.Sprintf("按取值: %s × %s = %s (%d/%d 行)", strings.TrimSpace(c.cells[qc]), strings.TrimSpace(c.cells[fit.price]), strings.TrimSpace(c.cells[fit.amount]), fit.agree, fit.rows)}
	}
}

// productAgrees counts the rows with a quantity, a price and an amount, and those where
// quantity × price is the amount to within a fen a unit and a thousandth.
func productAgrees(rows [][]string, qc, pc, ac int) (agree, n int) {
	for _, r := range rows {
		q, err := cell.ParseNumber(strings.TrimSpace(cellAt(r, qc)))
		if err != nil || q == 0 {
			continue
		}
		p, err := cell.ParseMoney(strings.TrimSpace(cellAt(r, pc)), cell.UnitNone)
		if err != nil {
			continue
		}
		a, err := cell.ParseMoney(strings.TrimSpace(cellAt(r, ac)), cell.UnitNone)
		if err != nil {
			continue
		}
		n++
		if math.Abs(q*float64(p)-float64(a)) <= math.Max(1, math.Abs(q))+0.001*math.Abs(float64(a)) {
			agree++
		}
	}
	return agree, n
}
