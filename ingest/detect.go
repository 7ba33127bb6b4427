package ingest

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/xuncha/xuncha/ingest/cell"
)

// headerScanRows is how far below the top a header row is looked for.
const headerScanRows = 40

// headerCellBytes: a longer cell is no header name nor title. Detection reads only its
// first bytes, since matching a cell against every name of every field costs in
// proportion to its length (a few rows of 3 MB cells took minutes).
const headerCellBytes = 1 << 10

// forDetection returns rows with their long cells cut to headerCellBytes, copying only the
// rows that have one.
func forDetection(rows [][]string) [][]string {
	var out [][]string
	for i, r := range rows {
		for j, c := range r {
			if len(c) <= headerCellBytes {
				continue
			}
			if out == nil {
				out = slices.Clone(rows)
			}
			if &out[i][0] == &r[0] {
				out[i] = slices.Clone(r)
			}
			n := headerCellBytes
			for n > 0 && !utf8.RuneStart(c[n]) {
				n--
			}
			out[i][j] = c[:n]
		}
	}
	if out == nil {
		return rows
	}
	return out
}

// headerScanBytes ends the header search early: rows of cells near the size limit must
// not add up to gigabytes while the sheet's kind is not yet known.
const headerScanBytes = 32 << 20

// mapping is a header row matched to a contract.
type mapping struct {
	contract  *Contract
	named     bool        // a reference list its file, sheet or title names
	headerTop int         // 1-based row of the first header line (two-line headers)
	headerRow int         // 1-based row of the last header line
	cols      map[int]int // column index → field index
	units     map[int]cell.Unit
	months    map[int]bool   // a field in years given in months (使用年限（月）): its values ÷ 12
	items     map[int]string // wide kinds: column index → item name
	totals    map[int]string // wide kinds: total columns, checked not loaded
	ignored   []string       // wide kinds: text columns that are not items (备注)
	parts     map[int][]int  // split amounts: field index → part columns (门诊, 住院)
	partNames map[int]string // part column → its label
	others    []int          // wide kinds with an item list: columns neither item, total nor text
	headers   []string       // original header text per column
	score     float64        // Σ column scores (+ a little per wide item)
	matched   []string       // field names matched, for the detection reason
	missing   []string       // required fields not matched (their first header)
	columns   []ColumnMatch  // why each column was or was not mapped
	closest   []string       // per missing field: the columns that came closest
	runnerUp  *mapping       // the best mapping of another kind, if any
	section   *mapSection    // the mapping-file section that fixed kind and columns
	// a month period read from the title, sheet, file or folder name (for a column
	// without a month, or none), once readPeriod has run
	period     time.Time
	periodFrom string
	periodSrc  *periodSource
}

// readPeriod reads the month outside the table. A header row whose columns give the month
// needs it only if it wins: reading it for every candidate row cost a third of detection.
func (m *mapping) readPeriod() {
	if m.periodSrc != nil {
		m.period, m.periodFrom, _ = m.periodSrc.month(m.headerTop)
		m.periodSrc = nil
	}
}

// ColumnMatch explains one column of a recognised sheet.
type ColumnMatch struct {
	Column int     // 0-based
	Header string  // as written
	Field  string  // field name; "item"/"total" in wide kinds; "" when not loaded
	Score  float64 // 0…1
	Why    string
	Part   string // a part of a split amount (门诊): the label; the layout takes it, not a mapping
}

