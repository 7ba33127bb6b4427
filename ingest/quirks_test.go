package ingest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/quirks and testdata/explain")

// quirkRegistry carries, beside the registry's own codes, the 医保定点 codes of a
// third-party numbering and one alias shared by two institutions.
const quirkRegistry = "机构编码,机构名称,简称,医院等级,机构类别,所在区县,市,医保定点编码,统一社会信用代码\n" +
	"T001,重庆市巴南区人民医院,区人民医院,三级甲等,综合医院,巴南区,重庆,H50011300123,12500113450412345X\n" +
	"T002,巴南区中医院,,二级甲等,中医医院,巴南区,重庆,H50011300456,\n" +
	"T003,巴南区界石镇中心卫生院,中心卫生院,基层,中心卫生院,巴南区,重庆,H50011300789,\n" +
	"T004,巴南区木洞镇中心卫生院,中心卫生院,基层,中心卫生院,巴南区,重庆,,\n"

// quirk is one messy export of testdata/quirks and what to dump of it into its golden
// file: the counts, kinds, detection reasons, warnings, rejects and the loaded rows.
type quirk struct {
	file  string
	opt   Options
	table string // raw table dumped
	order string // order of the dumped rows
	drop  string // columns left out of the dump besides _file_id (pseudonyms: keyed per warehouse)
	// book, when set, is the workbook written as file (sheet name → rows) instead of a
	// file of testdata/quirks; the golden file still lives there
	book []quirkSheet
}

type quirkSheet struct {
	name string
	rows [][]any
}

