package report

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
)

// The evidence workbook: a summary sheet, the flag list, coverage, and one sheet per
// rule with every evidence row. Every table has a frozen header, a filter and
// column widths fitted to its content; numbers are numbers; every text cell goes
// through Neutralise, so a cell a hospital wrote as =cmd|… stays text.

// Column kinds, for styles.
const (
	colText = iota
	colInt
	colYuan
	colScore
	colPercent
	colDate
)

type column struct {
	title string
	kind  int
}

type sheetTable struct {
	name string
	// note, when set, is a line above the table (the table then starts on row 2)
	note    string
	columns []column
	rows    [][]any
	// inputs makes the sheet a form: its cells in these columns are for the reader to fill in
	// (written with the input's style, which leaves them unlocked), and protect, run before
	// the sheet is written out, locks the rest.
	inputs  map[int]input
	protect func(lastRow int) error
}

type input struct{ style, width int }

type styles struct {
	header, yuan, score, percent, date, title, label, link int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	s.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE6EE"}},
		Alignment: &excelize.Alignment{Vertical: "center"}, Border: []excelize.Border{{Type: "bottom", Color: "7F8C8D", Style: 1}}})
	fmtYuan := "#,##0.00"
	s.yuan = mk(&excelize.Style{CustomNumFmt: &fmtYuan})
	fmtScore := "0.0"
	s.score = mk(&excelize.Style{CustomNumFmt: &fmtScore})
	s.percent = mk(&excelize.Style{NumFmt: 10}) // 0.00%
	fmtDate := "yyyy-mm-dd"
	s.date = mk(&excelize.Style{CustomNumFmt: &fmtDate})
	s.link = mk(&excelize.Style{Font: &excelize.Font{Color: "1F4E79", Underline: "single"}})
	s.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	s.label = mk(&excelize.Style{Font: &excelize.Font{Bold: true}})
	return s, err
}

// cellValue turns a model value into what the sheet stores: text neutralised,
// numbers kept as numbers, nil pointers as empty cells.
func cellValue(v any) any {
	switch x := v.(type) {
	case string:
		return Neutralise(x)
	case *float64:
		if x == nil {
			return nil
		}
		return *x
	case *time.Time:
		if x == nil {
			return nil
		}
		return *x
	case []string:
		return Neutralise(strings.Join(x, ", "))
	}
	return v
}

// writeTable streams one table sheet.
func writeTable(f *excelize.File, st styles, t sheetTable) error {
	if _, err := f.NewSheet(t.name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(t.name)
	if err != nil {
		return err
	}
	widths := make([]int, len(t.columns))
	for i, c := range t.columns {
		widths[i] = displayWidth(c.title) + 4 // room for the filter button
	}
	for _, r := range t.rows {
		for i, v := range r {
			var w int
			switch x := cellValue(v).(type) {
			case string:
				w = displayWidth(x)
			case nil:
			case float64:
				w = len(yuan(x))
			case time.Time:
				w = 10
			default:
				w = len(fmt.Sprint(x))
			}
			if w > widths[i] {
				widths[i] = w
			}
		}
	}
	for i, in := range t.inputs {
		widths[i] = max(widths[i], in.width)
	}
	for i, w := range widths {
		if w > 60 {
			w = 60
		}
		if err := sw.SetColWidth(i+1, i+1, float64(w)+2); err != nil {
			return err
		}
	}
	top := 1 // the header's row
	if t.note != "" {
		top = 2
	}
	first := fmt.Sprintf("A%d", top+1)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: top, TopLeftCell: first, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: first, ActiveCell: first, Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	if t.note != "" {
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: Neutralise(t.note)}}); err != nil {
			return err
		}
	}
	header := make([]any, len(t.columns))
	for i, c := range t.columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: Neutralise(c.title)}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", top), header); err != nil {
		return err
	}
	for n, r := range t.rows {
		cells := make([]any, len(r))
		for i, v := range r {
			cv := cellValue(v)
			style := 0
			switch t.columns[i].kind {
			case colYuan:
				style = st.yuan
			case colScore:
				style = st.score
			case colPercent:
				style = st.percent
			case colDate:
				style = st.date
			}
			if in, ok := t.inputs[i]; ok {
				cells[i] = excelize.Cell{StyleID: in.style, Value: cv}
			} else if style != 0 && cv != nil {
				cells[i] = excelize.Cell{StyleID: style, Value: cv}
			} else {
				cells[i] = cv
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+top+1)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	// The filter goes on the worksheet the stream writer holds, so it must be set before Flush:
	// after it, excelize reads the sheet afresh and the filter would never reach the file.
	last, _ := excelize.CoordinatesToCellName(len(t.columns), len(t.rows)+top)
	if err := f.AutoFilter(t.name, fmt.Sprintf("A%d:%s", top, last), nil); err != nil {
		return err
	}
	if t.protect != nil {
		if err := t.protect(len(t.rows) + top); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sheetName makes a valid, unique sheet name (≤ 31 characters, no : \ / ? * [ ]).
func sheetName(s string, used map[string]bool) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, s)
	r := []rune(s)
	if len(r) > 31 {
		r = r[:31]
	}
	name := string(r)
	for i := 2; used[strings.ToLower(name)]; i++ {
		suffix := fmt.Sprintf("~%d", i)
		base := r
		if len(base)+len(suffix) > 31 {
			base = base[:31-len(suffix)]
		}
		name = string(base) + suffix
	}
	used[strings.ToLower(name)] = true
	return name
}

func newWorkbook(title string) (*excelize.File, styles, error) {
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		f.Close()
		return nil, st, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "xuncha " + Version, Language: "zh-CN"}); err != nil {
		f.Close()
		return nil, st, err
	}
	return f, st, nil
}

