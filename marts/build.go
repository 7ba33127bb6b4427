package marts

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// model is one SQL file: staging view, intermediate/mart table, or rule.
type model struct {
	name string // file name without .sql: the table it builds
	body string
	rule *Rule
	deps []string
}

// Step is the outcome of building one model, for progress and benchmarks.
type Step struct {
	Model    string
	Rule     string
	Flags    int64
	Duration time.Duration
}

// Build rebuilds staging, rules and marts from raw. progress may be nil.
func Build(ctx context.Context, db *warehouse.DB, th *Thresholds, progress func(Step)) ([]Step, error) {
	if th == nil {
		th = DefaultThresholds()
	}
	models, err := loadModels(xsql.FS)
	if err != nil {
		return nil, err
	}
	order, err := topoSort(models)
	if err != nil {
		return nil, err
	}
	// Phases: staging views, then the Go steps (self-inspection matching, selfmatch.go), which
	// read staging views and write int_* tables, then every other model in dependency order.
	order, nStaging, err := stagingFirst(order)
	if err != nil {
		return nil, err
	}
	if err := writeCatalog(ctx, db, th); err != nil {
		return nil, err
	}
	if _, err := db.ExecContext(ctx, "delete from int_risk_flags"); err != nil {
		return nil, err
	}
	var steps []Step
	goSteps := func() error {
		done, err := buildSelfMatch(ctx, db)
		if err != nil {
			return fmt.Errorf("build self-inspection matching: %w", err)
		}
		for _, st := range done {
			steps = append(steps, st)
			if progress != nil {
				progress(st)
			}
		}
		return nil
	}
	for i, m := range order {
		if i == nStaging {
			if err := goSteps(); err != nil {
				return steps, err
			}
		}
		start := time.Now()
		st := Step{Model: m.name}
		var err error
		switch {
		case m.rule != nil:
			st.Rule = m.rule.ID
			var res interface{ RowsAffected() (int64, error) }
			res, err = db.ExecContext(ctx, "insert into int_risk_flags by name select ? as rule_id, * from ("+m.body+"\n)", m.rule.ID)
			if err == nil {
				st.Flags, _ = res.RowsAffected()
			}
		case strings.HasPrefix(m.name, "stg_"):
			_, err = db.ExecContext(ctx, fmt.Sprintf("create or replace view %s as\n%s", m.name, m.body))
		default:
			_, err = db.ExecContext(ctx, fmt.Sprintf("create or replace table %s as\n%s", m.name, m.body))
		}
		if err != nil {
			return steps, fmt.Errorf("build %s.sql: %s", m.name, strings.TrimSpace(firstLine(err.Error())))
		}
		st.Duration = time.Since(start)
		steps = append(steps, st)
		if progress != nil {
			progress(st)
		}
	}
	if nStaging == len(order) {
		if err := goSteps(); err != nil {
			return steps, err
		}
	}
	return steps, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func loadModels(fsys fs.FS) ([]*model, error) {
	var models []*model
	for _, dir := range []string{"staging", "marts"} {
		names, err := fs.Glob(fsys, dir+"/*.sql")
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			body, err := fs.ReadFile(fsys, n)
			if err != nil {
				return nil, err
			}
			m := &model{name: strings.TrimSuffix(path.Base(n), ".sql"), body: strings.TrimRight(string(body), " \n\t;")}
			if strings.HasPrefix(m.name, "risk_") {
				id := strings.ToUpper(strings.TrimPrefix(m.name, "risk_"))
				r, ok := RuleByID(id)
				if !ok {
					return nil, fmt.Errorf("%s: no rule %s in the catalog", n, id)
				}
				m.rule = &r
			}
			models = append(models, m)
		}
	}
	return models, nil
}

var identRe = regexp.MustCompile(`[a-z_][a-z0-9_]*`)

// topoSort orders models so that each comes after the models it names. Anything
// reading int_risk_flags comes after every rule — a rule that reads it (SELF_CONTRADICTION
// reads the other rules' flags) after every rule that does not; rules that both read it do
// not see each other's flags.
func topoSort(models []*model) ([]*model, error) {
	byName := map[string]*model{}
	readsFlags := map[string]bool{}
	for _, m := range models {
		byName[m.name] = m
		for _, id := range identRe.FindAllString(strings.ToLower(stripComments(m.body)), -1) {
			if id == "int_risk_flags" {
				readsFlags[m.name] = true
			}
		}
	}
	for _, m := range models {
		seen := map[string]bool{}
		for _, id := range identRe.FindAllString(strings.ToLower(stripComments(m.body)), -1) {
			if id == "int_risk_flags" {
				for _, r := range models {
					if r.rule != nil && r != m && !(m.rule != nil && readsFlags[r.name]) && !seen[r.name] {
						seen[r.name] = true
						m.deps = append(m.deps, r.name)
					}
				}
			}
			if _, ok := byName[id]; ok && id != m.name && !seen[id] {
				seen[id] = true
				m.deps = append(m.deps, id)
			}
		}
		sort.Strings(m.deps)
	}
	sort.Slice(models, func(i, j int) bool { return models[i].name < models[j].name })
	var out []*model
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(m *model, chain []string) error
	visit = func(m *model, chain []string) error {
		switch state[m.name] {
		case 1:
			return fmt.Errorf("sql models form a cycle: %s", strings.Join(append(chain, m.name), " → "))
		case 2:
			return nil
		}
		state[m.name] = 1
		for _, d := range m.deps {
			if err := visit(byName[d], append(chain, m.name)); err != nil {
				return err
			}
		}
		state[m.name] = 2
		out = append(out, m)
		return nil
	}
	for _, m := range models {
		if err := visit(m, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stagingFirst moves the staging views before every other model, keeping the dependency
// order within each group, and returns how many there are. Staging reads raw.* only; a
// staging view naming a non-staging model is an error.
func stagingFirst(order []*model) ([]*model, int, error) {
	var stg, rest []*model
	for _, m := range order {
		if strings.HasPrefix(m.name, "stg_") {
			for _, d := range m.deps {
				if !strings.HasPrefix(d, "stg_") {
					return nil, 0, fmt.Errorf("staging view %s reads %s: staging may read raw.* and other stg_ views only", m.name, d)
				}
			}
			stg = append(stg, m)
		} else {
			rest = append(rest, m)
		}
	}
	return append(stg, rest...), len(stg), nil
}

var commentRe = regexp.MustCompile(`--[^\n]*`)

func stripComments(s string) string { return commentRe.ReplaceAllString(s, "") }

// writeCatalog stores the catalog and the thresholds in force for this build.
func writeCatalog(ctx context.Context, db *warehouse.DB, th *Thresholds) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range []string{"delete from meta.rule_catalog", "delete from meta.rule_param"} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, r := range Catalog {
		if _, err := tx.ExecContext(ctx, "insert into meta.rule_catalog values (?, ?, ?, ?, ?, ?)",
			r.ID, r.TitleZH, r.Area, strings.Join(r.Clauses, ","), strings.Join(r.Inputs, ","), r.Implemented()); err != nil {
			return err
		}
		for _, p := range r.Params {
			v, src := th.Value(r.ID, p.Name)
			if _, err := tx.ExecContext(ctx, "insert into meta.rule_param values (?, ?, ?, ?)", r.ID, p.Name, v, src); err != nil {
				return err
			}
		}
	}
	return tx.Commit()
}
