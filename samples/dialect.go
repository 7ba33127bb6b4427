package samples

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// A dialect writes the same district as another set of systems would export it: another name
// for every field of every kind, other file names, other layouts and row kinds — never other
// data. The truth is the default district's, byte for byte; truth_rejects.csv follows the rows
// where a layout moves them. The vocabularies come from the systems real extracts come from
// (the national insurance platform's interfaces, accounting packages, HIS and HR vendors); each
// dialect file says where its names come from.
//
// The held-out dialect (heldOut: true) is the measure of how well the ingester recognises
// exports nobody wrote a contract for: it must stay out of every tuning loop, so the ingester's
// vocabulary is never fitted to it.
type dialect struct {
	name    string
	heldOut bool
	about   string // one line: the systems it imitates
	// headers renames, per kind, every header the default district writes: each entry is the
	// dialect's name followed by the house headers (synonyms of one field) it replaces.
	headers map[string][][]string
	// files renames files: default file name → this dialect's (a %d, if any, takes the year).
	files map[string]string

	// layouts and row kinds
	claimsOffice  string // claims of the institutions of this district in one file per year from the insurance office (its folder name), naming each by its 医保定点 code and name
	officeOnce    bool   // the insurance office's files name each institution on the first of its rows only (a merged cell, exported)
	ledgerTotals  bool   // ledger: 期初余额 rows without a voucher number, 本月合计 and 本年累计 rows after each month
	hisSplit      bool   // his_income: the amount split into 门诊 / 住院 columns beside the 合计
	hisWide       bool   // his_income: one row a month, a column per category and a 合计 (the contract is long)
	budgetNoYear  bool   // budget: no year column; the year only in the title and the file name
	villageSheet  string // payroll: village doctors' subsidies in a file of their own (this name) with 季度 and 发放日期 text columns
	payrollText   bool   // payroll: a text column (人员类别) among the pay items
	rectSeq       bool   // rectification: a 序号 column before the issue number
	selfDateFoot  bool   // self_inspection: the report date only in the footer, not in the title rows
	registryCodes bool   // the registry carries each institution's 医保定点 code
	signNote      bool   // a 制表人 / 审核人 line under the table, as accounting packages print one
	// subtotals, per kind, writes a 小计 row after each department's staff (payroll) or each
	// category of a workbook sorted by category (procurement), and a 合计 at the end:
	// subtotalIn labels it in the group's column (内科 小计), subtotalBeside writes 小计 in
	// the next text column beside the group's name.
	subtotals map[string]subtotalAt
	// coverSheet names the kinds whose workbooks open on a 填报说明 sheet before the data
	coverSheet map[string]bool
	// colNumbers names the kinds whose header is followed by a row numbering the columns
	// 1, 2, 3 … (the 栏次 row statistical and budget reports print): not data.
	colNumbers map[string]bool
	// groups, per kind, prints a two-row header as report designers lay one out: a group's
	// label above its columns (merged across them in a workbook), their names under it, and
	// the name of every other column in the upper row (merged down over the lower one).
	groups map[string][]colGroup
}

type subtotalAt uint8

const (
	subtotalIn subtotalAt = iota + 1
	subtotalBeside
)

// subtotal lays out the dialect's subtotals of a kind grouped by column group, whose
// neighbour column beside takes the label when the dialect writes it beside; nil for none.
func (g *gen) subtotal(kind string, group, beside int) *groupTotal {
	if g.d == nil {
		return nil
	}
	switch g.d.subtotals[kind] {
	case subtotalIn:
		return &groupTotal{group: group, label: group}
	case subtotalBeside:
		return &groupTotal{group: group, label: beside}
	}
	return nil
}

// colGroup is a label printed above the columns of some house headers (adjacent ones).
type colGroup struct {
	label string
	house []string
}

// span is a block of header cells merged into one: columns c0…c1 of rows r0…r1, counted
// from 0 and from the first header row.
type span struct{ r0, c0, r1, c1 int }

// dialects are every dialect by name; "" is the default district.
var dialects = map[string]*dialect{}

func registerDialect(d *dialect) *dialect {
	if _, dup := dialects[d.name]; dup {
		panic("samples: dialect " + d.name + " registered twice")
	}
	dialects[d.name] = d
	return d
}

