package ingest

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuncha/xuncha/ingest/cell"
)

// The review round-trip. The evidence workbook (report.WritePrevisitXLSX) carries a review
// sheet, one row per flag with its flag_id, and a hidden marker sheet; the panel fills in
// the review columns and the returned workbook is ingested like an extract. The marker, not
// the headers, makes a workbook a returned one, so no extract is ever taken for it.
const (
	ReviewMarkerSheet = "xuncha_review"     // hidden; A1 holds ReviewMarker
	ReviewMarker      = "xuncha 核查回填工作簿 v1" // the format version is part of it
	ReviewSheet       = "现场核查"              // the review sheet, unless the marker's 核查表 names another
	ReviewKind        = "reviews"           // the kind a returned workbook is recorded as in meta.ingest_file
)

// The review sheet's columns, by header. The others on the sheet are context for the panel.
const (
	ReviewColFlag     = "风险编号"
	ReviewColVerdict  = "核查结论"
	ReviewColNote     = "说明"
	ReviewColReviewer = "核查人"
	ReviewColDate     = "核查日期"
)

// The marker sheet's labels (column A; the value is in column B).
const (
	ReviewLabelSheet       = "核查表"
	ReviewLabelInstitution = "机构代码"
	ReviewLabelYear        = "年度"
)

// The 核查结论 a review may give (DESIGN.md, Findings): 属实 and 部分属实 make a flag a finding.
const (
	VerdictConfirmed = "属实"
	VerdictPartly    = "部分属实"
	VerdictExcluded  = "排除"
	VerdictReferred  = "移交"
)

// Verdicts are the 核查结论 in the order the workbook's list offers them.
var Verdicts = []string{VerdictConfirmed, VerdictPartly, VerdictExcluded, VerdictReferred}

// noteRequired: a verdict that narrows or dismisses a flag must say why.
var noteRequired = map[string]bool{VerdictPartly: true, VerdictExcluded: true}

// Why a review row is refused; the line names the file, sheet, row and cell.
var (
	errReviewHeader   = errors.New("not the review sheet's header (write the workbook again with `xuncha report previsit`)")
	errReviewVerdict  = fmt.Errorf("核查结论 must be one of %s", strings.Join(Verdicts, " / "))
	errReviewMissing  = errors.New("missing")
	errReviewDate     = errors.New("核查日期 must be a day (2026-03-02)")
	errReviewFuture   = errors.New("核查日期 is after today")
	errReviewNoFlag   = errors.New("风险编号 is empty")
	errReviewUnknown  = errors.New("unknown flag: no build of this warehouse produced it (was the workbook written from another warehouse?)")
	errReviewConflict = errors.New("conflicting review")
)

// Review is one filled-in row of a returned workbook.
type Review struct {
	FlagID, Verdict, Note, Reviewer string
	ReviewedOn                      time.Time
	Sheet                           string
	Row                             int
}

func (r Review) same(o Review) bool {
	return r.FlagID == o.FlagID && r.Verdict == o.Verdict && r.Note == o.Note && r.Reviewer == o.Reviewer && r.ReviewedOn.Equal(o.ReviewedOn)
}

func (r Review) String() string {
	return fmt.Sprintf("%s by %s on %s", r.Verdict, r.Reviewer, r.ReviewedOn.Format("2006-01-02"))
}

// ReviewError refuses a returned workbook: every problem found, one line each; nothing of
// the workbook was recorded.
type ReviewError struct {
	Problems []*RowError
}

func (e *ReviewError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return fmt.Sprintf("returned review workbook refused, nothing of it recorded (%d problem(s)):\n%s", len(e.Problems), strings.Join(lines, "\n"))
}

// reviewBook is what the marker sheet says.
type reviewBook struct {
	sheet, institution string
	year               int
}

// findReviewMarker reports whether the workbook is a returned one: it has the hidden marker
// sheet. A marker of another format version is an error, not an extract.
func findReviewMarker(sheets []sheet) (*reviewBook, error) {
	for _, sh := range sheets {
		if sh.name != ReviewMarkerSheet {
			continue
		}
		b := &reviewBook{sheet: ReviewSheet}
		first := ""
		err := sh.rows(func(rowNo int, cells []string) bool {
			a, v := strings.TrimSpace(cellAt(cells, 0)), strings.TrimSpace(cellAt(cells, 1))
			if rowNo == 1 {
				first = a
			}
			switch a {
			case ReviewLabelSheet:
				if v != "" {
					b.sheet = v
				}
			case ReviewLabelInstitution:
				b.institution = v
			case ReviewLabelYear:
				b.year, _ = strconv.Atoi(v)
			}
			return rowNo < 50
		})
		if err != nil {
			return nil, err
		}
		if first != ReviewMarker {
			if strings.HasPrefix(first, "xuncha ") {
				return nil, fmt.Errorf("review workbook of another format (%q, this version reads %q): write it again with this version", first, ReviewMarker)
			}
			return nil, nil
		}
		return b, nil
	}
	return nil, nil
}

