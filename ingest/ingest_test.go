package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/xuncha/xuncha/warehouse"
)

const registryCSV = "机构编码,机构名称,简称,医院等级,机构类别,所在区县,市\n" +
	"T001,重庆市巴南区人民医院,区人民医院,三级甲等,综合医院,巴南区,重庆\n" +
	"T002,巴南区中医院,,二级甲等,中医医院,巴南区,重庆\n"

func openTestDB(t testing.TB) *warehouse.DB {
	t.Helper()
	db, err := warehouse.Open(context.Background(), filepath.Join(t.TempDir(), "w.duckdb"), warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func write(t *testing.T, path string, b []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// procurementWorkbook: two title rows, a unit line in 万元, a header with synonyms and a
// unit suffix, a category merged down three rows, a bad date, a 合计 row and a note.
func procurementWorkbook(t *testing.T, path string) {
	t.Helper()
	f := excelize.NewFile()
	s := "Sheet1"
	rows := [][]any{
		{"重庆市巴南区人民医院2025年药品耗材采购明细表"},
		{"单位：万元", nil, nil, nil, nil, nil},
		{"入库日期", "物资类别", "通用名", "配送企业", "入库金额", "采购渠道"},
		{"2025/3/7", "药品", "阿莫西林", "甲医药", "1.5", "阳光平台"},
		{"2025年3月8日", nil, "头孢", "甲医药", "2", "挂网"},
		{45725, nil, "布洛芬", "乙医药", "0.25", "线下"},
		{"2025-13-99", "高值耗材", "支架", "丙公司", "3", "线下"},
		{"20250310", "高值耗材", "球囊", "丙公司", "¥1.00", "院内"},
		{"合计", nil, nil, nil, "7.75", nil},
		{"制表人：张三"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(s, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.MergeCell(s, "B4", "B6"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

func query[T any](t *testing.T, db *warehouse.DB, q string, args ...any) T {
	t.Helper()
	var v T
	if err := db.QueryRow(q, args...).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

func TestIngestWorkbookUnderTitleRows(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	reg := write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))
	wb := filepath.Join(dir, "2025", "区人民医院", "采购.xlsx")
	os.MkdirAll(filepath.Dir(wb), 0o755)
	procurementWorkbook(t, wb)

	res, err := Ingest(context.Background(), db, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Path != reg {
		t.Fatalf("want the registry first, got %+v", res)
	}
	r := res[1]
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if r.Institution != "T001" {
		t.Errorf("institution from the folder alias = %q, want T001", r.Institution)
	}
	if r.Loaded != 4 || r.Rejected != 1 || r.Read != r.Loaded+r.Rejected+r.Skipped {
		t.Errorf("counts read=%d loaded=%d rejected=%d skipped=%d", r.Read, r.Loaded, r.Rejected, r.Skipped)
	}
	for _, reason := range []string{skipTitle, skipHeader, skipTotal, skipNote} {
		if r.SkipReasons[reason] == 0 {
			t.Errorf("no %s skipped: %v", reason, r.SkipReasons)
		}
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "合计") {
		t.Errorf("want one 合计 mismatch warning (a row was rejected), got %q", r.Warnings)
	}
	// 万元 × 10,000; merged 药品 filled down; serial 45725 = 2025-03-09
	if got := query[float64](t, db, "select sum(amount)::double from raw.procurement"); got != 47500 {
		t.Errorf("Σ amount = %v, want 47500 元", got)
	}
	if got := query[int](t, db, "select count(*) from raw.procurement where category = '药品'"); got != 3 {
		t.Errorf("merged category filled into %d rows, want 3", got)
	}
	if got := query[string](t, db, "select strftime(order_date, '%Y-%m-%d') from raw.procurement where item_name = '布洛芬'"); got != "2025-03-09" {
		t.Errorf("serial date = %s", got)
	}
	if got := query[string](t, db, "select string_agg(channel, ',' order by _row) from raw.procurement"); got != "platform,platform,offline,offline" {
		t.Errorf("channels = %s", got)
	}
	// the reject keeps file, sheet, spreadsheet row, column, reason and the original cells
	var row int
	var col, reason, cells string
	if err := db.QueryRow("select row_no, column_name, reason, cells::varchar from raw.rejected").Scan(&row, &col, &reason, &cells); err != nil {
		t.Fatal(err)
	}
	if row != 7 || col != "入库日期" || !strings.HasPrefix(reason, "bad_date") || !strings.Contains(cells, "支架") {
		t.Errorf("reject = row %d col %q reason %q cells %s", row, col, reason, cells)
	}
	if got := query[int](t, db, "select count(*) from raw.procurement where _row = 4 and _sheet = 'Sheet1' and _file_id = ?", r.FileID); got != 1 {
		t.Errorf("lineage of the first data row missing")
	}

	// the same bytes again change nothing
	again, err := Ingest(context.Background(), db, []string{wb}, Options{})
	if err != nil || len(again) != 1 || !again[0].Duplicate {
		t.Fatalf("re-ingest: %+v %v", again, err)
	}
	if got := query[int](t, db, "select count(*) from raw.procurement"); got != 4 {
		t.Errorf("re-ingest doubled rows: %d", got)
	}
}

func TestIngestGBKCSVWithFlag(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	utf := "订单日期\t品名\t类别\t供应商\t金额（元）\t是否平台采购\n2025-01-02\t板蓝根\t中成药\t甲医药\t\"1,234.50\"\t否\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(utf))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "orders.csv"), gbk)}, Options{Institution: "巴南区中医院"})
	if err != nil || res[0].Err != nil {
		t.Fatalf("%v %v", err, res[0].Err)
	}
	var name, cat, ch, inst string
	var amt float64
	if err := db.QueryRow("select item_name, category, channel, institution_code, amount::double from raw.procurement").Scan(&name, &cat, &ch, &inst, &amt); err != nil {
		t.Fatal(err)
	}
	if name != "板蓝根" || cat != "药品" || ch != "offline" || inst != "T002" || amt != 1234.5 {
		t.Errorf("got %s %s %s %s %v", name, cat, ch, inst, amt)
	}
}

func TestIngestBadFiles(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	cases := []struct {
		name string
		body []byte
		want string
	}{
		{"corrupt.xlsx", []byte("PK\x03\x04 this is not a zip"), "corrupt workbook"},
		{"old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, "save as .xlsx"},
		{"unknown.csv", []byte("a,b,c\n1,2,3\n"), "no sheet has a header row of a known kind"},
		{"no-registry.csv", []byte("采购日期,品名,类别,供应商,金额,采购渠道\n2025-01-01,x,药品,v,1,平台\n"), "registry"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := write(t, filepath.Join(dir, tc.name), tc.body)
			res, err := Ingest(context.Background(), db, []string{p}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var fe *FileError
			if !errors.As(res[0].Err, &fe) {
				t.Fatalf("want a FileError, got %+v", res[0])
			}
			msg := fe.Error()
			if !strings.HasPrefix(msg, p+": ") || !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error line %q: want one line naming the file and %q", msg, tc.want)
			}
		})
	}
	if got := query[int](t, db, "select count(*) from meta.ingest_file"); got != 0 {
		t.Errorf("failed files left %d ledger rows", got)
	}
}

func TestCSVEncodingsAgree(t *testing.T) {
	read := func(p string) [][]string {
		s, err := openCSV(p, 0)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]string
		if err := s.rows(func(_ int, c []string) bool { out = append(out, append([]string(nil), c...)); return true }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	gbk := read("testdata/csv-encodings/dirty_orders_gbk.csv")
	utf := read("testdata/csv-encodings/dirty_orders_utf8.csv")
	if len(gbk) != len(utf) || len(gbk) < 3 {
		t.Fatalf("rows: gbk %d utf8 %d", len(gbk), len(utf))
	}
	for i := range gbk {
		for j := range gbk[i] {
			// the UTF-8 twin carries U+FFFD where the GBK file has undecodable bytes
			if j < len(utf[i]) && gbk[i][j] != utf[i][j] && !strings.ContainsRune(utf[i][j], '\uFFFD') {
				t.Errorf("row %d col %d: gbk %q utf8 %q", i+1, j, gbk[i][j], utf[i][j])
			}
		}
	}
	if gbk[0][1] != "名称" {
		t.Errorf("header decoded as %q", gbk[0][1])
	}
}

func TestSupersedeCorrectedReexport(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	v1 := "采购日期,品名,类别,供应商,金额,采购渠道\n2025-01-01,x,药品,v,100,平台\n2025-12-01,y,药品,v,5,线下\n"
	v2 := strings.Replace(v1, ",5,", ",50,", 1)
	r1, _ := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "a.csv"), []byte(v1))}, Options{})
	r2, _ := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "b.csv"), []byte(v2))}, Options{})
	if r1[0].Err != nil || r2[0].Err != nil {
		t.Fatal(r1[0].Err, r2[0].Err)
	}
	if len(r2[0].Superseded) != 1 || r2[0].Superseded[0] != r1[0].FileID {
		t.Fatalf("superseded = %v, want [%d]", r2[0].Superseded, r1[0].FileID)
	}
	if got := query[string](t, db, "select status from meta.ingest_file where file_id = ?", r1[0].FileID); got != "superseded" {
		t.Errorf("old file status %s", got)
	}
	if got := query[int](t, db, "select count(*) from raw.procurement"); got != 4 {
		t.Errorf("history lost: %d raw rows", got)
	}
}

func TestWideSheetMelts(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	csv := "工号,姓名,科室,发放月份,基本工资,绩效工资,开单提成,代扣个税,应发合计,实发合计,备注\n" +
		"S1,王小明,内科,2025年3月,3000,5000,,200,8000,7800,当月未拨付\n" +
		"S2,李四,外科,2025-03,3000,abc,100,,3100,3100,\n" +
		"S3,赵五,外科,2025-03,3000,1000,,,5000,5000,\n"
	res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "工资.csv"), []byte(csv))}, Options{})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	if res[0].Loaded != 2 || res[0].Rejected != 1 {
		t.Errorf("loaded %d rejected %d", res[0].Loaded, res[0].Rejected)
	}
	if len(res[0].Warnings) != 1 || !strings.Contains(res[0].Warnings[0], "row 4: 应发合计 = 5000.00 元, items sum to 4000.00 元") {
		t.Errorf("want one warning for S3's total, got %q", res[0].Warnings)
	}
	got := query[string](t, db, "select string_agg(pay_item || '=' || amount::varchar, ',' order by pay_item) from raw.payroll where staff_id = 'S1'")
	if got != "代扣个税=200.00,基本工资=3000.00,绩效工资=5000.00" {
		t.Errorf("melted items %s", got)
	}
	if got := query[string](t, db, "select any_value(staff_name) from raw.payroll"); got != "王**" {
		t.Errorf("name not masked: %s", got)
	}
}

