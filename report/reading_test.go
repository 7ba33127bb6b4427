package report

import (
	"bytes"
	"context"
	"html"
	"io/fs"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report/reporttest"
	xsql "github.com/xuncha/xuncha/sql"
)

// The pre-visit report as a reader meets it: every sentence Chinese, amounts with separators,
// rule names rather than codes, no date after the day the report was made. Codes and excerpts
// of the source files are set in small print (class "code" / "src") and are left out of the
// prose checked here.

var (
	tagRe    = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`)
	classRe  = regexp.MustCompile(`class="([^"]*)"`)
	latinRe  = regexp.MustCompile(`[A-Za-z]{2,}`)
	bigNumRe = regexp.MustCompile(`\d{5,}`)
	isoDate  = regexp.MustCompile(`(\d{4})-(\d{2})-(\d{2})`)
	zhDate   = regexp.MustCompile(`(\d{4})年(\d{1,2})月(\d{1,2})日`)
	// an abbreviation glossing the Chinese name before it, as the data writes it: 断层扫描仪(CT)
	glossRe = regexp.MustCompile(`\p{Han}[(（][A-Z]{2,5}[)）]`)
)

var voidTags = map[string]bool{"meta": true, "br": true, "img": true, "hr": true, "link": true, "input": true, "col": true}

// readerText splits a page's text into prose (outside <head>, <style>, <script>, <title> and elements
// whose class names code or src) and all the visible text.
func readerText(page string) (prose, all string) {
	page = regexp.MustCompile(`<![^>]*>`).ReplaceAllString(page, "")
	var p, a strings.Builder
	type open struct {
		tag  string
		skip bool
	}
	var stack []open
	skipping := func() bool {
		for _, o := range stack {
			if o.skip {
				return true
			}
		}
		return false
	}
	hidden := func() bool {
		for _, o := range stack {
			if o.tag == "style" || o.tag == "script" || o.tag == "title" || o.tag == "head" {
				return true
			}
		}
		return false
	}
	last := 0
	for _, m := range tagRe.FindAllStringSubmatchIndex(page, -1) {
		text := html.UnescapeString(page[last:m[0]])
		if !hidden() {
			a.WriteString(text + " ")
			if !skipping() {
				p.WriteString(text + " ")
			}
		}
		last = m[1]
		closing, tag, attrs := page[m[2]:m[3]] == "/", strings.ToLower(page[m[4]:m[5]]), page[m[6]:m[7]]
		switch {
		case closing:
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].tag == tag {
					stack = stack[:i]
					break
				}
			}
		case voidTags[tag] || strings.HasSuffix(attrs, "/"):
		default:
			skip := false
			if c := classRe.FindStringSubmatch(attrs); c != nil {
				for _, name := range strings.Fields(c[1]) {
					skip = skip || name == "code" || name == "src"
				}
			}
			stack = append(stack, open{tag, skip})
		}
	}
	return p.String(), a.String()
}

func TestReaderTextSplitsSmallPrint(t *testing.T) {
	prose, all := readerText(`<html><head><title>T x</title><style>p{}</style></head><body><p>金额 <span class="code">PROC_X</span> 元</p>` +
		`<td class="src">file.xlsx <span class="code">A</span> tail</td><br><p>尾 &amp; 完</p></body></html>`)
	if strings.Contains(prose, "PROC_X") || strings.Contains(prose, "file") || strings.Contains(prose, "tail") || !strings.Contains(prose, "尾 & 完") {
		t.Errorf("prose %q", prose)
	}
	if !strings.Contains(all, "file.xlsx") || strings.Contains(all, "p{}") || strings.Contains(all, "T x") {
		t.Errorf("all %q", all)
	}
}