// reviewColumns is where the review sheet's columns are, found in its first non-empty row.
type reviewColumns struct{ flag, verdict, note, reviewer, date int }

// ParseReviews reads a review sheet: the header (its first non-empty row) and every row
// below it. A row whose four review cells are empty is not reviewed (unreviewed counts
// them); identical repeats of a row are read once (repeats counts them). Every other
// problem is one RowError with the sheet and row set and File left to the caller.
// today bounds 核查日期.
func ParseReviews(sheetName string, rows func(yield func(rowNo int, cells []string) bool) error, date1904 bool, today time.Time) (reviews []Review, unreviewed, repeats int, problems []*RowError, err error) {
	var cols *reviewColumns
	seen := false              // a non-empty row, the header or not
	byFlag := map[string]int{} // flag → index in reviews
	problem := func(rowNo int, column, value string, why error) {
		problems = append(problems, &RowError{Sheet: sheetName, Row: rowNo, Column: column, Value: value, Err: why})
	}
	err = rows(func(rowNo int, cells []string) bool {
		if cols == nil {
			if nonEmpty(cells) == 0 {
				return true
			}
			seen = true
			cols = findReviewColumns(cells)
			if cols == nil {
				problem(rowNo, "", "", errReviewHeader)
				return false
			}
			return true
		}
		get := func(i int) string { return strings.TrimSpace(cell.NormalizeText(cellAt(cells, i))) }
		r := Review{FlagID: get(cols.flag), Verdict: strings.ReplaceAll(get(cols.verdict), " ", ""), Note: get(cols.note),
			Reviewer: get(cols.reviewer), Sheet: sheetName, Row: rowNo}
		dateText := get(cols.date)
		if r.Verdict == "" && r.Note == "" && r.Reviewer == "" && dateText == "" {
			unreviewed++
			return true
		}
		before := len(problems)
		if r.FlagID == "" {
			problem(rowNo, ReviewColFlag, "", errReviewNoFlag)
		}
		switch {
		case r.Verdict == "":
			problem(rowNo, ReviewColVerdict, "", fmt.Errorf("%w (说明, 核查人 or 核查日期 is filled in)", errReviewMissing))
		case !slices.Contains(Verdicts, r.Verdict):
			problem(rowNo, ReviewColVerdict, r.Verdict, errReviewVerdict)
		case noteRequired[r.Verdict] && r.Note == "":
			problem(rowNo, ReviewColNote, "", fmt.Errorf("%w (a %s verdict says why)", errReviewMissing, r.Verdict))
		}
		if r.Reviewer == "" {
			problem(rowNo, ReviewColReviewer, "", errReviewMissing)
		}
		d, monthOnly, derr := cell.ParseDate(dateText, date1904)
		switch {
		case dateText == "":
			problem(rowNo, ReviewColDate, "", errReviewMissing)
		case derr != nil || monthOnly:
			problem(rowNo, ReviewColDate, dateText, errReviewDate)
		case d.After(today):
			problem(rowNo, ReviewColDate, d.Format("2006-01-02"), errReviewFuture)
		}
		r.ReviewedOn = d
		if len(problems) > before || r.FlagID == "" {
			return true
		}
		if i, ok := byFlag[r.FlagID]; ok {
			if prev := reviews[i]; !prev.same(r) {
				problem(rowNo, ReviewColFlag, r.FlagID, fmt.Errorf("%w: row %d reviews the same flag (%s), this row says %s", errReviewConflict, prev.Row, prev, r))
			} else {
				repeats++
			}
			return true
		}
		byFlag[r.FlagID] = len(reviews)
		reviews = append(reviews, r)
		return true
	})
	if err == nil && !seen {
		problem(1, "", "", errReviewHeader)
	}
	return reviews, unreviewed, repeats, problems, err
}

func findReviewColumns(cells []string) *reviewColumns {
	c := reviewColumns{-1, -1, -1, -1, -1}
	for i, h := range cells {
		switch strings.TrimSpace(h) {
		case ReviewColFlag:
			c.flag = i
		case ReviewColVerdict:
			c.verdict = i
		case ReviewColNote:
			c.note = i
		case ReviewColReviewer:
			c.reviewer = i
		case ReviewColDate:
			c.date = i
		}
	}
	if c.flag < 0 || c.verdict < 0 || c.note < 0 || c.reviewer < 0 || c.date < 0 {
		return nil
	}
	return &c
}

