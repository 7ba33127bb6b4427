package report

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"html/template"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report/reporttest"
	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

var fixedNow = func() time.Time { return time.Date(2026, 3, 1, 9, 30, 0, 0, time.Local) }

// readOnly reopens a fixture warehouse as the CLI does: read-only, no file access.
func readOnly(t testing.TB, db *warehouse.DB) *warehouse.DB {
	t.Helper()
	path := db.Path
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := warehouse.Open(context.Background(), path, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
}

func loadFixture(t testing.TB, opt LoadOptions) *Previsit {
	t.Helper()
	db := readOnly(t, reporttest.New(t))
	opt.Now = fixedNow
	p, err := LoadPrevisit(context.Background(), db, reporttest.Institution, reporttest.Year, opt)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func plantedFlag(t testing.TB, p *Previsit) Flag {
	t.Helper()
	for _, f := range p.Flags {
		if f.RuleID == reporttest.Rule && f.Subject == reporttest.Subject {
			return f
		}
	}
	t.Fatalf("planted flag %s/%s not in %+v", reporttest.Rule, reporttest.Subject, p.Flags)
	return Flag{}
}

func TestLoadPrevisit(t *testing.T) {
	p := loadFixture(t, LoadOptions{})
	if p.Institution.Name != reporttest.InstitutionName || p.Institution.Tier != "三级" {
		t.Errorf("institution = %+v", p.Institution)
	}
	f := plantedFlag(t, p)
	if f.AmountYuan == nil || *f.AmountYuan != reporttest.OfflineYuan {
		t.Errorf("amount = %v, want %v", f.AmountYuan, reporttest.OfflineYuan)
	}
	if f.Area != "采购" || f.TitleZH == "" || f.Severity != "medium" {
		t.Errorf("flag = %+v", f)
	}
	// a Banan hospital: the BN-L clauses of the rule only, the primary one first, with their text
	if len(f.Clauses) != 2 || f.Clauses[0].ID != "BN-L.3.4.3" || f.Clauses[1].ID != "BN-L.3.1.1" ||
		!strings.Contains(f.Clauses[0].Text, "采购") {
		t.Errorf("clauses = %+v", f.Clauses)
	}
	measures := map[string]string{}
	for _, kv := range f.Measures {
		measures[kv.Key] = kv.Value
	}
	if measures["offline_share"] != "6.0%" || measures["offline_yuan"] != "6.00万元" {
		t.Errorf("measures = %+v", f.Measures)
	}
	if len(f.Thresholds) == 0 {
		t.Error("no thresholds")
	}
	if len(f.Evidence) != 2 || f.Evidence[0].FileName != "H3A_采购明细_2025.xlsx" || f.Evidence[0].Sheet != "Sheet1" || f.Evidence[0].RowNo == 0 {
		t.Errorf("evidence = %+v", f.Evidence)
	}
	for _, e := range f.Evidence {
		if strings.Contains(e.Detail, reporttest.IDCard) {
			t.Errorf("ID-card number not masked: %q", e.Detail)
		}
	}
	if len(f.OnSite) == 0 {
		t.Error("nothing to pull on site")
	}

	// coverage: procurement for all twelve months, two rejected rows, blind spots named
	var proc *KindCoverage
	for i := range p.Coverage.Kinds {
		if p.Coverage.Kinds[i].Kind == "procurement" {
			proc = &p.Coverage.Kinds[i]
		}
	}
	if proc == nil || len(proc.Months) != 12 || len(proc.Gaps) != 0 || proc.Files != 1 {
		t.Errorf("procurement coverage = %+v", proc)
	}
	if p.Coverage.RowsRejected != reporttest.RejectedRows {
		t.Errorf("rejected = %d, want %d", p.Coverage.RowsRejected, reporttest.RejectedRows)
	}
	if len(p.Coverage.MissingKinds) == 0 || p.Coverage.Rules.NotAssessed == 0 {
		t.Errorf("no blind spots reported: %+v", p.Coverage)
	}
	status := map[string]string{}
	for _, r := range p.Coverage.Rules.Rules {
		status[r.RuleID] = r.Status
	}
	if status[reporttest.Rule] != "flagged" {
		t.Errorf("coverage of %s = %q", reporttest.Rule, status[reporttest.Rule])
	}

	// summary: 采购 has the flag; H3B (三级, BN-L) is the one peer: too few for a percentile
	var proc2 *AreaSummary
	for i := range p.Summary.Areas {
		if p.Summary.Areas[i].Area == "采购" {
			proc2 = &p.Summary.Areas[i]
		}
	}
	if proc2 == nil || proc2.Flags < 1 || proc2.Score < 2 || proc2.Peers != 1 || proc2.Percentile != nil {
		t.Fatalf("采购 summary = %+v", proc2)
	}
	if len(p.Trend.Years) < 2 || p.Trend.Years[0].Year != 2024 || p.Trend.Years[0].Flags < 1 {
		t.Errorf("trend = %+v", p.Trend.Years)
	}
	if p.SelfCheck.Missing == "" {
		t.Error("self-inspection section should say it is not available yet")
	}
}

func TestResolveInstitution(t *testing.T) {
	db := readOnly(t, reporttest.New(t))
	ctx := context.Background()
	for _, q := range []string{"H3A", "甲市第一人民医院", "第一人民", "h3a"} {
		got, err := ResolveInstitution(ctx, db, q)
		if err != nil || got.Code != "H3A" {
			t.Errorf("ResolveInstitution(%q) = %+v, %v", q, got, err)
		}
	}
	var amb *AmbiguousError
	if _, err := ResolveInstitution(ctx, db, "人民医院"); !errors.As(err, &amb) || len(amb.Candidates) != 2 {
		t.Errorf("ambiguous name: %v", err)
	}
	if _, err := ResolveInstitution(ctx, db, "乙县医院"); !errors.Is(err, ErrNoInstitution) {
		t.Errorf("unknown name: %v", err)
	}
}

func TestNotBuilt(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.Open(ctx, filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := LoadPrevisit(ctx, db, "H3A", 2025, LoadOptions{}); !errors.Is(err, ErrNotBuilt) {
		t.Errorf("previsit on an empty warehouse: %v", err)
	}
	if _, err := LoadTrend(ctx, db, 2024, 2025, LoadOptions{}); !errors.Is(err, ErrNotBuilt) {
		t.Errorf("trend on an empty warehouse: %v", err)
	}
}

// A mart the report reads that a warehouse lacks (built by an older version) is an error
// naming it, never a section quietly left empty.
func TestMissingMart(t *testing.T) {
	ctx := context.Background()
	for _, mart := range []string{"mart_rule_coverage", "mart_institution_profile", "mart_self_inspection_match", "mart_flag_context", "mart_data_coverage"} {
		db := reporttest.New(t)
		if _, err := db.ExecContext(ctx, "drop table "+mart); err != nil {
			t.Fatal(err)
		}
		_, err := LoadPrevisit(ctx, db, reporttest.Institution, reporttest.Year, LoadOptions{})
		if !errors.Is(err, ErrNotBuilt) || !strings.Contains(err.Error(), mart) {
			t.Errorf("without %s: %v", mart, err)
		}
	}
}

func TestPrevisitHTML(t *testing.T) {
	p := loadFixture(t, LoadOptions{})
	var buf bytes.Buffer
	if err := WritePrevisitHTML(&buf, p); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{
		`<html lang="zh-CN">`,
		"Content-Security-Policy",
		reporttest.InstitutionName,
		`data-rule="` + reporttest.Rule + `"`,
		"药品耗材线下采购",
		"BN-L.3.4.3",
		"H3A_采购明细_2025.xlsx",
		"&lt;script&gt;alert(&#34;xuncha&#34;)&lt;/script&gt;",
		"<svg",
		"@page",
		"break-before: page",
		"现场调阅",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "ZB-L.") || strings.Contains(html, "BN-P.") {
		t.Error("a Banan hospital's report quotes a clause of another checklist")
	}
	if !strings.Contains(html, template.HTMLEscapeString(p.SelfCheck.Missing)) {
		t.Errorf("the self-inspection section does not say why it is empty: %q", p.SelfCheck.Missing)
	}
	for _, bad := range []string{reporttest.HostileVendor, "<script", reporttest.IDCard, "ZgotmplZ", `src="http`, `href="http`, "@import", "url("} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains %q", bad)
		}
	}
}

func TestTrend(t *testing.T) {
	db := readOnly(t, reporttest.New(t))
	tr, err := LoadTrend(context.Background(), db, 2024, 2025, LoadOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Years) != 2 || tr.Totals[1].Flags < 2 || tr.Totals[0].Flags < 1 {
		t.Errorf("totals = %+v", tr.Totals)
	}
	if len(tr.Institutions) != 4 || tr.Institutions[0].Total.Score == 0 {
		t.Errorf("institutions = %+v", tr.Institutions)
	}
	// Other rules may fire on the fixture too; the planted ones must be there.
	var planted *TrendRule
	for i := range tr.Rules {
		if tr.Rules[i].RuleID == reporttest.Rule {
			planted = &tr.Rules[i]
		}
	}
	if planted == nil || planted.Years[0].Flags != 1 || planted.Years[1].Flags != 2 || planted.Institutions[1] != 2 {
		t.Errorf("%s trend = %+v", reporttest.Rule, planted)
	}
	up := false
	for _, m := range tr.MoversUp {
		up = up || m.Code == "H3B" // no flags in 2024 (no data), flags in 2025
	}
	if !up {
		t.Errorf("movers up = %+v", tr.MoversUp)
	}
	if tr.Rect.Missing == "" {
		t.Error("rectification should say no register is loaded")
	}
	var buf bytes.Buffer
	if err := WriteTrendHTML(&buf, tr); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{"巡查风险年度趋势报告", "甲市第二人民医院", `data-rule="PROC_OFF_PLATFORM"`, "<svg", "<rect"} {
		if !strings.Contains(html, want) {
			t.Errorf("trend HTML lacks %q", want)
		}
	}
	buf.Reset()
	if err := WriteTrendXLSX(&buf, tr); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	want := []string{"概要", "机构年度", "领域年度", "规则年度", "变化最大", "核查结论", "整改情况"}
	if got := x.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("trend sheets = %v, want %v", got, want)
	}
}

