package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/warehouse"
)

func ingestCSV(t *testing.T, db *warehouse.DB, path, body string) FileResult {
	t.Helper()
	res, err := Ingest(context.Background(), db, []string{write(t, path, []byte(body))}, Options{})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	return res[0]
}

// rowsInForce counts the raw rows of kind in files in force, as staging reads them.
func rowsInForce(t *testing.T, db *warehouse.DB, kind string) int {
	return query[int](t, db, fmt.Sprintf(`select count(*) from raw.%q r join meta.ingest_file f on f.file_id = r._file_id where f.status = 'loaded'`, kind))
}

func procurementCSV(first string, n int, amount func(i int) int) string {
	var b strings.Builder
	b.WriteString("采购单号,采购日期,物资编码,品名,类别,供应商,金额,采购渠道\n")
	for i := 0; i < n; i++ {
		date := fmt.Sprintf("2025-%02d-%02d", i%12+1, i%28+1)
		if i == 0 {
			date = first
		}
		fmt.Fprintf(&b, "PO%04d,%s,M%03d,物资%d,药品,甲医药,%d,平台\n", i/3, date, i%3, i%3, amount(i))
	}
	return b.String()
}

// A corrected export whose first date moved by a day repeats every row of the first: it
// replaces it, and nothing is counted twice.
func TestCorrectionWithMovedDateSupersedes(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	ingestCSV(t, db, filepath.Join(dir, "机构名录.csv"), registryCSV)
	first := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "采购.csv"), procurementCSV("2025-01-01", 60, func(i int) int { return 100 + i }))
	fixed := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "采购(更正).csv"), procurementCSV("2025-01-02", 60, func(i int) int {
		if i == 7 {
			return 9999
		}
		return 100 + i
	}))
	if len(fixed.Superseded) != 1 || fixed.Superseded[0] != first.FileID {
		t.Fatalf("superseded %v, want [%d]; warnings %q", fixed.Superseded, first.FileID, fixed.Warnings)
	}
	if n := rowsInForce(t, db, "procurement"); n != 60 {
		t.Errorf("%d procurement rows in force, want 60", n)
	}
	if got := query[float64](t, db, `select sum(amount)::double from raw.procurement r join meta.ingest_file f on f.file_id = r._file_id where f.status = 'loaded'`); got != 60*100+59*60/2-107+9999 {
		t.Errorf("amount in force %v: want the corrected file's", got)
	}
	if n := query[int](t, db, "select count(*) from raw.procurement"); n != 120 {
		t.Errorf("history: %d raw rows, want both files kept (120)", n)
	}
}

// 在编 and 编外 payroll of the same year and months are two halves: neither replaces the other.
func TestComplementaryExportsAppend(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	ingestCSV(t, db, filepath.Join(dir, "机构名录.csv"), registryCSV)
	payroll := func(prefix string, staff int) string {
		var b strings.Builder
		b.WriteString("工号,姓名,科室,发放月份,基本工资,绩效工资\n")
		for m := 1; m <= 12; m++ {
			for s := 1; s <= staff; s++ {
				fmt.Fprintf(&b, "%s%02d,某某,内科,2025-%02d,3000,1000\n", prefix, s, m)
			}
		}
		return b.String()
	}
	a := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "工资_在编.csv"), payroll("Z", 4))
	b := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "工资_编外.csv"), payroll("W", 3))
	if len(b.Superseded) != 0 || len(b.Warnings) != 0 {
		t.Errorf("编外 after 在编: superseded %v, warnings %q; want neither", b.Superseded, b.Warnings)
	}
	staffMonths := query[int](t, db, `select count(distinct (staff_id, period)) from raw.payroll r join meta.ingest_file f on f.file_id = r._file_id where f.status = 'loaded'`)
	if staffMonths != 12*7 {
		t.Errorf("%d staff-months in force, want %d (files %d and %d)", staffMonths, 12*7, a.FileID, b.FileID)
	}
	// the same staff ids at another institution are other people
	other := ingestCSV(t, db, filepath.Join(dir, "巴南区中医院", "工资_在编.csv"), payroll("Z", 4))
	if len(other.Superseded) != 0 || len(other.Warnings) != 0 {
		t.Errorf("another institution's payroll: superseded %v, warnings %q", other.Superseded, other.Warnings)
	}
}