// loadReviews records the reviews of a returned workbook, all or none: every row is checked
// against the flags the warehouse has produced and the reviews already recorded before
// anything is written, and any problem refuses the whole workbook.
//
// Against a review already in force for the flag, a review is
//   - the same (verdict, 说明, 核查人, 核查日期): nothing to record — the workbook came back
//     again, or its pre-filled rows were left as they were;
//   - dated later: recorded, and in force from now on (the earlier one stays in the log);
//   - dated the same day or earlier while saying anything else: a conflict — which of the
//     two stands cannot be told, so the new one must carry a later 核查日期.
func (l *fileLoader) loadReviews(book *reviewBook, sheets []sheet) error {
	res := l.res
	var sh *sheet
	for i := range sheets {
		if sheets[i].name == book.sheet {
			sh = &sheets[i]
		}
	}
	if sh == nil {
		return fmt.Errorf("returned review workbook without its review sheet %q (was it renamed or deleted?)", book.sheet)
	}
	res.Kinds = []string{ReviewKind}
	if book.institution != "" {
		l.insts = map[string]bool{book.institution: true}
	}
	reviews, unreviewed, repeats, problems, err := ParseReviews(sh.name, sh.rows, sh.date1904, time.Now())
	if err != nil {
		return err
	}
	for i := range reviews {
		reviews[i].Note, reviews[i].Reviewer = l.ps.redactCell("", reviews[i].Note), l.ps.redactCell("", reviews[i].Reviewer)
	}
	known, err := l.knownFlags()
	if err != nil {
		return err
	}
	inForce, err := l.reviewsInForce()
	if err != nil {
		return err
	}
	var fresh []Review
	unchanged := 0
	for _, r := range reviews {
		if !known[r.FlagID] {
			problems = append(problems, &RowError{Sheet: r.Sheet, Row: r.Row, Column: ReviewColFlag, Value: r.FlagID, Err: errReviewUnknown})
			continue
		}
		prev, ok := inForce[r.FlagID]
		switch {
		case ok && prev.same(r):
			unchanged++
		case ok && !r.ReviewedOn.After(prev.ReviewedOn):
			problems = append(problems, &RowError{Sheet: r.Sheet, Row: r.Row, Column: ReviewColDate, Value: r.ReviewedOn.Format("2006-01-02"),
				Err: fmt.Errorf("%w: the review in force, from %s [%s] row %d, says %s; this row says %s — a review that replaces it needs a later 核查日期",
					errReviewConflict, prev.file, prev.Sheet, prev.Row, prev.Review, r)})
		default:
			fresh = append(fresh, r)
		}
	}
	if len(problems) > 0 {
		sort.SliceStable(problems, func(i, j int) bool { return problems[i].Row < problems[j].Row })
		for _, p := range problems {
			p.File, p.Value = l.path, l.ps.redactCell("", p.Value)
		}
		return &ReviewError{Problems: problems}
	}
	now := time.Now()
	for _, r := range fresh {
		var note any
		if r.Note != "" {
			note = r.Note
		}
		if _, err := l.conn.ExecContext(l.ctx, `insert into meta.flag_review values (nextval('meta.flag_review_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.FlagID, r.Verdict, note, r.Reviewer, r.ReviewedOn, l.fileID, r.Sheet, r.Row, now); err != nil {
			return err
		}
	}
	res.Loaded = int64(len(fresh))
	for reason, n := range map[string]int{"未核查": unreviewed, "与已记录的核查结论相同": unchanged, "重复行": repeats} {
		if n > 0 {
			res.SkipReasons[reason] += int64(n)
			res.Skipped += int64(n)
		}
	}
	if len(reviews) == 0 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("no %s filled in on sheet %s: nothing recorded", ReviewColVerdict, sh.name))
	}
	res.Sheets = append(res.Sheets, SheetResult{Sheet: sh.name, Kind: ReviewKind, Institution: book.institution,
		Detection: fmt.Sprintf("returned review workbook (hidden sheet %s)", ReviewMarkerSheet), HeaderRow: 1,
		Loaded: res.Loaded, Skipped: res.Skipped, Read: res.Loaded + res.Skipped})
	return nil
}

// knownFlags is every flag id a build of this warehouse has produced: the flag history, and
// the marts of a warehouse built before the history was kept.
func (l *fileLoader) knownFlags() (map[string]bool, error) {
	var marts int
	if err := l.conn.QueryRowContext(l.ctx, `select count(*) from information_schema.tables where table_schema = 'main' and table_name = 'mart_risk_flags'`).Scan(&marts); err != nil {
		return nil, err
	}
	q := "select flag_id from meta.flag_seen"
	if marts > 0 {
		q += " union select flag_id from main.mart_risk_flags"
	}
	rows, err := l.conn.QueryContext(l.ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	known := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		known[id] = true
	}
	return known, rows.Err()
}

type recordedReview struct {
	Review
	file string
}

func (l *fileLoader) reviewsInForce() (map[string]recordedReview, error) {
	rows, err := l.conn.QueryContext(l.ctx, `select flag_id, verdict, coalesce(note, ''), reviewer, reviewed_on, sheet, row_no, file_name from meta.flag_review_in_force`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]recordedReview{}
	for rows.Next() {
		var r recordedReview
		if err := rows.Scan(&r.FlagID, &r.Verdict, &r.Note, &r.Reviewer, &r.ReviewedOn, &r.Sheet, &r.Row, &r.file); err != nil {
			return nil, err
		}
		out[r.FlagID] = r
	}
	return out, rows.Err()
}
