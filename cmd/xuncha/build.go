package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report"
	"github.com/xuncha/xuncha/transform"
	"github.com/xuncha/xuncha/warehouse"
)

func init() {
	register(command{name: "build", summary: "rebuild staging, risk rules and marts from raw", run: runBuild, logged: true})
	register(command{name: "rules", summary: "the rule catalog with the thresholds in force", run: runRules})
}

// loadThresholds reads --config; the file's sha256 and text go to the audit log, since
// the file may change after the build.
func (e *env) loadThresholds(path string) (*marts.Thresholds, error) {
	th := marts.DefaultThresholds()
	if path == "" {
		return th, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("--config: %v", err)
	}
	sum := sha256.Sum256(b)
	e.inputs = fmt.Sprintf("--config %s sha256:%x\n%s", path, sum, b)
	if err := th.ParseConfig(path, bytes.NewReader(b)); err != nil {
		return nil, usageError{err.Error()}
	}
	return th, nil
}

func runBuild(e *env, args []string) error {
	fs := e.newFlags("build", "[--config FILE]")
	config := fs.String("config", "", "rule thresholds file (lines RULE_ID.param = value)")
	verbose := fs.Bool("v", false, "print each model as it is built")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	th, err := e.loadThresholds(*config)
	if err != nil {
		return err
	}
	db, err := e.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	return buildAll(e, db, th, *verbose)
}

// buildAll is the build step of `build` and `demo`: raw tables for every contract,
// staging → rules → marts, table comments, then the data tests.
func buildAll(e *env, db *warehouse.DB, th *marts.Thresholds, verbose bool) error {
	if err := ingest.EnsureRawTables(e.ctx, db.DB); err != nil {
		return err
	}
	bar := newProgress(e)
	buildBar := bar.buildBar()
	steps, err := marts.Build(e.ctx, db, th, func(s transform.Step) {
		if verbose {
			fmt.Fprintf(e.stderr, "built %-40s %8.0f ms\n", s.Model, float64(s.Duration.Microseconds())/1000)
		} else {
			buildBar(s)
		}
	})
	bar.done()
	if err != nil {
		return err
	}
	if err := warehouse.CommentTables(e.ctx, db); err != nil {
		return fmt.Errorf("table comments: %w", err)
	}
	var flags int64
	rules := 0
	for _, s := range steps {
		if s.Rule != "" {
			rules++
			flags += s.Flags
		}
		if s.Undated > 0 {
			fmt.Fprintf(e.stderr, "warning: %s: %d finding(s) left out: the rows they rest on carry no date, so no year (are the files' date columns recognised? xuncha ingest -v)\n", s.Rule, s.Undated)
		}
	}
	fmt.Fprintf(e.stdout, "built %d models; %d rules raised %d flags (xuncha risks to list them)\n", len(steps), rules, flags)
	h, err := marts.LatestHistory(e.ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "build #%d over %d files (data version %.12s): %d flags new, %d persisting, %d gone since the builds before; %d reviewed by the panel\n",
		h.Build, h.DataFiles, h.DataVersion, h.New, h.Persisting, h.Gone, h.Reviewed)
	if years, err := report.DataYears(e.ctx, db, ""); err != nil {
		return err
	} else if len(years) == 0 {
		return errors.New("the warehouse holds no data: nothing has been ingested (xuncha ingest PATH first), so every mart is empty")
	}
	if err := warnDataAfterBuild(e, db); err != nil {
		return err
	}
	failures, err := marts.RunDataTests(e.ctx, db)
	if err != nil {
		return err
	}
	for _, f := range failures {
		fmt.Fprintln(e.stderr, "warning:", f)
	}
	if len(failures) > 0 {
		return fmt.Errorf("%d data test(s) failed; the marts may be wrong", len(failures))
	}
	return nil
}

// warnDataAfterBuild names the files with rows dated after today: data never lies in the
// future, and HR_NO_ROTATION and RECT_OVERDUE assess such an institution at the build date.
func warnDataAfterBuild(e *env, db *warehouse.DB) error {
	files, err := report.DataAfterBuild(e.ctx, db)
	if err != nil {
		return err
	}
	const shown = 5
	today := time.Now().Format(time.DateOnly)
	for i, f := range files {
		if i == shown {
			fmt.Fprintf(e.stderr, "warning: … and %d more files with rows dated after the build date\n", len(files)-shown)
			break
		}
		fmt.Fprintf(e.stderr, "warning: %s: %s rows dated after the build date %s (wrong dates? HR_NO_ROTATION and RECT_OVERDUE assess at the build date)\n",
			f.Path, groupDigits(strconv.FormatInt(f.Rows, 10)), today)
	}
	return nil
}

func runRules(e *env, args []string) error {
	fs := e.newFlags("rules", "[--config FILE]")
	config := fs.String("config", "", "rule thresholds file")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	th, err := e.loadThresholds(*config)
	if err != nil {
		return err
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "rule\tarea\tstatus\ttitle\tthresholds")
	for _, r := range marts.Catalog {
		status := "implemented"
		if !r.Implemented() {
			status = "planned"
		}
		params := ""
		for i, p := range r.Params {
			v, src := th.Value(r.ID, p.Name)
			if i > 0 {
				params += ", "
			}
			params += p.Name + "=" + humanNumber(v)
			if src != "default" {
				params += " (" + src + ")"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Area, status, r.TitleZH, params)
	}
	return tw.Flush()
}

// warnIncompleteBuild tells a reader of the marts that the last build failed or was
// interrupted, and so which build the marts come from.
func (e *env) warnIncompleteBuild(db *warehouse.DB) {
	msg, err := db.BuildWarning(e.ctx)
	if err != nil {
		e.log.Warn("could not read the build ledger", "err", err)
	}
	if msg != "" {
		fmt.Fprintln(e.stderr, "warning:", msg)
	}
}