// A re-export of the whole year after its two halves repeats every row of both: it
// replaces both, each counted on its own (one query for all the earlier files).
func TestWholeReexportSupersedesBothHalves(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	ingestCSV(t, db, filepath.Join(dir, "机构名录.csv"), registryCSV)
	payroll := func(from, to, base int) string {
		var b strings.Builder
		b.WriteString("工号,姓名,科室,发放月份,基本工资,绩效工资\n")
		for m := from; m <= to; m++ {
			for s := 1; s <= 3; s++ {
				fmt.Fprintf(&b, "Z%02d,某某,内科,2025-%02d,%d,1000\n", s, m, base)
			}
		}
		return b.String()
	}
	h1 := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "工资_上半年.csv"), payroll(1, 6, 3000))
	h2 := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "工资_下半年.csv"), payroll(7, 12, 3000))
	whole := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "工资_全年.csv"), payroll(1, 12, 3000))
	if !slices.Equal(whole.Superseded, []int64{h1.FileID, h2.FileID}) || len(whole.Warnings) != 0 {
		t.Fatalf("superseded %v, warnings %q; want [%d %d] and none", whole.Superseded, whole.Warnings, h1.FileID, h2.FileID)
	}
	if n := rowsInForce(t, db, "payroll"); n != 12*3*2 {
		t.Errorf("%d payroll rows in force, want %d", n, 12*3*2)
	}
	// a corrected first half repeats half of the whole year: a warning, no replacement
	again := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "工资_上半年(重报).csv"), payroll(1, 6, 3100))
	if len(again.Superseded) != 0 || len(again.Warnings) != 1 || !strings.Contains(again.Warnings[0], fmt.Sprintf("of file %d ", whole.FileID)) {
		t.Errorf("half again: superseded %v, warnings %q", again.Superseded, again.Warnings)
	}
}

// A file that repeats part of an earlier one cannot be decided: both stay, a warning names
// the command, and the user's decision can be listed and undone.
func TestPartialOverlapKeepsBothUntilTheUserDecides(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	ctx := context.Background()
	ingestCSV(t, db, filepath.Join(dir, "机构名录.csv"), registryCSV)
	body := procurementCSV("2025-01-01", 30, func(i int) int { return 100 })
	lines := strings.Split(strings.TrimSpace(body), "\n")
	first := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "a.csv"), strings.Join(lines[:21], "\n")+"\n")                // rows 0–19
	second := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "b.csv"), lines[0]+"\n"+strings.Join(lines[11:], "\n")+"\n") // rows 10–29
	want := fmt.Sprintf("repeats 10 of the 20 rows of file %d (a.csv)", first.FileID)
	cmd := fmt.Sprintf("xuncha supersede %d --by %d", first.FileID, second.FileID)
	if len(second.Superseded) != 0 || len(second.Warnings) != 1 || !strings.Contains(second.Warnings[0], want) || !strings.Contains(second.Warnings[0], cmd) {
		t.Fatalf("superseded %v, warnings %q: want none superseded and one warning %q … %q", second.Superseded, second.Warnings, want, cmd)
	}
	if got := query[string](t, db, "select warnings from meta.ingest_file where file_id = ?", second.FileID); !strings.Contains(got, cmd) {
		t.Errorf("ledger warnings %q", got)
	}
	if n := rowsInForce(t, db, "procurement"); n != 40 {
		t.Errorf("%d rows in force, want both files (40)", n)
	}

	if err := Supersede(ctx, db.DB, first.FileID, second.FileID); err != nil {
		t.Fatal(err)
	}
	if n := rowsInForce(t, db, "procurement"); n != 20 {
		t.Errorf("after supersede: %d rows in force, want 20", n)
	}
	files, err := Files(ctx, db.DB)
	if err != nil {
		t.Fatal(err)
	}
	var listed string
	for _, f := range files {
		if f.SupersededBy != nil {
			listed += fmt.Sprintf("%d %s by %d;", f.ID, f.Status, *f.SupersededBy)
		}
	}
	if listed != fmt.Sprintf("%d superseded by %d;", first.FileID, second.FileID) {
		t.Errorf("Files lists %q", listed)
	}
	if err := Supersede(ctx, db.DB, first.FileID, second.FileID); err == nil || !strings.Contains(err.Error(), "is superseded, not loaded") {
		t.Errorf("superseding twice: %v", err)
	}
	if err := Restore(ctx, db.DB, first.FileID); err != nil {
		t.Fatal(err)
	}
	if n := rowsInForce(t, db, "procurement"); n != 40 {
		t.Errorf("after restore: %d rows in force, want 40", n)
	}
	if err := Restore(ctx, db.DB, 999); err == nil || !strings.Contains(err.Error(), "no file 999") {
		t.Errorf("restoring an unknown file: %v", err)
	}
}

