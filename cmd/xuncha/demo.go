package main

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report"
	"github.com/xuncha/xuncha/samples"
)

func init() {
	register(command{name: "demo", summary: "the main job on the embedded defaults: samples → ingest → build → reports", run: runDemo, logged: true})
}

// runDemo generates the sample district into OUT/data, loads it into OUT/xuncha.duckdb
// (unless --db says otherwise), builds, prints the flags and writes the reports.
func runDemo(e *env, args []string) error {
	o, parse := samplesFlags(e, "demo", "[--out DIR] [--seed N] [--scale S]")
	if err := parse(args); err != nil {
		return err
	}
	if e.dbPath == envOr("XUNCHA_DB", "xuncha.duckdb") {
		e.dbPath = filepath.Join(o.out, "xuncha.duckdb")
	}
	data := filepath.Join(o.out, "data")
	// a demo starts clean: the same seed must give the same warehouse
	for _, p := range []string{data, e.dbPath, e.dbPath + ".wal", ingest.KeyPath(e.dbPath)} {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	step := e.stdoutStep

	step("samples → " + data)
	bar := newProgress(e)
	sum, err := samples.Generate(e.ctx, data, o.opt, bar.step)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "    %d files, %d planted flags, %d bad rows planted\n", sum.Files, sum.Truth, sum.Rejects)

	step("ingest")
	db, err := e.open(false)
	if err != nil {
		return err
	}
	bar = newProgress(e)
	results, err := ingest.Ingest(e.ctx, db, []string{data}, ingest.Options{Progress: bar.ingest})
	bar.done()
	if err != nil {
		db.Close()
		return err
	}
	var loaded, rejected, failed int64
	for _, r := range results {
		loaded += r.Loaded
		rejected += r.Rejected
		if r.Err != nil {
			failed++
			fmt.Fprintln(e.stderr, "error:", r.Err)
		}
	}
	fmt.Fprintf(e.stdout, "    %d files: %d rows loaded, %d rejected into raw.rejected, %d files refused\n", len(results), loaded, rejected, failed)

	step("build")
	if err := buildAll(e, db, nil, false); err != nil {
		db.Close()
		return err
	}
	ev, err := marts.Evaluate(e.ctx, db, filepath.Join(data, samples.TruthFile))
	db.Close()
	if err != nil {
		return err
	}

	step("flags per rule (all of them: xuncha --db " + e.dbPath + " risks)")
	if err := e.printRows(func(db report.DB) (*sql.Rows, error) { return report.RuleTotals(e.ctx, db) }); err != nil {
		return err
	}
	step("off-platform procurement (PROC_OFF_PLATFORM), the headline risk")
	if err := e.printRows(func(db report.DB) (*sql.Rows, error) {
		return report.Risks(e.ctx, db, report.RiskFilter{Rule: "PROC_OFF_PLATFORM"})
	}); err != nil {
		return err
	}
	step("agreement with the planted truth")
	if err := printEval(e, ev, 0.95, 0.90); err != nil {
		fmt.Fprintln(e.stderr, "note:", err)
	}
	return demoReports(e, o.out)
}

// printRows prints the rows list returns, read from the warehouse opened read-only, as a table.
func (e *env) printRows(list func(report.DB) (*sql.Rows, error)) error {
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := list(db)
	if err != nil {
		return err
	}
	defer rows.Close()
	_, err = writeRows(e.stdout, rows, "table")
	return err
}
