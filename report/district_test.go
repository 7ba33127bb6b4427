package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report/reporttest"
)

// folder collects the files WriteDistrict writes, by name.
type folder map[string][]byte

func (f folder) write(name string, write func(io.Writer) error) error {
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	f[name] = b.Bytes()
	return nil
}

func (f folder) names() []string {
	var out []string
	for n := range f {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func writeDistrict(t *testing.T, db DB, opt DistrictOptions) (*District, folder) {
	t.Helper()
	opt.Now = fixedNow
	files := folder{}
	d, err := WriteDistrict(context.Background(), db, opt, files.write)
	if err != nil {
		t.Fatal(err)
	}
	return d, files
}

func TestDistrictIndexGolden(t *testing.T) {
	db := readOnly(t, reporttest.New(t))
	var progress []string
	d, files := writeDistrict(t, db, DistrictOptions{Year: reporttest.Year, Progress: func(i, n int, inst Institution) {
		progress = append(progress, inst.Code)
	}})
	want := []string{"index.html", "previsit-H2A-2025.html", "previsit-H2A-2025.xlsx", "previsit-H3A-2025.html", "previsit-H3A-2025.xlsx",
		"previsit-H3B-2025.html", "previsit-H3B-2025.xlsx", "trend-2024-2025.html"}
	if got := files.names(); !slices.Equal(got, want) {
		t.Errorf("files = %v, want %v", got, want)
	}
	if !slices.Equal(progress, []string{"H2A", "H3A", "H3B", "P1"}) {
		t.Errorf("progress = %v", progress)
	}
	// by weighted score: H3B (20 % offline) before H3A; P1 has no data in 2025
	var order []string
	for _, i := range d.Institutions {
		order = append(order, i.Code)
	}
	if !slices.Equal(order, []string{"H3B", "H3A", "H2A", "P1"}) {
		t.Errorf("index order = %v", order)
	}
	if p1 := d.Institutions[3]; p1.HasData || p1.Report != "" || d.WithData != 3 {
		t.Errorf("P1 has no data in 2025: %+v, %d with data", p1, d.WithData)
	}
	if d.Total.Flags != 3 || d.Total.High != 1 || len(d.Flags) != 3 { // H3A's offline drugs; H3B's, high, and its one offline vendor
		t.Errorf("total %d flags (%d high), %d listed; want 3 (1 high)", d.Total.Flags, d.Total.High, len(d.Flags))
	}
	// no review yet: the progress column is there, 0 of every institution's risks
	index := string(files["index.html"])
	checkReads(t, "index", index, d.GeneratedAt)
	if !strings.Contains(index, "核查进度</th>") || !strings.Contains(index, "<td>未核查</td>") || strings.Contains(index, "<td>属实</td>") {
		t.Error("the index does not show every risk unreviewed")
	}
	for _, i := range d.Institutions {
		if cell := fmt.Sprintf(`<td class="num" data-sort="0">0 / %d</td>`, i.Flags); i.HasData && !strings.Contains(index, cell) {
			t.Errorf("%s: no review progress %q in the index", i.Code, cell)
		}
	}
	if strings.Contains(index, reporttest.HostileVendor) || strings.Contains(index, reporttest.IDCard) {
		t.Error("the index carries hostile text unescaped or an ID-card number")
	}
	golden := filepath.Join("testdata", "district_index.html")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, files["index.html"], 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test -run TestDistrictIndexGolden -update writes it)", err)
	}
	if index != string(b) {
		got, want := strings.Split(index, "\n"), strings.Split(string(b), "\n")
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("index.html differs from %s at line %d (go test -update rewrites it):\n got: %s\nwant: %s", golden, i+1, got[i], want[i])
			}
		}
		t.Errorf("index.html differs from %s in length: %d lines, want %d (go test -update rewrites it)", golden, len(got), len(want))
	}
}

var hrefRe = regexp.MustCompile(`href="([^"#]*)(#[^"]*)?"`)

// TestDistrictLinks follows every link of the folder: each names a file written beside it, and
// each anchor an element of that file.
func TestDistrictLinks(t *testing.T) {
	db := readOnly(t, reporttest.New(t))
	_, files := writeDistrict(t, db, DistrictOptions{})
	links := map[string][]string{}
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range hrefRe.FindAllStringSubmatch(string(b), -1) {
			target, anchor := m[1], strings.TrimPrefix(m[2], "#")
			if target == "" {
				target = name
			}
			links[name] = append(links[name], target)
			body, ok := files[target]
			if !ok {
				t.Errorf("%s links to %s, which is not in the folder", name, target)
				continue
			}
			if anchor != "" && !bytes.Contains(body, []byte(`id="`+anchor+`"`)) {
				t.Errorf("%s links to %s#%s, which has no such element", name, target, anchor)
			}
		}
	}
	for _, tc := range []struct{ from, to string }{
		{"index.html", "previsit-H3A-2025.html"},
		{"index.html", "previsit-H3A-2025.xlsx"},
		{"index.html", "trend-2024-2025.html"},
		{"previsit-H3A-2025.html", "index.html"},
		{"previsit-H3A-2025.html", "trend-2024-2025.html"},
		{"previsit-H3A-2025.html", "previsit-H3A-2025.xlsx"},
		{"trend-2024-2025.html", "index.html"},
		{"trend-2024-2025.html", "previsit-H3B-2025.html"},
	} {
		if !slices.Contains(links[tc.from], tc.to) {
			t.Errorf("%s does not link to %s (links: %v)", tc.from, tc.to, links[tc.from])
		}
	}
	for _, name := range []string{"previsit-H3A-2025.html", "trend-2024-2025.html"} {
		if bytes.Contains(files[name], []byte("<script")) {
			t.Errorf("%s has a script: only the index sorts and filters", name)
		}
	}
}