func TestPrevisitXLSX(t *testing.T) {
	p := loadFixture(t, LoadOptions{AllEvidence: true})
	var buf bytes.Buffer
	if err := WritePrevisitXLSX(&buf, p); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	sheets := x.GetSheetList()
	rule, _ := marts.RuleByID(reporttest.Rule)
	evSheet := rule.TitleZH // sheets are named in Chinese, after the rule
	if len(sheets) < 5 || sheets[0] != "概要" || sheets[1] != "风险清单" || !contains(sheets, evSheet) {
		t.Fatalf("sheets = %v", sheets)
	}
	// every sheet but 概要 is a table, except the hidden marker of the review round-trip
	var tables []string
	for _, name := range sheets[1:] {
		if name != ingest.ReviewMarkerSheet {
			tables = append(tables, name)
		}
	}
	for _, name := range tables {
		panes, err := x.GetPanes(name)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v %v", name, panes, err)
		}
	}
	rows, err := x.GetRows(evSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 { // header + both evidence rows
		t.Fatalf("%s has %d rows, want 3: %q", evSheet, len(rows), rows)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	cell := func(c string, row int) string {
		name, _ := excelize.CoordinatesToCellName(col[c]+1, row)
		return name
	}
	// numbers as numbers
	for _, c := range []string{"行号", "风险金额（元，每条风险一次）", "本行金额（元）", "本行日期", "评分"} {
		typ, err := x.GetCellType(evSheet, cell(c, 2))
		if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("%s is not a number: %v %v", c, typ, err)
		}
		raw, _ := x.GetCellValue(evSheet, cell(c, 2), excelize.Options{RawCellValue: true})
		if raw == "" || strings.ContainsAny(raw, ",元") {
			t.Errorf("%s raw value %q", c, raw)
		}
	}
	// the flag's total once, each row its own amount, date and document no.: the column sums
	if v, _ := x.GetCellValue(evSheet, cell("风险金额（元，每条风险一次）", 2), excelize.Options{RawCellValue: true}); v != "60000" {
		t.Errorf("flag amount = %q", v)
	}
	if v, _ := x.GetCellValue(evSheet, cell("风险金额（元，每条风险一次）", 3)); v != "" {
		t.Errorf("flag amount repeated on the second row: %q", v)
	}
	var sum float64
	for r := 2; r <= 3; r++ {
		raw, _ := x.GetCellValue(evSheet, cell("本行金额（元）", r), excelize.Options{RawCellValue: true})
		v, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			t.Errorf("row %d amount %q", r, raw)
		}
		sum += v
		if d, _ := x.GetCellValue(evSheet, cell("本行日期", r)); !regexp.MustCompile(`^2025-\d\d-\d\d$`).MatchString(d) {
			t.Errorf("row %d date shown as %q, want yyyy-mm-dd", r, d)
		}
		if no, _ := x.GetCellValue(evSheet, cell("单据号", r)); no == "" {
			t.Errorf("row %d has no document no.", r)
		}
	}
	if sum != reporttest.OfflineYuan {
		t.Errorf("Σ row amounts = %v, want the offline spend %v", sum, reporttest.OfflineYuan)
	}
	// the summary sheet links to each rule's sheet
	linked := false
	srows, _ := x.GetRows("概要")
	for r, row := range srows {
		for c, v := range row {
			if v != evSheet {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if ok, target, _ := x.GetCellHyperLink("概要", name); ok && target == "'"+evSheet+"'!A1" {
				linked = true
			}
		}
	}
	if !linked {
		t.Errorf("概要 has no link to %s", evSheet)
	}
	// formula injection neutralised: the hostile item is text, prefixed, not a formula
	found := false
	for r, row := range rows[1:] {
		for c, v := range row {
			if strings.Contains(v, "cmd|") {
				found = true
				name, _ := excelize.CoordinatesToCellName(c+1, r+2)
				if formula, _ := x.GetCellFormula(evSheet, name); formula != "" {
					t.Errorf("%s is a formula: %q", name, formula)
				}
			}
		}
	}
	if !found {
		t.Errorf("hostile item not in the evidence sheet: %q", rows)
	}
	// the same text on its own line, as a hospital might have typed it in a subject
	if got := Neutralise(reporttest.HostileItem); got != "'"+reporttest.HostileItem {
		t.Errorf("Neutralise(%q) = %q", reporttest.HostileItem, got)
	}
	// autofilter on every table sheet
	names := x.GetDefinedName()
	filtered := map[string]bool{}
	for _, n := range names {
		if n.Name == "_xlnm._FilterDatabase" {
			filtered[n.Scope] = true
		}
	}
	for _, name := range tables {
		if !filtered[name] {
			t.Errorf("%s has no filter (defined names %+v)", name, names)
		}
	}
	// a defined name alone filters nothing: each table sheet's XML must carry <autoFilter>
	if n := autoFilterSheets(t, buf.Bytes()); n != len(tables) {
		t.Errorf("%d sheets carry <autoFilter>, want %d (every table sheet)", n, len(tables))
	}
	// widths fitted
	if w, _ := x.GetColWidth(evSheet, "M"); w < 20 {
		t.Errorf("detail column width = %v", w)
	}
	// no raw ID-card numbers anywhere
	for _, name := range sheets {
		rows, _ := x.GetRows(name)
		for _, row := range rows {
			for _, v := range row {
				if strings.Contains(v, reporttest.IDCard) {
					t.Errorf("%s: raw ID-card number in %q", name, v)
				}
			}
		}
	}
}

