package ingest

import (
	"context"
	"database/sql/driver"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/xuncha/xuncha/warehouse"
)

// BenchmarkInsertPaths: the CPU (user, the whole process: Go and DuckDB's threads) of
// putting the same claim lines, as the loader's values, into raw.claim_lines in one
// transaction on one DuckDB thread, as an ingest does: through the Arrow records of an
// inserter, and through DuckDB's appender (data chunks filled value by value).
// $XUNCHA_BENCH_INSERT_ROWS rows (default 1,850,000).
func BenchmarkInsertPaths(b *testing.B) {
	rows := envInt("XUNCHA_BENCH_INSERT_ROWS", 1_850_000)
	ct, _ := ContractFor("claim_lines")
	cols := ct.Columns()
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	row := func(i int) []driver.Value {
		sid, no, day, _, qty, price, item, doctor, dept := claimLine(i)
		it := claimItems[item]
		return []driver.Value{sid, float64(no), base.AddDate(0, 0, day), it.code, it.name, it.class, float64(qty),
			int64(price), int64(qty * price), doctor, dept, "T001", int64(1), "医保费用明细.csv", int32(i + 2)}
	}
	if n := len(row(0)); n != len(cols) {
		b.Fatalf("%d values for %d columns", n, len(cols))
	}
	paths := map[string]func(ctx context.Context, dc driver.Conn, in *inserter) error{
		"arrow": func(ctx context.Context, _ driver.Conn, in *inserter) error {
			bt := newBatch("claim_lines", cols)
			defer bt.release()
			for i := range rows {
				if err := bt.add(row(i)); err != nil {
					return err
				}
				if bt.full() {
					if err := in.send(bt); err != nil {
						return err
					}
				}
			}
			if err := in.send(bt); err != nil {
				return err
			}
			return in.finish()
		},
		"appender": func(_ context.Context, dc driver.Conn, _ *inserter) error {
			app, err := duckdb.NewAppender(dc, "", "raw", "claim_lines")
			if err != nil {
				return err
			}
			for i := range rows {
				if err := app.AppendRow(row(i)...); err != nil {
					app.Close()
					return err
				}
			}
			return app.Close()
		},
	}
	for range b.N {
		for _, name := range []string{"arrow", "appender", "arrow", "appender"} {
			ctx := context.Background()
			db, err := warehouse.Open(ctx, fmt.Sprintf("%s/%s.duckdb", b.TempDir(), name), warehouse.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if err := EnsureRawTables(ctx, db.DB); err != nil {
				b.Fatal(err)
			}
			restore, err := oneThread(ctx, db)
			if err != nil {
				b.Fatal(err)
			}
			conn, err := db.Conn(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
				b.Fatal(err)
			}
			before, start := userCPU(), time.Now()
			if name == "arrow" {
				err = paths[name](ctx, nil, newInserter(ctx, conn))
			} else {
				err = warehouse.Raw(ctx, conn, func(dc driver.Conn) error { return paths[name](ctx, dc, nil) })
			}
			if err == nil {
				_, err = conn.ExecContext(ctx, "COMMIT")
			}
			cpu, wall := userCPU()-before, time.Since(start)
			var n int
			if err == nil {
				err = conn.QueryRowContext(ctx, "select count(*) from raw.claim_lines").Scan(&n)
			}
			conn.Close()
			restore()
			db.Close()
			if err != nil || n != rows {
				b.Fatalf("%s: %d rows, %v", name, n, err)
			}
			b.Logf("%s: %d rows, %.2f s CPU (user), %.2f s", name, rows, cpu.Seconds(), wall.Seconds())
			b.ReportMetric(cpu.Seconds(), "s_cpu_"+name)
		}
	}
}

func userCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano())
}
