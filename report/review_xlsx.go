package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/ingest"
)

// The review round-trip's side of the evidence workbook: the 现场核查 sheet, one row per flag
// with its 风险编号 (flag_id) and four columns for the panel (核查结论 from a drop-down list,
// 说明, 核查人, 核查日期), pre-filled with the review in force; every other cell of the sheet
// is locked (sheet protection without a password: it guards against slips, not against
// intent, and ingest checks every row anyway). A hidden sheet carries the marker by which
// `xuncha ingest` knows the workbook when it comes back (ingest.ReviewMarker).

// reviewColumns are the sheet's columns; the last four are the panel's.
var reviewColumns = []column{
	{ingest.ReviewColFlag, colText}, {"规则", colText}, {"规则名称", colText}, {"期间", colText}, {"对象", colText},
	{"严重程度", colText}, {"金额（元）", colYuan}, {"摘要", colText}, {"证据工作表", colText},
	{ingest.ReviewColVerdict, colText}, {ingest.ReviewColNote, colText}, {ingest.ReviewColReviewer, colText}, {ingest.ReviewColDate, colDate},
}

const firstReviewColumn = 9 // 0-based index of 核查结论

// Bounds of 核查日期 for the spreadsheet's own check (Excel serials of 2000-01-01 and 2100-01-01);
// ingest checks the date again.
const minReviewDate, maxReviewDate = 36526, 73051

func writeReviewSheets(f *excelize.File, st styles, p *Previsit, ruleSheet map[string]string) error {
	open := &excelize.Protection{Locked: false}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF9E5"}}
	text, err := f.NewStyle(&excelize.Style{Protection: open, Fill: fill, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	date, err := f.NewStyle(&excelize.Style{Protection: open, Fill: fill, CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	rows := make([][]any, len(p.Flags))
	for i, fl := range p.Flags {
		var verdict, note, reviewer any
		var on any
		if r := fl.Review; r != nil {
			verdict, note, reviewer, on = r.Verdict, r.Note, r.Reviewer, r.ReviewedOn
		}
		rows[i] = []any{fl.FlagID, fl.RuleID, fl.TitleZH, fl.Period, fl.Subject, fl.SeverityZH(), fl.AmountYuan, fl.SummaryZH,
			ruleSheet[fl.RuleID], verdict, note, reviewer, on}
	}
	name := ingest.ReviewSheet
	col := func(i int) string { c, _ := excelize.ColumnNumberToName(i + 1); return c }
	verdictCol, dateCol := col(firstReviewColumn), col(len(reviewColumns)-1)
	err = writeTable(f, st, sheetTable{name: name, columns: reviewColumns, rows: rows,
		inputs: map[int]input{firstReviewColumn: {text, 10}, firstReviewColumn + 1: {text, 40}, firstReviewColumn + 2: {text, 10}, firstReviewColumn + 3: {date, 12}},
		protect: func(last int) error {
			last = max(last, 2)
			verdict := excelize.NewDataValidation(true)
			verdict.Sqref = fmt.Sprintf("%s2:%s%d", verdictCol, verdictCol, last)
			if err := verdict.SetDropList(ingest.Verdicts); err != nil {
				return err
			}
			verdict.SetError(excelize.DataValidationErrorStyleStop, ingest.ReviewColVerdict, "请从列表选择："+strings.Join(ingest.Verdicts, " / "))
			verdict.SetInput(ingest.ReviewColVerdict, "属实 / 部分属实 / 排除 / 移交；部分属实、排除须在说明中写明理由；并填写核查人和核查日期")
			when := excelize.NewDataValidation(true)
			when.Sqref = fmt.Sprintf("%s2:%s%d", dateCol, dateCol, last)
			if err := when.SetRange(minReviewDate, maxReviewDate, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			when.SetError(excelize.DataValidationErrorStyleStop, ingest.ReviewColDate, "请填写日期，如 2026-03-02")
			for _, dv := range []*excelize.DataValidation{verdict, when} {
				if err := f.AddDataValidation(name, dv); err != nil {
					return err
				}
			}
			return f.ProtectSheet(name, &excelize.SheetProtectionOptions{AutoFilter: true, FormatColumns: true, FormatRows: true,
				SelectLockedCells: true, SelectUnlockedCells: true})
		}})
	if err != nil {
		return err
	}
	if err := lookbackSheet(f, st, p.Lookback); err != nil {
		return err
	}
	return writeReviewMarker(f, p)
}

// lookbackSheet writes 回头看 when the institution has confirmed findings of earlier years.
func lookbackSheet(f *excelize.File, st styles, lb Lookback) error {
	if len(lb.Findings) == 0 {
		return nil
	}
	var rows [][]any
	for _, fd := range lb.Findings {
		var rect []string
		for _, r := range fd.Rect {
			state := "未完成"
			if r.Closed {
				state = "已完成"
			}
			rect = append(rect, r.IssueNo+" "+r.Status+"（"+state+"）")
		}
		rows = append(rows, []any{fd.FindingYear, fd.RuleID, fd.TitleZH, fd.Subject, fd.Verdict, fd.Reviewer, fd.ReviewedOn, fd.Note,
			fd.PatternZH(), strings.Join(fd.PatternFlagIDs, ", "), strings.Join(rect, "；"), fd.FlagID})
	}
	return writeTable(f, st, sheetTable{name: "回头看", columns: []column{
		{"原问题年度", colInt}, {"规则", colText}, {"规则名称", colText}, {"对象", colText}, {"核查结论", colText}, {"核查人", colText},
		{"核查日期", colDate}, {"说明", colText}, {"本年度数据", colText}, {"本年度同规则风险编号", colText}, {"整改台账（对应条款）", colText},
		{"原风险编号", colText},
	}, rows: rows})
}

// trendReviewSheet writes 核查结论: per institution and year, the risks confirmed on site apart
// from those nobody has reviewed yet.
func trendReviewSheet(f *excelize.File, st styles, t *Trend) error {
	var rows [][]any
	for _, y := range t.Reviews.Institutions {
		rows = append(rows, []any{y.Code, y.Name, y.Year, y.Flags, y.Confirmed, y.Excluded, y.Referred, y.Unreviewed, y.ConfirmedGone})
	}
	return writeTable(f, st, sheetTable{name: "核查结论", columns: []column{
		{"机构代码", colText}, {"机构", colText}, {"年度", colInt}, {"风险线索", colInt}, {"确认问题（属实、部分属实）", colInt},
		{"排除", colInt}, {"移交", colInt}, {"未核查线索", colInt}, {"已确认、数据已更正", colInt},
	}, rows: rows})
}

// writeReviewMarker writes the hidden sheet that marks the workbook as one to return.
func writeReviewMarker(f *excelize.File, p *Previsit) error {
	name := ingest.ReviewMarkerSheet
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	for i, kv := range [][2]any{
		{ingest.ReviewMarker, nil},
		{ingest.ReviewLabelSheet, ingest.ReviewSheet},
		{ingest.ReviewLabelInstitution, p.Institution.Code},
		{ingest.ReviewLabelYear, p.Year},
		{"说明", "xuncha 据此工作表识别回填的核查结论（xuncha ingest），请勿修改或删除"},
	} {
		if err := f.SetSheetRow(name, fmt.Sprintf("A%d", i+1), &[]any{cellValue(kv[0]), cellValue(kv[1])}); err != nil {
			return err
		}
	}
	return f.SetSheetVisible(name, false)
}
