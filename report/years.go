package report

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/xuncha/xuncha/warehouse"
)

// TrendYears is the span of years in the built marts, for a trend report asked for
// without --from and --to.
func TrendYears(ctx context.Context, db DB) (from, to int, err error) {
	if ok, err := exists(ctx, db, "mart_risk_flags"); err != nil {
		return 0, 0, err
	} else if !ok {
		return 0, 0, ErrNotBuilt
	}
	var f, t sql.NullInt64
	if err := db.QueryRowContext(ctx, queryText("trend_years")).Scan(&f, &t); err != nil {
		return 0, 0, fmt.Errorf("trend_years.sql: %s", warehouse.FirstLine(err.Error()))
	}
	if !f.Valid {
		return 0, 0, fmt.Errorf("the warehouse has no years to report on: ingest extracts and run `xuncha build`")
	}
	return int(f.Int64), int(t.Int64), nil
}

// DataYears lists the years with data of an institution (code), or of any institution when
// code is empty, ascending; none when nothing is loaded. Commands use it to say why a result
// is empty instead of printing nothing.
func DataYears(ctx context.Context, db DB, code string) ([]int, error) {
	if ok, err := exists(ctx, db, "mart_rule_coverage"); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotBuilt
	}
	var years []int
	err := scanAll(ctx, db, "data_years", []any{code}, func(r *sql.Rows) error {
		var y int
		err := r.Scan(&y)
		years = append(years, y)
		return err
	})
	return years, err
}