func TestPrevisitReadsAsWritten(t *testing.T) {
	p := loadFixture(t, LoadOptions{})
	var buf bytes.Buffer
	if err := WritePrevisitHTML(&buf, p); err != nil {
		t.Fatal(err)
	}
	prose, all := readerText(buf.String())
	if !strings.Contains(prose, "风险明细") || !strings.Contains(all, riskSubject(p)) {
		t.Fatalf("the text extraction lost the report: %.300q", prose)
	}
	checkReads(t, "previsit", buf.String(), p.GeneratedAt)

	tr, err := LoadTrend(context.Background(), readOnly(t, reporttest.New(t)), 2024, 2025, LoadOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteTrendHTML(&buf, tr); err != nil {
		t.Fatal(err)
	}
	checkReads(t, "trend", buf.String(), tr.GeneratedAt)
}

// checkReads fails for what a reader of a rendered report must not meet outside the small
// print: Latin words, numbers of five digits or more without separators, rule codes; and, in
// all the visible text, a date (YYYY-MM-DD or YYYY年M月D日) after the day the report was made.
func checkReads(t *testing.T, name, page string, made time.Time) {
	t.Helper()
	prose, all := readerText(page)
	if w := latinRe.FindAllString(glossRe.ReplaceAllString(prose, ""), 10); len(w) > 0 {
		t.Errorf("%s: Latin words outside the small print: %q", name, w)
	}
	if n := bigNumRe.FindAllString(prose, 10); len(n) > 0 {
		t.Errorf("%s: numbers of five digits or more without separators: %q", name, n)
	}
	for _, r := range marts.Catalog {
		if strings.Contains(prose, r.ID) {
			t.Errorf("%s: rule code %s inside the text", name, r.ID)
		}
	}
	for _, d := range datesAfter(all, made) {
		t.Errorf("%s: date %s after the report date %s", name, d, made.Format("2006-01-02"))
	}
}

// datesAfter lists the dates of text (YYYY-MM-DD, YYYY年M月D日) after the day of made.
func datesAfter(text string, made time.Time) []string {
	day := time.Date(made.Year(), made.Month(), made.Day(), 0, 0, 0, 0, time.UTC)
	var out []string
	for _, re := range []*regexp.Regexp{isoDate, zhDate} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			d, err := time.Parse("2006-1-2", m[1]+"-"+strings.TrimLeft(m[2], "0")+"-"+strings.TrimLeft(m[3], "0"))
			if err == nil && d.After(day) {
				out = append(out, m[0])
			}
		}
	}
	return out
}

func TestDatesAfter(t *testing.T) {
	made := time.Date(2026, 11, 30, 15, 0, 0, 0, time.Local)
	got := datesAfter("截至2026-12-31已逾期；2026-11-30；2026年12月1日；2026年11月30日；2025-01-09", made)
	if want := []string{"2026-12-31", "2026年12月1日"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("datesAfter = %q, want %q", got, want)
	}
}

// riskSubject is the planted flag's subject as the report shows it.
func riskSubject(p *Previsit) string {
	for _, f := range p.Risks() {
		return f.Subject
	}
	return "（无）"
}

func TestHumanise(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"资产648320540.83元", "资产64,832.05万元"},
		{"原值6800000.00元", "原值680.00万元"},
		{"金额9999.50元", "金额9999.50元"},
		{"共123456行", "共123,456行"},
		{"编号BNRM-ZC-2025-0901，凭证记-05-0002", "编号BNRM-ZC-2025-0901，凭证记-05-0002"},
		{"结算号JS2026000123、日期2025-04-10", "结算号JS2026000123、日期2025-04-10"},
		{"-1234567.5元", "-123.46万元"},
		{"结算50011325075789944 金额12345.6元", "结算50011325075789944 金额1.23万元"},
	} {
		if got := humanise(tc.in); got != tc.want {
			t.Errorf("humanise(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMoneyAndMonths(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{{648320540.83, "64,832.05万元"}, {10000, "1.00万元"}, {1075.01, "1,075.01元"}, {0, "0.00元"}} {
		if got := wanYuan(tc.v); got != tc.want {
			t.Errorf("wanYuan(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"2025-03"}, "3月"},
		{[]string{"2025-03", "2025-07", "2025-08", "2025-09"}, "3月、7–9月"},
		{[]string{"2024-12", "2025-01", "2025-02"}, "2024年12月、2025年1–2月"},
	} {
		if got := monthsZH(tc.in); got != tc.want {
			t.Errorf("monthsZH(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// Every threshold of the catalog is described in Chinese, never by its parameter key.
func TestEveryParamHasALabel(t *testing.T) {
	for _, r := range marts.Catalog {
		for _, p := range r.Params {
			if l := measureLabel(p.Name); l == p.Name || latinRe.MatchString(l) {
				t.Errorf("%s.%s: label %q", r.ID, p.Name, l)
			}
		}
	}
}

// Every figure a rule records (the keys of its measures in sql/rules) has a Chinese label.
func TestEveryMeasureHasALabel(t *testing.T) {
	files, err := fs.Glob(xsql.FS, "rules/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("rules: %v", err)
	}
	measuresRe := regexp.MustCompile(`(?s)json_object\((.*?)\)\s+as measures`)
	keyRe := regexp.MustCompile(`'([a-z_0-9]+)'\s*,`)
	comment := regexp.MustCompile(`--[^\n]*`)
	for _, f := range files {
		b, err := fs.ReadFile(xsql.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range measuresRe.FindAllStringSubmatch(comment.ReplaceAllString(string(b), ""), -1) {
			for _, k := range keyRe.FindAllStringSubmatch(m[1], -1) {
				if measureLabel(k[1]) == k[1] {
					t.Errorf("%s: measure %s has no Chinese label", f, k[1])
				}
			}
		}
	}
}
