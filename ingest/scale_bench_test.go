package ingest

import (
	"archive/zip"
	"bufio"
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/duckdb/duckdb-go/v2"
	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/ingest/xlsx"
	"github.com/xuncha/xuncha/ingest/xlsx/xlsxtest"
	"github.com/xuncha/xuncha/warehouse"
)

// The scale benchmarks run each loader in a child process (this test binary again), so
// that every measurement has its own wall time and peak resident size, and compare it
// with a reference loader on the same file in the same run:
//
//	XLSX: xuncha ingest of a claim-lines workbook vs a bare excelize Rows() loop over it
//	CSV:  xuncha ingest of a claim-lines CSV vs DuckDB's read_csv into a table
//
//	hostile: a workbook with one 1.5 GB cell stays below 1 GB resident
//
// Run with -benchtime 1x: each benchmark repeats its measurements itself
// ($XUNCHA_BENCH_REPEAT, default 3) and reports medians. $XUNCHA_BENCH_XLSX_ROWS and
// $XUNCHA_BENCH_CSV_ROWS change the sizes (default 1,000,000 and 1,850,000).

const (
	childEnv     = "XUNCHA_BENCH_CHILD" // the loader a child runs
	childFileEnv = "XUNCHA_BENCH_FILE"
	childDBEnv   = "XUNCHA_BENCH_DB"
	// where an xuncha child writes its CPU profile (each child overwrites the last's)
	childProfileEnv = "XUNCHA_BENCH_CPUPROFILE"
)

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(child(mode))
	}
	os.Exit(m.Run())
}

// child runs one loader and prints the rows it loaded; its exit code.
func child(mode string) int {
	if path := os.Getenv(childProfileEnv); path != "" && mode == "xuncha" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	n, err := benchChild(mode, os.Getenv(childFileEnv), os.Getenv(childDBEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(n)
	return 0
}

// benchChild loads file one way and returns the rows it loaded.
func benchChild(mode, file, dbPath string) (int64, error) {
	ctx := context.Background()
	switch mode {
	case "excelize":
		f, err := excelize.OpenFile(file)
		if err != nil {
			return 0, err
		}
		defer f.Close()
		rows, err := f.Rows(f.GetSheetList()[0])
		if err != nil {
			return 0, err
		}
		var n int64
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				return n, err
			}
			n++
		}
		return n - 1, rows.Close()
	case "reader":
		wb, err := xlsx.Open(file, xlsx.Limits{})
		if err != nil {
			return 0, err
		}
		defer wb.Close()
		var n int64
		if _, err := wb.Merges(wb.Sheets[0]); err != nil {
			return 0, err
		}
		return n - 1, wb.Rows(wb.Sheets[0], func(*xlsx.Row) bool { n++; return true })
	case "read_csv":
		db, err := warehouse.Open(ctx, dbPath, warehouse.Options{MemoryLimit: os.Getenv("XUNCHA_BENCH_MEMORY")})
		if err != nil {
			return 0, err
		}
		defer db.Close()
		var n int64
		if _, err := db.ExecContext(ctx, "create table native as select * from read_csv(?, header = true)", file); err != nil {
			return 0, err
		}
		return n, db.QueryRowContext(ctx, "select count(*) from native").Scan(&n)
	case "arrow_insert":
		return arrowInsert(ctx, file, dbPath)
	case "xuncha", "hostile":
		memory := os.Getenv("XUNCHA_BENCH_MEMORY")
		if memory == "" { // as `xuncha ingest` opens it
			memory = warehouse.FormatSize(PlanMemory(0).DuckDB)
		}
		db, err := warehouse.Open(ctx, dbPath, warehouse.Options{MemoryLimit: memory})
		if err != nil {
			return 0, err
		}
		defer db.Close()
		reg := filepath.Join(filepath.Dir(dbPath), "机构名录.csv")
		if err := os.WriteFile(reg, []byte(registryCSV), 0o644); err != nil {
			return 0, err
		}
		if _, err := Ingest(ctx, db, []string{reg}, Options{KeyPath: dbPath + ".key"}); err != nil {
			return 0, err
		}
		opt := Options{KeyPath: dbPath + ".key"}
		if mode == "hostile" {
			opt.Institution = "T001"
		}
		res, err := Ingest(ctx, db, []string{file}, opt)
		if err != nil {
			return 0, err
		}
		if mode == "hostile" { // rows rejected: what is left of the file is in raw.rejected
			fmt.Fprintln(os.Stderr, res[0].Err, res[0].Rejects)
			return res[0].Rejected, nil
		}
		if res[0].Err != nil || res[0].Rejected > 0 {
			return 0, fmt.Errorf("%v, %d rejected: %v", res[0].Err, res[0].Rejected, res[0].Rejects)
		}
		return res[0].Loaded, nil
	}
	return 0, fmt.Errorf("unknown loader %q", mode)
}

