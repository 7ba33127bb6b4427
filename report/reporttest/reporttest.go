// Package reporttest builds small warehouses with planted flags, for the tests and
// benchmarks of the report package and of the CLI commands that read marts
// (report, export). Rows go straight into raw.<kind> under fake ingested files, then
// marts.Build runs the real SQL, so the flags are what the rules really raise.
//
// The planted data, by institution (registry: H3A and H3B 三级, H2A 二级, P1 基层):
//
//   - H3A 2025: 940,000 元 of drugs on the platform and 60,000 元 offline (6 %): one
//     PROC_OFF_PLATFORM flag on 药品. Its offline lines carry hostile text: a vendor
//     named <script>…</script>, an item named =cmd|' /C calc'!A0 and an ID-card
//     number, which reports must escape, neutralise and mask.
//   - H3A 2024: a smaller offline share (8 % of 500,000 元): a flag in the year before.
//   - H3B 2025: 20 % offline: a flag, so that H3A has a peer with a higher score.
//   - H2A 2025: platform only, no flag.
//   - Two rows of H3A's 2025 file were rejected at ingest.
package reporttest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/warehouse"
)

// Planted values tests assert on.
const (
	Institution     = "H3A"
	InstitutionName = "甲市第一人民医院"
	Year            = 2025
	Rule            = "PROC_OFF_PLATFORM"
	Subject         = "药品"
	HostileVendor   = `<script>alert("xuncha")</script>`
	HostileItem     = `=cmd|' /C calc'!A0`
	IDCard          = "11010519491231002X"
	OfflineYuan     = 60000.0
	RejectedRows    = 2
)

// Options scale the fixture for benchmarks; the zero value is the small fixture.
type Options struct {
	// ExtraInstitutions adds that many 三级 institutions (X001…) with a year of
	// procurement each, half of them with an offline-purchase flag.
	ExtraInstitutions int
	// LinesPerInstitution is the procurement lines of each extra institution per
	// year; 0 means 200.
	LinesPerInstitution int
	// Path is where the warehouse goes; "" means a file in t.TempDir().
	Path string
}

type fixture struct {
	t    testing.TB
	ctx  context.Context
	db   *warehouse.DB
	rows map[int64]int
	file int64
	app  map[string][][]any // kind → pending rows, inserted in batches
	cols map[string][]string
}

var small struct {
	sync.Mutex
	file []byte // the built warehouse file
}

