package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/warehouse"
)

// FuzzRowPath: arbitrary data rows under a known header go through the whole row path
// (sheet.go, values.go, the loader): never a panic or a file-level failure, every row
// read is loaded, rejected or skipped, and raw.rejected keeps no 身份证号.
func FuzzRowPath(f *testing.F) {
	f.Add("claims", "JS1,500113199001011234,张三,男,1990-01-01,2025-01-01,2025-01-05,100\nJS2,,李四,女,x,2025-13-01,,abc")
	f.Add("procurement", "2025-03-07,阿莫西林,药品,甲医药,1.5万,平台\n合计,,,,1.5,\n2025/3/8,\"头孢\n片\",药品,乙,-,线下")
	f.Add("payroll", "S1,王小明,内科,2025年3月,3000,5000,,8000\nS2,李四,外科,3月,abc,1,1,")
	f.Add("ledger", "2025-01-01,记-1,1001,期初余额,,100\n2025-01-02,记-2,1001,本月合计,5,5")
	headers := map[string]string{
		"claims":      "结算编号,身份证号,姓名,性别,出生日期,入院日期,出院日期,医疗总费用",
		"procurement": "采购日期,品名,类别,供应商,金额,采购渠道",
		"payroll":     "工号,姓名,科室,发放月份,基本工资,绩效工资,开单提成,应发合计",
		"ledger":      "凭证日期,凭证号,科目编码,摘要,借方金额,贷方金额",
	}
	dir := f.TempDir()
	ctx := context.Background()
	opt := Options{Institution: "T001", Year: 2025, KeyPath: filepath.Join(dir, "fuzz.key")}
	db, rg, ps := fuzzWarehouse(f, dir, opt)
	n := 0
	f.Fuzz(func(t *testing.T, kind, body string) {
		head, ok := headers[kind]
		if !ok {
			kind, head = "procurement", headers["procurement"]
		}
		n++
		p := filepath.Join(dir, fmt.Sprintf("f%d.csv", n))
		if err := os.WriteFile(p, []byte(head+"\n"+body), 0o644); err != nil {
			t.Fatal(err)
		}
		opt := opt
		opt.Kind = kind
		r := ingestFile(ctx, db, p, opt, rg, ps)
		if r.Err != nil {
			if strings.Contains(r.Err.Error(), "panic") {
				t.Fatal(r.Err)
			}
			return
		}
		if r.Duplicate {
			return
		}
		if r.Read != r.Loaded+r.Rejected+r.Skipped {
			t.Errorf("read %d ≠ loaded %d + rejected %d + skipped %d", r.Read, r.Loaded, r.Rejected, r.Skipped)
		}
		var cells string
		if err := db.QueryRow("select coalesce(string_agg(cells::varchar || reason, ' '), '') from raw.rejected where file_id = ?", r.FileID).Scan(&cells); err != nil {
			t.Fatal(err)
		}
		if kept := replaceIDNumbers(cells, func(id string) string { return "<" + id + ">" }); kept != cells {
			t.Errorf("raw.rejected keeps an identifier: %s", kept)
		}
	})
}

// fuzzWarehouse opens an in-memory warehouse holding the test registry, and gives what
// ingestFile needs past Ingest's once-per-call set-up (raw tables, key, registry), so that a
// fuzz target loads one file per input. The warehouse closes with the fuzz run.
func fuzzWarehouse(f *testing.F, dir string, opt Options) (*warehouse.DB, *registry, *pseudonymiser) {
	f.Helper()
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.InMemory, warehouse.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	reg := filepath.Join(dir, "机构名录.csv")
	if err := os.WriteFile(reg, []byte(registryCSV), 0o644); err != nil {
		f.Fatal(err)
	}
	if _, err := Ingest(ctx, db, []string{reg}, opt); err != nil {
		f.Fatal(err)
	}
	rg, err := loadRegistry(ctx, db.DB)
	if err != nil {
		f.Fatal(err)
	}
	ps, err := openKey(ctx, db.DB, opt.KeyPath, false)
	if err != nil {
		f.Fatal(err)
	}
	return db, rg, ps
}

// FuzzRegistryLookup: any text looked up in the registry (a cell, a flag, a path) gives
// one of its institutions or an error — never a code it does not hold, never a panic.
func FuzzRegistryLookup(f *testing.F) {
	f.Add("重庆市巴南区人民医院")
	f.Add("2025/区人民医院/采购.xlsx")
	f.Add("T002")
	f.Add("../../x")
	f.Add("<script>巴南区中医院")
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.InMemory, warehouse.Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	dir := f.TempDir()
	reg := filepath.Join(dir, "机构名录.csv")
	os.WriteFile(reg, []byte(registryCSV+"T003,巴南区人民医院分院,人民医院,一级,综合医院,巴南区,重庆\n"), 0o644)
	if _, err := Ingest(ctx, db, []string{reg}, Options{KeyPath: filepath.Join(dir, "k")}); err != nil {
		f.Fatal(err)
	}
	r, err := loadRegistry(ctx, db.DB)
	if err != nil || r.empty() {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, lookup := range []func(string) (string, error){r.resolve, r.findIn} {
			code, err := lookup(s)
			if err == nil && r.names[code] == "" {
				t.Errorf("%q resolved to %q, which is not registered", s, code)
			}
			if err != nil && code != "" {
				t.Errorf("%q: code %q with error %v", s, code, err)
			}
		}
		_ = r.candidates(s)
	})
}
