package samples

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// dialectScale keeps a dialect's generation to a few seconds.
const dialectScale = 0.02

type dialectRun struct {
	once sync.Once
	dir  string
	g    *gen
	err  error
}

var (
	dialectRuns   = map[string]*dialectRun{}
	dialectRunsMu sync.Mutex
)

// generated writes a dialect's district ("" the default) once at dialectScale for the tests
// that read it.
func generated(t *testing.T, name string) (string, *gen) {
	t.Helper()
	dialectRunsMu.Lock()
	r := dialectRuns[name]
	if r == nil {
		r = &dialectRun{}
		dialectRuns[name] = r
	}
	dialectRunsMu.Unlock()
	r.once.Do(func() {
		r.dir, r.err = os.MkdirTemp("", "samples-dialect-")
		if r.err == nil {
			r.g, r.err = generate(context.Background(), r.dir, Options{Scale: dialectScale, Dialect: name}, nil, nil)
		}
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.dir, r.g
}

func removeDialectRuns() {
	for _, r := range dialectRuns {
		if r.dir != "" {
			os.RemoveAll(r.dir)
		}
	}
}

func TestDialectsRegistered(t *testing.T) {
	names := Dialects()
	if len(names) < 3 {
		t.Fatalf("dialects %v: want at least three", names)
	}
	held := 0
	for _, n := range names {
		if HeldOut(n) {
			held++
		}
	}
	if held != 1 || !HeldOut(names[len(names)-1]) {
		t.Errorf("dialects %v: want exactly one held out, listed last", names)
	}
	for _, n := range names {
		if d := dialects[n]; d.name != n || d.about == "" {
			t.Errorf("dialect %q: name %q, about %q", n, d.name, d.about)
		}
	}
	if _, err := Generate(context.Background(), t.TempDir(), Options{Dialect: "nosuch"}, nil); err == nil || !strings.Contains(err.Error(), "unknown dialect") {
		t.Errorf("unknown dialect: %v", err)
	}
}

// The hooks a dialect uses leave the default district alone: a dialect that renames nothing
// and changes no layout writes the default district's bytes.
func TestEmptyDialectIsTheDefault(t *testing.T) {
	opt := Options{Scale: dialectScale, Years: []int{2024, 2025}, Institutions: 6}
	a, b := t.TempDir(), t.TempDir()
	if _, err := Generate(context.Background(), a, opt, nil); err != nil {
		t.Fatal(err)
	}
	g, err := newGen(context.Background(), b, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(g.tmpDir)
	g.d = &dialect{name: "empty"}
	if err := g.run(); err != nil {
		t.Fatal(err)
	}
	da, na := digest(t, a)
	db, nb := digest(t, b)
	if da != db || na != nb {
		t.Errorf("an empty dialect writes other bytes than the default (%d and %d files)", na, nb)
	}
}

// Each dialect gives the same bytes for the same options.
func TestDialectsDeterministic(t *testing.T) {
	opt := Options{Scale: dialectScale, Years: []int{2024}, Institutions: 6}
	for _, name := range Dialects() {
		opt.Dialect = name
		a, b := t.TempDir(), t.TempDir()
		if _, err := Generate(context.Background(), a, opt, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := Generate(context.Background(), b, opt, nil); err != nil {
			t.Fatal(err)
		}
		da, na := digest(t, a)
		db, nb := digest(t, b)
		if da != db || na != nb {
			t.Errorf("%s: two generations differ (%d and %d files)", name, na, nb)
		}
	}
}

// A dialect changes names and layouts, never the data: the truth is the default district's
// byte for byte, the data rows of every kind are as many, and truth_rejects.csv points at the
// bad values wherever the dialect put them.
func TestDialectsKeepTheData(t *testing.T) {
	base, bg := generated(t, "")
	truth, err := os.ReadFile(filepath.Join(base, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Dialects() {
		t.Run(name, func(t *testing.T) {
			dir, g := generated(t, name)
			got, err := os.ReadFile(filepath.Join(dir, TruthFile))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, truth) {
				t.Errorf("truth.csv differs from the default district's")
			}
			rows, want := maps.Clone(g.sum.Rows), maps.Clone(bg.sum.Rows)
			if dialects[name].hisWide {
				// a row a month instead of a row per month and category
				files := 0
				for _, k := range g.sum.Kinds {
					if k == "his_income" {
						files++
					}
				}
				if rows["his_income"] != 12*files {
					t.Errorf("%d his_income rows in %d files, want 12 a file", rows["his_income"], files)
				}
				delete(rows, "his_income")
				delete(want, "his_income")
			}
			if !reflect.DeepEqual(rows, want) {
				t.Errorf("data rows %v, the default district %v", rows, want)
			}
			if len(g.rejects) != len(bg.rejects) {
				t.Errorf("%d bad rows, the default district %d", len(g.rejects), len(bg.rejects))
			}
			checkRejects(t, dir, g)
			checkEvidence(t, dir, g)
		})
	}
}

// A dialect renames every header the default district writes for a field — to a name the
// default district never uses for that kind — so that it cannot silently be a copy of the
// house headers. Item columns of the wide sheets (pay items, revenue categories, their totals)
// are data and stay.
func TestDialectsRenameEveryField(t *testing.T) {
	_, bg := generated(t, "")
	for _, name := range Dialects() {
		d := dialects[name]
		for kind, house := range bg.houseHeaders {
			for h := range house {
				if itemHeaders[h] {
					continue
				}
				got := d.header(kind, h)
				if got == h {
					t.Errorf("%s: %s header %q not renamed", name, kind, h)
				} else if house[got] {
					t.Errorf("%s: %s header %q renamed to %q, a house header of that kind", name, kind, h, got)
				}
			}
		}
		for kind, entries := range d.headers {
			if bg.houseHeaders[kind] == nil {
				t.Errorf("%s: headers for kind %q, which the district does not write", name, kind)
			}
			seen := map[string]bool{}
			for _, e := range entries {
				if len(e) < 2 {
					t.Errorf("%s: %s entry %v renames nothing", name, kind, e)
				}
				if seen[e[0]] {
					t.Errorf("%s: %s: two fields named %q", name, kind, e[0])
				}
				seen[e[0]] = true
			}
		}
	}
}

// rowsOf reads the first sheet of an xlsx, or a CSV, as the generator wrote it.
func rowsOf(t *testing.T, path string) [][]string {
	t.Helper()
	if !strings.HasSuffix(path, ".xlsx") {
		return readCSV(t, path)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func centsOf(t *testing.T, s string) int64 {
	t.Helper()
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return int64(math.Round(v * 100))
}

// headerAt finds the header row (the one starting with want) and returns its index.
func headerAt(t *testing.T, rows [][]string, col int, want string) int {
	t.Helper()
	for i, r := range rows {
		if len(r) > col && r[col] == want {
			return i
		}
	}
	t.Fatalf("no header row with %q in column %d", want, col+1)
	return 0
}

// signed checks that a table ends in the 制表人 note and returns its rows without it.
func signed(t *testing.T, rows [][]string) [][]string {
	t.Helper()
	if n := len(rows); n == 0 || len(rows[n-1]) != 1 || rows[n-1][0] != signNote {
		t.Fatalf("last row %v, want the note %q alone", rows[len(rows)-1:], signNote)
	}
	return rows[:len(rows)-1]
}

// The layouts the dialects add hold together: running totals add up, split amounts add up to
// their total, the text columns, the moved report date and the note under a table are where
// the dialect says.
func TestDialectLayouts(t *testing.T) {
	erp, _ := generated(t, "erp")
	// ledger: 期初余额 lines without a voucher; 本月合计 = the month's lines, 本年累计 = the running sum
	rows := signed(t, rowsOf(t, filepath.Join(erp, "2024/界石镇中心卫生院/科目明细账.csv")))
	var month, year [2]int64
	var openings, totals int
	for _, r := range rows[headerAt(t, rows, 0, "业务日期")+1:] {
		switch r[4] {
		case "期初余额":
			openings++
			if r[1] != "" {
				t.Errorf("期初余额 line with voucher %q", r[1])
			}
		case "本月合计":
			totals++
			if got := [2]int64{centsOf(t, r[5]), centsOf(t, r[6])}; got != month {
				t.Errorf("本月合计 %v, the month's lines %v", got, month)
			}
			year[0], year[1] = year[0]+month[0], year[1]+month[1]
			month = [2]int64{}
		case "本年累计":
			if got := [2]int64{centsOf(t, r[5]), centsOf(t, r[6])}; got != year {
				t.Errorf("本年累计 %v, the running sum %v", got, year)
			}
		default:
			month[0] += centsOf(t, r[5])
			month[1] += centsOf(t, r[6])
		}
	}
	if openings == 0 || totals != 12 {
		t.Errorf("%d 期初余额 lines, %d 本月合计 lines", openings, totals)
	}
	// HIS income: 门诊 + 住院 = 合计 on every row
	rows = signed(t, rowsOf(t, filepath.Join(erp, "2024/重庆市巴南区第二人民医院/门诊住院收入汇总.csv")))
	h := headerAt(t, rows, 2, "门诊收入")
	for _, r := range rows[h+1:] {
		if centsOf(t, r[2])+centsOf(t, r[3]) != centsOf(t, r[4]) {
			t.Errorf("HIS row %v: 门诊 + 住院 ≠ 合计", r)
		}
	}
	// budget: the year only in the title and the file name
	rows = signed(t, rowsOf(t, filepath.Join(erp, "2024/姜家镇卫生院/2024年度预算执行.csv")))
	h = headerAt(t, rows, 0, "预算指标")
	if h == 0 || !strings.Contains(rows[0][0], "2024年") {
		t.Errorf("budget: title %q above the header", rows[0])
	}

	hr, _ := generated(t, "hr")
	// HIS income a column per category: the 合计 adds up the categories of the month
	rows = rowsOf(t, filepath.Join(hr, "2024/界石镇中心卫生院/HIS收入汇总.csv"))
	h = headerAt(t, rows, 1, revCats[0])
	if len(rows)-h-1 != 12 || rows[h][len(rows[h])-1] != "合计" {
		t.Errorf("wide HIS income: header %v, %d rows", rows[h], len(rows)-h-1)
	}
	for _, r := range rows[h+1:] {
		var sum int64
		for _, c := range r[1 : len(r)-1] {
			sum += centsOf(t, c)
		}
		if sum != centsOf(t, r[len(r)-1]) {
			t.Errorf("wide HIS row %v: the categories do not add up to 合计", r)
		}
	}
	// village subsidies in a sheet of their own, with text columns; none left in the payroll
	rows = rowsOf(t, filepath.Join(hr, "2024/界石镇中心卫生院/乡村医生补助发放表.xlsx"))
	h = headerAt(t, rows, 0, "员工号")
	if !slices.Contains(rows[h], "季度") || !slices.Contains(rows[h], "发放日期") || len(rows) < h+12 {
		t.Errorf("village sheet header %v, %d rows", rows[h], len(rows)-h-1)
	}
	pay := rowsOf(t, filepath.Join(hr, "2024/界石镇中心卫生院/职工薪酬明细.csv"))
	ph := pay[headerAt(t, pay, 0, "员工号")]
	if slices.Contains(ph, "乡村医生补助") || !slices.Contains(ph, "人员类别") {
		t.Errorf("payroll header %v", ph)
	}
	// rectification keyed by 序号 beside the issue number
	rows = rowsOf(t, filepath.Join(hr, "2025/巴南区人民医院/整改工作台账.xlsx"))
	if r := rows[headerAt(t, rows, 0, "序号")]; r[1] != "整改编号" {
		t.Errorf("rectification header %v", r)
	}
	// self-inspection (rm's, in the year of its visit, the second): 报送日期 under the table, not above it
	rows = rowsOf(t, filepath.Join(hr, "2024/巴南区人民医院/自查自纠工作报告.xlsx"))
	h = headerAt(t, rows, 1, "检查领域")
	above, below := fmt.Sprint(rows[:h]), fmt.Sprint(rows[h:])
	if strings.Contains(above, "报送日期") || !strings.Contains(below, "报送日期：2024年11月10日") {
		t.Errorf("self-inspection: 报送日期 above the header %v", rows[:h])
	}
}

// generateSameData writes the district in dialect d and checks that it holds the default
// district's data: the same truth.csv, the same data rows per kind, and truth_rejects.csv
// pointing at the same bad values.
func generateSameData(t *testing.T, d *dialect) (string, *gen) {
	t.Helper()
	base, bg := generated(t, "")
	truth, err := os.ReadFile(filepath.Join(base, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	g, err := newGen(context.Background(), dir, Options{Scale: dialectScale}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(g.tmpDir) })
	g.d = d
	if err := g.run(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, TruthFile)); !bytes.Equal(got, truth) {
		t.Errorf("truth.csv differs from the default district's")
	}
	if !reflect.DeepEqual(g.sum.Rows, bg.sum.Rows) {
		t.Errorf("data rows %v, the default district %v", g.sum.Rows, bg.sum.Rows)
	}
	checkRejects(t, dir, g)
	return dir, g
}

// A grouped header is two rows: a group's label above its columns (merged across them in a
// workbook) and their names under it, every other column's name above an empty cell (merged
// down over it). The data and the rows truth_rejects.csv points at follow.
func TestGroupedHeader(t *testing.T) {
	pay := []string{"岗位工资", "薪级工资", "基础性绩效", "奖励性绩效", "津贴补贴", "全科医生补助", "乡村医生补助", "乡村医生补助季度结算",
		"开单提成", "收入提成", "应发合计"}
	groups := map[string][]colGroup{
		"payroll":     {{"应发项目", pay}, {"代扣项目", []string{"代扣社保及公积金", "代扣个人所得税"}}},
		"procurement": {{"数量及金额", []string{"数量", "采购数量", "入库数量", "单价", "采购单价", "金额", "采购金额", "合计金额", "总金额"}}},
	}
	dir, g := generateSameData(t, &dialect{name: "grouped", groups: groups})

	var files []string
	for f, k := range g.sum.Kinds {
		if groups[k] != nil {
			files = append(files, f)
		}
	}
	sort.Strings(files)
	seen := map[string]bool{}
	for _, f := range files {
		kind := g.sum.Kinds[f]
		members := map[string]string{} // column name → its group
		for _, gr := range groups[kind] {
			for _, h := range gr.house {
				members[h] = gr.label
			}
		}
		rows := rowsOf(t, filepath.Join(dir, filepath.FromSlash(f)))
		h := 0
		for h < len(rows) && !slices.Contains(rows[h], groups[kind][0].label) {
			h++
		}
		if h+2 >= len(rows) {
			t.Errorf("%s: no group row", f)
			continue
		}
		top, low := rows[h], rows[h+1]
		var want []string // merged ranges, as excelize names them
		for c := 0; c < len(top); {
			name := cellAt(low, c)
			if name == "" {
				if top[c] == "" || members[top[c]] != "" {
					t.Errorf("%s: column %d: %q above an empty cell", f, c+1, top[c])
				}
				want = append(want, cellRef(c+1, h+1)+":"+cellRef(c+1, h+2))
				c++
				continue
			}
			label := top[c]
			j := c
			for ; j < len(top) && cellAt(low, j) != "" && (j == c || cellAt(top, j) == ""); j++ {
				if members[cellAt(low, j)] != label {
					t.Errorf("%s: %q under %q", f, cellAt(low, j), label)
				}
				seen[label] = true
			}
			if j-1 > c {
				want = append(want, cellRef(c+1, h+1)+":"+cellRef(j, h+1))
			}
			c = j
		}
		if d := rows[h+2]; len(d) == 0 || d[0] == "" || members[d[0]] != "" {
			t.Errorf("%s: row %v under the header", f, d)
		}
		if strings.HasSuffix(f, ".xlsx") {
			x, err := excelize.OpenFile(filepath.Join(dir, filepath.FromSlash(f)))
			if err != nil {
				t.Fatal(err)
			}
			merged, err := x.GetMergeCells(x.GetSheetList()[0])
			x.Close()
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range merged {
				got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
			}
			for _, w := range want {
				if !slices.Contains(got, w) {
					t.Errorf("%s: header cells %s not merged (merged: %v)", f, w, got)
				}
			}
		}
	}
	for _, l := range []string{"应发项目", "代扣项目", "数量及金额"} {
		if !seen[l] {
			t.Errorf("no columns under %q", l)
		}
	}
}

func cellAt(row []string, c int) string {
	if c < len(row) {
		return row[c]
	}
	return ""
}

// A dialect's column numbers (栏次) are one row right under the header — under the lower row of
// a two-row one — numbering every column, in the kinds it names and in no other; the data, and
// the rows truth_rejects.csv points at, follow.
func TestColumnNumbers(t *testing.T) {
	numbered := map[string]bool{"budget": true, "his_income": true, "ledger": true}
	_, bg := generated(t, "")
	dir, g := generateSameData(t, &dialect{name: "numbered", colNumbers: numbered, groups: map[string][]colGroup{
		"ledger": {{"本期发生额", []string{"借方金额", "借方", "贷方金额", "贷方"}}},
	}})

	var files []string
	for f := range g.sum.Kinds {
		files = append(files, f)
	}
	sort.Strings(files)
	seen := map[string]int{}
	for _, f := range files {
		kind := g.sum.Kinds[f]
		rows := rowsOf(t, filepath.Join(dir, filepath.FromSlash(f)))
		var at []int
		for i, r := range rows {
			if len(r) < 2 {
				continue
			}
			isNums := true
			for c, v := range r {
				isNums = isNums && v == strconv.Itoa(c+1)
			}
			if isNums {
				at = append(at, i)
			}
		}
		if !numbered[kind] {
			if len(at) != 0 {
				t.Errorf("%s (%s): column numbers in row %d", f, kind, at[0]+1)
			}
			continue
		}
		if len(at) != 1 || at[0] < 1 || at[0]+1 >= len(rows) {
			t.Errorf("%s: column numbers in rows %v, want one row under the header", f, at)
			continue
		}
		h := at[0]
		above, below := rows[h-1], rows[h+1]
		if !slices.ContainsFunc(above, func(s string) bool { return bg.houseHeaders[kind][s] }) {
			t.Errorf("%s: row above the column numbers %v is not the header", f, above)
		}
		if slices.ContainsFunc(below, func(s string) bool { return bg.houseHeaders[kind][s] }) || len(below) == 0 || below[0] == "" {
			t.Errorf("%s: row under the column numbers %v is not data", f, below)
		}
		width := len(rows[h])
		if kind == "ledger" {
			if h < 2 || !slices.Contains(rows[h-2], "本期发生额") || len(rows[h-2]) != width {
				t.Errorf("%s: %d column numbers in row %d, not under the grouped header", f, width, h+1)
			}
		} else if len(above) != width {
			t.Errorf("%s: %d column numbers under %d headers", f, width, len(above))
		}
		seen[kind]++
	}
	for k := range numbered {
		if seen[k] == 0 {
			t.Errorf("no %s file with column numbers", k)
		}
	}
}

// sheetsOf reads every sheet of an xlsx, or a CSV, as the generator wrote it.
func sheetsOf(t *testing.T, path string) map[string][][]string {
	t.Helper()
	if !strings.HasSuffix(path, ".xlsx") {
		return map[string][][]string{"": readCSV(t, path)}
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, sh := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(sh); !v {
			continue
		}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[sh] = rows
	}
	return out
}

// A dialect's subtotals follow each group — a department's staff labelled in the department
// column (内科 小计), a category's purchases with 小计 beside the category — and add up its
// rows; the 合计 at the end adds up the data rows alone. The data, and the rows
// truth_rejects.csv points at, are the default district's.
func TestSubtotals(t *testing.T) {
	dir, g := generateSameData(t, &dialect{name: "subtotals", subtotals: map[string]subtotalAt{
		"payroll": subtotalIn, "procurement": subtotalBeside}})
	// per kind: a header every sheet has; procurement is grouped in the workbooks sorted by
	// category (their 类别 third, 品名 fifth)
	at := map[string]string{"payroll": "姓名", "procurement": "采购方式"}
	seen := map[string]int{}
	for f, kind := range g.sum.Kinds {
		if at[kind] == "" || kind == "procurement" && !strings.HasSuffix(f, ".xlsx") {
			continue
		}
		for sh, rows := range sheetsOf(t, filepath.Join(dir, filepath.FromSlash(f))) {
			h := slices.IndexFunc(rows, func(r []string) bool { return slices.Contains(r, at[kind]) })
			if h < 0 {
				continue // the village doctors' sheet
			}
			group, label := 2, 2 // payroll: 科室, labelled in it
			if kind == "procurement" {
				if !slices.Contains([]string{"类别", "物资类别", "采购类别"}, cellAt(rows[h], 2)) {
					continue // sorted by date
				}
				group, label = 2, 4
			}
			var seg, all map[int]int64
			var segGroup string
			seg, all = map[int]int64{}, map[int]int64{}
			grouped := false
			for _, r := range rows[h+1:] {
				lbl := cellAt(r, label)
				switch {
				case cellAt(r, 0) == "合计":
					checkSums(t, f, sh, r, all, label)
				case kind == "payroll" && strings.HasSuffix(lbl, " 小计"), kind == "procurement" && lbl == "小计":
					seen[kind]++
					if kind == "payroll" && strings.TrimSuffix(lbl, " 小计") != segGroup {
						t.Errorf("%s %s: %q after the rows of %q", f, sh, lbl, segGroup)
					}
					checkSums(t, f, sh, r, seg, label)
					seg, segGroup, grouped = map[int]int64{}, "", true
				case len(r) > 1 && r[0] != "" && cellAt(r, 1) != "":
					if v := cellAt(r, group); v != "" {
						if segGroup != "" && v != segGroup {
							t.Errorf("%s %s: rows of %q and %q under one subtotal", f, sh, segGroup, v)
						}
						segGroup = v
					}
					for c, v := range r {
						if c == label || c == group {
							continue
						}
						if n, ok := money(v); ok {
							seg[c] += int64(math.Round(n * 100))
							all[c] += int64(math.Round(n * 100))
						}
					}
				}
			}
			if !grouped || len(seg) != 0 {
				t.Errorf("%s %s: rows after the last subtotal, or none (%v)", f, sh, seg)
			}
		}
	}
	for _, k := range []string{"payroll", "procurement"} {
		if seen[k] == 0 {
			t.Errorf("no %s subtotals", k)
		}
	}
}

// checkSums checks that the amounts of a total row are the sums of the rows it closes.
func checkSums(t *testing.T, file, sheet string, total []string, sums map[int]int64, label int) {
	t.Helper()
	for c, v := range total {
		if c == label || v == "" || v == "合计" {
			continue
		}
		n, ok := money(v)
		if !ok {
			continue
		}
		if got := int64(math.Round(n * 100)); got != sums[c] {
			t.Errorf("%s %s: total %v, column %d: %d fen, the rows above %d", file, sheet, total, c+1, got, sums[c])
		}
	}
}

// An office that names each institution once writes its 医保定点 code and name on the first
// of its rows and leaves them empty below, in the claims and the fee lines; every institution
// is named once a file. The data, and the rows truth_rejects.csv points at, are the default
// district's.
func TestOfficeNamesOnce(t *testing.T) {
	dir, g := generateSameData(t, &dialect{name: "once", claimsOffice: "巴南区医疗保障局", officeOnce: true})
	files := 0
	for f := range g.sum.Kinds {
		if !strings.Contains(f, "巴南区医疗保障局") {
			continue
		}
		files++
		rows := rowsOf(t, filepath.Join(dir, filepath.FromSlash(f)))
		h := slices.IndexFunc(rows, func(r []string) bool { return slices.Contains(r, "医保定点编码") })
		if h < 0 || len(rows) < h+3 {
			t.Fatalf("%s: no header or no rows", f)
		}
		named := map[string]bool{}
		blank := 0
		for i, r := range rows[h+1:] {
			switch code, name := cellAt(r, 0), cellAt(r, 1); {
			case code == "" && name == "":
				if i == 0 {
					t.Errorf("%s: the first row names no institution", f)
				}
				blank++
			case code == "" || name == "":
				t.Errorf("%s: row %v names its institution by half", f, r[:2])
			case named[code]:
				t.Errorf("%s: %s named twice", f, code)
			default:
				named[code] = true
			}
		}
		if len(named) < 2 || blank == 0 {
			t.Errorf("%s: %d institutions named, %d rows under them", f, len(named), blank)
		}
	}
	if files == 0 {
		t.Error("no file from the office")
	}
}

// A dialect's 填报说明 opens the workbooks of the kinds it names, the data sheets after it; the
// data, and the rows truth_rejects.csv points at, are the default district's.
func TestCoverSheet(t *testing.T) {
	covered := map[string]bool{"payroll": true, "budget": true}
	dir, g := generateSameData(t, &dialect{name: "cover", coverSheet: covered})
	seen := map[string]int{}
	for f, kind := range g.sum.Kinds {
		if !strings.HasSuffix(f, ".xlsx") {
			continue
		}
		x, err := excelize.OpenFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		sheets := x.GetSheetList()
		rows, _ := x.GetRows(sheets[0])
		x.Close()
		first := sheets[0] == "填报说明"
		switch {
		case first != covered[kind]:
			t.Errorf("%s (%s): first sheet %q", f, kind, sheets[0])
		case first && (len(sheets) < 2 || len(rows) != len(coverNotes) || rows[0][0] != "填报说明"):
			t.Errorf("%s: sheets %v, 填报说明 %v", f, sheets, rows)
		case first:
			seen[kind]++
		}
	}
	for k := range covered {
		if seen[k] == 0 {
			t.Errorf("no %s workbook with a 填报说明", k)
		}
	}
}
