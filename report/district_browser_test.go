package report

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/xuncha/xuncha/report/reporttest"
)

// The district folder as a person uses it, in headless Chromium with the network shut off:
// open the index, filter and sort its tables, follow the links to an institution's report and
// back, and to the trend report and from there to another institution; print the index.

func TestBrowserDistrict(t *testing.T) {
	bin := chromium(t)
	db := readOnly(t, reporttest.New(t))
	_, files := writeDistrict(t, db, DistrictOptions{})
	dir := t.TempDir()
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"), // no network, as on a government intranet
		chromedp.WindowSize(1240, 900),
	)...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()

	var mu sync.Mutex
	var console []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			mu.Lock()
			console = append(console, m.URL+": "+m.String())
			mu.Unlock()
		}
	}()

	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(js string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](js))
		if err != nil {
			t.Fatalf("%s: %v", js, err)
		}
		return s
	}
	// follow clicks a link and waits for the page it opens.
	follow := func(sel string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(chromedp.CSS(sel)))); err != nil {
			t.Fatalf("click %s: %v", sel, err)
		}
	}
	// choose sets a control's value as a person choosing it would, and the page hears of it.
	choose := func(sel, value string) {
		t.Helper()
		do("set "+sel, chromedp.Evaluate[chromedp.Void](`(el => { el.value = `+strconv.Quote(value)+`; el.dispatchEvent(new Event("input")); el.dispatchEvent(new Event("change")) })(document.querySelector(`+strconv.Quote(sel)+`))`))
	}
	shown := func(table string) string { // the institutions (or rules) of the rows shown, in order
		return eval(`Array.from(document.querySelectorAll("#` + table + ` tbody tr")).filter(r => !r.hidden && r.offsetParent !== null)
			.map(r => r.dataset.institution + (r.dataset.rule ? ":" + r.dataset.rule : "")).join(" ")`)
	}
	index := "file://" + filepath.Join(dir, IndexFile)

	do("open the index", chromedp.Navigate(index), chromedp.WaitVisible(chromedp.CSS(`.controls input[data-filter="institutions-table"]`)))
	if got := shown("institutions-table"); got != "H3B H3A H2A P1" {
		t.Errorf("index rows = %q", got)
	}

	// filter: text, then the tier list as well
	do("filter by name", chromedp.SendKeys(chromedp.CSS(`input[data-filter="institutions-table"]`), "第一"))
	if got, count := shown("institutions-table"), eval(`document.querySelector('[data-count="institutions-table"]').textContent`); got != "H3A" || count != "显示 1 / 4 行" {
		t.Errorf("filtered by 第一: rows %q, %q", got, count)
	}
	choose(`input[data-filter="institutions-table"]`, "")
	choose(`select[data-filter="institutions-table"]`, "三级")
	if got := shown("institutions-table"); got != "H3B H3A" {
		t.Errorf("tier 三级: rows %q", got)
	}
	choose(`select[data-filter="institutions-table"]`, "")

	// sort: 加权分 largest first, then the other way
	scoreHeader := `#institutions-table thead th:nth-child(` + eval(`String(Array.from(document.querySelectorAll("#institutions-table thead th")).findIndex(th => th.textContent === "加权分") + 1)`) + `)`
	do("sort by score", chromedp.Click(chromedp.CSS(scoreHeader)))
	if got, aria := shown("institutions-table"), eval(`document.querySelector("`+scoreHeader+`").getAttribute("aria-sort")`); !strings.HasPrefix(got, "H3B H3A") || aria != "descending" {
		t.Errorf("sorted by score: %q (%s)", got, aria)
	}
	do("sort by score again", chromedp.Click(chromedp.CSS(scoreHeader)))
	if got := shown("institutions-table"); !strings.HasSuffix(got, "H3A H3B") {
		t.Errorf("sorted by score ascending: %q", got)
	}

	// names sort in pinyin order: 甲市第二, 甲市第一, 甲市中医, 甲镇 (by code point 中 would come before 第)
	do("sort by name", chromedp.Click(chromedp.CSS(`#institutions-table thead th:first-child`)))
	if got := shown("institutions-table"); got != "H3B H3A H2A P1" {
		t.Errorf("sorted by name: %q, want pinyin order", got)
	}

	// the table of risks: high only
	choose(`select[data-col="severity"]`, "high")
	if got := shown("risks-table"); got != "H3B:PROC_OFF_PLATFORM" {
		t.Errorf("high risks: %q", got)
	}

	// index → institution → back
	follow(`#institutions-table tr[data-institution="H3A"] a[href$=".html"]`)
	if loc := eval(`location.pathname`); !strings.HasSuffix(loc, "/previsit-H3A-2025.html") {
		t.Fatalf("the link opened %s", loc)
	}
	if n := eval(`String(document.querySelectorAll('article.flag[data-rule="` + reporttest.Rule + `"]').length)`); n != "1" {
		t.Errorf("H3A's report shows %s flags of %s", n, reporttest.Rule)
	}
	follow(`nav.crumbs a[rel="up"]`)
	if loc := eval(`location.pathname`); !strings.HasSuffix(loc, "/"+IndexFile) {
		t.Fatalf("the way back opened %s", loc)
	}

	// a risk opens at its flag in the institution's report
	follow(`#risks-table tr[data-institution="H3A"] a`)
	if hash, found := eval(`location.hash`), eval(`String(!!document.getElementById(location.hash.slice(1)))`); !strings.HasPrefix(hash, "#flag-") || found != "true" {
		t.Errorf("the risk opened %s (element found: %s)", hash, found)
	}

	// index → trend → another institution; trend → index
	do("back to the index", chromedp.Navigate(index))
	follow(`nav.toc a[href^="trend-"]`)
	if loc := eval(`location.pathname`); !regexp.MustCompile(`/trend-2024-2025\.html$`).MatchString(loc) {
		t.Fatalf("the trend link opened %s", loc)
	}
	follow(`#institutions tr[data-institution="H3B"] a`)
	if loc := eval(`location.pathname`); !strings.HasSuffix(loc, "/previsit-H3B-2025.html") {
		t.Fatalf("the trend's link opened %s", loc)
	}
	follow(`nav.crumbs a[href$="trend-2024-2025.html"]`)
	follow(`nav.crumbs a[rel="up"]`)
	if loc := eval(`location.pathname`); !strings.HasSuffix(loc, "/"+IndexFile) {
		t.Fatalf("the trend's way back opened %s", loc)
	}

	// printed: landscape A4, the controls left out, a page or two for four institutions
	do("reload the index", chromedp.Navigate(index))
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	pages := len(pdfPageRe.FindAll(pdf, -1))
	t.Logf("printed index: %d A4 landscape pages", pages)
	if pages < 1 || pages > 2 {
		t.Errorf("printed index has %d pages, want 1–2", pages)
	}
	if hidden := eval(`String(matchMedia("print").matches || getComputedStyle(document.querySelector(".controls")).display)`); hidden == "none" {
		t.Error("on screen the controls are hidden: the script did not run")
	}

	cancelTab()
	mu.Lock()
	defer mu.Unlock()
	if len(console) > 0 {
		t.Errorf("console messages (a blocked script or resource, a script error):\n%s", strings.Join(console, "\n"))
	}
}
