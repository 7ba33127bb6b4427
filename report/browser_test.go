package report

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/report/reporttest"
)

// The HTML as a person sees it: headless Chromium (Debian's chromium package; .ci/run
// installs it) loads the file with the network shut off, and the test checks that the
// page loaded without console messages (a blocked resource or a script error would
// log one), shows the planted flag, and paints a screenshot that is not blank.

func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missingTool(t, "chromium is not installed (apt-get install chromium)")
	return ""
}

// missingTool fails in CI, which installs the tool (.ci/run), and skips elsewhere, saying
// what to install.
func missingTool(t *testing.T, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; skipping")
}

func runChromium(t *testing.T, bin, page string, extra ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	args := append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
		"--host-resolver-rules=MAP * ~NOTFOUND", // no network, as on a government intranet
		"--user-data-dir=" + t.TempDir(), "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
	}, extra...)
	args = append(args, "file://"+page)
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, tail(errb.String(), 2000))
	}
	return out.String(), errb.String()
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

// consoleLines are the page's console messages in Chromium's log.
func consoleLines(log string) []string {
	var out []string
	for _, l := range strings.Split(log, "\n") {
		if strings.Contains(l, "CONSOLE") || strings.Contains(l, "Refused to") || strings.Contains(l, "Uncaught") {
			out = append(out, l)
		}
	}
	return out
}

func TestBrowserRendersReports(t *testing.T) {
	bin := chromium(t)
	db := readOnly(t, reporttest.New(t))
	dir := t.TempDir()
	p, err := LoadPrevisit(context.Background(), db, reporttest.Institution, reporttest.Year, LoadOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := LoadTrend(context.Background(), db, 2024, 2025, LoadOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var pb, tb bytes.Buffer
	if err := WritePrevisitHTML(&pb, p); err != nil {
		t.Fatal(err)
	}
	if err := WriteTrendHTML(&tb, tr); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		html []byte
		want []string
	}{
		{"previsit", pb.Bytes(), []string{`data-rule="` + reporttest.Rule + `"`, reporttest.InstitutionName, "药品耗材线下采购", "<svg", "BN-L.3.4.3"}},
		{"trend", tb.Bytes(), []string{`data-rule="` + reporttest.Rule + `"`, "甲市第二人民医院", "<svg"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := filepath.Join(dir, tc.name+".html")
			if err := os.WriteFile(page, tc.html, 0o644); err != nil {
				t.Fatal(err)
			}
			dom, log := runChromium(t, bin, page, "--dump-dom")
			if !strings.Contains(dom, "</html>") {
				t.Fatalf("page did not load: %.300q\n%s", dom, tail(log, 2000))
			}
			for _, w := range tc.want {
				if !strings.Contains(dom, w) {
					t.Errorf("rendered page lacks %q", w)
				}
			}
			if strings.Contains(dom, "<script") {
				t.Error("a script element made it into the page")
			}
			if lines := consoleLines(log); len(lines) > 0 {
				t.Errorf("console messages:\n%s", strings.Join(lines, "\n"))
			}

			shot := filepath.Join(dir, tc.name+".png")
			_, log = runChromium(t, bin, page, "--hide-scrollbars", "--window-size=1240,1754", "--screenshot="+shot)
			f, err := os.Open(shot)
			if err != nil {
				t.Fatalf("no screenshot: %v\n%s", err, tail(log, 2000))
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			colours := map[uint32]bool{}
			for y := b.Min.Y; y < b.Max.Y; y += 7 {
				for x := b.Min.X; x < b.Max.X; x += 7 {
					r, g, bl, _ := img.At(x, y).RGBA()
					colours[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
				}
			}
			if b.Dx() < 1000 || len(colours) < 8 {
				t.Errorf("screenshot %dx%d with %d colours looks blank", b.Dx(), b.Dy(), len(colours))
			}
			if lines := consoleLines(log); len(lines) > 0 {
				t.Errorf("console messages:\n%s", strings.Join(lines, "\n"))
			}
		})
	}

	// On a laptop screen (900 px) nothing is cut off at the right: every table fits, so the
	// last pixels of every row of the screenshot are the page's background.
	page := filepath.Join(dir, "previsit.html")
	shot := filepath.Join(dir, "previsit-900.png")
	_, log := runChromium(t, bin, page, "--hide-scrollbars", "--window-size=900,8000", "--screenshot="+shot)
	if x, y, ok := paintedAtRightEdge(t, shot, 6); ok {
		t.Errorf("at 900 px something is painted at the right edge (%d, %d): a table is wider than the screen\n%s", x, y, tail(log, 500))
	}

	// Printed on A4: the page count of the fixture's report (one flag) stays small.
	pdf := filepath.Join(dir, "previsit.pdf")
	runChromium(t, bin, page, "--no-pdf-header-footer", "--print-to-pdf="+pdf)
	b, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	pages := len(pdfPageRe.FindAll(b, -1))
	t.Logf("printed previsit report: %d A4 pages", pages)
	if pages < 1 || pages > maxFixturePages {
		t.Errorf("printed previsit report has %d pages, want 1–%d", pages, maxFixturePages)
	}
}

// maxFixturePages bounds the printed report of the fixture (a cover, coverage and one flag).
const maxFixturePages = 5

var pdfPageRe = regexp.MustCompile(`/Type\s*/Page[^s]`)

// paintedAtRightEdge reports the first pixel in the rightmost w columns of a screenshot that is
// not the page's white background.
func paintedAtRightEdge(t *testing.T, path string, w int) (x, y int, found bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 900 {
		t.Fatalf("screenshot is %d px wide, want 900", b.Dx())
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Max.X - w; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r>>8 < 250 || g>>8 < 250 || bl>>8 < 250 {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}