// A file whose rows share natural keys (finer than the key: per department where the
// key is month and category) repeats every key of an earlier file without replacing it:
// both stay, with a warning, rather than one file's rows being dropped.
func TestCoarseKeySupersedesNothing(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	ingestCSV(t, db, filepath.Join(dir, "机构名录.csv"), registryCSV)
	var total, byDept strings.Builder
	total.WriteString("月份,收入类别,金额\n")
	byDept.WriteString("月份,收入类别,金额\n")
	for m := 1; m <= 6; m++ {
		for _, c := range []string{"药品收入", "检查收入"} {
			fmt.Fprintf(&total, "2025-%02d,%s,3000\n", m, c)
			fmt.Fprintf(&byDept, "2025-%02d,%s,1000\n2025-%02d,%s,2000\n", m, c, m, c)
		}
	}
	first := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "HIS收入.csv"), total.String())
	second := ingestCSV(t, db, filepath.Join(dir, "区人民医院", "科室收入.csv"), byDept.String())
	if first.Kinds[0] != "his_income" || second.Kinds[0] != "his_income" {
		t.Fatalf("kinds %v %v", first.Kinds, second.Kinds)
	}
	if len(second.Superseded) != 0 || len(second.Warnings) != 1 || !strings.Contains(second.Warnings[0], "does not tell every row") {
		t.Errorf("superseded %v, warnings %q; want none superseded and a warning", second.Superseded, second.Warnings)
	}
	if n := rowsInForce(t, db, "his_income"); n != 36 {
		t.Errorf("%d rows in force, want both files (36)", n)
	}
}

// A workbook of two kinds is compared with an earlier one in both: repeating every
// procurement row but none of the payroll rows replaces nothing (a warning counts the keys
// of both kinds); repeating both supersedes it.
func TestTwoKindWorkbookComparedInEveryKind(t *testing.T) {
	sheet := func(name, csv string) quirkSheet {
		var rows [][]any
		for _, line := range strings.Split(strings.TrimSpace(csv), "\n") {
			var row []any
			for _, c := range strings.Split(line, ",") {
				row = append(row, c)
			}
			rows = append(rows, row)
		}
		return quirkSheet{name, rows}
	}
	payroll := func(prefix string) string {
		var b strings.Builder
		b.WriteString("工号,姓名,科室,发放月份,基本工资,绩效工资\n")
		for m := 1; m <= 6; m++ {
			fmt.Fprintf(&b, "%s1,某某,内科,2025-%02d,3000,1000\n%s2,某某,外科,2025-%02d,3100,900\n", prefix, m, prefix, m)
		}
		return b.String()
	}
	procurement := procurementCSV("2025-01-01", 10, func(i int) int { return 100 + i })
	for _, c := range []struct {
		name, payroll string
		superseded    bool
		warning       string
	}{
		{"same procurement, other staff", payroll("F"), false, "repeats 10 of the 34 rows of file 2"},
		{"same procurement and staff, one pay corrected", strings.Replace(payroll("E"), "3100", "3150", 1), true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			db := openTestDB(t)
			ingestCSV(t, db, filepath.Join(dir, "机构名录.csv"), registryCSV)
			first := filepath.Join(dir, "区人民医院", "2025.xlsx")
			os.MkdirAll(filepath.Dir(first), 0o755)
			writeBook(t, first, []quirkSheet{sheet("采购", procurement), sheet("工资", payroll("E"))})
			second := filepath.Join(dir, "区人民医院", "2025(更正).xlsx")
			writeBook(t, second, []quirkSheet{sheet("采购", procurement), sheet("工资", c.payroll)})
			res, err := Ingest(context.Background(), db, []string{first, second}, Options{})
			if err != nil || res[0].Err != nil || res[1].Err != nil {
				t.Fatal(err, res)
			}
			if got := len(res[1].Superseded) == 1 && res[1].Superseded[0] == res[0].FileID; got != c.superseded {
				t.Errorf("superseded %v; warnings %q", res[1].Superseded, res[1].Warnings)
			}
			if w := strings.Join(res[1].Warnings, "\n"); !strings.Contains(w, c.warning) || (c.warning == "") != (w == "") {
				t.Errorf("warnings %q, want %q", w, c.warning)
			}
		})
	}
}