func writeBook(t *testing.T, path string, sheets []quirkSheet) {
	t.Helper()
	f := excelize.NewFile()
	for i, sh := range sheets {
		if i == 0 {
			f.SetSheetName("Sheet1", sh.name)
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			c, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, c, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

var quirks = []quirk{
	// 期初余额 / 上年结转 rows without voucher number or date, balances only in 余额 with
	// 方向 (or without: the account's normal side, a contra account, a negative balance);
	// 本月合计 / 本年累计 rows labelled in 摘要 (one February credit subtotal is wrong);
	// 结转下年; a note.
	{file: "ledger_opening_totals.csv", table: "ledger"},
	// the same ledger with its 摘要 under a name no field knows: the rows are told apart all
	// the same
	{file: "ledger_unknown_summary.csv", table: "ledger"},
	// 序号 beside the real key 整改编号; status as 是否完成 (是/否) and as words
	{file: "整改台账_序号与编号.csv", table: "rectification"},
	// an insurance office's file for several institutions, each row naming its own by 医保定点
	// code and/or name: either resolves; a name two institutions share is settled by the
	// code, alone it is ambiguous; an unknown code and a code contradicting the name are
	// rejected naming the value
	{file: "医保结算明细_多机构.csv", table: "claims", order: "settlement_id", drop: "patient_id"},
	// a 医共体 总院's file for its member institutions, each row's named by 医保定点 code and
	// name under headers no field knows (成员单位编码 / 成员单位名称 under the group label
	// 医共体成员单位): taken by their values, and the codes are no settlement id (结帐ID is)
	{file: "医共体结算明细_成员单位.csv", table: "claims", order: "settlement_id", drop: "patient_id"},
	// a 总院's file for its members naming each once, on the first of its rows (a merged cell,
	// exported), with a 小计 after each: the rows below are of the same institution, up to the
	// next one named; the rows under an unknown one are rejected with it
	{file: "医保结算明细_机构仅首行.csv", table: "claims", order: "settlement_id", drop: "patient_id"},
	// a village-subsidy sheet whose text columns (季度, 发放日期) sit among the pay items:
	// decided by their values, not loaded as items and not rejecting every row
	{file: "乡村医生补助发放表.csv", table: "payroll", order: "_row, pay_item"},
	// a payroll under a title, its pay items grouped under 应发项目 / 代扣款项 in a two-row
	// header: the lower row names the items, the upper the other columns; the title is no
	// row of group labels
	{file: "工资表_分组表头.csv", table: "payroll", order: "_row, pay_item", opt: Options{Institution: "T002"}},
	// a 工资统发 roll whose staff ids are zero-padded numbers (0004) under a header no field
	// knows: a code of fixed width, taken by its values, not a column counting the rows
	{file: "工资统发_零填充编号.csv", table: "payroll", order: "_row, pay_item", opt: Options{Institution: "T002"}},
	// a payroll with a subtotal after each department, labelled in the department column
	// (内科 小计, 外科小计, 检验科 合计：), and a grand 合计: subtotals are neither data nor
	// rejects and are checked against their department's rows (外科's is wrong); a data row
	// whose 备注 ends in 合计 stays data, a row without its 工号 is still rejected
	{file: "工资表_科室小计.csv", table: "payroll", order: "_row, pay_item", opt: Options{Institution: "T002"}},
	// stores receipts sorted by category with a subtotal after each: 小计 in the supplier
	// column beside the category, or 卫生材料 小计 in the category column (that one is wrong)
	{file: "入库明细_类别小计.csv", table: "procurement", opt: Options{Institution: "T002"}},
	// a workbook whose first sheet is its 填报说明 (what each column holds, one row a column,
	// and the rules of the form) before the data sheet: not data, not a header, and neither its
	// dates nor its words settle the year or the institution of the data
	{file: "工资发放表_填报说明.xlsx", table: "payroll", order: "_row, pay_item", opt: Options{Institution: "T002"}, book: []quirkSheet{
		{"填报说明", [][]any{
			{"巴南区中医院职工工资发放表填报说明"},
			{"栏目", "填写说明"},
			{"工号", "职工在人事系统中的编号，与花名册一致"},
			{"姓名", "职工姓名"},
			{"科室", "所在科室（部门）全称"},
			{"发放月份", "工资所属月份，格式为2024-12"},
			{"岗位工资", "按岗位等级填写，单位：元"},
			{"应发合计", "各应发项目之和"},
			{"1. 本表于次月8日前报送财务科，2025年1月10日起按新格式报送。"},
			{"2. 金额单位为元，保留两位小数；请勿修改表头、插入或删除列。"},
			{"填表人：", nil, "联系电话："},
		}},
		{"工资表", [][]any{
			{"工号", "姓名", "科室", "发放月份", "岗位工资", "薪级工资", "应发合计"},
			{"T1", "张三", "内科", "2024-12", 3000, 500, 3500},
			{"T2", "李四", "外科", "2024-12", 2800, 600, 3400},
		}},
	}},
	// a key-post roster with a month column and its dates among numbers: a roster, not payroll
	{file: "重点岗位人员名册.csv", table: "staff_positions"},
	// HIS income with 门诊 / 住院 / 合计 columns for one amount: 合计 is the amount and the
	// parts check it (one February row does not add up), the parts are kept
	{file: "HIS收入_门诊住院合计.csv", table: "his_income", opt: Options{Institution: "T002"}},
	// … under a report form's 栏次 row numbering its columns: part of the header, neither data
	// nor a row whose parts fail to add up
	{file: "HIS收入_栏次行.csv", table: "his_income", opt: Options{Institution: "T002"}},
	// … without a 合计: the parts add up to the amount; a bad part rejects its row
	{file: "HIS收入_门急诊住院无合计.csv", table: "his_income", opt: Options{Institution: "T002"}},
	// HIS income with its categories across the columns (the contract is long): melted
	{file: "HIS收入_类别分列.csv", table: "his_income", order: "_row, category", opt: Options{Institution: "T002"}},
	// department revenue whose department column has a name no field knows: not taken for
	// HIS income with the departments' rows added up, refused naming the column
	// (written by the test: a file no kind takes has no mapping to propose)
	{file: "科室收入_科室列名未知.xlsx", table: "his_income", opt: Options{Institution: "T002"}, book: []quirkSheet{{"科室收入", [][]any{
		{"巴南区中医院2024年科室收入情况"},
		{"统计月份", "考核小组", "药品收入", "检查收入", "其他收入", "合计"},
		{"2024-01", "中医内科", 751321, 204456, 159011, 1114788},
		{"2024-01", "针灸科", 120000, 50000, 10000, 180000},
	}}}},
	// department revenue long (the contract's usual layout is wide): read as it stands
	{file: "科室收入_长表.csv", table: "dept_revenue", opt: Options{Institution: "T002"}},
	// an asset book (a HIS 物资 module's) naming its assets 物资名称: the one …名称 column
	// left is the asset's name, not the supplier's 供货单位名称
	{file: "资产帐簿_物资名称.csv", table: "equipment", opt: Options{Institution: "T002"}},
	// HIS fee lines naming their item 物价名称 beside 物价编码: the one …名称 column left is the
	// item's name (an optional field), not left out for its code to stand in
	{file: "费用明细_物价名称.csv", table: "claim_lines", opt: Options{Institution: "T002"}},
	// a stores receipt whose price and total are named by no field (批发价格, 批发合计, the
	// total as ¥ text): the pair where quantity × price = amount on the rows is price and
	// amount, not the one plain money column
	{file: "入库单_批发合计.csv", table: "procurement", opt: Options{Institution: "T002"}},
	// … where every quantity is 1, either column could be the price: neither is taken, and
	// the message names the missing amount
	{file: "入库单_数量皆为一.csv", table: "procurement", opt: Options{Institution: "T002"}},
	// a budget whose year is only in its title (2025年度 wins over the 编制日期 of the year
	// before), with 小计 and 合计 rows
	{file: "巴南区中医院预算执行表.xlsx", table: "budget", book: []quirkSheet{{"预算", [][]any{
		{"巴南区中医院2025年度部门预算执行表"},
		{"编制日期：2024年12月20日", nil, "单位：万元"},
		{"预算项目", "预算数", "执行数"},
		{"公务接待费", 12, 10.5},
		{"公务用车运行维护费", 30, 41},
		{"小计", 42, 51.5},
		{"设备购置", 500, 320},
		{"合计", 542, 371.5},
	}}}},
	// the year only in the sheet names or, failing them, in the file name
	{file: "2025年预算执行情况.xlsx", table: "budget", opt: Options{Institution: "T002"}, book: []quirkSheet{
		{"2024年", [][]any{{"预算项目", "预算数", "执行数"}, {"公务接待费", 120000, 90000}}},
		{"执行表", [][]any{{"项目名称", "年初预算", "决算数"}, {"公务接待费", 110000, 80000}}},
	}},
	// an execution analysis whose actual is 本年实际 beside 全年预算 and 完成率: the one money
	// column left whose name is near the actual's names
	{file: "预算执行_本年实际.csv", table: "budget", opt: Options{Institution: "T002"}},
	// no year anywhere but --year
	{file: "预算执行.csv", table: "budget", opt: Options{Year: 2025, Institution: "T002"}},
	// a self-report whose year is its 报送日期 in the footer, not the 2024年度 of its title nor
	// its earliest 整改时限 (2024); the second sheet, without title or footer, takes the
	// workbook's year
	{file: "巡查自查自纠情况表.xlsx", table: "self_inspection", book: []quirkSheet{
		{"一、党建", [][]any{
			{"巴南区中医院巡查自查自纠情况表（2024年度）"},
			{"序号", "巡查内容", "自查内容", "自查情况", "存在问题", "整改措施", "整改时限"},
			{"1", "党建", "落实党委领导下的院长负责制", "已落实", "无", nil, nil},
			{"2", nil, "三重一大集体决策", "部分落实", "会议记录不全", "完善记录", "2024-12-31"},
			{"单位主要负责人（签字）：", nil, "填表人：", nil, "报送日期：2025年3月10日"},
		}},
		{"二、医保", [][]any{
			{"序号", "巡查内容", "自查内容", "自查情况", "存在问题", "整改措施", "整改时限"},
			{"1", "医保", "重复收费自查", "已落实", "无", nil, "2025-06-30"},
		}},
	}},
}

func TestQuirks(t *testing.T) {
	for _, q := range quirks {
		t.Run(q.file, func(t *testing.T) {
			dir := t.TempDir()
			db := openTestDB(t)
			if res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(quirkRegistry))}, Options{}); err != nil || res[0].Err != nil {
				t.Fatal(err, res)
			}
			src := filepath.Join("testdata", "quirks", q.file)
			path := filepath.Join(dir, q.file)
			if q.book != nil {
				writeBook(t, path, q.book)
			} else {
				b, err := os.ReadFile(src)
				if err != nil {
					t.Fatal(err)
				}
				write(t, path, b)
			}
			res, err := Ingest(context.Background(), db, []string{path}, q.opt)
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if r.Err == nil && r.Read != r.Loaded+r.Rejected+r.Skipped {
				t.Errorf("read %d ≠ loaded %d + rejected %d + skipped %d", r.Read, r.Loaded, r.Rejected, r.Skipped)
			}
			got := dumpQuirk(t, db, r, q)
			golden := src + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file (rerun with -update and review the diff):\n%s", q.file, got)
			}
		})
	}
}

