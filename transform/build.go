package transform

import (
	"context"
	"fmt"
	"time"

	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// Step is the outcome of building one model, for progress and benchmarks.
type Step struct {
	Model    string
	Rule     string // the rule id, for a rule model
	Flags    int64  // flags a rule model wrote
	Undated  int64  // findings a rule model left out: their rows carry no date, so no year
	Duration time.Duration
}

// Build rebuilds the staging views, the self-inspection matching tables, the vendor master and
// the intermediate tables from raw. progress may be nil.
func Build(ctx context.Context, db *warehouse.DB, opts Options, progress func(Step)) ([]Step, error) {
	staging, err := LoadModels(xsql.FS, "staging", "stg_")
	if err != nil {
		return nil, err
	}
	inter, err := LoadModels(xsql.FS, "intermediate", "int_")
	if err != nil {
		return nil, err
	}
	if err := stagingReadsRaw(staging, inter); err != nil {
		return nil, err
	}
	var steps []Step
	done := func(st Step) {
		steps = append(steps, st)
		if progress != nil {
			progress(st)
		}
	}
	if err := Run(ctx, db, staging, "view", done); err != nil {
		return steps, err
	}
	matched, err := buildSelfMatch(ctx, db)
	if err != nil {
		return steps, fmt.Errorf("build self-inspection matching: %w", err)
	}
	for _, st := range matched {
		done(st)
	}
	vendors, err := buildVendors(ctx, db, opts.VendorSplits)
	if err != nil {
		return steps, fmt.Errorf("build the vendor master: %w", err)
	}
	done(vendors)
	return steps, Run(ctx, db, inter, "table", done)
}

// goSteps are the steps buildSelfMatch (3) and buildVendors (1) report
// (marts.TestStepsCountsWhatBuildReports holds the two together).
const goSteps = 4

// Steps is how many steps Build reports, for "model i of N".
func Steps() (int, error) {
	n := goSteps
	for _, layer := range [][2]string{{"staging", "stg_"}, {"intermediate", "int_"}} {
		ms, err := LoadModels(xsql.FS, layer[0], layer[1])
		if err != nil {
			return 0, err
		}
		n += len(ms)
	}
	return n, nil
}

// Run orders models by the names they mention and creates each as a view or a table.
func Run(ctx context.Context, db *warehouse.DB, models []*Model, kind string, done func(Step)) error {
	order, err := Order(models, nil)
	if err != nil {
		return err
	}
	for _, m := range order {
		start := time.Now()
		if _, err := db.ExecContext(ctx, fmt.Sprintf("create or replace %s %s as\n%s", kind, m.Name, m.Body)); err != nil {
			return fmt.Errorf("build %s.sql: %s", m.Name, warehouse.FirstLine(err.Error()))
		}
		done(Step{Model: m.Name, Duration: time.Since(start)})
	}
	return nil
}

// stagingReadsRaw refuses a staging view that names a later model: staging reads raw.* and
// other stg_ views only, so it can be built before anything else.
func stagingReadsRaw(staging, later []*Model) error {
	for _, m := range staging {
		for _, n := range later {
			if m.Reads(n.Name) {
				return fmt.Errorf("staging view %s reads %s: staging may read raw.* and other stg_ views only", m.Name, n.Name)
			}
		}
	}
	return nil
}
