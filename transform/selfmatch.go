package transform

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/xuncha/xuncha/selfcheck"
	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// Self-inspection matching inside the build.
//
// The matcher is Go (package selfcheck), so it cannot be a SQL model. Build runs it as one
// step between the staging views and every other model: the step reads stg_self_inspection
// and stg_institutions (views, so they must exist) and writes two tables that the SQL models
// after it read (int_* tables are not model files, so the runner's ordering by names does not
// see them; running the step before all non-staging models is what orders it):
//
//	int_checklist               every clause of the three checklists (selfcheck.Checklist)
//	int_institution_checklist   every institution of the registry or of a self-inspection
//	                            report × the checklist it answers to (NULL where no plan
//	                            applies); flags carry clauses of this checklist only
//	int_self_inspection_match   every self-inspection row × its top SelfMatchTop clauses of the
//	                            institution's checklist; a row with no candidate (no checklist
//	                            applies, or nothing to match) is one row with clause_id NULL —
//	                            rows are never dropped
//
// The institution's checklist is meta.checklist_override if set there (SetChecklistOverride,
// `xuncha selfcheck override`), else selfcheck.Applicable(city + district, tier, category)
// from stg_institutions — the institution's name where the registry has no city or district
// (淄博市淄川区医院 names its city).

// SelfMatchTop is how many candidate clauses the build keeps per self-inspection row.
const SelfMatchTop = 3

// stepSQL is sql/transform/name.sql: the tables the Go steps write and the rows they read.
func stepSQL(name string) string {
	b, err := fs.ReadFile(xsql.FS, "transform/"+name+".sql")
	if err != nil {
		panic("transform: missing sql/transform/" + name + ".sql") // embedded: a build error in all but name
	}
	return string(b)
}

// SetChecklistOverride makes checklist ("BN-L", "BN-P", "ZB-L", any case) the checklist of an
// institution for the self-inspection rules, whatever its registry entry says; an empty
// checklist removes the override. It takes effect at the next build.
func SetChecklistOverride(ctx context.Context, db *sql.DB, institution, checklist, note string) error {
	if strings.TrimSpace(institution) == "" {
		return errors.New("no institution code given")
	}
	if strings.TrimSpace(checklist) == "" {
		_, err := db.ExecContext(ctx, stepSQL("checklist_override_clear"), institution)
		return err
	}
	id, err := selfcheck.ResolveChecklist(checklist, "", "", "")
	if err != nil {
		return err
	}
	_, err = db.ExecContext(ctx, stepSQL("checklist_override_set"),
		institution, id, note, time.Now())
	return err
}

// institutionChecklist is the checklist resolved for one institution.
type institutionChecklist struct {
	id, source string // source: override | registry | none
	err        error
}

// buildSelfMatch writes int_checklist, int_institution_checklist and int_self_inspection_match
// (see the comment above).
func buildSelfMatch(ctx context.Context, db *warehouse.DB) (steps []Step, err error) {
	err = db.Atomic(ctx, func(tx *warehouse.DB) error {
		steps, err = selfMatchIn(ctx, tx)
		return err
	})
	return steps, err
}

func selfMatchIn(ctx context.Context, db *warehouse.DB) (steps []Step, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, conn.Close()) }()

	start := time.Now()
	lists, err := resolveChecklists(ctx, conn)
	if err != nil {
		return nil, err
	}
	for _, table := range []string{"int_checklist", "int_institution_checklist", "int_self_inspection_match"} {
		if _, err := conn.ExecContext(ctx, stepSQL(table)); err != nil {
			return nil, err
		}
	}
	if err := appendTo(ctx, conn, "int_checklist", appendChecklist); err != nil {
		return nil, err
	}
	steps = append(steps, Step{Model: "int_checklist", Duration: time.Since(start)})

	start = time.Now()
	if err := appendTo(ctx, conn, "int_institution_checklist", func(a *duckdb.Appender) error {
		return appendInstitutionChecklists(a, lists)
	}); err != nil {
		return nil, err
	}
	steps = append(steps, Step{Model: "int_institution_checklist", Duration: time.Since(start)})

	start = time.Now()
	// Read every row before appending: the Appender and a result set cannot share the connection.
	rows, err := readSelfRows(ctx, conn)
	if err != nil {
		return nil, err
	}
	err = appendTo(ctx, conn, "int_self_inspection_match", func(a *duckdb.Appender) error {
		return appendMatches(a, rows, lists)
	})
	if err != nil {
		return nil, err
	}
	steps = append(steps, Step{Model: "int_self_inspection_match", Duration: time.Since(start)})
	return steps, nil
}