// arrowInsert is the floor of any loader that converts rows itself and hands them to DuckDB
// as Arrow records: DuckDB inserting the rows of raw.claim_lines from records already in
// memory, on its default threads. Reading the CSV into those records is not timed; the
// insert's wall and CPU time go to stderr as "insert <wall ns> <user ns>".
func arrowInsert(ctx context.Context, file, dbPath string) (int64, error) {
	db, err := warehouse.Open(ctx, dbPath, warehouse.Options{MemoryLimit: os.Getenv("XUNCHA_BENCH_MEMORY")})
	if err != nil {
		return 0, err
	}
	defer db.Close()
	if err := EnsureRawTables(ctx, db.DB); err != nil {
		return 0, err
	}
	if _, err := db.ExecContext(ctx, `create temp table src as select * from raw.claim_lines limit 0;
		insert into src select column00, column01, column02::date, column03, column04, column05, column06, column07, column08,
			column09, column10, 'T001', 1, '医保费用明细', (row_number() over () + 1)::integer
		from read_csv(?, header = true, names = ['column00', 'column01', 'column02', 'column03', 'column04', 'column05',
			'column06', 'column07', 'column08', 'column09', 'column10', 'column11'])`, file); err != nil {
		return 0, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var n int64
	err = warehouse.Raw(ctx, conn, func(dc driver.Conn) error {
		ar, err := duckdb.NewArrowFromConn(dc)
		if err != nil {
			return err
		}
		rr, err := ar.QueryContext(ctx, "select * from src order by _row")
		if err != nil {
			return err
		}
		defer rr.Release()
		held := &heldRecords{schema: rr.Schema()}
		for rr.Next() {
			rec := rr.RecordBatch()
			rec.Retain()
			held.recs = append(held.recs, rec)
			n += rec.NumRows()
		}
		defer held.free()
		if _, err := dc.(driver.ExecerContext).ExecContext(ctx, "drop table src", nil); err != nil {
			return err
		}
		release, err := ar.RegisterView(held, "held")
		if err != nil {
			return err
		}
		defer release()
		var before, after syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &before)
		start := time.Now()
		if _, err := dc.(driver.ExecerContext).ExecContext(ctx, "insert into raw.claim_lines select * from held", nil); err != nil {
			return err
		}
		wall := time.Since(start)
		syscall.Getrusage(syscall.RUSAGE_SELF, &after)
		fmt.Fprintf(os.Stderr, "insert %d %d\n", wall.Nanoseconds(), after.Utime.Nano()-before.Utime.Nano())
		return nil
	})
	return n, err
}

// heldRecords reads records held in memory, once.
type heldRecords struct {
	schema *arrow.Schema
	recs   []arrow.RecordBatch
	next   int
}

func (h *heldRecords) Retain()                        {}
func (h *heldRecords) Release()                       {}
func (h *heldRecords) Schema() *arrow.Schema          { return h.schema }
func (h *heldRecords) Next() bool                     { h.next++; return h.next <= len(h.recs) }
func (h *heldRecords) RecordBatch() arrow.RecordBatch { return h.recs[h.next-1] }
func (h *heldRecords) Record() arrow.RecordBatch      { return h.recs[h.next-1] }
func (h *heldRecords) Err() error                     { return nil }
func (h *heldRecords) free() {
	for _, r := range h.recs {
		r.Release()
	}
}