// keyValues writes a title and label/value pairs from A1 on a normal sheet.
func keyValues(f *excelize.File, st styles, sheet, title string, pairs [][2]any) (next int, err error) {
	set := func(cell string, v any) {
		if err == nil {
			err = f.SetCellValue(sheet, cell, cellValue(v))
		}
	}
	set("A1", title)
	if err == nil {
		err = f.SetCellStyle(sheet, "A1", "A1", st.title)
	}
	row := 3
	for _, p := range pairs {
		set(fmt.Sprintf("A%d", row), p[0])
		set(fmt.Sprintf("B%d", row), p[1])
		if err == nil {
			err = f.SetCellStyle(sheet, fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), st.label)
		}
		row++
	}
	return row + 1, err
}

// smallTable writes a header and rows at a given row of a normal sheet.
func smallTable(f *excelize.File, st styles, sheet string, row int, columns []column, rows [][]any) (next int, err error) {
	header := make([]any, len(columns))
	for i, c := range columns {
		header[i] = c.title
	}
	cell, _ := excelize.CoordinatesToCellName(1, row)
	if err = f.SetSheetRow(sheet, cell, &header); err != nil {
		return 0, err
	}
	last, _ := excelize.CoordinatesToCellName(len(columns), row)
	if err = f.SetCellStyle(sheet, cell, last, st.header); err != nil {
		return 0, err
	}
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = cellValue(v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, row+1+i)
		if err = f.SetSheetRow(sheet, cell, &vals); err != nil {
			return 0, err
		}
		for j, c := range columns {
			style := 0
			switch c.kind {
			case colYuan:
				style = st.yuan
			case colScore:
				style = st.score
			case colPercent:
				style = st.percent
			}
			if style != 0 {
				cn, _ := excelize.CoordinatesToCellName(j+1, row+1+i)
				if err = f.SetCellStyle(sheet, cn, cn, style); err != nil {
					return 0, err
				}
			}
		}
	}
	return row + len(rows) + 2, nil
}

func ruleOrder(ids map[string]bool) []string {
	var out []string
	for _, r := range marts.Catalog {
		if ids[r.ID] {
			out = append(out, r.ID)
			delete(ids, r.ID)
		}
	}
	return append(out, slices.Sorted(maps.Keys(ids))...)
}