// The total of a payroll's deductions (应扣合计) is checked, not loaded as one more item.
func TestWideDeductionTotalNotAnItem(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	csv := "工号,姓名,科室,发放月份,基本工资,绩效工资,代扣个税,代扣公积金,应发合计,应扣合计,实发合计\n" +
		"S1,王小明,内科,2025-03,3000,5000,200,300,8000,500,7500\n"
	res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "工资.csv"), []byte(csv))}, Options{})
	if err != nil || res[0].Err != nil || len(res[0].Warnings) != 0 {
		t.Fatal(err, res[0].Err, res[0].Warnings)
	}
	got := query[string](t, db, "select string_agg(pay_item || '=' || amount::varchar, ',' order by pay_item) from raw.payroll")
	if got != "代扣个税=200.00,代扣公积金=300.00,基本工资=3000.00,绩效工资=5000.00" {
		t.Errorf("melted items %s", got)
	}
}

func TestPatientIDsArePseudonymised(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	csv := "结算编号,身份证号,姓名,性别,入院日期,出院日期\nJS1,500113199001011234,张三,男,2025-01-01,2025-01-05\nJS2,500113199001011234,张三,男,2025-02-01,2025-02-05\n"
	res, _ := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "结算.csv"), []byte(csv))}, Options{})
	if res[0].Err != nil {
		t.Fatal(res[0].Err)
	}
	ids := query[string](t, db, "select string_agg(distinct patient_id, ',') from raw.claims")
	if strings.Contains(ids, "500113") || !strings.HasPrefix(ids, "P") || strings.Contains(ids, ",") {
		t.Errorf("patient ids %q: want one stable pseudonym", ids)
	}
	key, err := os.ReadFile(KeyPath(db.Path))
	if err != nil || len(bytes.TrimSpace(key)) != 64 {
		t.Errorf("key file beside the warehouse: %v", err)
	}
}