// run is one child process's measurement.
type run struct {
	wall time.Duration
	user time.Duration // CPU in user mode
	rss  float64       // peak resident MiB
	rows int64
	// what the child timed itself (arrowInsert)
	innerWall, innerUser time.Duration
}

func measure(b *testing.B, mode, file string) run {
	b.Helper()
	dir, err := os.MkdirTemp(filepath.Dir(file), "run")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childFileEnv+"="+file, childDBEnv+"="+filepath.Join(dir, "w.duckdb"))
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("%s %s: %v\n%s", mode, filepath.Base(file), err, errOut.String())
	}
	r := run{wall: time.Since(start)}
	r.rows, _ = strconv.ParseInt(strings.TrimSpace(out.String()), 10, 64)
	var wall, user int64
	if _, err := fmt.Sscanf(errOut.String(), "insert %d %d", &wall, &user); err == nil {
		r.innerWall, r.innerUser = time.Duration(wall), time.Duration(user)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.user = time.Duration(ru.Utime.Nano())
		r.rss = float64(ru.Maxrss) / 1024 // KiB on Linux
		if runtime.GOOS == "darwin" {
			r.rss /= 1024 // bytes on macOS
		}
	}
	return r
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// BenchmarkScaleXLSX: goal ratio ≤ 1.0 against the bare excelize loop, peak RSS below
// 400 MiB, and flat: the peaks at a tenth, a half and all of the rows.
func BenchmarkScaleXLSX(b *testing.B) {
	rows := envInt("XUNCHA_BENCH_XLSX_ROWS", 1_000_000)
	dir := b.TempDir()
	small := filepath.Join(dir, "small", "甲区人民医院", "医保费用明细.xlsx")
	half := filepath.Join(dir, "half", "甲区人民医院", "医保费用明细.xlsx")
	large := filepath.Join(dir, "large", "甲区人民医院", "医保费用明细.xlsx")
	if err := writeClaimLinesXLSX(small, rows/10); err != nil {
		b.Fatal(err)
	}
	if err := writeClaimLinesXLSX(half, rows/2); err != nil {
		b.Fatal(err)
	}
	if err := writeClaimLinesXLSX(large, rows); err != nil {
		b.Fatal(err)
	}
	var ratio, readerRatio, ours, theirs, rssSmall, rssHalf, rssLarge, rssTheirs, flat []float64
	for range b.N {
		for range envInt("XUNCHA_BENCH_REPEAT", 3) {
			s := measure(b, "xuncha", small)
			h := measure(b, "xuncha", half)
			l := measure(b, "xuncha", large)
			e := measure(b, "excelize", large)
			r := measure(b, "reader", large)
			if s.rows != int64(rows/10) || h.rows != int64(rows/2) || l.rows != int64(rows) || e.rows != int64(rows) || r.rows != int64(rows) {
				b.Fatalf("rows: xuncha %d, %d and %d, excelize %d, reader %d; want %d, %d and %d", s.rows, h.rows, l.rows, e.rows, r.rows, rows/10, rows/2, rows)
			}
			b.Logf("xlsx peak RSS: %d rows %.0f MiB, %d rows %.0f MiB, %d rows %.0f MiB (%.2f× the tenth)", rows/10, s.rss, rows/2, h.rss, rows, l.rss, l.rss/s.rss)
			b.Logf("xlsx reader alone (merges pre-scan + rows): %.1f s %.0f MiB, ratio %.3f", r.wall.Seconds(), r.rss, r.wall.Seconds()/e.wall.Seconds())
			readerRatio = append(readerRatio, r.wall.Seconds()/e.wall.Seconds())
			ratio = append(ratio, l.wall.Seconds()/e.wall.Seconds())
			ours, theirs = append(ours, l.wall.Seconds()), append(theirs, e.wall.Seconds())
			rssSmall, rssHalf, rssLarge, rssTheirs = append(rssSmall, s.rss), append(rssHalf, h.rss), append(rssLarge, l.rss), append(rssTheirs, e.rss)
			flat = append(flat, l.rss/s.rss)
			b.Logf("xlsx %d rows: xuncha %.1f s %.0f MiB (%d rows: %.0f MiB), excelize %.1f s %.0f MiB, ratio %.3f",
				rows, l.wall.Seconds(), l.rss, rows/10, s.rss, e.wall.Seconds(), e.rss, l.wall.Seconds()/e.wall.Seconds())
		}
	}
	b.ReportMetric(median(ratio), "x_excelize_rows")
	b.ReportMetric(median(readerRatio), "reader_x_excelize_rows")
	b.ReportMetric(median(ours), "s_xuncha")
	b.ReportMetric(median(theirs), "s_excelize")
	b.ReportMetric(median(rssLarge), "MiB_peak")
	b.ReportMetric(median(rssHalf), "MiB_peak_half")
	b.ReportMetric(median(rssSmall), "MiB_peak_tenth")
	b.ReportMetric(median(flat), "x_peak_tenth")
	b.ReportMetric(median(rssTheirs), "MiB_peak_excelize")
}

