package report

import (
	"context"
	"database/sql"
)

// DataYears lists the years with data of an institution (code), or of any institution when
// code is empty, ascending; none when nothing is loaded. Commands use it to say why a result
// is empty instead of printing nothing.
func DataYears(ctx context.Context, db DB, code string) ([]int, error) {
	var years []int
	err := scanAll(ctx, db, "data_years", []any{code}, func(r *sql.Rows) error {
		var y int
		err := r.Scan(&y)
		years = append(years, y)
		return err
	})
	return years, err
}