// New returns a fresh copy of the small fixture warehouse; it is closed when the
// test ends. The fixture is built once per test binary and its file kept in memory
// for the next copies, since a build takes a second or two.
func New(t testing.TB) *warehouse.DB {
	t.Helper()
	b := smallFile(t)
	dst := filepath.Join(t.TempDir(), "w.duckdb")
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(context.Background(), dst, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// smallFile builds the shared fixture on first use. The deferred unlock also runs
// when t.Fatal ends the goroutine.
func smallFile(t testing.TB) []byte {
	t.Helper()
	small.Lock()
	defer small.Unlock()
	if small.file == nil {
		db := build(t, Options{Path: filepath.Join(t.TempDir(), "w.duckdb")})
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(db.Path)
		if err != nil {
			t.Fatal(err)
		}
		small.file = b
	}
	return small.file
}

// NewWith builds a fixture warehouse with options; it is closed when the test ends.
func NewWith(t testing.TB, opt Options) *warehouse.DB {
	t.Helper()
	if opt.Path == "" {
		opt.Path = filepath.Join(t.TempDir(), "w.duckdb")
	}
	db := build(t, opt)
	t.Cleanup(func() { db.Close() })
	return db
}

func build(t testing.TB, opt Options) *warehouse.DB {
	t.Helper()
	ctx := context.Background()
	db, err := warehouse.Open(ctx, opt.Path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ingest.EnsureRawTables(ctx, db.DB); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, ctx: ctx, db: db, rows: map[int64]int{}, app: map[string][][]any{}, cols: map[string][]string{}}
	f.plant(opt)
	if _, err := marts.Build(ctx, db, nil, nil); err != nil {
		db.Close()
		t.Fatal(err)
	}
	return db
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.ExecContext(f.ctx, q, args...); err != nil {
		f.t.Fatalf("%v\n%s", err, q)
	}
}

// newFile registers an ingested file and returns its id, from the ledger's sequence as ingest
// takes it, so that files ingested into the fixture later get the next ids.
func (f *fixture) newFile(name, kind, inst string, from, to string) int64 {
	if err := f.db.QueryRowContext(f.ctx, "select nextval('meta.file_id_seq')").Scan(&f.file); err != nil {
		f.t.Fatal(err)
	}
	var pf, pt any
	if from != "" {
		pf, pt = from, to
	}
	f.exec(`insert into meta.ingest_file (file_id, path, file_name, sha256, size_bytes, kinds, institution_code, period_from, period_to,
			rows_read, rows_loaded, rows_rejected, rows_skipped, status, ingested_at)
		values (?, ?, ?, ?, 0, ?, ?, ?::date, ?::date, 0, 0, 0, 0, 'loaded', now())`,
		f.file, "extracts/"+name, name, fmt.Sprintf("sha-%d", f.file), kind, nullable(inst), pf, pt)
	f.exec(`insert into meta.ingest_sheet (file_id, sheet, kind, detection, header_row, institution_code, attributed_by,
			rows_read, rows_loaded, rows_rejected, rows_skipped)
		values (?, 'Sheet1', ?, 'fixture', 1, ?, 'flag', 0, 0, 0, 0)`, f.file, kind, nullable(inst))
	return f.file
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// add queues one raw row of file into raw.<kind>; columns not given are NULL.
func (f *fixture) add(kind string, file int64, row map[string]any) {
	f.rows[file]++
	keys := make([]string, 0, len(row))
	for k := range row {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sig := kind + ":" + strings.Join(keys, ",")
	if _, ok := f.cols[sig]; !ok {
		f.cols[sig] = keys
	}
	vals := []any{file, "Sheet1", f.rows[file] + 1}
	for _, k := range keys {
		vals = append(vals, row[k])
	}
	f.app[sig] = append(f.app[sig], vals)
	if len(f.app[sig]) >= 500 {
		f.flush(sig)
	}
}

func (f *fixture) flush(sig string) {
	f.t.Helper()
	rows := f.app[sig]
	if len(rows) == 0 {
		return
	}
	kind, _, _ := strings.Cut(sig, ":")
	cols := []string{"_file_id", "_sheet", "_row"}
	for _, k := range f.cols[sig] {
		cols = append(cols, warehouse.QuoteIdent(k))
	}
	ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	var args []any
	phs := make([]string, len(rows))
	for i, r := range rows {
		phs[i] = ph
		args = append(args, r...)
	}
	f.exec(fmt.Sprintf("insert into raw.%s (%s) values %s", warehouse.QuoteIdent(kind), strings.Join(cols, ", "), strings.Join(phs, ", ")), args...)
	f.app[sig] = nil
}

func (f *fixture) flushAll() {
	sigs := make([]string, 0, len(f.app))
	for s := range f.app {
		sigs = append(sigs, s)
	}
	sort.Strings(sigs)
	for _, s := range sigs {
		f.flush(s)
	}
}

func day(year, month, d int) time.Time {
	return time.Date(year, time.Month(month), d, 0, 0, 0, 0, time.UTC)
}

func (f *fixture) order(file int64, inst string, date time.Time, no, item, vendor, channel string, amount float64) {
	f.add("procurement", file, map[string]any{
		"institution_code": inst, "order_no": no, "order_date": date, "item_code": "I-" + item, "item_name": item,
		"category": "药品", "vendor": vendor, "qty": 1.0, "unit_price": amount, "amount": amount, "channel": channel,
	})
}

func (f *fixture) plant(opt Options) {
	reg := f.newFile("机构名录.xlsx", "institutions", "", "", "")
	for _, r := range [][]string{
		{"H3A", InstitutionName, "三级甲等", "综合医院"},
		{"H3B", "甲市第二人民医院", "三级乙等", "综合医院"},
		{"H2A", "甲市中医医院", "二级甲等", "中医医院"},
		{"P1", "甲镇卫生院", "一级", "乡镇卫生院"},
	} {
		f.add("institutions", reg, map[string]any{"institution_code": r[0], "name": r[1], "tier": r[2], "category": r[3], "district": "巴南区", "city": "重庆"})
	}
	for i := 1; i <= opt.ExtraInstitutions; i++ {
		f.add("institutions", reg, map[string]any{"institution_code": fmt.Sprintf("X%03d", i), "name": fmt.Sprintf("乙市第%d医院", i),
			"tier": "三级甲等", "category": "综合医院", "district": "乙区", "city": "重庆"})
	}

	// H3A 2025: platform drugs every month, offline in March and April (6 %).
	a25 := f.newFile("H3A_采购明细_2025.xlsx", "procurement", "H3A", "2025-01-05", "2025-12-05")
	for m := 1; m <= 12; m++ {
		f.order(a25, "H3A", day(2025, m, 5), fmt.Sprintf("A25-%02d", m), "阿莫西林胶囊", "国药控股", "platform", 940000.0/12)
	}
	f.order(a25, "H3A", day(2025, 3, 9), "A25-X1", HostileItem, HostileVendor, "offline", 35000)
	f.order(a25, "H3A", day(2025, 4, 9), "A25-X2", "头孢克肟 "+IDCard, "本地医药公司", "offline", 25000)
	f.exec(`insert into raw.rejected values (?, 'Sheet1', 40, 'procurement', '金额', '金额无法识别：abc', '["2025-05-01","x","abc"]'),
		(?, 'Sheet1', 41, 'procurement', '日期', '日期无法识别', '["2025-13-45","y","100"]')`, a25, a25)

	// H3A 2024: 8 % offline of 500,000.
	a24 := f.newFile("H3A_采购明细_2024.xlsx", "procurement", "H3A", "2024-01-05", "2024-12-05")
	for m := 1; m <= 12; m++ {
		f.order(a24, "H3A", day(2024, m, 5), fmt.Sprintf("A24-%02d", m), "阿莫西林胶囊", "国药控股", "platform", 460000.0/12)
	}
	f.order(a24, "H3A", day(2024, 6, 9), "A24-X1", "布洛芬缓释胶囊", "本地医药公司", "offline", 40000)

	// H3B 2025: 20 % offline.
	b25 := f.newFile("H3B_采购明细_2025.xlsx", "procurement", "H3B", "2025-01-05", "2025-12-05")
	for m := 1; m <= 12; m++ {
		f.order(b25, "H3B", day(2025, m, 5), fmt.Sprintf("B25-%02d", m), "阿莫西林胶囊", "国药控股", "platform", 800000.0/12)
	}
	for i := 0; i < 4; i++ {
		f.order(b25, "H3B", day(2025, 2+i, 11), fmt.Sprintf("B25-X%d", i), "奥美拉唑", "本地医药公司", "offline", 50000)
	}

	// H2A 2025: platform only.
	c25 := f.newFile("H2A_采购明细_2025.xlsx", "procurement", "H2A", "2025-01-05", "2025-12-05")
	for m := 1; m <= 12; m++ {
		f.order(c25, "H2A", day(2025, m, 5), fmt.Sprintf("C25-%02d", m), "阿莫西林胶囊", "国药控股", "platform", 30000)
	}

	lines := opt.LinesPerInstitution
	if lines <= 0 {
		lines = 200
	}
	for i := 1; i <= opt.ExtraInstitutions; i++ {
		code := fmt.Sprintf("X%03d", i)
		file := f.newFile(code+"_采购明细_2025.xlsx", "procurement", code, "2025-01-01", "2025-12-28")
		for n := 0; n < lines; n++ {
			channel := "platform"
			if i%2 == 0 && n%5 == 0 {
				channel = "offline"
			}
			f.order(file, code, day(2025, 1+n%12, 1+n%28), fmt.Sprintf("%s-%05d", code, n), fmt.Sprintf("品种%03d", n%300),
				fmt.Sprintf("供应商%02d", n%17), channel, float64(1000+n%50*100))
		}
	}
	f.flushAll()
}