// BenchmarkScaleCSV: goal wall ratio ≤ 1.25 against DuckDB's read_csv into a table.
func BenchmarkScaleCSV(b *testing.B) {
	rows := envInt("XUNCHA_BENCH_CSV_ROWS", 1_850_000)
	path := filepath.Join(b.TempDir(), "甲区人民医院", "医保费用明细.csv")
	if err := writeClaimLinesCSV(path, rows); err != nil {
		b.Fatal(err)
	}
	var ratio, floor, ours, theirs, rss, rssTheirs []float64
	for range b.N {
		for range envInt("XUNCHA_BENCH_REPEAT", 3) {
			x := measure(b, "xuncha", path)
			d := measure(b, "read_csv", path)
			a := measure(b, "arrow_insert", path)
			if x.rows != int64(rows) || d.rows != int64(rows) || a.rows != int64(rows) {
				b.Fatalf("rows: xuncha %d, read_csv %d, Arrow insert %d, want %d", x.rows, d.rows, a.rows, rows)
			}
			ratio = append(ratio, x.wall.Seconds()/d.wall.Seconds())
			floor = append(floor, a.innerWall.Seconds()/d.wall.Seconds())
			ours, theirs = append(ours, x.wall.Seconds()), append(theirs, d.wall.Seconds())
			rss, rssTheirs = append(rss, x.rss), append(rssTheirs, d.rss)
			b.Logf("csv %d lines: xuncha %.1f s (user %.1f s) %.0f MiB, read_csv %.1f s (user %.1f s) %.0f MiB, ratio %.3f; DuckDB's insert of the rows from Arrow records in memory alone %.1f s (user %.1f s), %.3f of read_csv",
				rows, x.wall.Seconds(), x.user.Seconds(), x.rss, d.wall.Seconds(), d.user.Seconds(), d.rss, x.wall.Seconds()/d.wall.Seconds(),
				a.innerWall.Seconds(), a.innerUser.Seconds(), a.innerWall.Seconds()/d.wall.Seconds())
		}
	}
	b.ReportMetric(median(ratio), "x_read_csv")
	b.ReportMetric(median(floor), "x_read_csv_arrow_insert_alone")
	b.ReportMetric(median(ours), "s_xuncha")
	b.ReportMetric(median(theirs), "s_read_csv")
	b.ReportMetric(median(rss), "MiB_peak")
	b.ReportMetric(median(rssTheirs), "MiB_peak_read_csv")
}

