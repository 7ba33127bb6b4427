package samples

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// allRules is the rule catalog of RISK_RULES.md, kept here as a literal so that a rule added
// there and not planted here fails the test.
var allRules = []string{
	"PROC_OFF_PLATFORM", "PROC_SPLIT_PURCHASE", "PROC_NO_TENDER", "PROC_PAY_BEFORE_ACCEPT", "PROC_VENDOR_CONCENTRATION",
	"EQUIP_UNAPPROVED_PURCHASE", "EQUIP_SCRAP_NO_PHYSICAL", "EQUIP_EARLY_SCRAP_REBUY",
	"PAY_TIED_TO_REVENUE", "PAY_REVENUE_COMMISSION", "PAY_GP_SUPPLEMENT_MISSING", "PAY_VILLAGE_SUBSIDY_LATE",
	"FIN_OFF_BOOK_INCOME", "FIN_THREE_PUBLIC_OVERRUN", "FIN_BUDGET_DEVIATION", "FIN_LIABILITY_RATIO", "FIN_SPECIAL_FUND_MISUSE",
	"FIN_DUPLICATE_PAYMENT", "FIN_BENFORD_DEVIATION", "FIN_VOUCHER_GAP",
	"INS_DUPLICATE_BILLING", "INS_OVER_PRICE", "INS_SPLIT_ADMISSION", "INS_BED_HANGING", "INS_GENDER_AGE_MISMATCH",
	"INS_OUTSIDE_STAY", "INS_FREQUENCY_EXCEEDED", "INS_BILLED_OVER_PURCHASED", "INS_MARKUP",
	"INS_BUNDLED_CHARGE",
	"MED_HVC_OUTLIER", "MED_PRESCRIBER_OUTLIER", "MED_ESSENTIAL_SHARE_LOW",
	"HR_NO_ROTATION",
	"SELF_COVERAGE_GAP", "SELF_CONTRADICTION", "RECT_OVERDUE",
}

// testScale is the scale of the shared generation; SAMPLES_TEST_SCALE overrides it (the oracle
// at scale 1 takes a minute and a few hundred MB).
var testScale = func() float64 {
	if v, err := strconv.ParseFloat(os.Getenv("SAMPLES_TEST_SCALE"), 64); err == nil && v > 0 {
		return v
	}
	return 0.05
}()

type fixture struct {
	dir  string
	g    *gen
	recs []any
	err  error
}

var (
	fixOnce sync.Once
	fix     fixture
)

// shared generates the district once (scale 0.05) for the tests that read it.
func shared(t *testing.T) *fixture {
	t.Helper()
	fixOnce.Do(func() {
		dir, err := os.MkdirTemp("", "samples-test-")
		if err != nil {
			fix.err = err
			return
		}
		fix.dir = dir
		fix.g, fix.err = generate(context.Background(), dir, Options{Scale: testScale}, nil, func(r any) { fix.recs = append(fix.recs, r) })
	})
	if fix.err != nil {
		t.Fatal(fix.err)
	}
	return &fix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fix.dir != "" {
		os.RemoveAll(fix.dir)
	}
	removeDialectRuns()
	os.Exit(code)
}

// digest hashes every file under dir (path and content) in path order.
func digest(t *testing.T, dir string) (string, int) {
	t.Helper()
	h := sha256.New()
	n := 0
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
		h.Write(b)
		n++
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

func TestDeterministic(t *testing.T) {
	f := shared(t)
	dir2 := t.TempDir()
	s2, err := Generate(context.Background(), dir2, Options{Scale: testScale}, nil)
	if err != nil {
		t.Fatal(err)
	}
	d1, n1 := digest(t, f.dir)
	d2, n2 := digest(t, dir2)
	if d1 != d2 || n1 != n2 {
		t.Fatalf("two generations differ: %s (%d files) vs %s (%d files)", d1, n1, d2, n2)
	}
	if s2.Files != n2 {
		t.Errorf("Summary.Files = %d, %d files on disk", s2.Files, n2)
	}
	// another seed gives other data
	dir3 := t.TempDir()
	if _, err := Generate(context.Background(), dir3, Options{Seed: 7, Scale: 0.02, Years: []int{2025}, Institutions: 3}, nil); err != nil {
		t.Fatal(err)
	}
}

// The planted cases and the truth do not depend on the scale.
func TestTruthSameAtEveryScale(t *testing.T) {
	f := shared(t)
	dir := t.TempDir()
	if _, err := Generate(context.Background(), dir, Options{Scale: 0.02}, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{TruthFile, RejectsFile} {
		a, err := os.ReadFile(filepath.Join(f.dir, name))
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between scale %v and 0.02", name, testScale)
		}
	}
}

func readTruth(t *testing.T, dir string) [][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != "rule_id,institution_code,year,subject" {
		t.Fatalf("truth header %v", recs[0])
	}
	return recs[1:]
}

func TestTruthCoversEveryRule(t *testing.T) {
	f := shared(t)
	got := map[string]int{}
	for _, r := range readTruth(t, f.dir) {
		got[r[0]]++
	}
	known := map[string]bool{}
	for _, r := range allRules {
		known[r] = true
		if got[r] == 0 {
			t.Errorf("no truth row for %s", r)
		}
	}
	for r := range got {
		if !known[r] {
			t.Errorf("truth has unknown rule %s", r)
		}
	}
	if len(got) != len(allRules) {
		t.Errorf("%d rules in the truth, %d in the catalog", len(got), len(allRules))
	}
	codes := map[string]bool{}
	for _, in := range f.g.insts {
		codes[in.code] = true
	}
	seen := map[string]bool{}
	for _, r := range readTruth(t, f.dir) {
		if !codes[r[1]] {
			t.Errorf("truth row %v: unknown institution", r)
		}
		k := strings.Join(r, "|")
		if seen[k] {
			t.Errorf("duplicate truth row %v", r)
		}
		seen[k] = true
		if r[3] == "" {
			t.Errorf("truth row %v has no subject", r)
		}
	}
}

// fileText is the text of a written file: every cell of every sheet of an xlsx (hidden ones
// too), or the decoded CSV.
var (
	textMu    sync.Mutex
	textCache = map[string]string{}
)

func fileText(t *testing.T, path string) string {
	t.Helper()
	textMu.Lock()
	defer textMu.Unlock()
	if s, ok := textCache[path]; ok {
		return s
	}
	var b strings.Builder
	if strings.HasSuffix(path, ".xlsx") {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatalf("%s %s: %v", path, sh, err)
			}
			for _, r := range rows {
				b.WriteString(strings.Join(r, "\t"))
				b.WriteByte('\n')
			}
		}
		f.Close()
	} else {
		for _, rec := range readCSV(t, path) {
			b.WriteString(strings.Join(rec, "\t"))
			b.WriteByte('\n')
		}
	}
	textCache[path] = b.String()
	return textCache[path]
}

