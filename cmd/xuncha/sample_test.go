package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSampleCLI(t *testing.T) {
	path, dir := fixtureWarehouse(t), t.TempDir()
	sample := func(args ...string) (int, string, string) {
		return xunchaCLI(t, append([]string{"--db", path, "sample", "--institution", "H3A", "--year", "2025"}, args...)...)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		msg  string // in stderr
	}{
		{"unknown institution", []string{"--institution", "不存在"}, exitUsage, `no such institution "不存在"`},
		{"unknown population", []string{"--of", "invoices"}, exitUsage, `--of "invoices"`},
		{"unknown method", []string{"--method", "systematic"}, exitUsage, `--method "systematic"`},
		{"size 0", []string{"--size", "0"}, exitUsage, "--size 0"},
		{"year without data", []string{"--year", "2019"}, exitFailure, "no data for H3A in 2019"},
		{"xlsx on stdout", []string{"--format", "xlsx"}, exitUsage, "-o FILE.xlsx"},
	} {
		code, _, stderr := sample(tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.msg) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tc.name, code, stderr, tc.code, tc.msg)
		}
	}
	// the fixture holds procurement only
	code, _, stderr := sample("--of", "contracts")
	if code != exitFailure || !strings.Contains(stderr, "nothing to sample: 甲市第一人民医院（H3A） has no contracts in 2025") {
		t.Errorf("an empty population: exit %d, stderr %q", code, stderr)
	}

	// a synthetic district has every population
	data, path := filepath.Join(dir, "data"), filepath.Join(dir, "d.duckdb")
	for _, args := range [][]string{
		{"samples", "--out", data, "--years", "2025", "--institutions", "1", "--scale", "0.02"},
		{"--db", path, "ingest", data},
		{"--db", path, "build"},
	} {
		if code, _, stderr := xunchaCLI(t, args...); code != exitOK && code != exitRejected {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	sample = func(args ...string) (int, string, string) {
		return xunchaCLI(t, append([]string{"--db", path, "sample", "--institution", "12500113XC000101"}, args...)...)
	}

	for _, of := range []string{"payments", "vouchers", "contracts", "settlements"} {
		for _, method := range []string{"random", "stratified", "mus"} {
			args := []string{"--of", of, "--method", method, "--size", "3"}
			code, a, stderr := sample(args...)
			if code != exitOK {
				t.Errorf("%s %s: exit %d: %s", of, method, code, stderr)
				continue
			}
			if !strings.Contains(a, "方法 "+method+"，种子 20241") || strings.Count(a, "\n") < 3 {
				t.Errorf("%s %s: no seed or no rows:\n%s", of, method, a)
			}
			if _, b, _ := sample(args...); a != b {
				t.Errorf("%s %s: the same seed drew\n%s\nthen\n%s", of, method, a, b)
			}
		}
	}
	_, a, _ := sample("--of", "settlements", "--seed", "1")
	_, b, _ := sample("--of", "settlements", "--seed", "2")
	if a == b {
		t.Errorf("seeds 1 and 2 drew the same settlements:\n%s", a)
	}

	out := filepath.Join(dir, "s.xlsx")
	if code, stdout, stderr := sample("--of", "settlements", "--method", "mus", "--seed", "9", "-o", out); code != exitOK || !strings.Contains(stdout, "wrote "+out) {
		t.Fatalf("-o %s: exit %d, %s %s", out, code, stdout, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("抽样清单")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 3 || !strings.Contains(rows[0][0], "方法 mus，种子 9") || rows[1][0] != "序号" {
		t.Errorf("抽样清单 starts %q", rows[:min(3, len(rows))])
	}

	// the draw is in the command log with what it depended on
	code, log, stderr := xunchaCLI(t, "--db", path, "sql", "-c", "select inputs from meta.command_log where args like '%sample%seed 9%'", "--format", "csv")
	if code != exitOK || !strings.Contains(log, "institution=12500113XC000101 year=2025 of=settlements method=mus size=20 seed=9") {
		t.Errorf("command log: exit %d, %q %s", code, log, stderr)
	}

	// the pre-visit workbook carries the latest draw of each population as its pull list: the
	// same items, with the method and seed they were drawn with
	book := filepath.Join(dir, "previsit.xlsx")
	if code, _, stderr := xunchaCLI(t, "--db", path, "report", "previsit", "--institution", "12500113XC000101", "--year", "2025", "-o", book); code != exitOK {
		t.Fatalf("report previsit: exit %d: %s", code, stderr)
	}
	pb, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer pb.Close()
	pull, err := pb.GetRows("抽样清单")
	if err != nil || len(pull) < 3 {
		t.Fatalf("the workbook's 抽样清单: %v, %d rows", err, len(pull))
	}
	col := map[string]int{}
	for i, h := range pull[1] {
		col[h] = i
	}
	keysOf := func(rows [][]string, key int) []string {
		var keys []string
		for _, r := range rows {
			keys = append(keys, r[key])
		}
		return keys
	}
	byPopulation := map[string][][]string{}
	for _, r := range pull[2:] {
		byPopulation[r[col["抽样对象"]]] = append(byPopulation[r[col["抽样对象"]]], r)
	}
	if len(byPopulation) != 4 {
		t.Errorf("the pull list has the draws of %d populations, want 4 (payments, vouchers, contracts, settlements)", len(byPopulation))
	}
	settled := byPopulation["医保结算单"]
	if got, want := keysOf(settled, col["抽样键"]), keysOf(rows[2:], 9); strings.Join(got, ",") != strings.Join(want, ",") || len(got) == 0 {
		t.Errorf("the pull list's settlements %v, want the seed-9 draw %v", got, want)
	}
	if len(settled) > 0 && (settled[0][col["抽样方法"]] != "货币单位抽样" || settled[0][col["种子"]] != "9") {
		t.Errorf("the settlements' method and seed: %q", settled[0])
	}
	if pays := byPopulation["付款记录"]; len(pays) == 0 || pays[0][col["抽样方法"]] != "货币单位抽样" || pays[0][col["种子"]] != "20241" {
		t.Errorf("payments: the latest draw (mus, seed 20241) not listed: %q", pays)
	}
	summary, _ := pb.GetRows("概要")
	found := false
	for _, r := range summary {
		found = found || len(r) > 1 && r[0] == "抽样清单" && strings.HasPrefix(r[1], "4次抽样")
	}
	if !found {
		t.Errorf("概要 does not say 4 samples were drawn: %q", summary)
	}
}
