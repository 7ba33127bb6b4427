package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/report/reporttest"
	"github.com/xuncha/xuncha/warehouse"
)

// reviewBook is an evidence workbook opened for filling in, as a panel member would.
type reviewBook struct {
	t    *testing.T
	f    *excelize.File
	col  map[string]int
	rows [][]string
}

func openReviewBook(t *testing.T, path string) *reviewBook {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	rows, err := f.GetRows(ingest.ReviewSheet)
	if err != nil || len(rows) < 2 {
		t.Fatalf("review sheet: %d rows, %v", len(rows), err)
	}
	b := &reviewBook{t: t, f: f, col: map[string]int{}, rows: rows}
	for i, h := range rows[0] {
		b.col[h] = i
	}
	return b
}

// row is the sheet row (1-based) of the flag with rule and subject; 0 when absent.
func (b *reviewBook) row(rule, subject string) int {
	for i, r := range b.rows[1:] {
		if len(r) > b.col["对象"] && r[b.col["规则"]] == rule && r[b.col["对象"]] == subject {
			return i + 2
		}
	}
	b.t.Fatalf("no review row for %s/%s", rule, subject)
	return 0
}

func (b *reviewBook) set(row int, column string, v any) {
	b.t.Helper()
	c, ok := b.col[column]
	if !ok {
		b.t.Fatalf("no column %s in %v", column, b.rows[0])
	}
	name, _ := excelize.CoordinatesToCellName(c+1, row)
	if err := b.f.SetCellValue(ingest.ReviewSheet, name, v); err != nil {
		b.t.Fatal(err)
	}
}

func (b *reviewBook) fill(row int, verdict, note, reviewer string, on any) {
	b.set(row, ingest.ReviewColVerdict, verdict)
	b.set(row, ingest.ReviewColNote, note)
	b.set(row, ingest.ReviewColReviewer, reviewer)
	b.set(row, ingest.ReviewColDate, on)
}