func dumpQuirk(t *testing.T, db *warehouse.DB, r FileResult, q quirk) string {
	t.Helper()
	var b strings.Builder
	if r.Err != nil {
		fmt.Fprintf(&b, "error: %s\n", strings.TrimPrefix(r.Err.Error(), filepath.Dir(r.Path)+string(filepath.Separator)))
		return b.String()
	}
	reasons := make([]string, 0, len(r.SkipReasons))
	for k, v := range r.SkipReasons {
		reasons = append(reasons, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(reasons)
	fmt.Fprintf(&b, "read %d loaded %d rejected %d skipped %d (%s)\n", r.Read, r.Loaded, r.Rejected, r.Skipped, strings.Join(reasons, " "))
	fmt.Fprintf(&b, "institution %s\n", r.Institution)
	for _, s := range r.Sheets {
		fmt.Fprintf(&b, "sheet %s: %s; %s\n", s.Sheet, s.Kind, s.Detection)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	for _, re := range r.Rejects {
		fmt.Fprintf(&b, "reject: [%s] row %d: %s\n", re.Sheet, re.Row, re.Reason())
	}
	order := q.order
	if order == "" {
		order = "_sheet, _row"
	}
	drop := "_file_id"
	if q.drop != "" {
		drop += ", " + q.drop
	}
	rows, err := db.Query(fmt.Sprintf("select columns(*)::varchar from (select * exclude (%s) from raw.%q order by %s)", drop, q.table, order))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	fmt.Fprintf(&b, "%s\n", strings.Join(cols, "\t"))
	for rows.Next() {
		vals := make([]*string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(cols))
		for i, v := range vals {
			out[i] = "NULL"
			if v != nil {
				out[i] = *v
			}
		}
		fmt.Fprintf(&b, "%s\n", strings.Join(out, "\t"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