func TestIngestParquet(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	pq := filepath.Join(dir, "区人民医院", "采购.parquet")
	os.MkdirAll(filepath.Dir(pq), 0o755)
	// a typed extract: DATE, DECIMAL and VARCHAR columns, as a data platform would write them
	if _, err := db.Exec(`copy (select date '2025-03-07' + i::integer as "采购日期", '品' || i as "品名", '药品' as "类别",
			'甲医药' as "供应商", (i * 1.25)::decimal(18,2) as "金额", case when i % 2 = 0 then '平台' else '线下' end as "采购渠道"
		from range(10) t(i)) to '` + pq + `' (format parquet)`); err != nil {
		t.Fatal(err)
	}
	res, err := Ingest(context.Background(), db, []string{pq}, Options{})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	if res[0].Loaded != 10 || res[0].Institution != "T001" {
		t.Errorf("loaded %d for %q", res[0].Loaded, res[0].Institution)
	}
	if got := query[float64](t, db, "select sum(amount)::double from raw.procurement"); got != 56.25 {
		t.Errorf("Σ amount = %v, want 56.25", got)
	}
	if got := query[string](t, db, "select strftime(max(order_date), '%Y-%m-%d') from raw.procurement"); got != "2025-03-16" {
		t.Errorf("max date %s", got)
	}
}

