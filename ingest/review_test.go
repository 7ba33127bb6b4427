package ingest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// rowsOf feeds a grid to ParseReviews as a sheet does: 1-based row numbers.
func rowsOf(g [][]string) func(yield func(int, []string) bool) error {
	return func(yield func(int, []string) bool) error {
		for i, r := range g {
			if !yield(i+1, r) {
				return nil
			}
		}
		return nil
	}
}

var reviewToday = time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)

const reviewHeader = "风险编号,规则,核查结论,说明,核查人,核查日期"

func TestParseReviews(t *testing.T) {
	for _, tc := range []struct {
		name       string
		grid       [][]string
		reviews    []string // flag:verdict:reviewer:date
		unreviewed int
		repeats    int
		problems   []string // "row N: reason"
	}{
		{"filled, empty and serial-dated rows", grid(reviewHeader,
			"f1,R,属实,,张三,2026-03-02",
			"f2,R,,,,",
			"f3,R,排除,已补录,李四,46084", // Excel serial of 2026-03-03
			"f4,R, 部分 属实 ,部分金额已退回,王五,2026年3月4日"),
			[]string{"f1:属实:张三:2026-03-02", "f3:排除:李四:2026-03-03", "f4:部分属实:王五:2026-03-04"}, 1, 0, nil},
		{"header below a blank row, columns in another order", grid(",,,,,", "核查日期,核查人,说明,核查结论,风险编号", "2026-03-02,张三,,移交,f1"),
			[]string{"f1:移交:张三:2026-03-02"}, 0, 0, nil},
		{"identical repeat read once", grid(reviewHeader, "f1,R,属实,,张三,2026-03-02", "f1,R,属实,,张三,2026-03-02"),
			[]string{"f1:属实:张三:2026-03-02"}, 0, 1, nil},
		{"two verdicts for one flag", grid(reviewHeader, "f1,R,属实,,张三,2026-03-02", "f1,R,移交,,张三,2026-03-02"),
			[]string{"f1:属实:张三:2026-03-02"}, 0, 0,
			[]string{"row 3: conflicting review: row 2 reviews the same flag (属实 by 张三 on 2026-03-02), this row says 移交 by 张三 on 2026-03-02: 风险编号 = \"f1\""}},
		{"every field wrong", grid(reviewHeader, ",R,对,,,2026-03"),
			nil, 0, 0, []string{
				"row 2: 风险编号 is empty: 风险编号 is empty",
				"row 2: 核查结论 must be one of 属实 / 部分属实 / 排除 / 移交: 核查结论 = \"对\"",
				"row 2: missing: 核查人 is empty",
				"row 2: 核查日期 must be a day (2026-03-02): 核查日期 = \"2026-03\""}},
		{"a note without a verdict", grid(reviewHeader, "f1,R,,看过了,,"),
			nil, 0, 0, []string{
				"row 2: missing (说明, 核查人 or 核查日期 is filled in): 核查结论 is empty",
				"row 2: missing: 核查人 is empty",
				"row 2: missing: 核查日期 is empty"}},
		{"partly confirmed without a note, dated after today", grid(reviewHeader, "f1,R,部分属实,,张三,2026-07-01"),
			nil, 0, 0, []string{
				"row 2: missing (a 部分属实 verdict says why): 说明 is empty",
				"row 2: 核查日期 is after today: 核查日期 = \"2026-07-01\""}},
		{"not a review sheet", grid("机构,金额", "甲,1"), nil, 0, 0,
			[]string{"row 1: not the review sheet's header (write the workbook again with `xuncha report previsit`)"}},
		{"empty sheet", nil, nil, 0, 0,
			[]string{"row 1: not the review sheet's header (write the workbook again with `xuncha report previsit`)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reviews, unreviewed, repeats, problems, err := ParseReviews("现场核查", rowsOf(tc.grid), false, reviewToday)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range reviews {
				got = append(got, strings.Join([]string{r.FlagID, r.Verdict, r.Reviewer, r.ReviewedOn.Format("2006-01-02")}, ":"))
			}
			if !slices.Equal(got, tc.reviews) {
				t.Errorf("reviews = %q, want %q", got, tc.reviews)
			}
			if unreviewed != tc.unreviewed || repeats != tc.repeats {
				t.Errorf("unreviewed, repeats = %d, %d; want %d, %d", unreviewed, repeats, tc.unreviewed, tc.repeats)
			}
			var lines []string
			for _, p := range problems {
				if p.Sheet != "现场核查" {
					t.Errorf("problem without its sheet: %+v", p)
				}
				lines = append(lines, strings.TrimPrefix(p.Error(), " [现场核查] "))
			}
			if !slices.Equal(lines, tc.problems) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(tc.problems, "\n"))
			}
		})
	}
}

// A sheet reader's error is returned as it is, not turned into a problem.
func TestParseReviewsReadError(t *testing.T) {
	broken := errors.New("corrupt worksheet")
	_, _, _, _, err := ParseReviews("现场核查", func(func(int, []string) bool) error { return broken }, false, reviewToday)
	if !errors.Is(err, broken) {
		t.Errorf("err = %v", err)
	}
}

// findReviewMarker: the marker sheet makes a returned workbook, another version of it is an
// error, and a sheet of that name without the marker is an extract's own sheet.
func TestFindReviewMarker(t *testing.T) {
	sheetOf := func(name string, g [][]string) sheet { return sheet{name: name, rows: rowsOf(g)} }
	book, err := findReviewMarker([]sheet{sheetOf("明细", grid("a,b")), sheetOf(ReviewMarkerSheet,
		grid(ReviewMarker, ReviewLabelSheet+",核查2", ReviewLabelInstitution+",H3A", ReviewLabelYear+",2025"))})
	if err != nil || book == nil || *book != (reviewBook{sheet: "核查2", institution: "H3A", year: 2025}) {
		t.Errorf("marker: %+v, %v", book, err)
	}
	if book, err := findReviewMarker([]sheet{sheetOf(ReviewMarkerSheet, grid("xuncha 核查回填工作簿 v9"))}); err == nil || book != nil {
		t.Errorf("another version: %+v, %v; want an error", book, err)
	}
	if book, err := findReviewMarker([]sheet{sheetOf(ReviewMarkerSheet, grid("机构,金额"))}); err != nil || book != nil {
		t.Errorf("no marker: %+v, %v; want an extract", book, err)
	}
}
