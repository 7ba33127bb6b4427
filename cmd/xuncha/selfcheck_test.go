package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/report"
	"github.com/xuncha/xuncha/selfcheck"
)

// TestSelfcheckMatchCSV: scripts rely on exactly the header and at most three rows, best first;
// the whole output is kept in testdata/golden/selfcheck_match_<n>.csv.
func TestSelfcheckMatchCSV(t *testing.T) {
	for n, tc := range []struct{ checklist, text string }{
		{"BN-L", "严格执行药品耗材集中采购，杜绝线下采购"},
		{"BN-P", "全科医生每月300元绩效补助按时发放"},
		{"ZB-L", "大型医用设备购置经过论证，无未批先购"},
		{"ZB-L", "食堂饭菜质量良好"}, // weak candidates are still printed
		{"BN-L", "，。"},       // nothing to match: the header alone
	} {
		code, out, stderr := xuncha(t, "selfcheck", "match", "--checklist", tc.checklist, "--format", "csv", tc.text)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", tc.text, code, stderr)
		}
		golden(t, fmt.Sprintf("selfcheck_match_%d.csv", n+1), out)
		if !strings.HasPrefix(out, "rank,clause_id,score,clause_text\n") {
			t.Errorf("%s: output does not start with the header:\n%s", tc.text, out)
		}
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", tc.text, err, out)
		}
		if len(recs) < 1 || len(recs) > 4 {
			t.Fatalf("%s: %d records, want the header and at most 3 rows", tc.text, len(recs))
		}
		prev := 2.0
		for i, r := range recs[1:] {
			if len(r) != 4 || r[0] != strconv.Itoa(i+1) || !strings.HasPrefix(r[1], tc.checklist+".") {
				t.Errorf("%s: row %d = %q", tc.text, i+1, r)
				continue
			}
			score, err := strconv.ParseFloat(r[2], 64)
			if err != nil || score > prev {
				t.Errorf("%s: row %d score %q not a number in descending order", tc.text, i+1, r[2])
			}
			prev = score
			if c, ok := selfcheck.Lookup(r[1]); !ok || c.Text != r[3] {
				t.Errorf("%s: row %d clause text is not the clause's", tc.text, i+1)
			}
		}
		if tc.text == "，。" && len(recs) != 1 {
			t.Errorf("nothing to match: want the header only, got %q", recs)
		}
	}
}

