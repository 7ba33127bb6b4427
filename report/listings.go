package report

import (
	"context"
	"database/sql"
	"strings"
)

// RiskFilter selects flags for Risks; the zero value selects them all.
type RiskFilter struct {
	Institutions []string // institution codes
	Year         int
	Rule         string // rule id, any case
}

// Risks lists the flags f selects, a row per flag with the institution's name, for printing as
// a table, CSV or JSON. The caller closes the rows.
func Risks(ctx context.Context, db DB, f RiskFilter) (*sql.Rows, error) {
	codes := f.Institutions
	if codes == nil {
		codes = []string{}
	}
	return query(ctx, db, "risks", codes, f.Year, strings.ToUpper(f.Rule))
}

// RuleTotals lists, per rule, its flags, the institutions they name, their money and the
// highest score. The caller closes the rows.
func RuleTotals(ctx context.Context, db DB) (*sql.Rows, error) {
	return query(ctx, db, "rule_totals")
}

// Busiest finds the institution whose flags score highest in the latest year with flags, and
// the range of years with flags; sql.ErrNoRows when there are none.
func Busiest(ctx context.Context, db DB) (code string, year, from, to int, err error) {
	err = scanOne(ctx, db, "busiest", nil, &code, &year, &from, &to)
	return code, year, from, to, err
}

func query(ctx context.Context, db DB, name string, args ...any) (*sql.Rows, error) {
	rows, err := db.QueryContext(ctx, queryText(name), args...)
	if err != nil {
		return nil, queryError(name, err)
	}
	return rows, nil
}
