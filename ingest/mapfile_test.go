package ingest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// feeLinesCSV: fee lines as an insurance office exported them. 操作时刻 names the service date
// in words no vocabulary has, so detection cannot finish the sheet on its own.
const feeLinesCSV = "结算ID,操作时刻,医疗目录编码,医疗目录名称,数量,单价,明细项目费用总额,开单科室名称,备注\n" +
	"S001,2025-03-07 10:00:00,001201000010000,血常规,1,20.00,20.00,内科,\n" +
	"S001,2025-03-07 10:05:00,250101001,静脉输液,2,5.00,10.00,内科,加急\n" +
	"S002,2025-03-08 09:00:00,250101001,静脉输液,1,5.00,5.00,外科,\n"

// TestMappingFileRoundTrip: a file detection cannot finish fails with one message naming
// the missing field and the closest column; the proposed mapping, edited once, makes the
// same file load, and meta records the section used.
func TestMappingFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "reg", "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	data := write(t, filepath.Join(dir, "医保", "费用明细.csv"), []byte(feeLinesCSV))
	res, err := Ingest(context.Background(), db, []string{data}, Options{Institution: "T001"})
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Err == nil {
		var buf bytes.Buffer
		WriteExplain(&buf, res[0])
		t.Fatalf("loaded without a mapping:\n%s", buf.String())
	}
	msg := res[0].Err.Error()
	if !strings.Contains(msg, "looks like claim_lines") || !strings.Contains(msg, "lacks required column(s) 费用发生时间") || !strings.Contains(msg, "xuncha map") {
		t.Fatalf("want one message naming the missing field: %q", msg)
	}

	proposal, err := ProposeMapping(data, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[费用明细.csv]", "kind = claim_lines", "header_row = 1", "医疗目录编码 -> item_code", "操作时刻 -> -", "# 必填字段 service_date"} {
		if !strings.Contains(proposal, want) {
			t.Errorf("proposal lacks %q:\n%s", want, proposal)
		}
	}
	// the person reviewing it maps the one column detection could not
	edited := strings.Replace(proposal, "操作时刻 -> -", "操作时刻 -> service_date", 1)
	if edited == proposal {
		t.Fatal("no line to edit")
	}
	mapPath := write(t, filepath.Join(dir, MapFileName), []byte(edited))

	res, err = Ingest(context.Background(), db, []string{data}, Options{Institution: "T001"})
	if err != nil {
		t.Fatal(err)
	}
	r := res[0]
	if r.Err != nil || r.Loaded != 3 || r.Rejected != 0 {
		t.Fatalf("with the mapping: %+v", r)
	}
	if sh := r.Sheets[0]; !strings.HasPrefix(sh.Mapping, MapFileName+":") || sh.Kind != "claim_lines" {
		t.Errorf("sheet result: kind %s mapping %q", sh.Kind, sh.Mapping)
	}
	if got := query[string](t, db, "select strftime(min(service_date), '%Y-%m-%d') from raw.claim_lines"); got != "2025-03-07" {
		t.Errorf("service_date = %s", got)
	}
	path := query[string](t, db, "select mapping_path from meta.ingest_mapping where file_id = ?", r.FileID)
	section := query[string](t, db, "select section from meta.ingest_mapping where file_id = ?", r.FileID)
	sum := query[string](t, db, "select mapping_sha256 from meta.ingest_mapping where file_id = ?", r.FileID)
	mf, err := readMapFile(mapPath)
	if err != nil {
		t.Fatal(err)
	}
	if path != absPath(mapPath) || sum != mf.sha256 || !strings.Contains(section, "操作时刻 -> service_date") || !strings.HasPrefix(section, "[费用明细.csv]") {
		t.Errorf("meta.ingest_mapping: %s %s\n%s", path, sum, section)
	}
	// the recorded section is a mapping file of its own: the run can be repeated from meta
	again, err := parseMapFile(section)
	if err != nil || len(again.sections) != 1 || again.sections[0].kind != "claim_lines" {
		t.Errorf("recorded section does not parse back: %v", err)
	}
}

func TestParseMapFileErrors(t *testing.T) {
	cases := []struct{ text, want string }{
		{"kind = claims\n", "line 1: settings before the first"},
		{"[a.xlsx]\nkind = nosuch\n", `line 2: unknown kind "nosuch"`},
		{"[a.xlsx]\nkind = claims\n结算号 -> nosuch\n", `line 3: claims has no field "nosuch"`},
		{"[a.xlsx]\nkind = claims\n结算号 -> settlement_id\n流水号 -> settlement_id\n", "line 4: field settlement_id is already mapped on line 3"},
		{"[a.xlsx]\nkind = claims\n结算号 -> settlement_id\n结算 号 -> -\n", `line 4: column "结算 号" is already mapped on line 3`},
		{"[a.xlsx]\n结算号 -> settlement_id\n", "line 2: mapping a column to \"settlement_id\" needs the section's kind"},
		{"[a.xlsx]\nkind = claims\n备注 -> item\n", "line 3: claims is not a wide kind"},
		{"[a.xlsx]\n备注 -> item\n", `line 2: mapping a column to "item" needs the section's kind`},
		{"[a.xlsx]\nheader_row = 0\n", "line 2: header_row must be a row number"},
		{"[a.xlsx]\ncolour = red\n", `line 2: unknown setting "colour"`},
		{"[a.xlsx\n", "line 1: a section opens with [file-name pattern]"},
		{"[a.xlsx]\njust words\n", "line 2: expected `key = value` or `header -> field`"},
		{"[a.xlsx]\n -> settlement_id\n", "line 2: a column line is `header -> field`"},
	}
	for _, tc := range cases {
		_, err := parseMapFile(tc.text)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: err = %v, want %q", tc.text, err, tc.want)
		}
	}
	mf, err := parseMapFile("# 说明\n[医保*.xlsx]   \nsheet = 明细*  # 每月一张\nkind = payroll\n工号 -> staff_id # 0.90\n应发合计 -> total\n绩效 -> item\n")
	if err != nil {
		t.Fatal(err)
	}
	s := mf.sections[0]
	if s.pattern != "医保*.xlsx" || s.sheet != "明细*" || s.kind != "payroll" || len(s.columns) != 3 || s.columns[0].target != "staff_id" {
		t.Errorf("parsed %+v", s)
	}
	if !s.matches("医保2025.xlsx", "明细3月") || s.matches("医保2025.xlsx", "汇总") || s.matches("财务.xlsx", "明细3月") {
		t.Error("section patterns")
	}
}

