package marts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/xuncha/xuncha/marts/clausemap"
	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/transform"
	"github.com/xuncha/xuncha/warehouse"
)

// Build rebuilds everything from raw: staging and intermediate models (transform.Build), then
// the catalog and thresholds in force, the rules, and the marts. progress may be nil.
//
// A build is all or nothing: it runs in one transaction, so until it commits every reader
// sees the previous build's models and thresholds, and a failed or killed build leaves
// them as they were. meta.build records each build and how it ended.
func Build(ctx context.Context, db *warehouse.DB, th *Thresholds, progress func(transform.Step)) (steps []transform.Step, err error) {
	if th == nil {
		th = DefaultThresholds()
	}
	b, err := db.StartBuild(ctx, th.InForce())
	if err != nil {
		return nil, err
	}
	err = db.Atomic(ctx, func(tx *warehouse.DB) error {
		if steps, err = build(ctx, tx, th, progress, b.ID); err != nil {
			return err
		}
		return tx.FinishBuild(ctx, b, nil)
	})
	if err != nil {
		err = fmt.Errorf("%w (build #%d changed nothing: the marts and thresholds are those of the last complete build)", err, b.ID)
		return steps, errors.Join(err, db.FinishBuild(context.WithoutCancel(ctx), b, err))
	}
	return steps, nil
}

func build(ctx context.Context, db *warehouse.DB, th *Thresholds, progress func(transform.Step), buildID int64) ([]transform.Step, error) {
	rules, marts, err := ruleAndMartModels()
	if err != nil {
		return nil, err
	}
	steps, err := transform.Build(ctx, db, transform.Options{VendorSplits: th.VendorSplits}, progress)
	if err != nil {
		return steps, err
	}
	done := func(st transform.Step) {
		steps = append(steps, st)
		if progress != nil {
			progress(st)
		}
	}
	if err := writeCatalog(ctx, db, th); err != nil {
		return steps, err
	}
	if _, err := db.ExecContext(ctx, "delete from int_risk_flags"); err != nil {
		return steps, err
	}
	order, err := ruleOrder(rules)
	if err != nil {
		return steps, err
	}
	for _, m := range order {
		start := time.Now()
		id := ruleID(m)
		st := transform.Step{Model: m.Name, Rule: id}
		if st.Flags, st.Undated, err = runRule(ctx, db, id, m.Body); err != nil {
			return steps, fmt.Errorf("build %s.sql: %s", m.Name, warehouse.FirstLine(err.Error()))
		}
		st.Duration = time.Since(start)
		done(st)
	}
	if err := recordHistory(ctx, db, buildID); err != nil {
		return steps, err
	}
	return steps, transform.Run(ctx, db, marts, "table", done)
}

// runRule writes a rule's findings to int_risk_flags, all but those without a year: a finding
// resting on rows whose export carries no date cannot be placed in a year, and one such row
// must not fail the build. It returns the findings written and those left out.
func runRule(ctx context.Context, db *warehouse.DB, id, body string) (flags, undated int64, err error) {
	if _, err = db.ExecContext(ctx, "create or replace temp table rule_out as select ? as rule_id, * from ("+body+"\n)", id); err != nil {
		return 0, 0, err
	}
	defer func() {
		if _, derr := db.ExecContext(ctx, "drop table rule_out"); err == nil {
			err = derr
		}
	}()
	res, err := db.ExecContext(ctx, "insert into int_risk_flags by name select * from rule_out where year is not null")
	if err != nil {
		return 0, 0, err
	}
	if flags, err = res.RowsAffected(); err != nil {
		return 0, 0, err
	}
	err = db.QueryRowContext(ctx, "select count(*) from rule_out where year is null").Scan(&undated)
	return flags, undated, err
}

// Steps is how many steps Build reports through progress, for "model i of N".
func Steps() (int, error) {
	n, err := transform.Steps()
	if err != nil {
		return 0, err
	}
	rules, marts, err := ruleAndMartModels()
	return n + len(rules) + len(marts), err
}

// ruleAndMartModels loads sql/rules (each file a rule of the catalog) and sql/marts.
func ruleAndMartModels() (rules, marts []*transform.Model, err error) {
	rules, err = transform.LoadModels(xsql.FS, "rules", "risk_")
	if err != nil {
		return nil, nil, err
	}
	for _, m := range rules {
		if _, ok := RuleByID(ruleID(m)); !ok {
			return nil, nil, fmt.Errorf("rules/%s.sql: no rule %s in the catalog", m.Name, ruleID(m))
		}
	}
	marts, err = transform.LoadModels(xsql.FS, "marts", "mart_")
	return rules, marts, err
}

func ruleID(m *transform.Model) string { return strings.ToUpper(strings.TrimPrefix(m.Name, "risk_")) }

// ruleOrder orders the rules: a rule that reads int_risk_flags (SELF_CONTRADICTION reads the
// other rules' flags) after every rule that does not; rules that both read it do not see each
// other's flags.
func ruleOrder(rules []*transform.Model) ([]*transform.Model, error) {
	return transform.Order(rules, func(m *transform.Model) []string {
		if !m.Reads("int_risk_flags") {
			return nil
		}
		var deps []string
		for _, r := range rules {
			if !r.Reads("int_risk_flags") {
				deps = append(deps, r.Name)
			}
		}
		return deps
	})
}

// writeCatalog stores the catalog and the thresholds in force for this build (inside its
// transaction, so they change with the marts or not at all).
func writeCatalog(ctx context.Context, tx *warehouse.DB, th *Thresholds) error {
	for _, q := range []string{"delete from meta.rule_catalog", "delete from meta.rule_param", "delete from meta.rule_clause"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, r := range Catalog {
		if _, err := tx.ExecContext(ctx, "insert into meta.rule_catalog values (?, ?, ?, ?, ?)",
			r.ID, r.TitleZH, r.Area, strings.Join(r.Inputs, ","), r.Implemented()); err != nil {
			return err
		}
		for _, p := range r.Params {
			v, src := th.Value(r.ID, p.Name)
			if _, err := tx.ExecContext(ctx, "insert into meta.rule_param values (?, ?, ?, ?)", r.ID, p.Name, v, src); err != nil {
				return err
			}
		}
	}
	links, err := clausemap.Links()
	if err != nil {
		return err
	}
	ord := map[[2]string]int{}
	for _, role := range []string{clausemap.Primary, clausemap.Secondary} {
		for _, l := range links {
			if l.Role != role {
				continue
			}
			k := [2]string{l.Rule, l.Checklist}
			ord[k]++
			if _, err := tx.ExecContext(ctx, "insert into meta.rule_clause values (?, ?, ?, ?, ?)",
				l.Rule, l.Checklist, l.Clause, l.Role, ord[k]); err != nil {
				return err
			}
		}
	}
	return nil
}
