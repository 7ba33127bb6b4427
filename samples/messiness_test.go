package samples

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The messiness DATA_CONTRACTS.md lists is really in the files, and every 合计 row adds up.
func TestMessiness(t *testing.T) {
	f := shared(t)
	var xlsx, csvs []string
	filepath.WalkDir(f.dir, func(p string, d os.DirEntry, err error) error {
		switch {
		case err != nil || d.IsDir():
		case strings.HasSuffix(p, ".xlsx"):
			xlsx = append(xlsx, p)
		case strings.HasSuffix(p, ".csv") && !strings.HasSuffix(p, TruthFile) && !strings.HasSuffix(p, RejectsFile):
			csvs = append(csvs, p)
		}
		return nil
	})
	seen := map[string]bool{}
	var all strings.Builder
	for _, p := range csvs {
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")):
			seen["utf8-bom csv"] = true
		case isUTF8(raw):
			seen["utf8 csv"] = true
		default:
			seen["gbk csv"] = true
		}
		if bytes.Contains(raw[:min(len(raw), 400)], []byte("\t")) {
			seen["tab csv"] = true
		}
		all.WriteString(fileText(t, p))
	}
	totals := 0
	for _, p := range xlsx {
		x, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sheets := x.GetSheetList()
		if len(sheets) > 1 {
			seen["several sheets"] = true
		}
		for _, sh := range sheets {
			if v, _ := x.GetSheetVisible(sh); !v {
				seen["hidden sheet"] = true
			}
			if m, _ := x.GetMergeCells(sh); len(m) > 1 {
				seen["merged cells"] = true
			}
			rows, err := x.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			for ri, r := range rows {
				if len(r) > 0 && r[0] == "合计" {
					totals++
					checkTotal(t, p, sh, rows, ri)
				}
			}
		}
		x.Close()
		all.WriteString(fileText(t, p))
	}
	text := all.String()
	for name, re := range map[string]string{
		"单位：万元 line": `单位：万元`, "万元 header": `（万元）`, "date 2025年3月7日": `\d{4}年\d{1,2}月\d{1,2}日`,
		"date 2025/3/7": `\d{4}/\d{1,2}/\d{1,2}`, "date 20250307": `\t20\d{6}\t`, "date 2025.03.07": `\d{4}\.\d{2}\.\d{2}`,
		"datetime": `\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}`, "¥ money": `¥\d{1,3}(,\d{3})*\.\d{2}`, "thousands": `\t\d{1,3},\d{3}\.\d{2}`,
		"month 2025年3月": `\t20\d\d年\d{1,2}月\t`, "title row": `明细表`, "yes/no √×": `√`,
	} {
		if regexp.MustCompile(re).MatchString(text) {
			seen[name] = true
		} else {
			t.Errorf("no %s anywhere", name)
		}
	}
	for _, want := range []string{"utf8-bom csv", "utf8 csv", "gbk csv", "tab csv", "several sheets", "hidden sheet", "merged cells"} {
		if !seen[want] {
			t.Errorf("no %s anywhere", want)
		}
	}
	if totals < 10 {
		t.Errorf("only %d 合计 rows", totals)
	}
}

// checkTotal checks that each number of a 合计 row is the sum of the numbers above it, down to
// the header (the first row whose cells are all text).
func checkTotal(t *testing.T, file, sheet string, rows [][]string, ri int) {
	t.Helper()
	tot := rows[ri]
	for c := 1; c < len(tot); c++ {
		want, ok := money(tot[c])
		if !ok {
			continue
		}
		var sum float64
		for r := ri - 1; r >= 0; r-- {
			if c >= len(rows[r]) {
				continue
			}
			v, ok := money(rows[r][c])
			if !ok {
				if rows[r][c] != "" {
					break // the header
				}
				continue
			}
			sum += v
		}
		if math.Abs(sum-want) > 0.005*math.Max(1, math.Abs(want))*1e-6+0.006 {
			t.Errorf("%s %s column %d: 合计 %v, rows add up to %v", filepath.Base(file), sheet, c+1, want, sum)
		}
	}
}

func money(s string) (float64, bool) {
	s = strings.NewReplacer("¥", "", ",", "").Replace(s)
	if s == "" {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}
