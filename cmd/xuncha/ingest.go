package main

import (
	"fmt"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/warehouse"
)

func init() {
	register(command{name: "ingest", summary: "load extracts (files or folders: xlsx, csv, parquet)", run: runIngest, logged: true})
}

func runIngest(e *env, args []string) error {
	fs := e.newFlags("ingest", "[--kind K] [--institution CODE|NAME] [--year Y] [--mapping FILE] [--cell-limit SIZE] [-v] PATH...")
	kind := fs.String("kind", "", "dataset kind for every sheet, overriding detection ("+strings.Join(ingest.Kinds(), ", ")+")")
	inst := fs.String("institution", "", "institution code or registered name, for files that do not say")
	year := fs.Int("year", 0, "year for dates and months written without one (3月, 3月7日), and of budgets and self-reports that state none in a column, title, footer, sheet or file name")
	mapping := fs.String("mapping", "", "mapping file fixing kinds and columns (default: "+ingest.MapFileName+" beside the data or in a parent folder)")
	quiet := fs.Bool("q", false, "print only problems")
	verbose := fs.Bool("v", false, "also say, per sheet, which kind it was taken for (score, runner-up) and, per column, which field and why")
	cellLimit := fs.String("cell-limit", "4MiB", "a row with a larger cell is rejected, only the cell's first 256 bytes kept in raw.rejected (e.g. 512KB, 16MiB)")
	newKey := fs.Bool("new-key", false, "start a new pseudonymisation key when the warehouse's key is missing or replaced (people loaded before will not match people loaded after)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("name at least one file or folder")
	}
	opt := ingest.Options{Kind: *kind, Institution: *inst, Year: *year, NewKey: *newKey, MappingFile: *mapping}
	plan, err := planIngestMemory(e, *cellLimit, &opt)
	if err != nil {
		return err
	}
	debug.SetMemoryLimit(plan.Heap)
	e.memory = warehouse.FormatSize(plan.DuckDB)
	db, err := e.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	bar := newProgress(e)
	opt.Progress = bar.ingest
	results, err := ingest.Ingest(e.ctx, db, fs.Args(), opt)
	bar.done()
	if err != nil {
		return err
	}
	if len(results) == 0 {
		return fmt.Errorf("nothing to ingest in %s: no spreadsheet, CSV or Parquet file found", strings.Join(fs.Args(), ", "))
	}
	return reportIngest(e, results, *quiet, *verbose)
}

// planIngestMemory reads --memory-limit (the whole process's, DuckDB and the readers
// together) and --cell-limit into opt and says how the memory is shared.
func planIngestMemory(e *env, cellLimit string, opt *ingest.Options) (ingest.MemoryPlan, error) {
	if e.memory != "" {
		n, err := warehouse.ParseSize(e.memory)
		if err != nil {
			return ingest.MemoryPlan{}, usagef("--memory-limit: %v", err)
		}
		if n < ingest.MinMemoryLimit {
			return ingest.MemoryPlan{}, usagef("--memory-limit %s: an ingest needs at least %s", e.memory, warehouse.FormatSize(ingest.MinMemoryLimit))
		}
		opt.MemoryLimit = n
	}
	plan := ingest.PlanMemory(opt.MemoryLimit)
	n, err := warehouse.ParseSize(cellLimit)
	if err != nil {
		return plan, usagef("--cell-limit: %v", err)
	}
	if n > plan.MaxCell {
		return plan, usagef("--cell-limit %s: at most %s within a memory limit of %s; raise --memory-limit",
			cellLimit, warehouse.FormatSize(plan.MaxCell), warehouse.FormatSize(max(opt.MemoryLimit, ingest.DefaultMemoryLimit)))
	}
	opt.MaxCellBytes = n
	return plan, nil
}

// reportIngest prints one line per problem and a per-file table; the exit code says
// whether anything failed (1) or was rejected (3).
func reportIngest(e *env, results []ingest.FileResult, quiet, verbose bool) error {
	var failed, rejected int
	for _, r := range results {
		if r.Err != nil {
			failed++
			fmt.Fprintln(e.stderr, "error:", r.Err)
			continue
		}
		if r.Ignored != "" {
			fmt.Fprintf(e.stderr, "ignored: %s: %s\n", r.Path, r.Ignored)
		}
		for _, re := range r.Rejects {
			fmt.Fprintln(e.stderr, "rejected:", re)
		}
		if r.Rejected > int64(len(r.Rejects)) {
			fmt.Fprintf(e.stderr, "rejected: %s: %d more rows (see raw.rejected where file_id = %d)\n", r.Path, r.Rejected-int64(len(r.Rejects)), r.FileID)
		}
		for _, w := range r.Warnings {
			fmt.Fprintf(e.stderr, "warning: %s: %s\n", r.Path, w)
		}
		if r.Rejected > 0 {
			rejected++
		}
	}
	if !quiet {
		tw := newTable(e.stdout)
		fmt.Fprintln(tw, "file\tkind\tinstitution\tread\tloaded\trejected\tskipped\tnote")
		for _, r := range results {
			note, loaded, rejected := "", r.Loaded, r.Rejected
			switch {
			case r.Err != nil:
				// the file's transaction was rolled back: what it had read is not in the warehouse
				note, loaded, rejected = "FAILED: nothing loaded", 0, 0
			case r.Ignored != "":
				note = "ignored: not an extract"
			case r.Duplicate:
				note = fmt.Sprintf("already ingested (file %d)", r.FileID)
			case len(r.Superseded) > 0:
				note = fmt.Sprintf("supersedes file %v", r.Superseded)
			case len(r.Warnings) > 0:
				note = fmt.Sprintf("%d warning(s)", len(r.Warnings))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", r.Path, strings.Join(r.Kinds, ","), r.Institution, r.Read, loaded, rejected, r.Skipped, note)
		}
		tw.Flush()
	}
	var reviews int64
	for _, r := range results {
		if r.Err == nil && !r.Duplicate && slices.Contains(r.Kinds, ingest.ReviewKind) {
			reviews += r.Loaded
		}
	}
	if reviews > 0 {
		fmt.Fprintf(e.stdout, "%d review(s) recorded; `xuncha build` brings them into the marts and reports\n", reviews)
	}
	if verbose {
		for _, r := range results {
			ingest.WriteExplain(e.stdout, r)
		}
	}
	switch {
	case failed > 0:
		return fmt.Errorf("%d of %d file(s) could not be ingested", failed, len(results))
	case rejected > 0:
		fmt.Fprintf(e.stderr, "%d file(s) had rejected rows; every other row was loaded\n", rejected)
		return errRejected
	}
	return nil
}
