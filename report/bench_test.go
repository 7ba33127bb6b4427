package report

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/samples"
	"github.com/xuncha/xuncha/warehouse"
)

// BenchmarkPrevisitReport measures one institution's pre-visit report (load and
// render) on the default sample district: the issue asks for under 2 s. Setting up
// generates, ingests and builds the samples (a few minutes on a busy machine); set
// XUNCHA_BENCH_DB to an already built warehouse (e.g. demo/xuncha.duckdb) to skip it.
func BenchmarkPrevisitReport(b *testing.B) {
	ctx := context.Background()
	path := os.Getenv("XUNCHA_BENCH_DB")
	if path == "" {
		dir := b.TempDir()
		if _, err := samples.Generate(ctx, filepath.Join(dir, "data"), samples.Options{}, nil); err != nil {
			b.Fatal(err)
		}
		path = filepath.Join(dir, "xuncha.duckdb")
		db, err := warehouse.Open(ctx, path, warehouse.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ingest.Ingest(ctx, db, []string{filepath.Join(dir, "data")}, ingest.Options{}); err != nil {
			b.Fatal(err)
		}
		if _, err := marts.Build(ctx, db, nil, nil); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	db, err := warehouse.Open(ctx, path, warehouse.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	// the institution-year with the most flags
	var inst string
	var year int
	if err := db.QueryRowContext(ctx, `select institution_code, year from mart_risk_flags
		group by all order by count(*) desc, institution_code, year limit 1`).Scan(&inst, &year); err != nil {
		b.Fatal(err)
	}
	b.Run("html", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p, err := LoadPrevisit(ctx, db, inst, year, LoadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if err := WritePrevisitHTML(io.Discard, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("xlsx", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			p, err := LoadPrevisit(ctx, db, inst, year, LoadOptions{AllEvidence: true})
			if err != nil {
				b.Fatal(err)
			}
			if err := WritePrevisitXLSX(io.Discard, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("trend", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			t, err := LoadTrend(ctx, db, year-2, year, LoadOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if err := WriteTrendHTML(io.Discard, t); err != nil {
				b.Fatal(err)
			}
		}
	})
}