// TestDistrictEvidence: the HTML report carries the first rows of each flag, the workbook all.
func TestDistrictEvidence(t *testing.T) {
	db := readOnly(t, reporttest.New(t))
	_, files := writeDistrict(t, db, DistrictOptions{Institutions: []string{"H3A"}, EvidencePerFlag: 1})
	if !bytes.Contains(files["previsit-H3A-2025.html"], []byte("以上为前1行，共2行")) {
		t.Error("the HTML report does not keep to one evidence row per flag")
	}
	x, err := excelize.OpenReader(bytes.NewReader(files["previsit-H3A-2025.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rule, _ := marts.RuleByID(reporttest.Rule)
	if rows, _ := x.GetRows(rule.TitleZH); len(rows) != 3 { // header and both offline lines
		t.Errorf("the workbook's evidence sheet has %d rows, want 3", len(rows))
	}
}

func TestDistrictSelection(t *testing.T) {
	db := readOnly(t, reporttest.New(t))
	for _, tc := range []struct {
		name  string
		opt   DistrictOptions
		codes []string
		year  int
		err   string
	}{
		{"every institution, the last year", DistrictOptions{}, []string{"H3B", "H3A", "H2A", "P1"}, 2025, ""},
		{"a list by name and code", DistrictOptions{Institutions: []string{"甲市第二人民医院", "H2A", "H3B"}}, []string{"H3B", "H2A"}, 2025, ""},
		{"a tier", DistrictOptions{Tiers: []string{"三级"}}, []string{"H3B", "H3A"}, 2025, ""},
		{"a tier of a list", DistrictOptions{Institutions: []string{"H3A", "H2A"}, Tiers: []string{"二级"}}, []string{"H2A"}, 2025, ""},
		{"an earlier year", DistrictOptions{Year: 2024, Tiers: []string{"三级"}}, []string{"H3A", "H3B"}, 2024, ""},
		{"a year without data", DistrictOptions{Year: 2023}, nil, 0, "no data in 2023 (years with data: 2024, 2025)"},
		{"an unknown institution", DistrictOptions{Institutions: []string{"H3A", "乙县医院"}}, nil, 0, `no such institution "乙县医院"`},
		{"an ambiguous name", DistrictOptions{Institutions: []string{"人民医院"}}, nil, 0, "matches 2 institutions"},
		{"a tier nobody has", DistrictOptions{Tiers: []string{"四级"}}, nil, 0, "no such institution of tier 四级 (tiers in the registry: 三级, 二级, 一级)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Now = fixedNow
			files := folder{}
			d, err := WriteDistrict(context.Background(), db, tc.opt, files.write)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err = %v, want %q", err, tc.err)
				}
				if len(files) != 0 {
					t.Errorf("a refused district wrote %v", files.names())
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, i := range d.Institutions {
				codes = append(codes, i.Code)
			}
			if !slices.Equal(codes, tc.codes) || d.Year != tc.year {
				t.Errorf("%d: %v, want %d: %v", d.Year, codes, tc.year, tc.codes)
			}
		})
	}
	var nd *NoDataError
	if _, err := WriteDistrict(context.Background(), db, DistrictOptions{Year: 2030}, folder{}.write); !errors.As(err, &nd) {
		t.Errorf("a year without data: %v, want a NoDataError", err)
	}
	if _, err := WriteDistrict(context.Background(), db, DistrictOptions{Institutions: []string{"nobody"}}, folder{}.write); !errors.Is(err, ErrNoInstitution) {
		t.Errorf("an unknown institution: %v, want ErrNoInstitution", err)
	}
}

// TestDistrictReviews: once the panel's verdicts are kept, the index counts them per institution
// and shows each risk's verdict.
func TestDistrictReviews(t *testing.T) {
	db := reporttest.New(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `insert into mart_flag_review by name
		select flag_id, '属实' as verdict, '供应商无中标记录' as note, '张三' as reviewer, date '2026-04-02' as reviewed_on, true as confirmed, 1 as reviews
		from mart_risk_flags where institution_code = 'H3A' and year = 2025`); err != nil {
		t.Fatal(err)
	}
	d, files := writeDistrict(t, readOnly(t, db), DistrictOptions{})
	for _, i := range d.Institutions {
		want := ReviewProgress{}
		if i.Code == "H3A" {
			want = ReviewProgress{Reviewed: 1, Confirmed: 1}
		}
		if i.Review != want {
			t.Errorf("%s: review %+v, want %+v", i.Code, i.Review, want)
		}
	}
	index := string(files["index.html"])
	for _, w := range []string{"<th class=\"num\">核查进度</th>", "1 / 1<small>属实1 · 排除0 · 移交0</small>", "<td>属实</td>", "<td>未核查</td>"} {
		if !strings.Contains(index, w) {
			t.Errorf("index lacks %q", w)
		}
	}
}

func TestFileSafe(t *testing.T) {
	for in, want := range map[string]string{"H3A": "H3A", "../etc": "___etc", "A 1/2": "A_1_2", "区医院": "区医院"} {
		if got := fileSafe(in); got != want {
			t.Errorf("fileSafe(%q) = %q, want %q", in, got, want)
		}
	}
	n := fileNames{}
	if a, b := n.unique("previsit-A_B-2025"), n.unique("previsit-A_B-2025"); a == b || b != "previsit-A_B-2025-2" {
		t.Errorf("two codes alike: %q and %q", a, b)
	}
}
