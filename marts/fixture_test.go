package marts

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/warehouse"
)

// fixture is a throw-away in-memory warehouse for rule tests: rows go straight into raw.<kind>
// under a fake ingested file, then Build runs the real SQL.
type fixture struct {
	t    *testing.T
	db   *warehouse.DB
	ctx  context.Context
	file int64
	row  int
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db, err := warehouse.Open(ctx, warehouse.InMemory, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := ingest.EnsureRawTables(ctx, db.DB); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, db: db, ctx: ctx, file: 1}
	f.exec(`insert into meta.ingest_file (file_id, path, file_name, sha256, size_bytes, rows_read, rows_loaded, rows_rejected, rows_skipped, status, ingested_at)
		values (1, 'fixture.xlsx', 'fixture.xlsx', 'x', 0, 0, 0, 0, 0, 'loaded', now())`)
	f.registry()
	return f
}

// registry loads a small registry: H3A/H3B 三级, H2A 二级, P1 乡镇卫生院 (primary care).
func (f *fixture) registry() {
	for _, r := range [][]string{
		{"H3A", "甲市第一人民医院", "三级甲等", "综合医院", "巴南区", "重庆"},
		{"H3B", "甲市第二人民医院", "三级乙等", "综合医院", "巴南区", "重庆"},
		{"H2A", "甲市中医医院", "二级甲等", "中医医院", "巴南区", "重庆"},
		{"P1", "甲镇卫生院", "一级", "乡镇卫生院", "巴南区", "重庆"},
	} {
		f.insert("institutions", map[string]any{"institution_code": r[0], "name": r[1], "tier": r[2], "category": r[3], "district": r[4], "city": r[5]})
	}
}

func (f *fixture) exec(q string, args ...any) {
	f.t.Helper()
	if _, err := f.db.ExecContext(f.ctx, q, args...); err != nil {
		f.t.Fatalf("%v\n%s", err, q)
	}
}

// insert adds one raw row; columns not given are NULL. Dates may be given as "2025-03-07".
func (f *fixture) insert(kind string, row map[string]any) {
	f.t.Helper()
	f.row++
	sheet := "Sheet1"
	if s, ok := row["_sheet"].(string); ok {
		sheet = s
	}
	cols := []string{"_file_id", "_sheet", "_row"}
	vals := []any{f.file, sheet, f.row}
	keys := make([]string, 0, len(row))
	for k := range row {
		if k != "_sheet" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		cols = append(cols, warehouse.QuoteIdent(k))
		vals = append(vals, row[k])
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	f.exec(fmt.Sprintf("insert into raw.%s (%s) values (%s)", warehouse.QuoteIdent(kind), strings.Join(cols, ", "), ph), vals...)
}

// exported records the fields a sheet of the fixture's file had columns for, as ingest does:
// the fields not named are absent from that sheet's export.
func (f *fixture) exported(sheet, kind string, fields ...string) {
	f.t.Helper()
	for i, fd := range fields {
		f.exec(`insert into meta.ingest_column values (?, ?, ?, ?, ?, ?, 1, 'fixture')`, f.file, sheet, kind, i+1, fd, fd)
	}
}

// build runs the whole build with optional config lines ("RULE.param = v").
func (f *fixture) build(config ...string) {
	f.t.Helper()
	th := DefaultThresholds()
	if len(config) > 0 {
		if err := th.ParseConfig("test.conf", strings.NewReader(strings.Join(config, "\n"))); err != nil {
			f.t.Fatal(err)
		}
	}
	if _, err := Build(f.ctx, f.db, th, nil); err != nil {
		f.t.Fatal(err)
	}
}

type flag struct {
	Institution, Period, Subject, Severity string
	Year, EvidenceRows                     int
	Score                                  float64
	Amount                                 *float64
}

// flags returns the flags of one rule, ordered by institution, period, subject.
func (f *fixture) flags(rule string) []flag {
	f.t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `select institution_code, period, subject, severity, year, evidence_rows, score, amount_yuan::double
		from mart_risk_flags where rule_id = ? order by institution_code, period, subject`, rule)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []flag
	for rows.Next() {
		var fl flag
		if err := rows.Scan(&fl.Institution, &fl.Period, &fl.Subject, &fl.Severity, &fl.Year, &fl.EvidenceRows, &fl.Score, &fl.Amount); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, fl)
	}
	return out
}

// subjects is a compact view for assertions: "INST/period/subject".
func (f *fixture) subjects(rule string) []string {
	var out []string
	for _, fl := range f.flags(rule) {
		out = append(out, fl.Institution+"/"+fl.Period+"/"+fl.Subject)
	}
	return out
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}