func (m *mapping) reason() string {
	r := fmt.Sprintf("表头第%d行匹配 %s (%.2f", m.headerRow, m.contract.Kind, m.score)
	if u := m.runnerUp; u != nil {
		r += fmt.Sprintf("; 次选 %s %.2f", u.contract.Kind, u.score)
		if len(u.missing) > 0 {
			r += " 缺必填列"
		}
	}
	if m.section != nil {
		r += "; 映射文件 " + m.section.String()
	}
	r += "): " + strings.Join(m.matched, ", ")
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

// detectHint carries what the user fixed: a kind (--kind) or a mapping-file section; and
// what outside the table may give a sheet its month.
type detectHint struct {
	kind    string
	section *mapSection
	period  *periodSource
}

// candidateRow is one possible header row with the data rows under it profiled.
type candidateRow struct {
	cells    []string
	rowNo    int
	top      int
	headers  []header
	units    []cell.Unit
	fields   []map[*Field]bool  // per column: the fields its header may name
	kinds    map[*Contract]bool // the kinds those fields belong to
	sample   [][]string
	profiles []*profile // computed when a column is first scored
	groups   []string   // two-line headers: per column, the group label above its name, or ""
}

// grouped notes, for a header joined from a row of group labels and the names under them,
// the label over each named column (filled across the columns it spans, at least two), and
// lets the column name the fields that label and name together may name.
func (c *candidateRow) grouped(upper, lower []string) {
	c.groups = make([]string, len(c.cells))
	span := map[int][]int{} // the column a label starts at → the named columns under it
	at := -1
	for i := range c.cells {
		u, _ := cell.NormalizeHeader(cellAt(upper, i))
		l, _ := cell.NormalizeHeader(cellAt(lower, i))
		switch {
		case u != "" && strings.ContainsAny(u, ":：0123456789"):
			at = -1 // a note above the table (编制日期：…, 单位：万元), no group's label
		case u != "" && (at < 0 || u != c.groups[at]):
			at = i
			c.groups[i] = u
		}
		if at >= 0 && l != "" && l != c.groups[at] {
			span[at] = append(span[at], i)
		}
	}
	labels := c.groups
	c.groups = make([]string, len(c.cells))
	for at, cols := range span {
		if len(cols) < 2 {
			continue
		}
		for _, i := range cols {
			c.groups[i] = labels[at]
			for f := range names.fieldsFor(newHeader(labels[at] + c.headers[i].norm)) {
				if c.fields[i] == nil {
					c.fields[i] = map[*Field]bool{}
				}
				c.fields[i][f] = true
				c.kinds[names.kind[f]] = true
			}
		}
	}
}

// groupScore is what a name gets whose subject the group label above a column gives and whose
// ending the column's own name has (核销日期 under 报废处置 for a 报废日期): above any near
// name the column has by itself, below the same name.
const groupScore = 0.9

// groupMatch scores a column named under a group label against the names of f that are a
// subject making up at least half the label and an ending the column's name has, by the
// same word, its canonical form or, for a date or a code, its role: 报废处置 / 批复文号 is a
// 报废审批文号, 大型设备配置许可 / 证书编号 a 配置许可证号.
func groupMatch(f *Field, label string, h header) headerMatch {
	lr := utf8.RuneCountInString(label)
	for _, n := range f.names {
		rs := []rune(n.norm)
		if n.code != "" {
			continue
		}
		for k := 2; k < len(rs); k++ {
			subj, end := string(rs[:k]), string(rs[k:])
			if 2*k < lr || !strings.Contains(label, subj) {
				continue
			}
			r := headerRole(end)
			if strings.HasSuffix(h.norm, end) || canonical(h.norm) == canonical(end) || r != roleNone && r != roleName && r == h.role {
				return headerMatch{groupScore, "组标签 " + label + ": " + subj + "+" + h.norm + "≈" + n.norm}
			}
		}
	}
	return headerMatch{}
}

func (c *candidateRow) profile(col int, seen *valueCache) profile {
	if p := c.profiles[col]; p != nil {
		return *p
	}
	vals := make([]string, 0, len(c.sample))
	for _, r := range c.sample {
		vals = append(vals, cellAt(r, col))
	}
	p := profileOf(vals, seen)
	c.profiles[col] = &p
	return p
}

// detector scores candidate header rows against contracts.
type detector struct {
	values *valueCache
}

func newDetector() *detector {
	return &detector{values: newValueCache()}
}

// headerMatches remembers how well a header names a field, for every sheet: the exports
// of a district repeat the same few hundred headers. It stops growing at
// headerMatchesMax entries (a sheet of thousands of made-up headers).
var headerMatches = struct {
	sync.Mutex
	m map[memoKey]headerMatch
}{m: map[memoKey]headerMatch{}}

const headerMatchesMax = 1 << 16

type memoKey struct {
	f *Field
	h string
}

func (d *detector) match(f *Field, h header) headerMatch {
	k := memoKey{f, h.norm}
	headerMatches.Lock()
	m, ok := headerMatches.m[k]
	headerMatches.Unlock()
	if ok {
		return m
	}
	m = matchField(f, h)
	headerMatches.Lock()
	if len(headerMatches.m) < headerMatchesMax {
		headerMatches.m[k] = m
	}
	headerMatches.Unlock()
	return m
}

func newCandidate(cells []string, rowNo, top int, below [][]string) *candidateRow {
	c := &candidateRow{cells: cells, rowNo: rowNo, top: top, headers: make([]header, len(cells)), units: make([]cell.Unit, len(cells)),
		fields: make([]map[*Field]bool, len(cells)), kinds: map[*Contract]bool{}, profiles: make([]*profile, len(cells))}
	for i, h := range cells {
		var n string
		n, c.units[i] = cell.NormalizeHeader(h)
		c.headers[i] = newHeader(n)
		if n != "" {
			c.fields[i] = names.fieldsFor(c.headers[i])
			for f := range c.fields[i] {
				c.kinds[names.kind[f]] = true
			}
		}
	}
	for _, r := range below {
		if len(c.sample) == sampleRows {
			break
		}
		if nonEmpty(r) == 0 || cell.IsTotalRow(r) || isNote(r) || columnNumbers(r) {
			continue
		}
		c.sample = append(c.sample, r)
	}
	return c
}

// candidate is one column scored for one field.
type candidate struct {
	col, field int
	score      float64
	why        string
}

// score combines how well a header names a field with how well its values fit the field.
// A column whose values do not have the field's type is no candidate at all.
func (d *detector) score(f *Field, c *candidateRow, col int) (candidate, bool) {
	h := c.headers[col]
	if !c.fields[col][f] {
		return candidate{}, false
	}
	hm := d.match(f, h)
	if c.groups != nil && c.groups[col] != "" {
		if gm := groupMatch(f, c.groups[col], h); gm.score > hm.score {
			hm = gm
		}
	}
	if hm.score == 0 {
		return candidate{}, false
	}
	p := c.profile(col, d.values)
	if fieldRole(f) == roleCode && p.n > 1 && rowNumbers(p) && !f.hasName(h.norm) {
		// 序号 numbers the rows: a code only where it is the field's own name
		return candidate{col: col, score: 0, why: hm.why + " + 值为行序号 (1, 2, 3 …)"}, false
	}
	fit, vwhy, reject := valueFit(f, p)
	if !reject && hm.score < 1 {
		if g := otherEnum(f, p); g != nil {
			// 采购类型 named like a category, valued like a method: the values decide
			return candidate{col: col, score: 0, why: hm.why + " + " + vwhy + ", 值属于 " + g.Name}, false
		}
	}
	switch {
	case reject && hm.score < 1:
		return candidate{col: col, score: 0, why: hm.why + " + " + vwhy}, false
	case reject:
		// the field's own name: kept, so that its bad values are rejected row by row
		// and named, unless a column whose values fit takes the field first
		fit, vwhy = 0, vwhy+", 同名保留"
	}
	return candidate{col: col, score: hm.score * (0.55 + 0.45*fit), why: hm.why + " + " + vwhy}, true
}

// mapRow maps one candidate header row to a contract. Each field takes at most one column and
// each column at most one field, best score first (then the field declared first, then the
// leftmost column). Columns pinned by a mapping-file section are taken as they are.
func (d *detector) mapRow(ct *Contract, c *candidateRow, hint detectHint, listNamed bool) *mapping {
	sec := hint.section
	m := &mapping{contract: ct, headerTop: c.top, headerRow: c.rowNo, cols: map[int]int{}, units: map[int]cell.Unit{}, headers: c.cells, section: sec}
	for i, u := range c.units {
		m.units[i] = u
	}
	usedCol, usedField := map[int]bool{}, map[int]bool{}
	explain := map[int]ColumnMatch{}
	pinned := map[int]string{} // column → "-", "item", "total" or a field
	if sec != nil {
		pinned = sec.pin(c.cells)
		for col, target := range pinned {
			usedCol[col] = true
			if fi := ct.fieldIndex(target); fi >= 0 {
				usedField[fi] = true
				m.cols[col] = fi
				m.score += 1
			}
			explain[col] = ColumnMatch{Column: col, Header: strings.TrimSpace(c.cells[col]), Field: strings.TrimPrefix(target, "-"), Score: 1, Why: "映射文件"}
		}
	}
	parts := splitParts(ct, c.headers, usedCol)
	var cands []candidate
	for fi := range ct.Fields {
		if usedField[fi] {
			continue
		}
		for col, h := range c.headers {
			if h.norm == "" || usedCol[col] || parts[col] {
				continue
			}
			if cd, ok := d.score(&ct.Fields[fi], c, col); ok && cd.score >= acceptScore {
				cd.field = fi
				cands = append(cands, cd)
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
	for _, cd := range cands {
		if usedCol[cd.col] || usedField[cd.field] {
			continue
		}
		usedCol[cd.col], usedField[cd.field] = true, true
		m.cols[cd.col] = cd.field
		m.score += cd.score
		explain[cd.col] = ColumnMatch{Column: cd.col, Header: strings.TrimSpace(c.cells[cd.col]), Field: ct.Fields[cd.field].Name, Score: cd.score, Why: cd.why}
	}
	// quantity × price = amount is surer than a lone money column: it goes first
	d.byProduct(ct, c, m, usedCol, usedField, parts, explain)
	for _, fb := range d.byValues(ct, c, usedCol, usedField, parts, listNamed) {
		usedCol[fb.col], usedField[fb.field] = true, true
		m.cols[fb.col] = fb.field
		if f := &ct.Fields[fb.field]; f.Required || f.enum != "" || f.Type == TypeInstitution || listNamed {
			// an optional name or amount its values alone fill explains nothing of which kind
			// this is; registered institutions' names and codes, an enum's words do
			m.score += fb.score
		}
		explain[fb.col] = ColumnMatch{Column: fb.col, Header: strings.TrimSpace(c.cells[fb.col]), Field: ct.Fields[fb.field].Name, Score: fb.score, Why: fb.why}
	}
	d.registryCodes(ct, c, m, explain)
	d.variedText(ct, c, m, usedCol, explain)
	norm := make([]string, len(c.headers))
	for i, h := range c.headers {
		norm[i] = h.norm
	}
	if ct.monthPeriod() {
		m.periodSrc = hint.period
		if !usedField[ct.fieldIndex(ct.Period.Field)] {
			m.readPeriod()
		}
	}
	m.layout(norm, usedCol, usedField)
	if ct.Wide != nil && m.items != nil {
		pruneItems(m, c.sample)
		// a mapping file's item and total columns are what it says, whatever the values
		for col, target := range pinned {
			switch target {
			case targetItem:
				m.items[col] = norm[col]
				m.score += itemWeight
			case targetTotal:
				m.totals[col] = strings.TrimSpace(c.cells[col])
			}
		}
		if len(m.items) > 0 {
			m.missing = slices.DeleteFunc(m.missing, func(s string) bool { return s == noItemsMissing })
		}
	}
	for _, h := range m.missing {
		near := ""
		if fi := fieldByHeader(ct, h); fi >= 0 {
			near = d.closest(ct, fi, c)
		}
		m.closest = append(m.closest, near)
	}
	for col, fi := range m.cols {
		if strings.HasSuffix(ct.Fields[fi].Name, "_years") && inMonths(c.cells[col]) {
			if m.months == nil {
				m.months = map[int]bool{}
			}
			m.months[col] = true
			if cm, ok := explain[col]; ok {
				cm.Why += "; 以月计, 折为年 (÷12)"
				explain[col] = cm
			}
		}
	}
	d.explainLayout(m, c, explain)
	for col := range c.cells {
		cm, ok := explain[col]
		if !ok {
			if c.headers[col].norm == "" {
				continue
			}
			cm = ColumnMatch{Column: col, Header: strings.TrimSpace(c.cells[col]), Why: "未匹配任何字段"}
		}
		m.columns = append(m.columns, cm)
	}
	return m
}

// monthUnits name months as a column's unit: 预计使用年限（月）, 折旧年限(个月), 使用年限/月.
var monthUnits = []string{"(月)", "(个月)", "[月]", "(单位:月)", "单位:月", "/月", "月数"}

// inMonths: the header gives its values in months.
func inMonths(header string) bool {
	h := strings.NewReplacer("（", "(", "）", ")", "【", "[", "】", "]", "：", ":", " ", "", "\u3000", "").Replace(header)
	for _, u := range monthUnits {
		if strings.Contains(h, u) {
			return true
		}
	}
	return false
}

// entityName: the field names what a row is about (an asset, a fee line's item), not a person.
func entityName(f *Field) bool { return f.Type == TypeText && strings.HasSuffix(f.Name, "name") }

// byValueScore is what a column mapped by its values alone adds: less than any header match,
// so that a kind is never chosen for columns it only guessed.
const byValueScore = 0.3

// byValueShare is the least share of a column's sample rows that must be filled, and of its
// values that must have the field's type (a few bad dates among them are rejected row by row).
const byValueShare = 0.8

// byValues maps required fields that no header names to the one unmapped column whose
// values fit them strongly and distinctively: 18-digit ids for a patient id; for a date,
// the only unmapped column whose name says it is a date (…日期, …时间) and whose values are
// dates (months for a month field); an optional enum field the one column of its values; a
// registry's name the one column of health institutions' names (…医院, …卫生院, …中心) and its
// code the one column of codes that are all different; a long-text field the one column of
// long, varied text; the name of what a row is about the one other column named …名称; an
// optional amount the one money column whose name shares enough of one of its names. Of two
// such columns for a field the one whose name shares clearly more characters with the
// field's names is taken (就医登记号 beside 个人电脑号 for a 就诊登记号);
// otherwise two columns for a field, or one column for two fields, map nothing. A file covering
// several institutions names each row's in the one column of health institutions' names or of
// 医保定点 codes, whatever its header (成员单位名称 under 医共体成员单位).
//
// A reference list its file, sheet or title names (集中采购平台挂网目录.csv) is explained by that
// name: each of its fields, required or not, may take the one column its values fit, and its
// name field the one column of distinct Chinese names.
func (d *detector) byValues(ct *Contract, c *candidateRow, usedCol, usedField, parts map[int]bool, listNamed bool) []candidate {
	var out, extra []candidate
	claims, extraClaims := map[int]int{}, map[int]int{} // column → how many fields it is the only fit for
	named := len(usedField)
	// a small kind (a budget: item and two amounts beside its year) is explained by half
	// the fields its own columns hold
	own := 0
	for i := range ct.Fields {
		if f := &ct.Fields[i]; f.Type != TypeInstitution && (ct.Period == nil || ct.Period.Field != f.Name) {
			own++
		}
	}
	enough := max(2, min(byValueNamed, own/2))
	if listNamed {
		enough = 0
	}
	for fi := range ct.Fields {
		f := &ct.Fields[fi]
		if usedField[fi] || !f.Required && f.enum == "" && f.Type != TypeInstitution && f.Type != TypeMoney && !entityName(f) && !listNamed || (ct.Period != nil && ct.Period.Field == f.Name) {
			continue
		}
		var fits []candidate
		for col, h := range c.headers {
			if h.norm == "" || usedCol[col] || parts[col] {
				continue
			}
			// a required field's column is filled: a sparse 减少日期 is no 购置日期
			p := c.profile(col, d.values)
			if p.n == 0 || float64(p.n) < byValueShare*float64(len(c.sample)) {
				continue
			}
			// institutions' names or codes name the institution, not a settlement or an item
			if p.inst > 0.9 && f.Type != TypeInstitution && !institutionFields[f.Name] {
				continue
			}
			var share float64
			var what string
			switch {
			case f.Type == TypePID:
				share, what = p.id18, "18位身份证号"
			case f.Type == TypeDate && h.role == roleDate:
				share, what = p.date, "日期"
			case f.Type == TypeMonth && h.role == roleDate && p.date < 0.5: // months, not days
				share, what = p.month, "月份"
			// a file covering several institutions (a 医共体's or an insurance office's) names
			// each row's by name or by 医保定点 code, under whatever header
			case f.Type == TypeInstitution && f.Name == "institution" && h.role != roleCode && h.role != roleDate:
				share, what = p.matching(institutionSuffix), "医疗机构名称"
			case f.Type == TypeInstitution && f.Name != "institution" && h.role != roleName && h.role != roleDate:
				share, what = p.matching(insuranceCodeRe), "医保定点编码"
			// words that spell the enum's values, whatever else they may spell (在用 reads as a yes)
			case f.enum != "" && p.number < enumForeign && p.cjk >= enumDecides:
				share, what = p.enumShare(enums[f.enum]), "取值表 "+f.enum
			case ct.Kind == "institutions" && f.Name == "name" && h.role != roleCode:
				share, what = p.matching(institutionSuffix), "医疗机构名称"
			case ct.Kind == "institutions" && f.Name == "institution_code" && h.role != roleName && p.distinct == 1 && !serial(p):
				share, what = p.code, "各不相同的编码"
			// a code, a supplier or an amount only completes a sheet its headers already explain
			case named < enough:
				continue
			case f.Type == TypeText && fieldRole(f) == roleCode && h.role == roleCode && !serial(p):
				share, what = p.code, "编码"
			case longTextFields[f.Name] && h.role == roleNone:
				share, what = longTextShare(p), "长文本"
			case listNamed && f.Type == TypeText && fieldRole(f) == roleName && h.role != roleCode && h.role != roleDate && p.distinct == 1 && p.number < enumForeign:
				share, what = p.cjk, "各不相同的名称"
			// the thing a row is about (an asset, an item) by the one other …名称 column: an
			// asset book's 物资名称 is its asset's name; a 科室名称 or 单位名称 names another thing
			case entityName(f) && strings.HasSuffix(h.norm, "名称") && !namesOther(stem(h.norm)) && p.number < enumForeign:
				share, what = p.cjk, "名称"
			case (f.Name == "vendor" || f.Name == "payee") && h.role != roleCode && h.role != roleDate:
				share, what = p.matching(companySuffix), "企业名称"
			// an optional amount the money column whose name is near one of its names: a
			// budget's 本年实际 beside its 全年预算 (实际支出, 实际金额)
			case f.Type == TypeMoney && !f.Required && !listNamed && (h.role == roleMoney || h.role == roleNone) && !serial(p):
				if a, _ := charAffinity(f, h.norm); a < nearShare {
					continue
				}
				share, what = p.money, "金额, 名称相近"
			// codes that are not numbers (记-0001) are no amount; amounts are numbers, which
			// look like codes too (a digit, no space), but row numbers are not amounts
			case f.Type == TypeMoney && (h.role == roleMoney || h.role == roleNone) && (p.code < byValueShare || p.number >= byValueShare) && !serial(p):
				share, what = p.money, "金额"
			default:
				continue
			}
			if share >= byValueShare {
				fits = append(fits, candidate{col: col, field: fi, score: byValueScore,
					why: fmt.Sprintf("按取值: 唯一值为%s的未匹配列 (%.0f%%)", what, 100*share)})
			}
		}
		if len(fits) > 1 {
			fits = nearestNamed(f, c, fits)
		}
		if len(fits) == 1 {
			if !f.Required && f.enum == "" {
				// a named list's other fields take only what the others leave
				extra = append(extra, fits[0])
				extraClaims[fits[0].col]++
				continue
			}
			out = append(out, fits[0])
			claims[fits[0].col]++
		}
	}
	out = slices.DeleteFunc(out, func(cd candidate) bool { return claims[cd.col] > 1 })
	for _, cd := range extra {
		if claims[cd.col] == 0 && extraClaims[cd.col] == 1 {
			out = append(out, cd)
		}
	}
	return out
}

// variedText moves a required long-text field named on a column whose values mostly repeat (an area or
// a section merged down) to the one unmapped column of long text that repeats less (the items
// themselves): of two columns that fit the field, the values decide.
func (d *detector) variedText(ct *Contract, c *candidateRow, m *mapping, usedCol map[int]bool, explain map[int]ColumnMatch) {
	type move struct{ from, to candidate }
	var moves []move
	for col, fi := range m.cols {
		f := &ct.Fields[fi]
		p := c.profile(col, d.values)
		if !f.Required || !longTextFields[f.Name] || p.n == 0 || p.distinct >= repeatedText {
			continue
		}
		var fits []candidate
		for other, h := range c.headers {
			if h.norm == "" || usedCol[other] {
				continue
			}
			q := c.profile(other, d.values)
			if float64(q.n) >= byValueShare*float64(len(c.sample)) && longTextShare(q) == 1 && q.distinct > p.distinct {
				fits = append(fits, candidate{col: other, field: fi, score: byValueScore,
					why: fmt.Sprintf("按取值: 长文本, 不重复%.0f%% (%s 列不重复%.0f%%)", 100*q.distinct, strings.TrimSpace(c.cells[col]), 100*p.distinct)})
			}
		}
		if len(fits) > 1 {
			fits = nearestNamed(f, c, fits)
		}
		if len(fits) == 1 {
			moves = append(moves, move{candidate{col: col, field: fi}, fits[0]})
		}
	}
	for _, mv := range moves {
		delete(m.cols, mv.from.col)
		m.cols[mv.to.col] = mv.to.field
		usedCol[mv.to.col] = true
		was := explain[mv.from.col]
		explain[mv.to.col] = ColumnMatch{Column: mv.to.col, Header: strings.TrimSpace(c.cells[mv.to.col]), Field: was.Field, Score: mv.to.score, Why: mv.to.why}
		was.Field, was.Why = "", was.Why+"; 值多重复, 让给 "+strings.TrimSpace(c.cells[mv.to.col])
		explain[mv.from.col] = was
	}
}

// repeatedText is the share of distinct values under which a long-text column is taken for
// labels repeated down the rows rather than the items.
const repeatedText = 0.5

// longTextShare is 1 for a column of long, varied text (a checklist item, a problem, a measure),
// else 0: labels and enums are short or repeat.
func longTextShare(p profile) float64 {
	if p.avgLen >= longTextRunes && p.distinct >= 0.5 && p.money < enumForeign && p.date < enumForeign {
		return 1
	}
	return 0
}

// longTextRunes is the least average length of a long-text column's values.
const longTextRunes = 8

// Of several columns whose values fit a field, the one whose header shares at least
// nearShare of some name's characters, nearMargin more than any other, is the field's.
const (
	nearShare  = 0.3
	nearMargin = 0.2
)

// nearestNamed keeps, of fits, the column whose header is nearest a name of f by the
// characters they share, when it is clearly nearer than the others; else none.
func nearestNamed(f *Field, c *candidateRow, fits []candidate) []candidate {
	best, second, bi, bn := 0.0, 0.0, -1, ""
	for i, fit := range fits {
		a, n := charAffinity(f, c.headers[fit.col].norm)
		switch {
		case a > best:
			best, second, bi, bn = a, best, i, n
		case a > second:
			second = a
		}
	}
	if bi < 0 || best < nearShare || best-second < nearMargin {
		return nil
	}
	fit := fits[bi]
	fit.why += fmt.Sprintf("; 名称最近 %s (%.2f, 次近 %.2f)", bn, best, second)
	return []candidate{fit}
}

// charAffinity is the largest share of a name of f's characters that h contains (each
// character counted as often as it occurs), and that name. The words that end both and say
// only what kind of value they hold (…号, …编码, …日期) are left out: they fit every column
// that got this far.
func charAffinity(f *Field, h string) (float64, string) {
	have := map[rune]int{}
	for _, r := range stem(h) {
		have[r]++
	}
	best, name := 0.0, ""
	for _, n := range f.names {
		if n.code != "" {
			continue
		}
		left := maps.Clone(have)
		shared, total := 0, 0
		for _, r := range stem(n.norm) {
			total++
			if left[r] > 0 {
				left[r]--
				shared++
			}
		}
		if a := float64(shared) / float64(total); total > 0 && a > best {
			best, name = a, n.norm
		}
	}
	return best, name
}

// institutionSuffix ends the name of a health institution: 医院, 卫生院, 保健院, …中心.
var institutionSuffix = regexp.MustCompile(`(医院|卫生院|保健院|保健所|卫生室|中心|诊所|门诊部|疗养院|急救站|血站)$`)

// hospitalSuffix ends a hospital's or a health centre's name (a village clinic, 卫生室, may be
// the department of a village doctor).
var hospitalSuffix = regexp.MustCompile(`(医院|卫生院|保健院|卫生服务中心)$`)

// byValueNamed is how many fields a sheet's headers must name before its values may name a
// code, a supplier or an amount.
const byValueNamed = 4

// companySuffix ends the name of a company or a supplier: 有限公司, 药业, 医药站, 经营部.
var companySuffix = regexp.MustCompile(`(公司|集团|厂|药业|药房|药店|商行|经营部|医药站|研究所|事务所|合作社)\)?$`)

// insuranceCodeRe is the shape of a 医保定点 code (医保信息业务编码: H for a medical
// institution, P for a pharmacy, then the six-digit 行政区划 of its district).
var insuranceCodeRe = regexp.MustCompile(`^[HPhp]\d{6}`)

// registryCodes puts a registry's 医保定点 codes in insurance_code and its own codes in
// institution_code when the header names put them the other way round: the values' shape
// decides.
func (d *detector) registryCodes(ct *Contract, c *candidateRow, m *mapping, explain map[int]ColumnMatch) {
	if ct.Kind != "institutions" {
		return
	}
	own, ins := ct.fieldIndex("institution_code"), ct.fieldIndex("insurance_code")
	ownCol, insCol := -1, -1
	for col, f := range m.cols {
		switch f {
		case own:
			ownCol = col
		case ins:
			insCol = col
		}
	}
	if ownCol < 0 {
		return
	}
	shaped := func(col int) bool {
		p := c.profile(col, d.values)
		return p.n > 0 && p.matching(insuranceCodeRe) >= byValueShare
	}
	if insCol < 0 && shaped(ownCol) {
		// the codes named as the institution's are 医保定点 codes: its own are its 统一社会信用代码
		// or 组织机构代码 column, else the one other column of codes, all different, if there is one
		others, why := d.ownCodeColumns(ct, c, m, shaped)
		if len(others) == 1 {
			insCol = others[0]
			m.cols[insCol] = own
			explain[insCol] = ColumnMatch{Column: insCol, Header: strings.TrimSpace(c.cells[insCol]), Field: "institution_code",
				Score: byValueScore, Why: why}
			m.cols[ownCol] = ins
			a := explain[ownCol]
			a.Field, a.Why = "insurance_code", a.Why+"; 值为医保定点编码"
			explain[ownCol] = a
		}
		return
	}
	if insCol >= 0 && shaped(ownCol) && !shaped(insCol) {
		m.cols[ownCol], m.cols[insCol] = ins, own
		a, b := explain[ownCol], explain[insCol]
		a.Field, a.Why = "insurance_code", a.Why+"; 值为医保定点编码"
		b.Field, b.Why = "institution_code", b.Why+"; 医保定点编码在另一列"
		explain[ownCol], explain[insCol] = a, b
	}
}

// ownCodeColumns are the columns that may hold a registry's own codes when the one named as
// them holds 医保定点 codes: its 统一社会信用代码 or 组织机构代码 column, else every other column
// of codes, all different (the caller takes one only when it is the only one).
func (d *detector) ownCodeColumns(ct *Contract, c *candidateRow, m *mapping, shaped func(int) bool) ([]int, string) {
	for _, f := range []string{"credit_code", "org_code"} {
		for col, g := range m.cols {
			if g == ct.fieldIndex(f) && !shaped(col) {
				return []int{col}, "按取值: 机构自己的代码（名为机构编码的列为医保定点编码）"
			}
		}
	}
	var others []int
	for col, h := range c.headers {
		if _, taken := m.cols[col]; taken || h.norm == "" {
			continue
		}
		p := c.profile(col, d.values)
		if p.n > 0 && float64(p.n) >= byValueShare*float64(len(c.sample)) && p.distinct == 1 && p.code >= byValueShare && !serial(p) && !shaped(col) {
			others = append(others, col)
		}
	}
	return others, "按取值: 唯一的其他编码列（名为机构编码的列为医保定点编码）"
}

// serial: small whole numbers (序号 1, 2, 3), which number rows rather than name anything. A
// number written with leading zeros (职工 0004) is a code of fixed width, not a count.
func serial(p profile) bool {
	for _, v := range p.values {
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n >= 10000 || len(v) > 1 && v[0] == '0' {
			return false
		}
	}
	return true
}

// rowNumbers: the values count the rows, 1, 2, 3 … in order (序号), not a code that happens to
// be a small number (科目 1002, 职工 1001).
func rowNumbers(p profile) bool {
	for i, v := range p.values {
		if n, err := strconv.Atoi(v); err != nil || n != i+1 {
			return false
		}
	}
	return true
}

// enumDecides is the share of a column's values that makes them one enum's rather than
// another's; enumForeign the share under which they are not the named field's values.
const (
	enumDecides = 0.8
	enumForeign = 0.2
)

// otherEnum is the other enum field of enum field f's kind whose values a column has, when
// the column has next to none of f's own values.
func otherEnum(f *Field, p profile) *Field {
	if f.enum == "" || p.n < 3 || !textEnum(p) || p.enumShare(enums[f.enum]) >= enumForeign {
		return nil
	}
	ct := names.kind[f]
	for i := range ct.Fields {
		g := &ct.Fields[i]
		if g != f && g.enum != "" && g.enum != f.enum && p.enumShare(enums[g.enum]) >= enumDecides {
			return g
		}
	}
	return nil
}

// textEnum: values that are words, so that an enum's share means something — not numbers or
// yes/no, which several enums spell alike (性别 1/2, 是/否).
func textEnum(p profile) bool {
	return p.number < enumForeign && p.bool_ < enumForeign && p.cjk >= enumDecides
}

// splitParts are the columns that are parts of a split amount (门诊收入, 住院收入): left to
// the layout, not matched to the amount one by one.
func splitParts(ct *Contract, headers []header, usedCol map[int]bool) map[int]bool {
	out := map[int]bool{}
	for fi := range ct.Fields {
		f := &ct.Fields[fi]
		if f.Split == nil {
			continue
		}
		var cols []int
		for col, h := range headers {
			if _, ok := partLabel(h.norm, f); ok && h.norm != "" && !usedCol[col] {
				cols = append(cols, col)
			}
		}
		if len(cols) >= 2 {
			for _, col := range cols {
				out[col] = true
			}
		}
	}
	return out
}

// explainLayout says why each column that a layout took (a wide item, a total, a part of a
// split amount) or left alone (text among the items) was so taken.
func (d *detector) explainLayout(m *mapping, c *candidateRow, explain map[int]ColumnMatch) {
	name := func(col int) string { return strings.TrimSpace(c.cells[col]) }
	for col := range m.items {
		if _, pinned := explain[col]; pinned {
			continue
		}
		why := "宽表项目"
		if p := c.profile(col, d.values); p.n > 0 {
			why += fmt.Sprintf(": 值为金额 %.0f%%", 100*p.money)
		}
		explain[col] = ColumnMatch{Column: col, Header: name(col), Field: targetItem, Score: 1, Why: why}
	}
	for col := range m.totals {
		if _, pinned := explain[col]; !pinned {
			explain[col] = ColumnMatch{Column: col, Header: name(col), Field: targetTotal, Score: 1, Why: "合计列: 核对不入库"}
		}
	}
	for fi, cols := range m.parts {
		for _, col := range cols {
			explain[col] = ColumnMatch{Column: col, Header: name(col), Field: m.contract.Fields[fi].Name, Score: 1,
				Why: "分列 " + m.partNames[col] + ": 与其他分列相加或核对合计", Part: m.partNames[col]}
		}
		if total := m.colOf(fi); total >= 0 {
			if _, ok := explain[total]; !ok {
				explain[total] = ColumnMatch{Column: total, Header: name(total), Field: m.contract.Fields[fi].Name, Score: 1, Why: "分列的合计"}
			}
		}
	}
	for _, ig := range m.ignored {
		h, why, _ := strings.Cut(ig, "（")
		for col := range c.cells {
			if _, taken := explain[col]; !taken && name(col) == h {
				w := "不作为项目"
				if why != "" {
					w += ": " + strings.TrimSuffix(why, "）")
				}
				explain[col] = ColumnMatch{Column: col, Header: h, Why: w}
			}
		}
	}
}

// fieldByHeader is the field whose first header is h (how missing fields are named), or -1.
func fieldByHeader(c *Contract, h string) int {
	for i := range c.Fields {
		if len(c.Fields[i].Headers) > 0 && c.Fields[i].Headers[0] == h {
			return i
		}
	}
	return -1
}

// closest names the columns that came nearest to a missing field, with their scores and
// why they did not map.
func (d *detector) closest(ct *Contract, fi int, c *candidateRow) string {
	f := &ct.Fields[fi]
	type near struct {
		col   int
		score float64
		why   string
	}
	var ns []near
	for col, h := range c.headers {
		if h.norm == "" || !c.fields[col][f] {
			continue
		}
		hm := d.match(f, h)
		if hm.score == 0 {
			continue
		}
		cd, ok := d.score(f, c, col)
		if !ok {
			ns = append(ns, near{col, hm.score, cd.why})
			continue
		}
		ns = append(ns, near{col, cd.score, cd.why})
	}
	sort.SliceStable(ns, func(i, j int) bool { return ns[i].score > ns[j].score })
	var parts []string
	for i, n := range ns {
		if i == 2 {
			break
		}
		parts = append(parts, fmt.Sprintf("%q %.2f (%s)", strings.TrimSpace(c.cells[n.col]), n.score, n.why))
	}
	return strings.Join(parts, ", ")
}

// detectHeader finds the header row among the first rows and the kind it names.
// hint.kind forces a kind; a mapping-file section forces its kind and pins its columns. A
// two-line header (merged group titles above) is tried by joining each row with the one
// above. The best-scoring complete mapping wins; the best of another kind is kept as the
// runner-up, and a runner-up within kindMargin on the same header row is a tie.
func detectHeader(rows [][]string, firstRowNo int, hint detectHint) (*mapping, error) {
	best, _, err := detectBest(rows, firstRowNo, hint)
	return best, err
}

// detectBest is detectHeader that also returns, when no mapping is complete, the best
// partial one (for a proposed mapping file to start from).
func detectBest(rows [][]string, firstRowNo int, hint detectHint) (best, partial *mapping, err error) {
	var cs []*Contract
	kind := hint.kind
	if hint.section != nil && hint.section.kind != "" {
		kind = hint.section.kind
	}
	if kind != "" {
		c, ok := ContractFor(kind)
		if !ok {
			return nil, nil, fmt.Errorf("unknown kind %q (known: %s)", kind, strings.Join(Kinds(), ", "))
		}
		cs = []*Contract{c}
	} else {
		cs = contracts
	}
	d := newDetector()
	var complete []*mapping
	minMatched := 2
	if kind != "" {
		minMatched = 1
	}
	var partials []*mapping // of every kind, shown as runner-up when no other kind is complete
	consider := func(m *mapping) {
		if len(m.missing) > 0 {
			if len(m.matched) >= minMatched && (partial == nil || m.score > partial.score) {
				partial = m
			}
			if len(m.matched) > 0 {
				partials = append(partials, m)
			}
			return
		}
		complete = append(complete, m)
	}
	named := namedReference(hint.period)
	for i := 0; i < len(rows) && i < headerScanRows; i++ {
		if nonEmpty(rows[i]) < 2 || (hint.section != nil && hint.section.headerRow > 0 && firstRowNo+i != hint.section.headerRow) {
			continue
		}
		cands := []*candidateRow{newCandidate(rows[i], firstRowNo+i, firstRowNo+i, rows[i+1:])}
		// a title above the header (one cell, merged across) is no row of group labels
		if i > 0 && nonEmpty(rows[i-1]) > 1 {
			jc := newCandidate(joinHeaderRows(rows[i-1], rows[i]), firstRowNo+i, firstRowNo+i-1, rows[i+1:])
			jc.grouped(rows[i-1], rows[i])
			cands = append(cands, jc)
		}
		for _, cr := range cands {
			for _, c := range cs {
				// a reference list its name names is tried whatever its headers
				if cr.kinds[c] || kind != "" || c == named {
					m := d.mapRow(c, cr, hint, c == named)
					if c == named {
						m.named, m.score = true, m.score+namedScore
					}
					consider(m)
				}
			}
		}
	}
	if len(complete) == 0 {
		if partial != nil {
			return nil, partial, missingError(partial)
		}
		return nil, nil, errNoHeader
	}
	// best score; on equal scores the same kind prefers the header with fewer lines
	sort.SliceStable(complete, func(i, j int) bool {
		a, b := complete[i], complete[j]
		if a.score != b.score {
			return a.score > b.score
		}
		return a.contract == b.contract && a.headerRow-a.headerTop < b.headerRow-b.headerTop
	})
	best = complete[0]
	for _, m := range complete[1:] {
		if m.contract != best.contract {
			best.runnerUp = m
			break
		}
	}
	if r := best.runnerUp; r != nil && r.headerRow == best.headerRow && best.score-r.score < kindMargin {
		return nil, nil, fmt.Errorf("headers fit both %s (%.2f) and %s (%.2f) equally; pass --kind %s or --kind %s, or fix the kind in a mapping file",
			best.contract.Kind, best.score, r.contract.Kind, r.score, best.contract.Kind, r.contract.Kind)
	}
	if r := richer(best, partials); r != nil {
		return nil, r, missingError(r)
	}
	for _, m := range partials {
		if m.contract != best.contract && (best.runnerUp == nil || m.score > best.runnerUp.score) {
			best.runnerUp = m
		}
	}
	return best, nil, nil
}

// A complete mapping loses to another kind's partial mapping of the same header row that
// explains clearly more of the sheet: richerMatched more fields and richerFactor times the
// score. A reference list complete on two generic columns (名称, 编码) is then not taken for
// an equipment ledger or an order list that lacks one required column: the sheet gets the
// richer kind's message instead of loading as the wrong kind. Twice the score is far above
// the tie margin and more than a kind's few optional columns can add by chance.
const (
	richerMatched = 2
	richerFactor  = 2.0
)

// namedScore is what a reference list named by its file, sheet or title adds to its score:
// a list has few, generic columns (编码, 名称, 价格), and the name says which list it is.
const namedScore = 1.0

// namedReference is the reference list whose title (or a part of it of four or more
// characters: 收费项目内涵（重复收费规则）) the sheet's title rows, sheet name or file name
// contain, if exactly one is.
func namedReference(p *periodSource) *Contract {
	if p == nil {
		return nil
	}
	text := normName(strings.Join(append([]string{sheetName(p.sheet, p.path), baseName(p.path)}, p.rows...), " "))
	var found *Contract
	for _, c := range contracts {
		if !c.Reference {
			continue
		}
		for _, part := range strings.FieldsFunc(normName(c.Title), func(r rune) bool { return strings.ContainsRune("/()（）", r) }) {
			if utf8.RuneCountInString(part) >= 4 && strings.Contains(text, part) {
				if found != nil && found != c {
					return nil
				}
				found = c
			}
		}
	}
	return found
}

// richer is the partial mapping, if any, that explains clearly more of best's sheet.
func richer(best *mapping, partials []*mapping) *mapping {
	if best.section != nil || best.named {
		return nil
	}
	var out *mapping
	for _, p := range partials {
		if p.contract == best.contract || p.headerRow != best.headerRow ||
			len(p.matched) < len(best.matched)+richerMatched || p.score < richerFactor*best.score {
			continue
		}
		if out == nil || p.score > out.score {
			out = p
		}
	}
	return out
}

// missingError is the one message for a sheet that looks like a kind but lacks required
// columns: each missing field with the columns that came closest.
func missingError(m *mapping) error {
	parts := make([]string, len(m.missing))
	for i, h := range m.missing {
		parts[i] = h
		if i < len(m.closest) && m.closest[i] != "" {
			parts[i] += " (closest: " + m.closest[i] + ")"
		}
		if p := m.contract.Period; p != nil && m.contract.monthPeriod() && fieldByHeader(m.contract, h) == m.contract.fieldIndex(p.Field) {
			parts[i] += " (no month in the title, sheet name, file name or folder name either)"
		}
	}
	return fmt.Errorf("looks like %s (%s, %.2f) but lacks required column(s) %s; rename the header, map it in a mapping file (`xuncha map FILE` proposes one) or pass --kind",
		m.contract.Kind, m.contract.Title, m.score, strings.Join(parts, "; "))
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

// stem is a name without the ending that gives its role (就诊流水号 → 就诊).
func stem(s string) string {
	for _, x := range roleSuffixes {
		if t, ok := strings.CutSuffix(s, x.suffix); ok && t != "" {
			return t
		}
	}
	return s
}
