package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestYearInText(t *testing.T) {
	labels := []string{"报送日期", "日期"}
	cases := []struct {
		text           string
		labelled, year int // 0: none
	}{
		{"报送日期：2025年3月10日", 2025, 2025},
		{"日期:2025.03", 2025, 2025},
		{"巴南区中医院2025年度部门预算执行表 编制日期：2024年12月20日", 2024, 2025},
		{"XX医院预算执行表（2024年）", 0, 2024},
		{"编号 120250301", 0, 0}, // a year inside a longer number is no year
		{"二〇二五年", 0, 0},
	}
	for _, tc := range cases {
		if y, _ := labelledYear(tc.text, labels); y != tc.labelled {
			t.Errorf("labelledYear(%q) = %d, want %d", tc.text, y, tc.labelled)
		}
		if y, _ := yearIn(tc.text); y != tc.year {
			t.Errorf("yearIn(%q) = %d, want %d", tc.text, y, tc.year)
		}
	}
}

func TestMonthInText(t *testing.T) {
	cases := []struct {
		text        string
		year, month int // month 0: none
	}{
		{"3月", 0, 3},
		{"12月份", 0, 12},
		{"2025.03", 2025, 3},
		{"2025-03", 2025, 3},
		{"XX医院2025年3月工资发放表", 2025, 3},
		{"2025年03月绩效", 2025, 3},
		{"2025年职工工资表", 0, 0},
		{"2025年1-3月科室收入", 0, 0}, // a range of months is no month
		{"2025年第一季度", 0, 0},
		{"13月", 0, 0},
		{"Sheet1", 0, 0},
	}
	for _, tc := range cases {
		y, m, ok := monthIn(tc.text)
		if ok != (tc.month > 0) || y != tc.year || m != tc.month {
			t.Errorf("monthIn(%q) = %d, %d, %v; want %d, %d", tc.text, y, m, ok, tc.year, tc.month)
		}
	}
}