// Dialects lists the dialect names, the held-out one last.
func Dialects() []string {
	var out []string
	for n := range dialects {
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := dialects[out[i]], dialects[out[j]]
		if a.heldOut != b.heldOut {
			return b.heldOut
		}
		return out[i] < out[j]
	})
	return out
}

// HeldOut reports whether a dialect is the one kept out of every tuning loop.
func HeldOut(name string) bool {
	d := dialects[name]
	return d != nil && d.heldOut
}

func dialectNamed(name string) (*dialect, error) {
	if name == "" {
		return nil, nil
	}
	d, ok := dialects[name]
	if !ok {
		return nil, fmt.Errorf("samples: unknown dialect %q (have %s)", name, strings.Join(Dialects(), ", "))
	}
	return d, nil
}

// itemHeaders are headers that are data, not field names: the pay items and revenue categories
// of the wide sheets (a dialect keeps them, the rules read them) and the totals beside them.
var itemHeaders = func() map[string]bool {
	m := map[string]bool{"应发合计": true, "代扣社保及公积金": true, "代扣个人所得税": true, "实发合计": true, "合计": true,
		"合计（万元）": true, "序号": true}
	for _, it := range []string{"岗位工资", "薪级工资", "基础性绩效", "奖励性绩效", "津贴补贴", "全科医生补助", "乡村医生补助",
		"乡村医生补助季度结算", "开单提成", "收入提成"} {
		m[it] = true
	}
	for _, c := range revCats {
		m[c] = true
		m[c+"（万元）"] = true
	}
	return m
}()

// header is the name this dialect gives a house header of a kind; the house header itself when
// the dialect has none for it (item columns, or the default district).
func (d *dialect) header(kind, h string) string {
	if d == nil {
		return h
	}
	for _, e := range d.headers[kind] {
		for _, house := range e[1:] {
			if house == h {
				return e[0]
			}
		}
	}
	return h
}

// rename renames a header row, recording the house headers a kind was written with. A
// dialect's money header that names its unit says 万元 where the file's amounts are in 万元.
func (g *gen) rename(kind string, header []string, wan bool) []string {
	seen := g.houseHeaders[kind]
	if seen == nil {
		seen = map[string]bool{}
		g.houseHeaders[kind] = seen
	}
	out := make([]string, len(header))
	for i, h := range header {
		seen[h] = true
		out[i] = g.d.header(kind, h)
		if wan && out[i] != h {
			for _, yuan := range []string{"（元）", "(元)"} {
				if strings.HasSuffix(out[i], yuan) {
					out[i] = strings.TrimSuffix(out[i], yuan) + "（万元）"
				}
			}
		}
	}
	return out
}

// headerRows renames a header and lays it out: one row, or two when the dialect groups some
// of its columns, with the cells to merge; then the column numbers where the dialect prints
// them.
func (g *gen) headerRows(kind string, house []string, wan bool) ([][]string, []span) {
	rows, spans := g.groupedHeader(kind, house, wan)
	if g.d != nil && g.d.colNumbers[kind] {
		nums := make([]string, len(house))
		for i := range nums {
			nums[i] = strconv.Itoa(i + 1)
		}
		rows = append(rows, nums)
	}
	return rows, spans
}

// groupedHeader is the renamed header in one row, or in two under the dialect's group labels.
func (g *gen) groupedHeader(kind string, house []string, wan bool) ([][]string, []span) {
	names := g.rename(kind, house, wan)
	group := make([]string, len(house))
	grouped := false
	if g.d != nil {
		for i, h := range house {
			for _, gr := range g.d.groups[kind] {
				if slices.Contains(gr.house, h) {
					group[i], grouped = gr.label, true
				}
			}
		}
	}
	if !grouped {
		return [][]string{names}, nil
	}
	top, low := make([]string, len(names)), make([]string, len(names))
	var spans []span
	for i := 0; i < len(names); {
		if group[i] == "" {
			top[i] = names[i]
			spans = append(spans, span{0, i, 1, i})
			i++
			continue
		}
		j := i
		for j+1 < len(names) && group[j+1] == group[i] {
			j++
		}
		top[i] = group[i]
		copy(low[i:j+1], names[i:j+1])
		if j > i {
			spans = append(spans, span{0, i, 0, j})
		}
		i = j + 1
	}
	return [][]string{top, low}, spans
}

