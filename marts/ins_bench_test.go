package marts

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/ingest"
	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// BenchmarkInsuranceRules times each insurance rule against the bare DuckDB scan it needs (the
// GROUP BY or join the rule cannot do without), on N synthetic claim lines generated in DuckDB.
// N is XUNCHA_BENCH_LINES (default 1,000,000); XUNCHA_BENCH_MEMORY sets memory_limit (e.g. 2GB).
// Reported per rule: rule_s and scan_s per run, rule/scan, and lines/s through the rule.
//
//	XUNCHA_BENCH_LINES=10000000 go test -tags duckdb_arrow -run '^$' -bench BenchmarkInsuranceRules -benchtime 3x ./marts
func BenchmarkInsuranceRules(b *testing.B) {
	ctx, db, n := benchWarehouse(b)
	start := time.Now()
	benchClaims(b, ctx, db, n)
	b.Logf("%d claim lines generated and built in %s", n, time.Since(start).Round(time.Millisecond))

	// the bare scans: what each rule has to read and group at the least
	const linesClaims = `stg_claim_lines l join stg_claims c using (institution_code, settlement_id)`
	scans := map[string]string{
		"patient_item_day": `select c.patient_id, l.item_code, l.service_date, count(*), sum(l.qty)
			from ` + linesClaims + ` group by all`,
		"settlement_price": `select l.settlement_id, count(*), max(l.unit_price_yuan - p.max_price_yuan)
			from stg_claim_lines l join stg_price_list p using (item_code) group by all`,
		"settlement_stay": `select l.settlement_id, count(*), min(l.service_date - c.admit_date), max(l.service_date - c.discharge_date)
			from ` + linesClaims + ` group by all`,
		"settlement_day": `select l.settlement_id, l.service_date, count(*), sum(l.amount_yuan)
			from ` + linesClaims + ` group by all`,
		"settlement_price_patient": `select l.settlement_id, count(*), max(p.age_max), min(c.gender)
			from ` + linesClaims + ` join stg_price_list p using (item_code) group by all`,
		"patient_diagnosis": `select patient_id, diagnosis_3, count(*), max(discharge_date) from stg_claims group by all`,
	}
	benchRules(b, ctx, db, n, scans, []benchRule{
		{rule: "INS_DUPLICATE_BILLING", scan: "patient_item_day"},
		{rule: "INS_FREQUENCY_EXCEEDED", scan: "patient_item_day"},
		{rule: "INS_OVER_PRICE", scan: "settlement_price"},
		{rule: "INS_OUTSIDE_STAY", scan: "settlement_stay"},
		{rule: "INS_GENDER_AGE_MISMATCH", scan: "settlement_price_patient"},
		{rule: "INS_BED_HANGING", scan: "settlement_day"},
		{rule: "INS_SPLIT_ADMISSION", scan: "patient_diagnosis", clean: true},
	})
}