func TestFolderWalkIgnoresNonExtracts(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))
	truth := write(t, filepath.Join(dir, "truth.csv"), []byte("rule_id,institution_code,year,subject\nX,T001,2025,药品\n"))
	res, err := Ingest(context.Background(), db, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ignored *FileResult
	for i := range res {
		if res[i].Path == truth {
			ignored = &res[i]
		}
	}
	if ignored == nil || ignored.Err != nil || !strings.Contains(ignored.Ignored, "no sheet has a header row") {
		t.Fatalf("truth.csv in a walked folder: %+v", ignored)
	}
	// named explicitly, the same file is an error
	res, _ = Ingest(context.Background(), db, []string{truth}, Options{})
	if res[0].Err == nil {
		t.Error("an explicitly named non-extract was not an error")
	}
}

func TestDetectHeader(t *testing.T) {
	cases := []struct {
		name      string
		rows      [][]string
		kind      string
		wantKind  string
		wantRow   int
		wantError string
	}{
		{"header under a title and a unit line", grid("某医院2025年采购明细", "单位：元", "采购日期,品名,类别,供应商,金额,采购渠道", "2025-01-01,x,药品,v,1,平台"), "", "procurement", 3, ""},
		{"synonyms with units and line breaks", grid("入库\n日期,通用名,物资类别,配送企业,入库金额（万元）,是否平台采购"), "", "procurement", 1, ""},
		{"two-line header", grid("基本信息,,,金额", "合同编号,签订日期,供应商,合同金额"), "", "contracts", 2, ""},
		{"recognised but a required column missing", grid("采购日期,品名,类别,供应商,金额"), "", "", 0, "lacks required column(s) 是否平台采购"},
		{"nothing known", grid("a,b,c", "1,2,3"), "", "", 0, "no header row of a known kind"},
		{"--kind forces a kind", grid("结算编号,身份证号"), "claims", "claims", 1, ""},
		{"unknown --kind", grid("a,b"), "nosuch", "", 0, `unknown kind "nosuch"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := detectHeader(tc.rows, 1, detectHint{kind: tc.kind})
			if tc.wantError != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantError) {
					t.Fatalf("err = %v, want %q", err, tc.wantError)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m.contract.Kind != tc.wantKind || m.headerRow != tc.wantRow {
				t.Errorf("got %s at row %d, want %s at row %d", m.contract.Kind, m.headerRow, tc.wantKind, tc.wantRow)
			}
		})
	}
}

func TestYearForYearlessDates(t *testing.T) {
	cases := []struct {
		in   string
		want string
		ok   bool
	}{
		{"3月", "2025-03-01", true}, {"12月份", "2025-12-01", true}, {"3月7日", "2025-03-07", true},
		{"03-07", "2025-03-07", true}, {"2月30日", "", false}, {"13月", "", false}, {"abc", "", false},
	}
	for _, tc := range cases {
		got, err := dateInYear(tc.in, 2025)
		if (err == nil) != tc.ok || (tc.ok && got.Format("2006-01-02") != tc.want) {
			t.Errorf("dateInYear(%q) = %v, %v; want %s ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestColumnsRecorded: the fields a sheet has columns for are kept with the file, so that the
// rules can tell a blank cell from a column the export does not have.
func TestColumnsRecorded(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	csv := "资产编号,设备名称,资产类别,原值,购置日期,使用状态,报废日期\n" +
		"ZC-1,CT机,大型医用设备,3200000,2019-05-01,已报废,2025-03-01\n"
	res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "设备台账.csv"), []byte(csv))}, Options{})
	if err != nil || res[0].Err != nil || res[0].Loaded != 1 {
		t.Fatal(err, res[0].Err, res[0].Loaded)
	}
	got := query[string](t, db, "select string_agg(field || '@' || col, ',' order by col) from meta.ingest_column where file_id = ? and kind = 'equipment'", res[0].FileID)
	if got != "asset_no@1,name@2,class@3,original_value@4,purchase_date@5,status@6,scrap_date@7" {
		t.Errorf("recorded columns: %s", got)
	}
}

// TestRegistryNamesWithoutDivisions: a folder names an institution without the city and
// district its registered name starts with (or the township inside it), or by its other
// name, in a registry that has no city or district columns.
func TestRegistryNamesWithoutDivisions(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	reg := "单位代码,医疗机构全称,其他名称\nA1,重庆市巴南区姜家镇卫生院,\nA2,重庆市巴南区龙洲湾街道社区卫生服务中心,\nA3,淄博市淄川区医院,\nA4,淄博市博山区医院,\nA5,重庆市巴南区中医院,巴南中医\nA6,重庆市巴南区人民医院,\nA7,淄博市博山区人民医院,\n"
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(reg))}, Options{})
	r, err := loadRegistry(context.Background(), db.DB)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]string{
		"2025/姜家镇卫生院/付款台账.csv":        "A1",
		"2025/巴南区姜家镇卫生院/付款台账.csv":     "A1",
		"2025/龙洲湾街道社区卫生服务中心/付款台账.csv": "A2",
		"2025/淄川区医院/付款台账.csv":         "A3",
		"2025/医院/付款台账.csv":            "",   // 医院 is every hospital's
		"2025/社区卫生服务中心/付款台账.csv":      "",   // the rest of a name is not cut where no division ends
		"2025/龙洲湾社区卫生服务中心/付款台账.csv":   "A2", // without its township division
		"2025/姜家卫生院/付款台账.csv":         "A1",
		"2025/区中医院/付款台账.csv":          "A5", // the district's own, by its division's level
		"区中医院 2025年付款台账":              "A5",
		"2025/淄川区中医院/付款台账.csv":        "",   // another district's: 区中医院 starts no word there
		"2025/区医院/付款台账.csv":           "",   // two districts have one
		"2025/巴南中医/付款台账.csv":          "A5", // the registry's other name
	} {
		got, err := r.findIn(text)
		if got != want || (want == "" && err == nil) {
			t.Errorf("findIn(%q) = %q, %v; want %q", text, got, err, want)
		}
	}
}

// A registry cell may hold several codes of one institution, separated as aliases are.
func TestRegistrySeveralCodesInOneCell(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	reg := "单位代码,医疗机构全称,医保定点编码\nA1,重庆市巴南区人民医院,H50011300101、H50011300102\nA2,重庆市巴南区中医院,H50011300103\n"
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(reg))}, Options{})
	r, err := loadRegistry(context.Background(), db.DB)
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"H50011300101": "A1", "H50011300102": "A1", "H50011300103": "A2"} {
		if got, err := r.resolve(code); got != want {
			t.Errorf("resolve(%q) = %q, %v; want %q", code, got, err, want)
		}
	}
}

// A file is hashed while its rows are read unless a file of its size was loaded before:
// the recorded sum is the file's either way, and only the same bytes count as a duplicate.
func TestHashWhileReading(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	body := "订单日期,品名,类别,供应商,金额（元）,是否平台采购\n2025-01-02,板蓝根,中成药,甲医药,1234.50,否\n"
	a := write(t, filepath.Join(dir, "a", "orders.csv"), []byte(body))
	b := write(t, filepath.Join(dir, "b", "orders.csv"), []byte(strings.Replace(body, "1234.50", "1234.60", 1))) // the same size
	c := write(t, filepath.Join(dir, "c", "orders.csv"), []byte(body))
	for _, tc := range []struct {
		path string
		dup  bool
	}{{a, false}, {b, false}, {c, true}, {a, true}} {
		res, err := Ingest(context.Background(), db, []string{tc.path}, Options{Institution: "巴南区中医院"})
		if err != nil || res[0].Err != nil {
			t.Fatalf("%s: %v %v", tc.path, err, res[0].Err)
		}
		if res[0].Duplicate != tc.dup {
			t.Errorf("%s: duplicate %v, want %v", tc.path, res[0].Duplicate, tc.dup)
		}
		raw, _ := os.ReadFile(tc.path)
		want := fmt.Sprintf("%x", sha256.Sum256(raw))
		if got := query[string](t, db, "select sha256 from meta.ingest_file where file_id = ?", res[0].FileID); got != want {
			t.Errorf("%s: sha256 %s, want %s", tc.path, got, want)
		}
	}
	if got := query[int](t, db, "select count(*) from raw.procurement"); got != 2 {
		t.Errorf("%d rows loaded, want 2", got)
	}
}

// A warehouse made before a contract gained a column gets the column; tables already whole
// are left alone.
func TestEnsureRawTablesAddsMissing(t *testing.T) {
	db := openTestDB(t)
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "create table raw.procurement (order_date date)"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "insert into raw.procurement values ('2025-01-02')"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := EnsureRawTables(ctx, db.DB); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range contracts {
		want := len(c.Columns())
		if got := query[int](t, db, "select count(*) from duckdb_columns() where schema_name = 'raw' and table_name = ?", c.Kind); got != want {
			t.Errorf("raw.%s has %d columns, want %d", c.Kind, got, want)
		}
	}
	if got := query[int](t, db, "select count(*) from raw.procurement where order_date = '2025-01-02'"); got != 1 {
		t.Errorf("the row of the older table is gone")
	}
}

// A useful life in months (预计使用年限（月）, as asset systems export it) is loaded in years;
// one in years, or with no unit, as it is.
func TestUsefulLifeInMonths(t *testing.T) {
	for _, tc := range []struct {
		header, value string
		want          float64
	}{
		{"预计使用年限（月）", "60", 5},
		{"使用年限(个月)", "96", 8},
		{"折旧年限【月】", "18", 1.5},
		{"使用年限（年）", "8", 8},
		{"预计使用年限", "10", 10},
	} {
		t.Run(tc.header, func(t *testing.T) {
			dir := t.TempDir()
			db := openTestDB(t)
			if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
				t.Fatal(err)
			}
			body := "资产编号,设备名称,原值,购置日期," + tc.header + ",报废日期\nZC001,彩色多普勒超声,1200000.00,2019-03-01," + tc.value + ",2023-05-10\n"
			res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "设备台账.csv"), []byte(body))}, Options{Institution: "T001"})
			if err != nil || res[0].Err != nil || res[0].Loaded != 1 {
				t.Fatalf("%v %+v", err, res)
			}
			if got := query[float64](t, db, "select useful_life_years from raw.equipment"); got != tc.want {
				t.Errorf("useful_life_years = %v, want %v", got, tc.want)
			}
		})
	}
}

// A 合计 row that differs from the loaded rows is one warning a sheet, which says whether
// the rejected rows account for the difference; a row rejected after its amounts were read
// is not counted among the loaded rows.
func TestTotalRowAgainstRejects(t *testing.T) {
	const head = "医疗机构,入库日期,物资类别,通用名,配送企业,入库金额,采购渠道\n"
	for _, tc := range []struct {
		name, body string
		loaded     int64
		want       string
	}{
		{"total as loaded", "区人民医院,2025-03-07,药品,阿莫西林,甲医药,100,阳光平台\n区人民医院,2025-03-08,药品,头孢,甲医药,50,挂网\n合计,,,,,150,\n", 2, ""},
		{"bad date rejected", "区人民医院,2025-03-07,药品,阿莫西林,甲医药,100,阳光平台\n区人民医院,2025-13-99,药品,头孢,甲医药,50,挂网\n合计,,,,,150,\n", 1,
			"合计行 matches the rows only with the 1 rejected row(s) counted, in 1 column(s); first 入库金额 = 150.00 元, loaded rows 100.00 元, rejected rows 50.00 元"},
		{"unknown institution rejected", "区人民医院,2025-03-07,药品,阿莫西林,甲医药,100,阳光平台\n不存在的医院,2025-03-08,药品,头孢,甲医药,50,挂网\n合计,,,,,150,\n", 1,
			"合计行 matches the rows only with the 1 rejected row(s) counted"},
		{"no institution rejected", ",2025-03-07,药品,阿莫西林,甲医药,100,阳光平台\n区人民医院,2025-03-08,药品,头孢,甲医药,50,挂网\n合计,,,,,150,\n", 1,
			"合计行 matches the rows only with the 1 rejected row(s) counted, in 1 column(s); first 入库金额 = 150.00 元, loaded rows 50.00 元, rejected rows 100.00 元"},
		{"wrong total", "区人民医院,2025-03-07,药品,阿莫西林,甲医药,100,阳光平台\n区人民医院,2025-03-08,药品,头孢,甲医药,50,挂网\n合计,,,,,160,\n", 2,
			"合计行 differs from the rows in 1 column(s), a wrong total or rows missing from the file; first 入库金额 = 160.00 元, loaded rows 150.00 元"},
		{"wrong total beside a reject", "区人民医院,2025-03-07,药品,阿莫西林,甲医药,100,阳光平台\n区人民医院,2025-13-99,药品,头孢,甲医药,50,挂网\n合计,,,,,170,\n", 1,
			"合计行 differs from the rows in 1 column(s), a wrong total or rows missing from the file; first 入库金额 = 170.00 元, loaded rows 100.00 元, rejected rows 50.00 元"},
		{"subtotal over a reject", "区人民医院,2025-03-07,药品,阿莫西林,甲医药,100,阳光平台\n区人民医院,2025-13-99,药品,头孢,甲医药,50,挂网\n小计,,,,,150,\n区人民医院,2025-03-09,药品,布洛芬,乙医药,30,线下\n小计,,,,,30,\n", 2,
			"1 subtotal or running-total cell(s) match the rows above them only with the rejected rows counted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := openTestDB(t)
			Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
			res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "采购入库.csv"), []byte(head+tc.body))}, Options{})
			if err != nil || res[0].Err != nil {
				t.Fatal(err, res[0].Err)
			}
			if res[0].Loaded != tc.loaded {
				t.Errorf("loaded %d, want %d (rejects %v)", res[0].Loaded, tc.loaded, res[0].Rejects)
			}
			switch {
			case tc.want == "" && len(res[0].Warnings) != 0:
				t.Errorf("warnings %q, want none", res[0].Warnings)
			case tc.want != "" && (len(res[0].Warnings) != 1 || !strings.Contains(res[0].Warnings[0], tc.want)):
				t.Errorf("warnings %q, want one with %q", res[0].Warnings, tc.want)
			}
		})
	}
}