func (b *reviewBook) saveAs(path string) string {
	b.t.Helper()
	if err := b.f.SaveAs(path); err != nil {
		b.t.Fatal(err)
	}
	return path
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

type storedReview struct{ flag, verdict, reviewer, on string }

func storedReviews(t *testing.T, path string) []storedReview {
	t.Helper()
	db, err := warehouse.Open(context.Background(), path, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("select flag_id, verdict, reviewer, strftime(reviewed_on, '%Y-%m-%d') from meta.flag_review order by review_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []storedReview
	for rows.Next() {
		var r storedReview
		if err := rows.Scan(&r.flag, &r.verdict, &r.reviewer, &r.on); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// The round trip: the evidence workbook is written, filled in with a spreadsheet library as
// the panel would in Excel, ingested, and its reviews survive a rebuild.
func TestReviewRoundTrip(t *testing.T) {
	db := fixtureWarehouse(t)
	dir := t.TempDir()
	books := map[string]string{}
	for _, y := range []string{"2024", "2025"} {
		books[y] = filepath.Join(dir, "evidence-"+y+".xlsx")
		if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", reporttest.Institution, "--year", y, "-o", books[y]); code != 0 {
			t.Fatalf("report %s: exit %d: %s", y, code, stderr)
		}
	}
	// returned untouched: a warning, nothing recorded
	code, stdout, stderr := xunchaCLI(t, "--db", db, "ingest", "--new-key", books["2025"]) // the fixture has no key file
	if code != 0 || !strings.Contains(stderr, "warning: "+books["2025"]+": no 核查结论 filled in on sheet 现场核查: nothing recorded") || len(storedReviews(t, db)) != 0 {
		t.Errorf("untouched workbook: exit %d\n%s\n%s", code, stdout, stderr)
	}
	b := openReviewBook(t, books["2025"])
	for _, h := range []string{ingest.ReviewColFlag, ingest.ReviewColVerdict, ingest.ReviewColNote, ingest.ReviewColReviewer, ingest.ReviewColDate} {
		if _, ok := b.col[h]; !ok {
			t.Errorf("review sheet lacks %s: %v", h, b.rows[0])
		}
	}
	if visible, err := b.f.GetSheetVisible(ingest.ReviewMarkerSheet); err != nil || visible {
		t.Errorf("marker sheet visible = %v, %v; want hidden", visible, err)
	}
	dvs, err := b.f.GetDataValidations(ingest.ReviewSheet)
	if err != nil || len(dvs) != 2 || !strings.Contains(dvs[0].Formula1, "部分属实") {
		t.Errorf("data validations = %+v, %v; want the verdict list and the date", dvs, err)
	}
	planted := b.row(reporttest.Rule, reporttest.Subject)
	flagID := b.rows[planted-1][b.col[ingest.ReviewColFlag]]
	b.fill(planted, "排除", "已在平台补录", "张三", day("2026-03-02"))
	returned := []string{b.saveAs(filepath.Join(dir, "returned-2025.xlsx"))}

	b24 := openReviewBook(t, books["2024"])
	row24 := b24.row(reporttest.Rule, reporttest.Subject)
	flag24 := b24.rows[row24-1][b24.col[ingest.ReviewColFlag]]
	b24.fill(row24, "属实", "线下采购已核实", "李四", "2026/3/3") // typed as text
	returned = append(returned, b24.saveAs(filepath.Join(dir, "returned-2024.xlsx")))

	code, stdout, stderr = xunchaCLI(t, append([]string{"--db", db, "ingest"}, returned...)...)
	if code != 0 {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, ingest.ReviewKind) || !strings.Contains(stdout, "2 review(s) recorded; `xuncha build`") {
		t.Errorf("ingest does not say the files held 2 reviews to build:\n%s", stdout)
	}
	want := []storedReview{{flagID, "排除", "张三", "2026-03-02"}, {flag24, "属实", "李四", "2026-03-03"}}
	if got := storedReviews(t, db); !equalReviews(got, want) {
		t.Fatalf("reviews = %+v, want %+v", got, want)
	}
	code, stdout, stderr = xunchaCLI(t, "--db", db, "build")
	if code != 0 {
		t.Fatalf("build: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "build #2 over ") || !strings.Contains(stdout, ": 0 flags new, ") || !strings.Contains(stdout, ", 0 gone since the builds before; 2 reviewed by the panel") {
		t.Errorf("build does not sum up the history:\n%s", stdout)
	}
	if got := storedReviews(t, db); !equalReviews(got, want) {
		t.Errorf("after a rebuild reviews = %+v, want %+v", got, want)
	}
	// the same file again is a no-op by its sha256
	if code, stdout, _ := xunchaCLI(t, "--db", db, "ingest", returned[0]); code != 0 || !strings.Contains(stdout, "already ingested") {
		t.Errorf("re-ingest: exit %d\n%s", code, stdout)
	}

	// the reports show the reviews: each flag's state, the 2024 finding looked back on in 2025
	html := filepath.Join(dir, "previsit-2025.html")
	if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", reporttest.Institution, "--year", "2025", "-o", html); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	page := readFile(t, html)
	for _, w := range []string{
		`id="flag-` + flagID + `" data-rule="` + reporttest.Rule + `" data-review="排除"`,
		"核查 <b>排除（张三，2026-03-02）</b>", "核查说明：已在平台补录",
		`<section id="lookback">`, `<tr data-lookback="same_subject" data-rule="` + reporttest.Rule + `">`, "属实（李四，2026-03-03）：线下采购已核实",
		`<a href="#flag-` + flagID + `">线索1</a>`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("the 2025 report lacks %q", w)
		}
	}
	if i, j := strings.Index(page, `id="lookback"`), strings.Index(page, `id="coverage"`); i < 0 || i > j {
		t.Errorf("the report does not open with 回头看")
	}
	trend := filepath.Join(dir, "trend.html")
	if code, _, stderr := xunchaCLI(t, "--db", db, "report", "trend", "--from", "2024", "--to", "2025", "-o", trend); code != 0 {
		t.Fatalf("trend: exit %d: %s", code, stderr)
	}
	// 2024: its one H3A risk confirmed; 2025: H3A's excluded, every other risk a signal
	page = readFile(t, trend)
	for _, w := range []string{`<tr data-year="2024"><td>2024</td><td class="num">1</td><td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">0</td>`,
		`<tr data-year="2025"><td>2025</td>`} {
		if !strings.Contains(page, w) {
			t.Errorf("the trend report lacks %q", w)
		}
	}
	if strings.Contains(page, `<tr data-year="2025"><td>2025</td><td class="num">0</td>`) {
		t.Errorf("the trend report counts no 2025 risk")
	}

	// a workbook written now comes pre-filled; returned as it is, it records nothing new
	again := filepath.Join(dir, "again-2025.xlsx")
	if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", reporttest.Institution, "--year", "2025", "-o", again); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	b = openReviewBook(t, again)
	if r := b.rows[planted-1]; r[b.col[ingest.ReviewColVerdict]] != "排除" || r[b.col[ingest.ReviewColReviewer]] != "张三" || r[b.col[ingest.ReviewColDate]] != "2026-03-02" {
		t.Errorf("pre-filled row = %q", r)
	}
	code, stdout, stderr = xunchaCLI(t, "--db", db, "ingest", again)
	if code != 0 || strings.Contains(stdout, "review(s) recorded") {
		t.Errorf("returning the pre-filled workbook: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if got := storedReviews(t, db); !equalReviews(got, want) {
		t.Errorf("after the pre-filled workbook reviews = %+v, want %+v", got, want)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func equalReviews(a, b []storedReview) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A returned workbook with any problem is refused whole: one line per problem naming the
// file, the sheet and the row, and no review of it recorded.
func TestReviewRefused(t *testing.T) {
	db := fixtureWarehouse(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "evidence.xlsx")
	if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", reporttest.Institution, "--year", "2025", "-o", book); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	// a first review in force, to contradict
	first := openReviewBook(t, book)
	if planted := first.row(reporttest.Rule, reporttest.Subject); planted != 2 {
		t.Fatalf("the planted flag is on row %d, the cases expect it on row 2", planted)
	}
	first.fill(2, "属实", "", "张三", day("2026-03-02"))
	if code, stdout, stderr := xunchaCLI(t, "--db", db, "ingest", "--new-key", first.saveAs(filepath.Join(dir, "first.xlsx"))); code != 0 {
		t.Fatalf("first ingest: exit %d\n%s\n%s", code, stdout, stderr)
	}
	before := storedReviews(t, db)

	for _, tc := range []struct {
		name  string
		fill  func(b *reviewBook) // row 2 is the planted flag's; row 3 is free
		lines []string            // each must be on its own line of stderr, with the file
	}{
		{"invalid verdict and missing reviewer", func(b *reviewBook) {
			b.fill(2, "对", "", "", day("2026-03-05"))
		}, []string{"[现场核查] row 2: 核查结论 must be one of 属实 / 部分属实 / 排除 / 移交: 核查结论 = \"对\"", "[现场核查] row 2: missing: 核查人 is empty"}},
		{"exclusion without a reason", func(b *reviewBook) {
			b.fill(2, "排除", "", "李四", day("2026-03-05"))
		}, []string{"[现场核查] row 2: missing (a 排除 verdict says why): 说明 is empty"}},
		{"unknown flag id beside a valid row", func(b *reviewBook) {
			b.fill(2, "移交", "", "李四", day("2026-03-05"))
			b.set(3, ingest.ReviewColFlag, "0123456789abcdef")
			b.fill(3, "移交", "", "李四", day("2026-03-05"))
		}, []string{"[现场核查] row 3: unknown flag: no build of this warehouse produced it"}},
		{"two verdicts for one flag in one file", func(b *reviewBook) {
			b.set(3, ingest.ReviewColFlag, b.rows[1][b.col[ingest.ReviewColFlag]])
			b.fill(2, "移交", "", "李四", day("2026-03-05"))
			b.fill(3, "属实", "", "李四", day("2026-03-05"))
		}, []string{"[现场核查] row 3: conflicting review: row 2 reviews the same flag (移交 by 李四 on 2026-03-05), this row says 属实 by 李四 on 2026-03-05"}},
		{"contradicts the review in force with an earlier date", func(b *reviewBook) {
			b.fill(2, "排除", "补录", "王五", day("2026-03-01"))
		}, []string{"[现场核查] row 2: conflicting review: the review in force, from first.xlsx [现场核查] row 2, says 属实 by 张三 on 2026-03-02"}},
		{"contradicts the review in force on the same day", func(b *reviewBook) {
			b.fill(2, "移交", "", "张三", day("2026-03-02"))
		}, []string{"[现场核查] row 2: conflicting review: the review in force"}},
		{"date in the future and not a date", func(b *reviewBook) {
			b.fill(2, "移交", "", "李四", "2099-01-01")
			b.set(3, ingest.ReviewColFlag, b.rows[1][b.col[ingest.ReviewColFlag]])
			b.fill(3, "移交", "", "李四", "上周")
		}, []string{"[现场核查] row 2: 核查日期 is after today", "[现场核查] row 3: 核查日期 must be a day (2026-03-02): 核查日期 = \"上周\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := openReviewBook(t, book)
			tc.fill(b)
			returned := b.saveAs(filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".xlsx"))
			code, stdout, stderr := xunchaCLI(t, "--db", db, "ingest", returned)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s\n%s", code, stdout, stderr)
			}
			lines := strings.Split(stderr, "\n")
			for _, want := range tc.lines {
				found := false
				for _, l := range lines {
					if strings.Contains(l, want) && strings.Contains(l, returned) {
						found = true
					}
				}
				if !found {
					t.Errorf("no line naming %s with %q in\n%s", returned, want, stderr)
				}
			}
			if got := storedReviews(t, db); !equalReviews(got, before) {
				t.Errorf("a refused workbook changed the reviews: %+v, want %+v", got, before)
			}
		})
	}
}

// 回头看 on the synthetic district (its risks are planted in 2024 and 2025): the 2023 and 2024
// extracts are built, the panel confirms every 2024
// flag of one institution in its returned workbook, the 2025 extracts arrive and the next build
// shows the 2024 flags persisting and the 2025 ones new; the 2025 report opens with each 2024
// finding and what 2025 shows of it.
func TestLookbackOnSamples(t *testing.T) {
	dir := t.TempDir()
	data, db := filepath.Join(dir, "district"), filepath.Join(dir, "w.duckdb")
	if code, _, stderr := xunchaCLI(t, "samples", "--out", data, "--years", "2023-2025", "--institutions", "2", "--scale", "0.05"); code != 0 {
		t.Fatalf("samples: exit %d: %s", code, stderr)
	}
	ingestOK := func(paths ...string) {
		t.Helper()
		if code, stdout, stderr := xunchaCLI(t, append([]string{"--db", db, "ingest", "-q"}, paths...)...); code != 0 && code != 3 {
			t.Fatalf("ingest %v: exit %d\n%s\n%s", paths, code, stdout, stderr)
		}
	}
	build := func() string {
		t.Helper()
		code, stdout, stderr := xunchaCLI(t, "--db", db, "build")
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		return stdout
	}
	ingestOK(filepath.Join(data, "机构名录.xlsx"), filepath.Join(data, "参考目录"), filepath.Join(data, "2023"), filepath.Join(data, "2024"))
	build()
	code, stdout, stderr := xunchaCLI(t, "--db", db, "sql", "--format", "csv", "-c",
		"select institution_code, count(*) from mart_risk_flags where year = 2024 and risk_rank is not null group by all order by 2 desc, 1 limit 1")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("no 2024 flags: exit %d\n%s\n%s", code, stdout, stderr)
	}
	inst, _, _ := strings.Cut(strings.TrimPrefix(lines[1], "\ufeff"), ",")
	book := filepath.Join(dir, "evidence-2024.xlsx")
	if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", inst, "--year", "2024", "-o", book); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	b := openReviewBook(t, book)
	confirmed := 0
	for row := 2; row <= len(b.rows); row++ {
		if b.rows[row-1][b.col["规则"]] == "SELF_COVERAGE_GAP" {
			continue
		}
		b.fill(row, "属实", "", "张三", day("2026-01-15"))
		confirmed++
	}
	ingestOK(b.saveAs(filepath.Join(dir, "returned-2024.xlsx")))
	ingestOK(filepath.Join(data, "2025"))
	out := build()
	if !strings.Contains(out, ", 0 gone since the builds before; "+strconv.Itoa(confirmed)+" reviewed by the panel") || strings.Contains(out, " 0 persisting") {
		t.Errorf("second build: %s", out)
	}
	code, stdout, _ = xunchaCLI(t, "--db", db, "sql", "--format", "csv", "-c",
		"select year, state, count(*) from mart_flag_history group by all order by 1, 2")
	if code != 0 || !strings.Contains(stdout, "2024,persisting,") || !strings.Contains(stdout, "2025,new,") || strings.Contains(stdout, "2024,new") {
		t.Errorf("history by year and state:\n%s", stdout)
	}

	html := filepath.Join(dir, "previsit-2025.html")
	if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", inst, "--year", "2025", "-o", html); code != 0 {
		t.Fatalf("report 2025: exit %d: %s", code, stderr)
	}
	page := readFile(t, html)
	patterns := map[string]int{}
	for _, p := range []string{"same_subject", "same_rule", "same_area", "not_seen", "not_assessed"} {
		patterns[p] = strings.Count(page, `data-lookback="`+p+`"`)
	}
	if n := strings.Count(page, "data-lookback="); n != confirmed || n == 0 {
		t.Errorf("回头看 lists %d findings, want the %d confirmed for 2024 (%v)", n, confirmed, patterns)
	}
	t.Logf("%s: %d findings of 2024 looked back on in 2025: %v", inst, confirmed, patterns)
}