// appendTo opens an Appender on main.table, runs fill, and closes it (the close flushes).
func appendTo(ctx context.Context, conn *sql.Conn, table string, fill func(*duckdb.Appender) error) error {
	var a *duckdb.Appender
	err := warehouse.Raw(ctx, conn, func(c driver.Conn) error {
		var err error
		a, err = duckdb.NewAppender(c, "", "main", table)
		return err
	})
	if err != nil {
		return fmt.Errorf("appender %s: %w", table, err)
	}
	errFill := fill(a)
	if errFill != nil {
		errFill = fmt.Errorf("%s: %w", table, errFill)
	}
	return errors.Join(errFill, a.Close())
}

func appendChecklist(a *duckdb.Appender) error {
	for _, id := range selfcheck.ChecklistIDs() {
		cl, err := selfcheck.Checklist(id)
		if err != nil {
			return err
		}
		for i, c := range cl {
			if err := a.AppendRow(c.ID, c.Checklist, int32(c.Area), int32(c.Section), int32(c.Item),
				c.AreaTitle, c.SectionTitle, c.Text, int32(i+1)); err != nil {
				return err
			}
		}
	}
	return nil
}

func appendInstitutionChecklists(a *duckdb.Appender, lists map[string]institutionChecklist) error {
	codes := make([]string, 0, len(lists))
	for code := range lists {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		ic := lists[code]
		var checklist, reason any
		if ic.id != "" {
			checklist = ic.id
		}
		if ic.err != nil {
			reason = ic.err.Error()
		}
		if err := a.AppendRow(code, checklist, ic.source, reason); err != nil {
			return err
		}
	}
	return nil
}

func resolveChecklists(ctx context.Context, conn *sql.Conn) (map[string]institutionChecklist, error) {
	rows, err := conn.QueryContext(ctx, stepSQL("self_institutions"))
	if err != nil {
		return nil, fmt.Errorf("self-inspection institutions: %w", err)
	}
	defer rows.Close()
	out := map[string]institutionChecklist{}
	for rows.Next() {
		var code, tier, category, region, override string
		if err := rows.Scan(&code, &tier, &category, &region, &override); err != nil {
			return nil, err
		}
		id, err := selfcheck.ResolveChecklist(override, region, tier, category)
		ic := institutionChecklist{id: id, source: "registry", err: err}
		switch {
		case override != "":
			ic.source = "override"
		case err != nil:
			ic.source = "none"
		}
		out[code] = ic
	}
	return out, rows.Err()
}

// selfRow is one stg_self_inspection row as the matcher needs it.
type selfRow struct {
	institution         string
	year                sql.NullInt32
	fileID              int64
	sheet               string
	rowNo               int32
	area, section, item string
}

func readSelfRows(ctx context.Context, conn *sql.Conn) ([]selfRow, error) {
	rows, err := conn.QueryContext(ctx, stepSQL("self_rows"))
	if err != nil {
		return nil, fmt.Errorf("stg_self_inspection: %w", err)
	}
	defer rows.Close()
	var out []selfRow
	for rows.Next() {
		var r selfRow
		if err := rows.Scan(&r.institution, &r.year, &r.fileID, &r.sheet, &r.rowNo, &r.area, &r.section, &r.item); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// appendMatches writes each row's candidates, or one row saying why it has none.
func appendMatches(a *duckdb.Appender, rows []selfRow, lists map[string]institutionChecklist) error {
	for _, r := range rows {
		var year any
		if r.year.Valid {
			year = r.year.Int32
		}
		ic := lists[r.institution]
		var checklist any
		if ic.id != "" {
			checklist = ic.id
		}
		none := func(reason string) error {
			return a.AppendRow(r.institution, year, checklist, ic.source, r.fileID, r.sheet, r.rowNo,
				nil, nil, 0.0, reason)
		}
		if ic.err != nil {
			if err := none("无适用清单：" + ic.err.Error()); err != nil {
				return err
			}
			continue
		}
		ms := selfcheck.MatchRow(ic.id, r.area, r.section, r.item, SelfMatchTop)
		if len(ms) == 0 {
			if err := none("无可匹配的文字"); err != nil {
				return err
			}
			continue
		}
		for _, m := range ms {
			if err := a.AppendRow(r.institution, year, checklist, ic.source, r.fileID, r.sheet, r.rowNo,
				m.ClauseID, int32(m.Rank), m.Score, m.Reason); err != nil {
				return err
			}
		}
	}
	return nil
}