// BenchmarkScaleHostile: a workbook of a few MB holding one cell of 1.5 GB (as a shared
// string, and inline) is ingested in bounded memory: the row is rejected, the process stays
// far below 1 GB resident.
func BenchmarkScaleHostile(b *testing.B) {
	size := int64(envInt("XUNCHA_BENCH_HOSTILE_MB", 1536)) << 20
	dir := b.TempDir()
	for range b.N {
		for _, inline := range []bool{false, true} {
			path := filepath.Join(dir, fmt.Sprintf("hostile-inline-%v.xlsx", inline))
			if err := xlsxtest.HugeCell(path, size, inline); err != nil {
				b.Fatal(err)
			}
			st, _ := os.Stat(path)
			r := measure(b, "hostile", path)
			b.Logf("one %d MiB cell (inline %v) in a %.1f MiB workbook: %.1f s, peak %.0f MiB, %d row rejected",
				size>>20, inline, float64(st.Size())/(1<<20), r.wall.Seconds(), r.rss, r.rows)
			if r.rows != 1 || r.rss > 1024 {
				b.Errorf("want the row rejected within 1 GiB resident, got %d rejected at %.0f MiB", r.rows, r.rss)
			}
			b.ReportMetric(r.rss, fmt.Sprintf("MiB_peak_inline_%v", inline))
		}
	}
}

// claim lines: 8 lines a settlement, a small vocabulary of items, doctors, departments.
var (
	claimHeader = []string{"结算编号", "明细序号", "费用发生时间", "医保项目编码", "医保项目名称", "项目类别", "数量", "单价", "金额", "开单医生", "开单科室", "机构名称"}
	claimItems  = []struct{ code, name, class string }{
		{"XA01BA001", "阿莫西林胶囊", "药品"}, {"XC09AA002", "卡托普利片", "中成药"}, {"001102000010000", "门诊诊查费", "诊疗项目"},
		{"002501000010000", "血常规检查", "检查"}, {"C0123000001", "一次性输液器", "医用耗材"}, {"001103000010000", "床位费", "床位"},
		{"XN02BE001", "对乙酰氨基酚片", "西药"}, {"003107000010000", "彩色多普勒超声", "诊疗"},
	}
	claimDoctors = []string{"王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周杰", "吴芳"}
	claimDepts   = []string{"内科", "外科", "儿科", "妇产科", "急诊科", "骨科", "眼科", "中医科"}
)

const claimInstitution = "重庆市巴南区人民医院"

func claimLine(i int) (sid string, no, day, secs, qty, priceFen int, item int, doctor, dept string) {
	s := i / 8
	item = (i*7 + s) % len(claimItems)
	return fmt.Sprintf("JS2025%08d", s), i%8 + 1, s % 365, (s*37 + i) % 86400, 1 + i%3, 150 + (i*13)%9000, item,
		claimDoctors[s%len(claimDoctors)], claimDepts[s%len(claimDepts)]
}