// TestSelfcheckReport: ingest a registry, a self-inspection report leaving two clauses out
// and an off-platform purchase history, build, and read the checklist back in every format.
func TestSelfcheckReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	data := filepath.Join(dir, "data")
	write := func(rel string, recs [][]string) {
		t.Helper()
		p := filepath.Join(data, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		w.WriteAll(recs)
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write("机构名录.csv", [][]string{{"机构编码", "机构名称", "医院等级", "机构类别", "区县", "市"},
		{"A1", "甲区人民医院", "三级甲等", "综合医院", "巴南区", "重庆"}})
	cl, err := selfcheck.Checklist("BN-L")
	if err != nil {
		t.Fatal(err)
	}
	self := [][]string{{"序号", "巡查内容", "重点内容", "自查内容", "自查情况", "存在问题"}}
	for i, c := range cl {
		if c.ID == "BN-L.1.1.2" || c.ID == "BN-L.3.6.1" {
			continue
		}
		self = append(self, []string{strconv.Itoa(i + 1), c.AreaTitle, c.SectionTitle, c.Text, "已落实", ""})
	}
	self = append(self, []string{"99", "其他", "", "食堂饭菜质量良好", "已落实", ""})
	write("2025/甲区人民医院/自查自纠情况表.csv", self)
	proc := [][]string{{"采购日期", "品名", "类别", "供应商", "金额", "是否平台采购"}}
	for m := 1; m <= 12; m++ {
		mm := strconv.Itoa(100 + m)[1:]
		proc = append(proc, []string{"2025-" + mm + "-03", "阿莫西林", "药品", "甲医药", "100000", "平台"},
			[]string{"2025-" + mm + "-04", "紫杉醇", "药品", "乙医药", "20000", "线下"})
	}
	write("2025/甲区人民医院/采购.csv", proc)

	if code, out, stderr := xuncha(t, "--db", db, "ingest", data); code != exitOK {
		t.Fatalf("ingest exit %d\n%s%s", code, out, stderr)
	}
	if code, out, stderr := xuncha(t, "--db", db, "build"); code != exitOK {
		t.Fatalf("build exit %d\n%s%s", code, out, stderr)
	}

	code, out, stderr := xuncha(t, "--db", db, "selfcheck", "--institution", "甲区", "--year", "2025", "--format", "json")
	if code != exitOK {
		t.Fatalf("selfcheck json: exit %d: %s", code, stderr)
	}
	var r report.Selfcheck
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if r.Institution != "A1" || r.Year != 2025 || r.Checklist != "BN-L" || len(r.Clauses) != len(cl) {
		t.Fatalf("report header: %+v", r)
	}
	status := map[string]report.ClauseStatus{}
	for _, c := range r.Clauses {
		status[c.ID] = c
	}
	for id, want := range map[string]string{"BN-L.1.1.2": "gap", "BN-L.3.6.1": "gap", "BN-L.3.4.3": "contradicted", "BN-L.1.1.1": "addressed"} {
		if got := status[id].Status; got != want {
			t.Errorf("%s: %s, want %s", id, got, want)
		}
	}
	if c := status["BN-L.3.4.3"]; len(c.Rows) != 1 || c.Rows[0].Status != "已落实" || len(c.DataFlags) == 0 || c.DataFlags[0].Rule != "PROC_OFF_PLATFORM" {
		t.Errorf("BN-L.3.4.3: want the self row and the PROC_OFF_PLATFORM flag, got %+v", c)
	}
	if r.Counts["gap"] != 2 || r.Counts["contradicted"] < 1 || r.Counts["addressed"]+r.Counts["gap"]+r.Counts["contradicted"] != len(cl) {
		t.Errorf("counts %v", r.Counts)
	}
	if len(r.Unmatched) != 1 || r.Unmatched[0].Text != "食堂饭菜质量良好" || r.Rows != len(self)-1 {
		t.Errorf("unmatched %+v of %d rows: want the one canteen row listed", r.Unmatched, r.Rows)
	}

	code, out, stderr = xuncha(t, "--db", db, "selfcheck", "--institution", "A1", "--format", "csv")
	if code != exitOK {
		t.Fatalf("selfcheck csv: exit %d: %s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(report.SelfcheckCSVHeader, ",") {
		t.Errorf("csv header %q", recs[0])
	}
	last := recs[len(recs)-1]
	if last[1] != "unmatched" || last[6] != "食堂饭菜质量良好" {
		t.Errorf("last csv row %q: want the unmatched row", last)
	}

	code, out, stderr = xuncha(t, "--db", db, "selfcheck", "--institution", "A1", "--year", "2025")
	if code != exitOK {
		t.Fatalf("selfcheck table: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"清单 BN-L", "✗ BN-L.3.4.3", "contradicted", "△ BN-L.1.1.2", "! PROC_OFF_PLATFORM", "未匹配的自查条目（1 条", "食堂饭菜质量良好"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	// Errors: another year, an unknown institution, a missing flag.
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"selfcheck", "--institution", "A1", "--year", "2024"}, exitFailure, "has no self-inspection report of 2024 (it has: 2025)"},
		{[]string{"selfcheck", "--institution", "nosuch"}, exitFailure, "no self-inspection rows"},
		{[]string{"selfcheck"}, exitUsage, "--institution"},
		{[]string{"selfcheck", "frobnicate"}, exitUsage, "unknown selfcheck subcommand"},
		{[]string{"selfcheck", "override", "--institution", "A1", "--checklist", "XX"}, exitUsage, "--checklist"},
	} {
		code, _, stderr := xuncha(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d %q, want exit %d and %q", tc.args, code, stderr, tc.code, tc.want)
		}
	}

	// An override: read A1 against BN-P from the next build.
	if code, out, stderr := xuncha(t, "--db", db, "selfcheck", "override", "--institution", "A1", "--checklist", "bn-p"); code != exitOK || !strings.Contains(out, "BN-P") {
		t.Fatalf("override: exit %d %s%s", code, out, stderr)
	}
	if code, out, stderr := xuncha(t, "--db", db, "build"); code != exitOK {
		t.Fatalf("build exit %d\n%s%s", code, out, stderr)
	}
	_, out, _ = xuncha(t, "--db", db, "selfcheck", "--institution", "A1", "--format", "json")
	r = report.Selfcheck{}
	json.Unmarshal([]byte(out), &r)
	if r.Checklist != "BN-P" || r.ChecklistSource != "override" {
		t.Errorf("after override: checklist %q from %q", r.Checklist, r.ChecklistSource)
	}
}