// readCSV reads a CSV as the generator wrote it: UTF-8 (with or without BOM) or GBK, comma or tab.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var text []byte
	switch {
	case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
		text = raw[3:]
	case isUTF8(raw):
		text = raw
	default:
		text, err = io.ReadAll(transform.NewReader(bytes.NewReader(raw), simplifiedchinese.GBK.NewDecoder()))
		if err != nil {
			t.Fatal(err)
		}
	}
	first := text
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		first = text[:i]
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.FieldsPerRecord = -1
	if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		r.Comma = '\t'
	} else if bytes.Count(first, []byte(",")) == 0 {
		// a title line: look at the second line
		rest := text[len(first)+1:]
		if i := bytes.IndexByte(rest, '\n'); i >= 0 && bytes.Count(rest[:i], []byte("\t")) > bytes.Count(rest[:i], []byte(",")) {
			r.Comma = '\t'
		}
	}
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

func isUTF8(b []byte) bool { return utf8.Valid(b) }

func TestTruthEvidenceInFiles(t *testing.T) {
	f := shared(t)
	checkEvidence(t, f.dir, f.g)
}

// checkEvidence: truth.csv is the generator's truth, and every planted case is where its
// evidence says, in the files written to dir.
func checkEvidence(t *testing.T, dir string, g *gen) {
	t.Helper()
	recs := readTruth(t, dir)
	if len(recs) != len(g.truth) {
		t.Fatalf("truth.csv has %d rows, the generator %d", len(recs), len(g.truth))
	}
	for i, tr := range g.truth {
		if recs[i][0] != tr.rule || recs[i][1] != tr.code || recs[i][3] != tr.subject {
			t.Errorf("truth row %d: %v vs %v", i, recs[i], tr)
		}
		if len(tr.evidence) == 0 {
			t.Errorf("truth row %v has no evidence to check", recs[i])
		}
		for _, ev := range tr.evidence {
			path := filepath.Join(dir, filepath.FromSlash(ev.file))
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s %s: evidence file: %v", tr.rule, tr.subject, err)
				continue
			}
			if ev.needle == "" {
				continue
			}
			if !strings.Contains(fileText(t, path), ev.needle) {
				t.Errorf("%s %s: %q not found in %s", tr.rule, tr.subject, ev.needle, ev.file)
			}
		}
	}
}

func TestRejectsPointAtBadValues(t *testing.T) {
	f := shared(t)
	checkRejects(t, f.dir, f.g)
}

// checkRejects: every row of truth_rejects.csv in dir holds the bad value the generator wrote
// there.
func checkRejects(t *testing.T, dir string, g *gen) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, RejectsFile))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 4 {
		t.Fatalf("only %d reject rows", len(recs)-1)
	}
	byKey := map[string]rejectRow{}
	for _, r := range g.rejects {
		byKey[fmt.Sprintf("%s|%s|%d", r.file, r.sheet, r.row)] = r
	}
	for _, rec := range recs[1:] {
		file, sheet, row, reason := rec[0], rec[1], rec[2], rec[3]
		rr, ok := byKey[file+"|"+sheet+"|"+row]
		if !ok {
			t.Errorf("reject %v unknown to the generator", rec)
			continue
		}
		if reason != "bad_date" && reason != "bad_amount" {
			t.Errorf("reject %v: reason %q", rec, reason)
		}
		path := filepath.Join(dir, filepath.FromSlash(file))
		var cells []string
		if strings.HasSuffix(file, ".xlsx") {
			x, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
			x.Close()
			if err != nil {
				t.Fatal(err)
			}
			if rr.row-1 < len(rows) {
				cells = rows[rr.row-1]
			}
		} else {
			all := readCSV(t, path)
			if rr.row-1 < len(all) {
				cells = all[rr.row-1]
			}
		}
		found := false
		for _, c := range cells {
			if c == rr.value {
				found = true
			}
		}
		if !found {
			t.Errorf("reject %v: row holds %q, not %q", rec, cells, rr.value)
		}
	}
}