func writeClaimLinesCSV(path string, rows int) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, strings.Join(claimHeader, ","))
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range rows {
		sid, no, day, secs, qty, price, item, doctor, dept := claimLine(i)
		it := claimItems[item]
		t := base.AddDate(0, 0, day).Add(time.Duration(secs) * time.Second)
		fmt.Fprintf(w, "%s,%d,%s,%s,%s,%s,%d,%d.%02d,%d.%02d,%s,%s,%s\n", sid, no, t.Format("2006-01-02 15:04:05"),
			it.code, it.name, it.class, qty, price/100, price%100, qty*price/100, qty*price%100, doctor, dept, claimInstitution)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

// writeClaimLinesXLSX writes the workbook an export would: every text in the shared
// strings, numbers and date serials as numbers, cell references on every cell.
func writeClaimLinesXLSX(path string, rows int) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	z := zip.NewWriter(f)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	part := func(name, body string) {
		w, _ := z.Create(name)
		io.WriteString(w, body)
	}
	part("[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)
	part("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="费用明细" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)

	// shared strings: the header and vocabulary first, then one id per settlement
	var fixed []string
	index := map[string]int{}
	intern := func(s string) {
		if _, ok := index[s]; !ok {
			index[s] = len(fixed)
			fixed = append(fixed, s)
		}
	}
	for _, h := range claimHeader {
		intern(h)
	}
	for _, it := range claimItems {
		intern(it.code)
		intern(it.name)
		intern(it.class)
	}
	for _, s := range append(append(slices.Clone(claimDoctors), claimDepts...), claimInstitution) {
		intern(s)
	}
	settlements := (rows + 7) / 8
	sw, _ := z.Create("xl/sharedStrings.xml")
	w := bufio.NewWriterSize(sw, 1<<20)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, rows*8, len(fixed)+settlements)
	for _, s := range fixed {
		fmt.Fprintf(w, "<si><t>%s</t></si>", s)
	}
	for s := range settlements {
		fmt.Fprintf(w, "<si><t>JS2025%08d</t></si>", s)
	}
	w.WriteString("</sst>")
	w.Flush()

	ws, _ := z.Create("xl/worksheets/sheet1.xml")
	w = bufio.NewWriterSize(ws, 1<<20)
	w.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	str := func(col byte, row, idx int) { fmt.Fprintf(w, `<c r="%c%d" t="s"><v>%d</v></c>`, col, row, idx) }
	num := func(col byte, row int, v string) { fmt.Fprintf(w, `<c r="%c%d"><v>%s</v></c>`, col, row, v) }
	w.WriteString(`<row r="1">`)
	for c, h := range claimHeader {
		str(byte('A'+c), 1, index[h])
	}
	w.WriteString(`</row>`)
	for i := range rows {
		r := i + 2
		_, no, day, secs, qty, price, item, doctor, dept := claimLine(i)
		it := claimItems[item]
		fmt.Fprintf(w, `<row r="%d">`, r)
		str('A', r, len(fixed)+i/8)
		num('B', r, strconv.Itoa(no))
		num('C', r, strconv.FormatFloat(45658+float64(day)+float64(secs)/86400, 'f', -1, 64))
		str('D', r, index[it.code])
		str('E', r, index[it.name])
		str('F', r, index[it.class])
		num('G', r, strconv.Itoa(qty))
		num('H', r, strconv.FormatFloat(float64(price)/100, 'f', -1, 64))
		num('I', r, strconv.FormatFloat(float64(qty*price)/100, 'f', -1, 64))
		str('J', r, index[doctor])
		str('K', r, index[dept])
		str('L', r, index[claimInstitution])
		w.WriteString(`</row>`)
	}
	w.WriteString(`</sheetData></worksheet>`)
	w.Flush()
	if err := z.Close(); err != nil {
		return err
	}
	return f.Close()
}

// TestScaleGenerators: the benchmark files load completely and the two formats agree.
func TestScaleGenerators(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
		t.Fatal(err)
	}
	x, c := filepath.Join(dir, "x", "明细.xlsx"), filepath.Join(dir, "c", "明细.csv")
	if err := writeClaimLinesXLSX(x, 2000); err != nil {
		t.Fatal(err)
	}
	if err := writeClaimLinesCSV(c, 2000); err != nil {
		t.Fatal(err)
	}
	res, err := Ingest(context.Background(), db, []string{x, c}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil || r.Loaded != 2000 || r.Rejected != 0 || r.Kinds[0] != "claim_lines" {
			t.Fatalf("%s: %+v", r.Path, r)
		}
	}
	var diff int
	q := `select count(*) from (
		(select * exclude (_file_id, _sheet) from raw.claim_lines where _file_id = $1 except all select * exclude (_file_id, _sheet) from raw.claim_lines where _file_id = $2)
		union all
		(select * exclude (_file_id, _sheet) from raw.claim_lines where _file_id = $2 except all select * exclude (_file_id, _sheet) from raw.claim_lines where _file_id = $1))`
	if err := db.QueryRow(q, res[0].FileID, res[1].FileID).Scan(&diff); err != nil {
		t.Fatal(err)
	}
	if diff != 0 {
		var js []byte
		rows, _ := db.Query("select * exclude (_file_id, _sheet) from raw.claim_lines order by _row, _file_id limit 4")
		cols, _ := rows.Columns()
		for rows.Next() {
			v := make([]any, len(cols))
			p := make([]any, len(cols))
			for i := range v {
				p[i] = &v[i]
			}
			rows.Scan(p...)
			js, _ = json.Marshal(v)
			t.Logf("%s", js)
		}
		t.Errorf("%d rows differ between the workbook and the CSV", diff)
	}
}
