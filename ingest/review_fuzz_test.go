package ingest

import (
	"slices"
	"strings"
	"testing"
)

// FuzzParseReviews: whatever a returned review sheet holds, the parser does not panic, and
// every row below the header ends up exactly once as a review, an unreviewed row, a repeat
// or a row with problems; a review it returns has a flag, a listed verdict, a reviewer and
// a day no later than today, and no flag twice.
func FuzzParseReviews(f *testing.F) {
	f.Add(reviewHeader + "\nf1\tR\t属实\t\t张三\t2026-03-02\nf1\tR\t属实\t\t张三\t2026-03-02\nf2\t\t排除\t\t李四\t46083")
	f.Add("\n\n" + reviewHeader + "\nf1\tR\t部分属实\tx\t张三\t2026年3月\n\tR\t移交\t\t\t")
	f.Add("风险编号\t核查结论\t说明\t核查人\t核查日期\tx\n=1+1\t排除\t@SUM(A1)\t-\t2099-01-01")
	f.Fuzz(func(t *testing.T, text string) {
		var g [][]string
		for _, line := range strings.Split(text, "\n") {
			g = append(g, strings.Split(strings.ReplaceAll(line, ",", "\t"), "\t"))
		}
		reviews, unreviewed, repeats, problems, err := ParseReviews("现场核查", rowsOf(g), false, reviewToday)
		if err != nil {
			t.Fatal(err)
		}
		header := slices.IndexFunc(g, func(r []string) bool { return nonEmpty(r) > 0 })
		if header < 0 || findReviewColumns(g[header]) == nil {
			if len(reviews) > 0 || len(problems) != 1 {
				t.Fatalf("no header, yet %d reviews and %d problems", len(reviews), len(problems))
			}
			return
		}
		badRows := map[int]bool{}
		for _, p := range problems {
			if p.Row <= header+1 || p.Row > len(g) || p.Sheet != "现场核查" {
				t.Fatalf("problem outside the data rows: %+v", p)
			}
			badRows[p.Row] = true
		}
		if got, want := len(reviews)+unreviewed+repeats+len(badRows), len(g)-header-1; got != want {
			t.Fatalf("%d reviews + %d unreviewed + %d repeats + %d bad rows = %d, want the %d data rows", len(reviews), unreviewed, repeats, len(badRows), got, want)
		}
		seen := map[string]bool{}
		for _, r := range reviews {
			if r.FlagID == "" || !slices.Contains(Verdicts, r.Verdict) || r.Reviewer == "" || r.ReviewedOn.After(reviewToday) || seen[r.FlagID] || badRows[r.Row] {
				t.Fatalf("review accepted: %+v", r)
			}
			seen[r.FlagID] = true
		}
	})
}