// TestPeriodOutsideTheTable: a month no column gives is read from the title, the sheet
// name, the file name or a folder name, its year from wherever a year is; with none the
// sheet is refused naming the missing period.
func TestPeriodOutsideTheTable(t *testing.T) {
	payroll := [][]any{{"工号", "姓名", "科室", "基本工资", "绩效工资"}, {"S1", "王小明", "内科", 3000, 5000}, {"S2", "李四", "外科", 3000, 1000}}
	titled := func(title string, rows [][]any) [][]any { return append([][]any{{title}}, rows...) }
	payrollCSV := "工号,姓名,科室,基本工资,绩效工资\nS1,王小明,内科,3000,5000\nS2,李四,外科,3000,1000\n"
	revenueCSV := "科室,药品收入,检查收入,其他收入\n内科,1000,200,30\n外科,500,100,\n"
	cases := []struct {
		name  string
		file  string       // under the test's folder
		csv   string       // the file, or
		book  []quirkSheet // a workbook
		year  int          // --year
		table string
		want  []string // distinct periods loaded, in order
		why   []string // in the sheets' detection reasons, in sheet order
		err   string   // the file is refused with this
	}{
		{name: "sheet 3月 in a workbook titled with its year", file: "工资.xlsx", table: "payroll",
			book: []quirkSheet{{"3月", titled("巴南区中医院2025年职工工资表", payroll)}},
			want: []string{"2025-03-01"}, why: []string{"period 2025-03 取自工作表名，年份取自标题行"}},
		{name: "the title names the month", file: "工资.xlsx", table: "payroll",
			book: []quirkSheet{{"Sheet1", titled("XX医院2025年3月工资发放表", payroll)}},
			want: []string{"2025-03-01"}, why: []string{"period 2025-03 取自标题行"}},
		{name: "sheets named 2025.03 and 2025年4月", file: "工资.xlsx", table: "payroll",
			book: []quirkSheet{{"2025.03", payroll}, {"2025年4月", payroll}},
			want: []string{"2025-03-01", "2025-04-01"}, why: []string{"period 2025-03 取自工作表名", "period 2025-04 取自工作表名"}},
		{name: "a later sheet takes the year of the workbook's title", file: "工资.xlsx", table: "payroll",
			book: []quirkSheet{{"1月", titled("2025年职工工资表", payroll)}, {"2月", payroll}},
			want: []string{"2025-01-01", "2025-02-01"}, why: []string{"period 2025-01 取自工作表名，年份取自标题行", "period 2025-02 取自工作表名，年份取自标题行"}},
		{name: "the file name", file: "2025年04月科室收入.csv", csv: revenueCSV, table: "dept_revenue",
			want: []string{"2025-04-01"}, why: []string{"period 2025-04 取自文件名"}},
		{name: "a month in the file name, the year in the folder name", file: "2025/3月工资.csv", csv: payrollCSV, table: "payroll",
			want: []string{"2025-03-01"}, why: []string{"period 2025-03 取自文件名，年份取自文件夹名"}},
		{name: "a folder named for the month", file: "2025年03月/工资.csv", csv: payrollCSV, table: "payroll",
			want: []string{"2025-03-01"}, why: []string{"period 2025-03 取自文件夹名"}},
		{name: "only the month: the year from --year", file: "工资.xlsx", table: "payroll", year: 2024,
			book: []quirkSheet{{"3月", payroll}},
			want: []string{"2024-03-01"}, why: []string{"period 2024-03 取自工作表名，年份取自--year"}},
		{name: "a month without a year anywhere", file: "工资.xlsx", table: "payroll",
			book: []quirkSheet{{"3月", payroll}},
			err:  "发放月份 (no month in the title, sheet name, file name or folder name either)"},
		{name: "no period anywhere", file: "工资.csv", csv: payrollCSV, table: "payroll",
			err: "lacks required column(s) 发放月份 (no month in the title, sheet name, file name or folder name either)"},
		{name: "a range of months is no period", file: "2025年1-3月工资.csv", csv: payrollCSV, table: "payroll",
			err: "lacks required column(s) 发放月份"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := openTestDB(t)
			if res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil || res[0].Err != nil {
				t.Fatal(err, res)
			}
			path := filepath.Join(dir, filepath.FromSlash(tc.file))
			if tc.book != nil {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				writeBook(t, path, tc.book)
			} else {
				write(t, path, []byte(tc.csv))
			}
			res, err := Ingest(context.Background(), db, []string{path}, Options{Institution: "T002", Year: tc.year})
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if tc.err != "" {
				if r.Err == nil || !strings.Contains(r.Err.Error(), tc.err) {
					t.Fatalf("err %v, want one naming %q", r.Err, tc.err)
				}
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if r.Rejected != 0 || r.Loaded == 0 {
				t.Errorf("loaded %d rejected %d: %v", r.Loaded, r.Rejected, r.Rejects)
			}
			var why []string
			for _, sh := range r.Sheets {
				if sh.Kind != tc.table {
					t.Errorf("sheet %q: kind %q, want %s", sh.Sheet, sh.Kind, tc.table)
				}
				why = append(why, sh.Detection)
			}
			if len(why) != len(tc.why) {
				t.Fatalf("%d sheets, want %d: %q", len(why), len(tc.why), why)
			}
			for i, w := range tc.why {
				if !strings.Contains(why[i], "; "+w) {
					t.Errorf("sheet %d: detection %q does not say %q", i+1, why[i], w)
				}
			}
			if tc.year == 0 { // a proposed mapping file reads the month as the ingest does
				prop, err := ProposeMapping(path, "")
				if err != nil || !strings.Contains(prop, "kind = "+tc.table) || strings.Contains(prop, "必填字段") {
					t.Errorf("proposal %v:\n%s", err, prop)
				}
			}
			got := query[string](t, db, "select string_agg(distinct period::varchar, ',' order by period::varchar) from raw."+tc.table)
			if got != strings.Join(tc.want, ",") {
				t.Errorf("periods %s, want %s", got, strings.Join(tc.want, ","))
			}
		})
	}
}

// A key-post roster stays a roster when its file name names a month: the period payroll
// could take from there does not make a roster payroll.
func TestRosterWithMonthInNameIsNoPayroll(t *testing.T) {
	var rows [][]string
	for _, l := range []string{"工号,姓名,科室,岗位,任职起始时间,任职截止时间,任职年限",
		"1001,张三,药剂科,药剂,2019-03-01,2025-02-28,6", "1002,李四,财务科,财务,2020-07-01,,5"} {
		rows = append(rows, strings.Split(l, ","))
	}
	m, err := detectHeader(rows, 1, detectHint{period: &periodSource{path: "2025年03月重点岗位人员名册.csv"}})
	if err != nil {
		t.Fatal(err)
	}
	if m.contract.Kind != "staff_positions" {
		t.Fatalf("kind %s (%.2f), want staff_positions", m.contract.Kind, m.score)
	}
}
