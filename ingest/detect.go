package ingest

import (
	"fmt"
	"sort"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// headerScanRows is how far below the top a header row is looked for.
const headerScanRows = 40

// mapping is a header row matched to a contract.
type mapping struct {
	contract  *Contract
	headerTop int         // 1-based row of the first header line (two-line headers)
	headerRow int         // 1-based row of the last header line
	cols      map[int]int // column index → field index
	units     map[int]cell.Unit
	items     map[int]string // wide kinds: column index → item name
	totals    map[int]string // wide kinds: total columns, checked not loaded
	ignored   []string       // wide kinds: text columns that are not items (备注)
	parts     map[int][]int  // split amounts: field index → part columns (门诊, 住院)
	partNames map[int]string // part column → its label
	headers   []string       // original header text per column
	score     int
	matched   []string // field names matched, for the detection reason
	missing   []string // required fields not matched (their first header)
}

func (m *mapping) reason() string {
	r := fmt.Sprintf("表头第%d行匹配 %s: %s", m.headerRow, m.contract.Kind, strings.Join(m.matched, ", "))
	if len(m.items) > 0 {
		r += fmt.Sprintf("; %d 个宽表项目列", len(m.items))
	}
	for fi, cols := range m.parts {
		var names []string
		for _, c := range cols {
			names = append(names, strings.TrimSpace(m.headers[c]))
		}
		name := m.contract.Fields[fi].Name
		if total := m.colOf(fi); total >= 0 {
			r += fmt.Sprintf("; %s 取 %s 列，由分列 %s 核对", name, strings.TrimSpace(m.headers[total]), strings.Join(names, "+"))
		} else {
			r += fmt.Sprintf("; %s 由分列 %s 相加", name, strings.Join(names, "+"))
		}
	}
	if len(m.ignored) > 0 {
		r += "; 未作为项目: " + strings.Join(m.ignored, ", ")
	}
	return r
}

// matchHeader scores how well a normalised header names a field: 3 exact synonym,
// 2 synonym plus decoration (采购金额(含税)), 1 a weak header (序号), 0 none.
func matchHeader(f *Field, h string) int {
	best := 0
	for _, n := range f.norm {
		switch {
		case h == n:
			return 3
		case len([]rune(n)) >= 2 && strings.HasPrefix(h, n) && len([]rune(h)) <= len([]rune(n))+4:
			best = 2
		}
	}
	for _, n := range f.weak {
		if best == 0 && h == n {
			best = 1
		}
	}
	return best
}

// mapHeader maps one header row to a contract. Each field takes at most one column
// (the best-scoring, leftmost) and each column at most one field.
func mapHeader(c *Contract, cells []string, rowNo int) *mapping {
	m := &mapping{contract: c, headerTop: rowNo, headerRow: rowNo, cols: map[int]int{}, units: map[int]cell.Unit{}, headers: cells}
	norm := make([]string, len(cells))
	for i, h := range cells {
		norm[i], m.units[i] = cell.NormalizeHeader(h)
	}
	type cand struct{ col, field, score int }
	var cands []cand
	for fi := range c.Fields {
		for col, h := range norm {
			if h == "" {
				continue
			}
			if s := matchHeader(&c.Fields[fi], h); s > 0 {
				cands = append(cands, cand{col, fi, s})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].score != cands[j].score {
			return cands[i].score > cands[j].score
		}
		if cands[i].field != cands[j].field {
			return cands[i].field < cands[j].field
		}
		return cands[i].col < cands[j].col
	})
	usedCol, usedField := map[int]bool{}, map[int]bool{}
	for _, cd := range cands {
		if usedCol[cd.col] || usedField[cd.field] {
			continue
		}
		usedCol[cd.col], usedField[cd.field] = true, true
		m.cols[cd.col] = cd.field
		m.score += cd.score
	}
	m.layout(norm, usedCol, usedField)
	return m
}

// detectHeader finds the header row among the first rows and the kind it names.
// kind forces a kind. A two-line header (merged group titles above) is tried by
// joining each row with the one above.
func detectHeader(rows [][]string, firstRowNo int, kind string) (*mapping, error) {
	var best *mapping
	var tie *mapping
	var bestPartial *mapping
	consider := func(m *mapping) {
		if len(m.missing) > 0 {
			if bestPartial == nil || len(m.matched) > len(bestPartial.matched) {
				bestPartial = m
			}
			return
		}
		switch {
		case best == nil || m.score > best.score || (m.score == best.score && m.contract == best.contract && m.headerRow-m.headerTop < best.headerRow-best.headerTop):
			best, tie = m, nil
		case m.score == best.score && m.contract != best.contract && m.headerRow == best.headerRow:
			tie = m
		}
	}
	var cs []*Contract
	if kind != "" {
		c, ok := ContractFor(kind)
		if !ok {
			return nil, fmt.Errorf("unknown kind %q (known: %s)", kind, strings.Join(Kinds(), ", "))
		}
		cs = []*Contract{c}
	} else {
		cs = contracts
	}
	for i := 0; i < len(rows) && i < headerScanRows; i++ {
		if nonEmpty(rows[i]) < 2 {
			continue
		}
		for _, c := range cs {
			consider(pruneItems(mapHeader(c, rows[i], firstRowNo+i), rows[i+1:]))
			if i > 0 && nonEmpty(rows[i-1]) > 0 {
				m := pruneItems(mapHeader(c, joinHeaderRows(rows[i-1], rows[i]), firstRowNo+i), rows[i+1:])
				m.headerTop--
				consider(m)
			}
		}
	}
	if best == nil {
		if bestPartial != nil && len(bestPartial.matched) >= 2 {
			return nil, fmt.Errorf("looks like %s (%s) but lacks required column(s) %s; rename the header or pass --kind",
				bestPartial.contract.Kind, bestPartial.contract.Title, strings.Join(bestPartial.missing, ", "))
		}
		return nil, errNoHeader
	}
	if tie != nil {
		return nil, fmt.Errorf("headers fit both %s and %s equally; pass --kind %s or --kind %s",
			best.contract.Kind, tie.contract.Kind, best.contract.Kind, tie.contract.Kind)
	}
	return best, nil
}

// errNoHeader: nothing in the first rows looks like a header of any kind.
var errNoHeader = fmt.Errorf("no header row of a known kind in the first %d rows", headerScanRows)

// joinHeaderRows combines a group-title row with the row below: a column keeps the
// lower text, or the upper one (filled across merged group cells) where the lower is blank.
func joinHeaderRows(upper, lower []string) []string {
	n := max(len(upper), len(lower))
	out := make([]string, n)
	last := ""
	for i := 0; i < n; i++ {
		u, l := cellAt(upper, i), cellAt(lower, i)
		if strings.TrimSpace(u) != "" {
			last = u
		}
		switch {
		case strings.TrimSpace(l) != "":
			out[i] = l
		case strings.TrimSpace(u) != "":
			out[i] = u
		default:
			out[i] = last
		}
	}
	return out
}

func cellAt(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func nonEmpty(row []string) int {
	n := 0
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			n++
		}
	}
	return n
}