// file is the dialect's name for a file of an institution-year.
func (d *dialect) file(name string, year int) string {
	if d == nil {
		return name
	}
	f, ok := d.files[name]
	if !ok {
		return name
	}
	if strings.Contains(f, "%d") {
		return fmt.Sprintf(f, year)
	}
	return f
}

// officeRel is where the insurance office files the claims of a year, or "" when the
// institution's claims stay in its own folder.
func (g *gen) officeRel(in *inst, year int, file string) string {
	if g.d == nil || g.d.claimsOffice == "" || in.zibo || file != claimsFileName && file != claimLinesFileName {
		return ""
	}
	return path.Join(fmt.Sprint(year), g.d.claimsOffice, g.d.file(file, year))
}

// insuranceCode is an institution's 医保定点 code: H + the 行政区划 of its district + a
// sequence, with "XC" inside like every invented code here.
func (in *inst) insuranceCode() string {
	region := "500113"
	if in.zibo {
		region = "370302"
	}
	return fmt.Sprintf("H%sXC%03d", region, 101+in.idx)
}

// closeOffice finishes the insurance office's claims files, year by year.
func (g *gen) closeOffice() error {
	years := make([]int, 0, len(g.office))
	for y := range g.office {
		years = append(years, y)
	}
	sort.Ints(years)
	for _, y := range years {
		if err := g.office[y].closeFiles(); err != nil {
			return err
		}
	}
	return nil
}

// villageWriter writes village doctors' subsidies in a sheet of their own, as the 卫生院's
// finance office keeps them: the quarter and the payment date as text beside the amounts.
type villageWriter struct {
	iy   *instYear
	t    table
	done func() error
}

func (iy *instYear) newVillageWriter() *villageWriter {
	in := iy.in
	h := []string{in.syn("payroll", 0, "工号", "职工编号", "人员编号"), "姓名", in.syn("payroll", 2, "科室", "部门"),
		in.syn("payroll", 5, "发放月份", "年月", "所属期"), "季度", "发放日期", "乡村医生补助", "乡村医生补助季度结算",
		"应发合计", "实发合计", "备注"}
	lay := layout{titles: []string{iy.title("乡村医生补助发放明细")}, money: mfFixed}
	t, done := iy.open(iy.villageFile(), "payroll", "乡村医生补助", encUTF8, ',', lay, h)
	return &villageWriter{iy: iy, t: t, done: done}
}

func (w *villageWriter) add(pr *payRow, m int) {
	iy := w.iy
	c := []cell{tx(pr.s.id), tx(pr.s.name), tx(pr.s.dept), tx(formatMonth(iy.year, m, mCN)),
		tx(quarterNames[(m-1)/3]), tx(mkday(iy.year, monthOf(m), 15).iso())}
	for _, name := range []string{"乡村医生补助", "乡村医生补助季度结算"} {
		amt := empty()
		for _, it := range pr.items {
			if it.name == name && it.set {
				amt = mo(it.amt)
			}
		}
		c = append(c, amt)
	}
	w.t.add(append(c, mo(pr.gross), mo(pr.net), tx(pr.remark))...)
}

// villageFile is where the village doctors' subsidies are written.
func (iy *instYear) villageFile() string {
	if iy.g.d != nil && iy.g.d.villageSheet != "" {
		return iy.g.d.villageSheet
	}
	return iy.payrollFile()
}

// writeHISWide writes the HIS income as a monthly report: a column per revenue category and
// their 合计, where the contract has one row per month and category.
func (iy *instYear) writeHISWide(monthHeader string, enc csvEnc, comma rune, lay layout, mf monthFmt) error {
	y := iy.year
	h := append(append([]string{monthHeader}, revCats...), "合计")
	t, done := iy.open(iy.hisFile(), "his_income", "HIS收入", enc, comma, lay, h)
	for m := 1; m <= 12; m++ {
		c := []cell{tx(formatMonth(y, m, mf))}
		var sum fen
		for k, name := range revCats {
			a := iy.rev[m][k]
			if a == 0 {
				c = append(c, empty())
				continue
			}
			iy.g.observe(&hisRow{in: iy.in, year: y, month: m, category: name, amount: a})
			c = append(c, mo(a))
			sum += a
		}
		t.add(append(c, mo(sum))...)
	}
	return done()
}