func pctOrNil(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// pullListName is the pre-visit workbook's sheet of the samples drawn for the visit.
const pullListName = "抽样清单"

// WritePrevisitXLSX writes the pre-visit evidence workbook. Load the model with
// LoadOptions.AllEvidence for every evidence row.
func WritePrevisitXLSX(w io.Writer, p *Previsit) (err error) {
	f, st, err := newWorkbook(fmt.Sprintf("巡查前风险证据 %s %d", p.Institution.Label(), p.Year))
	if err != nil {
		return err
	}
	defer func() { err = joinErr(err, f.Close()) }()
	const summary = "概要"
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	used := map[string]bool{strings.ToLower(summary): true}
	row, err := keyValues(f, st, summary, "巡查前风险证据工作簿", append([][2]any{
		{"机构", p.Institution.Name},
		{"机构代码", p.Institution.Code},
		{"级别", p.Institution.Tier + p.Institution.Grade},
		{"类别", p.Institution.Category},
		{"巡查年度", p.Year},
		{"生成时间", p.GeneratedAt.Format("2006-01-02 15:04:05")},
		{"风险线索", p.Summary.Flags},
		{"其中高风险", p.Summary.High},
		{"涉及金额（元）", p.Summary.AmountYuan},
		{"因缺数据未评估的规则", p.Coverage.Rules.NotAssessed},
		{"导入时被拒绝的行", p.Coverage.RowsRejected},
		{"抽样清单", pullListSummary(p.Samples)},
	}, insuranceSummary(p.Insurance)...))
	if err != nil {
		return err
	}
	var areaRows [][]any
	for _, a := range p.Summary.Areas {
		var peers any
		if a.Peers > 0 {
			peers = a.Peers
		}
		areaRows = append(areaRows, []any{a.Area, a.Flags, a.High, a.Medium, a.Low, a.AmountYuan, a.Score, pctOrNil(a.Percentile), peers})
	}
	row, err = smallTable(f, st, summary, row, []column{
		{"领域", colText}, {"风险数", colInt}, {"高", colInt}, {"中", colInt}, {"低", colInt},
		{"涉及金额（元）", colYuan}, {"加权分", colScore}, {"同级百分位", colScore}, {"同级机构数", colInt},
	}, areaRows)
	if err != nil {
		return err
	}
	if err := f.SetCellValue(summary, fmt.Sprintf("A%d", row), "加权分 = Σ严重程度权重（高3、中2、低1）；同级百分位 = 同年度同级别机构中该领域加权分低于本机构的比例 × 100。"); err != nil {
		return err
	}
	if err := f.SetColWidth(summary, "A", "A", 24); err != nil {
		return err
	}
	if err := f.SetColWidth(summary, "B", "I", 14); err != nil {
		return err
	}

	// The flag list.
	ruleSheet := map[string]string{}
	ids := map[string]bool{}
	for _, fl := range p.Flags {
		ids[fl.RuleID] = true
	}
	order := ruleOrder(ids)
	for _, id := range order {
		ruleSheet[id] = "" // named after the fixed sheets below
	}
	used[strings.ToLower("风险清单")] = true
	used[strings.ToLower(ingest.ReviewSheet)] = true
	used[strings.ToLower("回头看")] = true
	used[strings.ToLower(ingest.ReviewMarkerSheet)] = true
	used[strings.ToLower("数据覆盖")] = true
	used[strings.ToLower("规则覆盖")] = true
	used[strings.ToLower("医保汇总")] = true
	used[strings.ToLower("调阅结算单")] = true
	used[strings.ToLower(pullListName)] = true
	for _, id := range order {
		title := id
		if r, ok := marts.RuleByID(id); ok {
			title = r.TitleZH
		}
		ruleSheet[id] = sheetName(title, used)
	}
	var flagRows [][]any
	for _, fl := range p.Flags {
		var clauses []string
		for _, c := range fl.Clauses {
			clauses = append(clauses, c.ID)
		}
		flagRows = append(flagRows, []any{fl.RuleID, fl.TitleZH, fl.Area, fl.Period, fl.Subject, fl.SeverityZH(), fl.Score,
			fl.AmountYuan, fl.EvidenceRows, strings.Join(clauses, ", "), fl.SummaryZH, measuresText(fl.Measures),
			measuresText(fl.Thresholds), strings.Join(fl.OnSite, "；"), ruleSheet[fl.RuleID], fl.FlagID})
	}
	if err := writeTable(f, st, sheetTable{name: "风险清单", columns: []column{
		{"规则", colText}, {"规则名称", colText}, {"领域", colText}, {"期间", colText}, {"对象", colText}, {"严重程度", colText},
		{"评分", colScore}, {"金额（元）", colYuan}, {"证据行数", colInt}, {"巡查条款", colText}, {"摘要", colText},
		{"规则比较的数据", colText}, {"适用阈值", colText}, {"现场调阅", colText}, {"证据工作表", colText}, {"风险编号", colText},
	}, rows: flagRows}); err != nil {
		return err
	}
	if err := writeReviewSheets(f, st, p, ruleSheet); err != nil {
		return err
	}

	var covRows [][]any
	for _, k := range p.Coverage.Kinds {
		months := any(len(k.Months))
		if k.Undated {
			months = nil
		}
		covRows = append(covRows, []any{k.TitleZH, k.Kind, k.Files, k.Rows, months, monthRanges(k.Gaps), strings.Join(k.FileNames, "、"), "已导入"})
	}
	for _, k := range p.Coverage.MissingKinds {
		covRows = append(covRows, []any{k.TitleZH, k.Kind, 0, 0, nil, "", "", "未导入：影响 " + strings.Join(k.NeededBy, ", ")})
	}
	if err := writeTable(f, st, sheetTable{name: "数据覆盖", columns: []column{
		{"数据集", colText}, {"类型", colText}, {"文件数", colInt}, {"行数", colInt}, {"覆盖月数", colInt}, {"缺失月份", colText},
		{"来源文件", colText}, {"状态", colText},
	}, rows: covRows}); err != nil {
		return err
	}

	var ruleRows [][]any
	for _, r := range p.Coverage.Rules.Rules {
		ruleRows = append(ruleRows, []any{r.RuleID, r.TitleZH, r.Area, r.StatusZH(), r.Status, strings.Join(r.MissingInputs, ", "), r.Note})
	}
	if err := writeTable(f, st, sheetTable{name: "规则覆盖", columns: []column{
		{"规则", colText}, {"规则名称", colText}, {"领域", colText}, {"状态", colText}, {"状态代码", colText}, {"缺少的数据", colText}, {"说明", colText},
	}, rows: ruleRows}); err != nil {
		return err
	}

	byRule := map[string][]Flag{}
	for _, fl := range p.Flags {
		byRule[fl.RuleID] = append(byRule[fl.RuleID], fl)
	}
	for _, id := range order {
		var rows [][]any
		for _, fl := range byRule[id] {
			if len(fl.Evidence) == 0 {
				rows = append(rows, []any{fl.Period, fl.Subject, fl.SeverityZH(), fl.Score, fl.AmountYuan, nil, "", nil,
					"", "", "", nil, "（无证据行记录）", "", fl.FlagID})
			}
			for i, e := range fl.Evidence {
				// the flag's total once, on its first row, so that a column sum is not a multiple of it
				var total *float64
				if i == 0 {
					total = fl.AmountYuan
				}
				rows = append(rows, []any{fl.Period, fl.Subject, fl.SeverityZH(), fl.Score, total,
					e.Date, e.DocumentNo, e.AmountYuan, kindZH(e.Dataset), e.FileName, e.Sheet, e.RowNo, e.Detail, e.FilePath, fl.FlagID})
			}
		}
		if err := writeTable(f, st, sheetTable{name: ruleSheet[id], columns: []column{
			{"期间", colText}, {"对象", colText}, {"严重程度", colText}, {"评分", colScore}, {"风险金额（元，每条风险一次）", colYuan},
			{"本行日期", colDate}, {"单据号", colText}, {"本行金额（元）", colYuan},
			{"数据集", colText}, {"文件", colText}, {"工作表", colText}, {"行号", colInt}, {"明细", colText},
			{"文件路径", colText}, {"风险编号", colText},
		}, rows: rows}); err != nil {
			return err
		}
	}
	if err := sheetLinks(f, st, summary, row+2, order, ruleSheet, byRule); err != nil {
		return err
	}
	if err := insuranceSheets(f, st, p.Insurance); err != nil {
		return err
	}
	if len(p.Samples) > 0 {
		if err := pullListSheet(f, st, pullListName, p.Samples); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

// sheetLinks lists, on the summary sheet from row, each rule's evidence sheet with a link to it.
func sheetLinks(f *excelize.File, st styles, summary string, row int, order []string, ruleSheet map[string]string, byRule map[string][]Flag) error {
	rows := make([][]any, len(order))
	for i, id := range order {
		var n int
		var total float64
		for _, fl := range byRule[id] {
			n++
			if fl.AmountYuan != nil {
				total += *fl.AmountYuan
			}
		}
		title := id
		if r, ok := marts.RuleByID(id); ok {
			title = r.TitleZH
		}
		rows[i] = []any{title, n, total, ruleSheet[id]}
	}
	if _, err := smallTable(f, st, summary, row, []column{
		{"规则", colText}, {"风险数", colInt}, {"涉及金额（元）", colYuan}, {"证据工作表（点击打开）", colText},
	}, rows); err != nil {
		return err
	}
	for i, id := range order {
		cell, _ := excelize.CoordinatesToCellName(4, row+1+i)
		if err := f.SetCellHyperLink(summary, cell, "'"+ruleSheet[id]+"'!A1", "Location"); err != nil {
			return err
		}
		if err := f.SetCellStyle(summary, cell, cell, st.link); err != nil {
			return err
		}
	}
	return nil
}

// insuranceSheets writes the 医保汇总 sheet (share of fund paid per INS rule, then the top
// departments and doctors) and the 调阅结算单 sheet (the settlements to pull, each row with
// the seed of the sample; 概要 prints "抽样种子: N").
func insuranceSheets(f *excelize.File, st styles, ins Insurance) error {
	var rows [][]any
	for _, r := range ins.Rules {
		rows = append(rows, []any{"规则", r.RuleID, r.TitleZH, r.Flags, r.HighFlags, r.FlaggedSettlements, r.FlaggedYuan, r.Share})
	}
	for _, t := range ins.Departments {
		rows = append(rows, []any{"科室", fmt.Sprintf("第%d名", t.Rank), t.Name, t.Flags, nil, t.Settlements, t.FlaggedYuan, nil})
	}
	for _, t := range ins.Doctors {
		rows = append(rows, []any{"医师", fmt.Sprintf("第%d名", t.Rank), t.Name, t.Flags, nil, t.Settlements, t.FlaggedYuan, nil})
	}
	if err := writeTable(f, st, sheetTable{name: "医保汇总", columns: []column{
		{"类别", colText}, {"规则/名次", colText}, {"名称", colText}, {"线索数", colInt}, {"高", colInt}, {"涉及结算", colInt},
		{"涉及金额（元）", colYuan}, {"占基金支付", colPercent},
	}, rows: rows}); err != nil {
		return err
	}
	rows = nil
	for _, s := range ins.Pull.Rows {
		var seed any
		if ins.Pull.Seed != nil {
			seed = *ins.Pull.Seed
		}
		rows = append(rows, []any{s.SettlementID, s.ReasonZH(), s.RuleIDs, s.AmountYuan, s.FundPaidYuan, s.Department, s.Doctor, seed})
	}
	return writeTable(f, st, sheetTable{name: "调阅结算单", columns: []column{
		{"结算单号", colText}, {"调阅原因", colText}, {"涉及规则", colText}, {"涉及金额（元）", colYuan},
		{"基金支付（元）", colYuan}, {"科室", colText}, {"医师", colText}, {"抽样种子", colInt},
	}, rows: rows})
}

// insuranceSummary is the 概要 lines of the insurance section.
func insuranceSummary(ins Insurance) [][2]any {
	seed := "抽样种子: —"
	if ins.Pull.Seed != nil {
		seed = fmt.Sprintf("抽样种子: %d（高风险线索 %d 笔全部调阅，其余随机抽取 %d 笔；同一种子重建得同一清单）", *ins.Pull.Seed, ins.Pull.High, ins.Pull.Sampled)
	}
	note := strings.TrimSpace(ins.Missing + " " + ins.Pull.Missing)
	return [][2]any{
		{"医保结算（笔）", ins.Settlements},
		{"医保基金支付（元）", ins.FundPaidYuan},
		{"调阅结算单", seed},
		{"医保数据说明", note},
	}
}

func measuresText(kvs []KV) string {
	parts := make([]string, len(kvs))
	for i, kv := range kvs {
		parts[i] = kv.Label + "=" + kv.Value
	}
	return strings.Join(parts, "；")
}

func joinErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// WriteTrendXLSX writes the trend report's tables as a workbook.
func WriteTrendXLSX(w io.Writer, t *Trend) (err error) {
	f, st, err := newWorkbook(fmt.Sprintf("巡查风险年度趋势 %d–%d", t.From, t.To))
	if err != nil {
		return err
	}
	defer func() { err = joinErr(err, f.Close()) }()
	const summary = "概要"
	if err := f.SetSheetName("Sheet1", summary); err != nil {
		return err
	}
	var total Stat
	for _, y := range t.Totals {
		total.add(y.Stat)
	}
	row, err := keyValues(f, st, summary, "巡查风险年度趋势", [][2]any{
		{"年度范围", fmt.Sprintf("%d–%d", t.From, t.To)},
		{"机构数", len(t.Institutions)},
		{"风险线索", total.Flags},
		{"其中高风险", total.High},
		{"涉及金额（元）", total.AmountYuan},
		{"生成时间", t.GeneratedAt.Format("2006-01-02 15:04:05")},
	})
	if err != nil {
		return err
	}
	var yearRows [][]any
	for _, y := range t.Totals {
		yearRows = append(yearRows, []any{y.Year, y.Flags, y.High, y.Medium, y.Low, y.Score, y.AmountYuan})
	}
	if _, err := smallTable(f, st, summary, row, []column{{"年度", colInt}, {"风险数", colInt}, {"高", colInt}, {"中", colInt},
		{"低", colInt}, {"加权分", colScore}, {"涉及金额（元）", colYuan}}, yearRows); err != nil {
		return err
	}
	if err := f.SetColWidth(summary, "A", "A", 20); err != nil {
		return err
	}
	if err := f.SetColWidth(summary, "B", "G", 14); err != nil {
		return err
	}

	// Long tables: one row per institution × year (× area), easy to pivot.
	var instRows [][]any
	for _, ti := range t.Institutions {
		for j, s := range ti.Years {
			instRows = append(instRows, []any{ti.Code, ti.Name, ti.Tier, t.Years[j], s.Flags, s.High, s.Medium, s.Low, s.Score, s.AmountYuan})
		}
	}
	if err := writeTable(f, st, sheetTable{name: "机构年度", columns: []column{{"机构代码", colText}, {"机构", colText}, {"级别", colText},
		{"年度", colInt}, {"风险数", colInt}, {"高", colInt}, {"中", colInt}, {"低", colInt}, {"加权分", colScore}, {"涉及金额（元）", colYuan}},
		rows: instRows}); err != nil {
		return err
	}
	var areaRows [][]any
	for i, a := range t.Areas {
		for j, s := range t.ByArea[i] {
			areaRows = append(areaRows, []any{a, t.Years[j], s.Flags, s.High, s.Medium, s.Low, s.Score, s.AmountYuan})
		}
	}
	if err := writeTable(f, st, sheetTable{name: "领域年度", columns: []column{{"领域", colText}, {"年度", colInt}, {"风险数", colInt},
		{"高", colInt}, {"中", colInt}, {"低", colInt}, {"加权分", colScore}, {"涉及金额（元）", colYuan}}, rows: areaRows}); err != nil {
		return err
	}
	var ruleRows [][]any
	for _, r := range t.Rules {
		for j, s := range r.Years {
			ruleRows = append(ruleRows, []any{r.RuleID, r.TitleZH, r.Area, t.Years[j], s.Flags, r.Institutions[j], s.High, s.Score, s.AmountYuan})
		}
	}
	if err := writeTable(f, st, sheetTable{name: "规则年度", columns: []column{{"规则", colText}, {"规则名称", colText}, {"领域", colText},
		{"年度", colInt}, {"风险数", colInt}, {"涉及机构数", colInt}, {"高", colInt}, {"加权分", colScore}, {"涉及金额（元）", colYuan}},
		rows: ruleRows}); err != nil {
		return err
	}
	var moverRows [][]any
	for _, m := range t.MoversUp {
		moverRows = append(moverRows, []any{"上升", m.Code, m.Name, m.FromYear, m.Before, m.ToYear, m.After, m.Delta})
	}
	for _, m := range t.MoversDown {
		moverRows = append(moverRows, []any{"下降", m.Code, m.Name, m.FromYear, m.Before, m.ToYear, m.After, m.Delta})
	}
	if err := writeTable(f, st, sheetTable{name: "变化最大", columns: []column{{"方向", colText}, {"机构代码", colText}, {"机构", colText},
		{"起始年度", colInt}, {"起始加权分", colScore}, {"末年", colInt}, {"末年加权分", colScore}, {"变化", colScore}}, rows: moverRows}); err != nil {
		return err
	}
	var rectRows [][]any
	for _, r := range t.Rect.Rows {
		var rate any
		if r.Total > 0 {
			rate = float64(r.Closed) / float64(r.Total)
		}
		rectRows = append(rectRows, []any{r.Code, r.Name, r.Total, r.Closed, r.Open, r.Overdue, rate})
	}
	if t.Rect.Missing != "" {
		rectRows = append(rectRows, []any{"", t.Rect.Missing, nil, nil, nil, nil, nil})
	}
	if err := trendReviewSheet(f, st, t); err != nil {
		return err
	}
	if err := writeTable(f, st, sheetTable{name: "整改情况", columns: []column{{"机构代码", colText}, {"机构", colText}, {"整改事项", colInt},
		{"已完成", colInt}, {"未完成", colInt}, {"逾期", colInt}, {"完成率", colPercent}}, rows: rectRows}); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}
