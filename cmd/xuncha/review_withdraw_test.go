package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/report/reporttest"
	"github.com/xuncha/xuncha/warehouse"
)

// withdrawals are the rows of meta.flag_review_withdrawal: review id and reason.
func withdrawals(t *testing.T, path string) map[int64]string {
	t.Helper()
	db, err := warehouse.Open(context.Background(), path, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("select review_id, reason from meta.flag_review_withdrawal")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var reason string
		if err := rows.Scan(&id, &reason); err != nil {
			t.Fatal(err)
		}
		out[id] = reason
	}
	return out
}

// A review recorded by mistake is withdrawn — by its flag or by the returned workbook it came
// from — and kept: the earlier review is in force again, or the flag unreviewed, after the next
// build, and a corrected review may then carry any date.
func TestReviewWithdraw(t *testing.T) {
	db := fixtureWarehouse(t)
	dir := t.TempDir()
	book := filepath.Join(dir, "evidence-2025.xlsx")
	if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", reporttest.Institution, "--year", "2025", "-o", book); code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	b := openReviewBook(t, book)
	planted := b.row(reporttest.Rule, reporttest.Subject)
	flagID := b.rows[planted-1][b.col[ingest.ReviewColFlag]]
	b.fill(planted, "属实", "线下采购已核实", "张三", day("2026-03-02"))
	first := b.saveAs(filepath.Join(dir, "returned-1.xlsx"))
	b.fill(planted, "排除", "误填", "李四", day("2026-03-05"))
	wrong := b.saveAs(filepath.Join(dir, "returned-2.xlsx"))
	for _, f := range []string{first, wrong} {
		if code, stdout, stderr := xunchaCLI(t, "--db", db, "ingest", "--new-key", f); code != 0 {
			t.Fatalf("ingest %s: exit %d\n%s\n%s", f, code, stdout, stderr)
		}
	}
	previsitReview := func() string {
		t.Helper()
		if code, _, stderr := xunchaCLI(t, "--db", db, "build"); code != 0 {
			t.Fatalf("build: exit %d: %s", code, stderr)
		}
		html := filepath.Join(dir, "previsit.html")
		if code, _, stderr := xunchaCLI(t, "--db", db, "report", "previsit", "--institution", reporttest.Institution, "--year", "2025", "-o", html); code != 0 {
			t.Fatalf("report: exit %d: %s", code, stderr)
		}
		page := readFile(t, html)
		i := strings.Index(page, `id="flag-`+flagID+`"`)
		if i < 0 {
			t.Fatalf("the report has no flag %s", flagID)
		}
		review, _, _ := strings.Cut(page[i:], ">")
		return review
	}
	if r := previsitReview(); !strings.Contains(r, `data-review="排除"`) {
		t.Fatalf("before the withdrawal: %s", r)
	}

	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"review"}, exitUsage, "list or withdraw"},
		{[]string{"review", "undo"}, exitUsage, `unknown review command "undo"`},
		{[]string{"review", "withdraw", "--flag", flagID}, exitUsage, "--reason is required"},
		{[]string{"review", "withdraw", "--reason", "x"}, exitUsage, "either --flag ID or --file"},
		{[]string{"review", "withdraw", "--flag", flagID, "--file", wrong, "--reason", "x"}, exitUsage, "either --flag ID or --file"},
		{[]string{"review", "withdraw", "--flag", "nosuchflag", "--reason", "x"}, exitFailure, "flag nosuchflag has no review in force"},
		{[]string{"review", "withdraw", "--flag", flagID + ",nosuchflag", "--reason", "x"}, exitFailure, "flag nosuchflag has no review in force"},
		{[]string{"review", "withdraw", "--file", book, "--reason", "x"}, exitFailure, "was never ingested"},
	} {
		code, _, stderr := xunchaCLI(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.msg)
		}
	}
	if w := withdrawals(t, db); len(w) != 0 {
		t.Fatalf("a refused withdrawal recorded %v (all or nothing)", w)
	}

	// by flag (named twice, withdrawn once): the 排除 of 3-05 withdrawn, the 属实 of 3-02 back in force
	code, stdout, stderr := xunchaCLI(t, "--db", db, "review", "withdraw", "--flag", flagID+","+flagID, "--reason", "核查人误填")
	if code != 0 || !strings.Contains(stdout, "withdrew review 2 of flag "+flagID+" (排除 by 李四 on 2026-03-05, from returned-2.xlsx); in force: 属实 by 张三 on 2026-03-02") {
		t.Fatalf("withdraw --flag: exit %d\n%s\n%s", code, stdout, stderr)
	}
	want := []storedReview{{flagID, "属实", "张三", "2026-03-02"}, {flagID, "排除", "李四", "2026-03-05"}}
	if got := storedReviews(t, db); !equalReviews(got, want) {
		t.Errorf("the reviews recorded: %+v, want both kept %+v", got, want)
	}
	if w := withdrawals(t, db); len(w) != 1 || w[2] != "核查人误填" {
		t.Errorf("withdrawals %v, want review 2 with its reason", w)
	}
	if r := previsitReview(); !strings.Contains(r, `data-review="属实"`) {
		t.Errorf("after withdrawing 排除: %s, want 属实 in force", r)
	}
	code, stdout, _ = xunchaCLI(t, "--db", db, "review", "list", "--flag", flagID)
	if code != 0 || !strings.Contains(stdout, "in force") || !strings.Contains(stdout, ": 核查人误填") || strings.Count(stdout, flagID) != 2 {
		t.Errorf("review list:\n%s", stdout)
	}

	// by workbook: the first one's 属实 withdrawn too, the flag unreviewed
	code, stdout, stderr = xunchaCLI(t, "--db", db, "review", "withdraw", "--file", first, "--reason", "核查表填错机构")
	if code != 0 || !strings.Contains(stdout, "withdrew review 1 of flag "+flagID) || !strings.Contains(stdout, "; unreviewed") {
		t.Fatalf("withdraw --file: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if code, _, stderr := xunchaCLI(t, "--db", db, "review", "withdraw", "--file", first, "--reason", "again"); code != exitFailure || !strings.Contains(stderr, "recorded no review that stands") {
		t.Errorf("withdrawing a workbook twice: exit %d, %q", code, stderr)
	}
	if r := previsitReview(); !strings.Contains(r, `data-review="未核查"`) {
		t.Errorf("after withdrawing both: %s, want 未核查", r)
	}

	// the corrected review is recorded although dated before the withdrawn ones
	b.fill(planted, "部分属实", "补录", "张三", day("2026-03-01"))
	if code, stdout, stderr := xunchaCLI(t, "--db", db, "ingest", b.saveAs(filepath.Join(dir, "returned-3.xlsx"))); code != 0 || !strings.Contains(stdout, "1 review(s) recorded") {
		t.Errorf("the corrected review: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if r := previsitReview(); !strings.Contains(r, `data-review="部分属实"`) {
		t.Errorf("after the corrected review: %s", r)
	}
	code, stdout, _ = xunchaCLI(t, "--db", db, "sql", "--format", "csv", "-c", "select count(*) from meta.command_log where args like '%review withdraw%' and exit_code = 0")
	if code != 0 || !strings.Contains(stdout, "\n2\n") {
		t.Errorf("the command log holds the two withdrawals: %q", stdout)
	}
}