// FuzzParseMapFile: any text parses or fails with an error naming a line; what parses
// gives sections whose own text parses back to the same settings.
func FuzzParseMapFile(f *testing.F) {
	f.Add("[医保*.xlsx]\nsheet = *\nkind = claim_lines\nheader_row = 2\n费用发生时间 -> service_date # 0.9\n备注 -> -\n")
	f.Add("# c\n[a]\nkind = payroll\n工号 -> staff_id\n合计 -> total\n")
	f.Add("[x\n")
	f.Fuzz(func(t *testing.T, text string) {
		mf, err := parseMapFile(text)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") && !strings.Contains(err.Error(), "token too long") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, s := range mf.sections {
			again, err := parseMapFile(s.text)
			if err != nil {
				t.Fatalf("section text %q does not parse back: %v", s.text, err)
			}
			a := again.sections[0]
			if a.pattern != s.pattern || a.kind != s.kind || a.sheet != s.sheet || a.headerRow != s.headerRow || len(a.columns) != len(s.columns) {
				t.Fatalf("section %q parsed back as %+v", s.text, a)
			}
		}
	})
}

// TestExplainGolden: the -v explanation of small messy files, per sheet and per column.
// Run with -update after an intended change.
func TestExplainGolden(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "reg", "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"platform-fee-lines.csv": "setl_id,feedetl_sn,fee_ocur_time,med_list_codg,med_list_name,cnt,pric,det_item_fee_sumamt,bilg_dept_name,bilg_dr_name,memo\n" +
			"S001,1,2025-03-07 10:00:00,001201000010000,血常规,1,20,20,内科,张医生,\n" +
			"S001,2,2025-03-07 10:05:00,250101001,静脉输液,2,5,10,内科,张医生,\n",
		"self-inspection.csv": "自查自纠情况表\n序号,检查项目,检查内容及要求,自查情况,存在问题,整改措施\n" +
			"1,医疗质量,严格执行首诊负责制，门急诊病历书写规范完整,已落实,,\n" +
			"2,医疗质量,落实三级查房制度，查房记录及时完整可追溯,部分落实,记录不全,补记\n" +
			"3,药事管理,抗菌药物分级管理，特殊使用级抗菌药物会诊后使用,未落实,无会诊记录,建立会诊流程\n",
		"key-post-roster.csv": "工号,姓名,科室,岗位,任职起始时间,任职截止时间,备注\n" +
			"1001,张三,药剂科,药剂,2019-03-01,2025-02-28,\n1002,李四,财务科,财务,2020-07-01,,\n",
		"village-subsidy.csv": "工号,姓名,科室,发放月份,季度,发放日期,乡村医生补助,基本公卫补助,应发合计\n" +
			"2001,王五,卫生室,2025-03,一季度,2025-04-10,1200,800,2000\n2002,赵六,卫生室,2025-03,一季度,2025-04-10,1200,600,1800\n",
		// the month only in the file name
		"2025年03月绩效.csv": "工号,姓名,科室,基础绩效,奖励绩效,实发合计\n1001,张三,药剂科,3000,500,3500\n1002,李四,财务科,2800,,2800\n",
	}
	for _, name := range []string{"platform-fee-lines.csv", "self-inspection.csv", "key-post-roster.csv", "village-subsidy.csv", "2025年03月绩效.csv"} {
		t.Run(name, func(t *testing.T) {
			path := write(t, filepath.Join(dir, name), []byte(files[name]))
			res, err := Ingest(context.Background(), db, []string{path}, Options{Institution: "T001"})
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if r.Err != nil || r.Rejected > 0 {
				t.Fatalf("%+v", r)
			}
			r.Path = name
			var buf bytes.Buffer
			WriteExplain(&buf, r)
			golden := filepath.Join("testdata", "explain", strings.TrimSuffix(name, ".csv")+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -tags duckdb_arrow ./ingest -run TestExplainGolden -update)", err)
			}
			if buf.String() != string(want) {
				t.Errorf("explanation changed (go test -tags duckdb_arrow ./ingest -run TestExplainGolden -update):\n%s\nwant:\n%s", buf.String(), want)
			}
		})
	}
}

// TestProposalsParse: what `xuncha map` proposes for every messy file of the quirks parses
// back as a mapping file, split amounts and wide sheets included.
func TestProposalsParse(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "quirks", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, ".golden") {
			continue
		}
		text, err := ProposeMapping(f, "")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		mf, err := parseMapFile(text)
		if err != nil {
			t.Errorf("%s: proposal does not parse: %v\n%s", f, err, text)
			continue
		}
		if len(mf.sections) == 0 {
			t.Errorf("%s: no section proposed:\n%s", f, text)
		}
	}
}