// autoFilterSheets counts the worksheets of an XLSX file whose XML has an <autoFilter> element.
func autoFilterSheets(t *testing.T, b []byte) int {
	return sheetsContaining(t, b, "<autoFilter ref=")
}

// sheetsContaining counts the worksheets whose XML contains needle.
func sheetsContaining(t *testing.T, b []byte, needle string) int {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range z.File {
		if !strings.HasPrefix(f.Name, "xl/worksheets/sheet") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		x, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(x, []byte(needle)) {
			n++
		}
	}
	return n
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"=1+2":                 "'=1+2",
		"+86 123":              "'+86 123",
		"-12.5":                "-12.5",
		"-cmd":                 "'-cmd",
		"-1+cmd|' /C calc'!A0": "'-1+cmd|' /C calc'!A0", // a number prefix is not a number
		"+1e3":                 "+1e3",
		"@SUM(A1)":             "'@SUM(A1)",
		"\t=x":                 "'\t=x",
		"阿莫西林 =1":              "阿莫西林 =1",
		"plain":                "plain",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMaskIDs(t *testing.T) {
	for in, want := range map[string]string{
		"患者 11010519491231002X 住院": "患者 110**************X 住院",
		"110105491231002":          "110***********2",
		"订单 PO2025030900001":       "订单 PO2025030900001",
		"P1a2b3c4d5e6f7a8b":        "P1a2b3c4d5e6f7a8b",
		"金额 123456":                "金额 123456",
	} {
		if got := MaskIDs(in); got != want {
			t.Errorf("MaskIDs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMonthRanges(t *testing.T) {
	got := monthRanges([]string{"2025-01", "2025-03", "2025-04", "2025-05", "2025-12"})
	if want := "2025-01、2025-03..2025-05、2025-12"; got != want {
		t.Errorf("monthRanges = %q, want %q", got, want)
	}
}

func TestQueriesAreOneStatement(t *testing.T) {
	names, err := fs.Glob(xsql.FS, "report/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	for _, n := range names {
		b, _ := fs.ReadFile(xsql.FS, n)
		body := strings.TrimSpace(stringRe.ReplaceAllString(commentLines(string(b)), "''"))
		if strings.Contains(strings.TrimSuffix(body, ";"), ";") {
			t.Errorf("%s has more than one statement", n)
		}
	}
}

var stringRe = regexp.MustCompile(`'[^']*'`)

func commentLines(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if i := strings.Index(l, "--"); i >= 0 {
			l = l[:i]
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// The report reads marts and nothing else: every table a query names (after FROM or JOIN) is a
// mart_* or a CTE of the query; a table function (duckdb_tables(), read_csv(…)) is refused too.
func TestQueriesReadMartsOnly(t *testing.T) {
	names, err := fs.Glob(xsql.FS, "report/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	cteRe := regexp.MustCompile(`(?i)\b([a-z_][a-z0-9_]*)\s+as\s*\(`)
	tableRe := regexp.MustCompile(`(?i)\b(?:from|join)\s+([a-z_][a-z0-9_.]*)\s*(\()?`)
	for _, n := range names {
		b, _ := fs.ReadFile(xsql.FS, n)
		body := stringRe.ReplaceAllString(commentLines(string(b)), "''")
		ctes := map[string]bool{}
		for _, m := range cteRe.FindAllStringSubmatch(body, -1) {
			ctes[strings.ToLower(m[1])] = true
		}
		for _, m := range tableRe.FindAllStringSubmatch(body, -1) {
			table := strings.ToLower(m[1])
			if m[2] == "" && (ctes[table] || strings.HasPrefix(table, "mart_")) {
				continue
			}
			t.Errorf("%s reads %s: a report reads mart_* tables only", n, table)
		}
	}
}