// benchWarehouse opens a warehouse in the benchmark's temporary folder, with
// XUNCHA_BENCH_MEMORY as its memory_limit, and the claim lines to generate: XUNCHA_BENCH_LINES,
// default 1,000,000.
func benchWarehouse(b *testing.B) (context.Context, *warehouse.DB, int) {
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("XUNCHA_BENCH_LINES")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db, err := warehouse.Open(ctx, filepath.Join(b.TempDir(), "bench.duckdb"), warehouse.Options{MemoryLimit: os.Getenv("XUNCHA_BENCH_MEMORY")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	return ctx, db, n
}

// benchRule is a rule timed against the bare scan it needs (a key of the scans), with the
// model only it reads (a file under sql/), whose time counts as the rule's.
type benchRule struct {
	rule, scan, model string
	clean             bool // the benchmark data plants no case of it
}

// benchRules times each rule against its scan. Every column of every row is hashed: under a
// bare count(*) DuckDB drops the columns and aggregates nothing reads, and a scan would time
// less than it says, a rule less than it builds. Reported per rule: rule_s and scan_s per
// run, rule/scan, claim lines/s through the rule, and its flags.
func benchRules(b *testing.B, ctx context.Context, db *warehouse.DB, n int, scans map[string]string, rules []benchRule) {
	run := func(q string) (int64, time.Duration) {
		t0 := time.Now()
		var c int64
		var h uint64
		if err := db.QueryRowContext(ctx, "select count(*), coalesce(max(hash(t)), 0) from ("+q+"\n) t").Scan(&c, &h); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
		return c, time.Since(t0)
	}
	read := func(file string) string {
		body, err := fs.ReadFile(xsql.FS, file)
		if err != nil {
			b.Fatal(err)
		}
		return strings.TrimRight(string(body), " \n\t;")
	}
	for _, rc := range rules {
		q := read("rules/risk_" + strings.ToLower(rc.rule) + ".sql")
		var model string
		if rc.model != "" {
			model = read(rc.model)
		}
		b.Run(rc.rule, func(b *testing.B) {
			var tr, ts time.Duration
			var flags int64
			for i := 0; i < b.N; i++ {
				_, d := run(scans[rc.scan])
				ts += d
				if model != "" {
					_, d = run(model)
					tr += d
				}
				flags, d = run(q)
				tr += d
			}
			if flags == 0 && !rc.clean {
				b.Fatalf("%s raised no flag: the benchmark data should hold some", rc.rule)
			}
			b.ReportMetric(tr.Seconds()/float64(b.N), "rule_s")
			b.ReportMetric(ts.Seconds()/float64(b.N), "scan_s")
			b.ReportMetric(float64(tr)/float64(ts), "rule/scan")
			b.ReportMetric(float64(n)*float64(b.N)/tr.Seconds(), "lines/s")
			b.ReportMetric(float64(flags), "flags")
		})
	}
}

// benchClaims fills raw.claims and raw.claim_lines with n lines (10 a settlement, two
// settlements a patient, four institutions) and a small price list, then builds the views.
// Everything is set-based SQL over generate_series, so generating 10 M lines takes seconds.
// Rare violations of every rule but split admission are mixed in, so that the rules build
// evidence too. extra statements (other extracts) run before the build.
func benchClaims(b *testing.B, ctx context.Context, db *warehouse.DB, n int, extra ...string) {
	b.Helper()
	if err := ingest.EnsureRawTables(ctx, db.DB); err != nil {
		b.Fatal(err)
	}
	settlements := (n + 9) / 10
	stmts := []string{
		`insert into meta.ingest_file (file_id, path, file_name, sha256, size_bytes, rows_read, rows_loaded, rows_rejected, rows_skipped, status, ingested_at)
			values (1, 'bench', 'bench', 'x', 0, 0, 0, 0, 0, 'loaded', now())`,
		`insert into raw.institutions (institution_code, name, tier, category, _file_id, _sheet, _row) values
			('H3A', '甲院', '三级甲等', '综合医院', 1, 'r', 1), ('H3B', '乙院', '三级乙等', '综合医院', 1, 'r', 2),
			('H2A', '丙院', '二级甲等', '综合医院', 1, 'r', 3), ('H2B', '丁院', '二级乙等', '综合医院', 1, 'r', 4)`,
		// item k: 0 bed, 1 nursing (bed-only items), 2–9 limited services, 10–19 services without a
		// limit, 20 a women-only and 21 a children-only item; codes 22–39 are drugs (not listed)
		`insert into raw.price_list (item_code, item_name, max_price, max_qty_per_day, gender_limit, age_min, age_max, _file_id, _sheet, _row)
			select 'I' || k,
			       case k when 0 then '床位费' when 1 then '二级护理' else '项目' || k end,
			       20 + k,
			       case when k < 10 then 1 + k % 3 end,
			       case when k = 20 then '女' end,
			       case when k = 21 then 0 end,
			       case when k = 21 then 14 end,
			       1, 'p', k
			from range(22) t(k)`,
		fmt.Sprintf(`insert into raw.claims (institution_code, settlement_id, patient_id, gender, birth_date, visit_type,
				admit_date, discharge_date, diagnosis_code, total_amount, fund_paid, department, doctor, _file_id, _sheet, _row)
			select ['H3A', 'H3B', 'H2A', 'H2B'][s %% 4 + 1],
			       'S' || s,
			       'P' || (s // 8) || '-' || (s %% 4),
			       case when s %% 2 = 0 then '男' else '女' end,
			       date '1940-01-01' + ((s * 37) %% 30000)::integer,
			       case when s %% 3 = 0 then '门诊' else '住院' end,
			       date '2025-01-01' + ((s * 7) %% 340)::integer,
			       date '2025-01-01' + ((s * 7) %% 340 + case when s %% 3 = 0 then 0 else 3 + s %% 7 end)::integer,
			       ['J18.900', 'K80.100', 'I50.900', 'S72.000', 'E11.900'][s %% 5 + 1],
			       1000 + s %% 900, 600 + s %% 500,
			       ['内科', '外科', '骨科', '儿科'][s %% 4 + 1],
			       'D' || (s %% 97),
			       1, 'c', s
			from range(%d) t(s)`, settlements),
		fmt.Sprintf(`insert into raw.claim_lines (institution_code, settlement_id, line_no, service_date, item_code, item_class,
				qty, unit_price, amount, doctor, department, _file_id, _sheet, _row)
			with g as (
				select i, i // 10 as s, i %% 10 as k,
				       case when i %% 10 < 2 or (i // 10) %% 1009 = 0 then i %% 2
				            when (i * 7919) %% 40 in (20, 21) and i %% 5003 <> 0 then 10
				            else (i * 7919) %% 40 end as item
				from range(%d) t(i)
			)
			select ['H3A', 'H3B', 'H2A', 'H2B'][s %% 4 + 1],
			       'S' || s,
			       k + 1,
			       date '2025-01-01' + ((s * 7) %% 340
			           + case when s %% 3 = 0 then 0 else k %% (3 + s %% 7) end
			           + case when i %% 100003 = 0 then 30 else 0 end)::integer,
			       'I' || item,
			       case when item < 2 then '服务设施' when item < 22 then '诊疗项目' else '药品' end,
			       case when i %% 10007 = 0 then 3 else 1 end,
			       (20 + item) + case when i %% 50021 = 0 then 1 else 0 end,
			       ((20 + item) + case when i %% 50021 = 0 then 1 else 0 end) * case when i %% 10007 = 0 then 3 else 1 end,
			       'D' || (s %% 97),
			       ['内科', '外科', '骨科', '儿科'][s %% 4 + 1],
			       1, 'l', i
			from g`, n),
	}
	for _, q := range append(stmts, extra...) {
		if _, err := db.ExecContext(ctx, q); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
	}
	steps, err := Build(ctx, db, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	// the shared patient-item-day chain is paid once in the build, not in either rule's time
	for _, st := range steps {
		if st.Model == "int_item_day_lines_over_limit" {
			b.Logf("%s built in %s", st.Model, st.Duration.Round(time.Millisecond))
		}
	}
}
