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

// DatedAfterBuild is an ingested file with rows dated after the day of the build.
type DatedAfterBuild struct {
	Path string
	Rows int64
}

// DataAfterBuild lists the files with rows dated after the day of the build, by path: wrong
// dates, which the build warns of (the rules that judge a standing state assess at the build
// date instead).
func DataAfterBuild(ctx context.Context, db DB) ([]DatedAfterBuild, error) {
	var out []DatedAfterBuild
	err := scanAll(ctx, db, "data_after_build", nil, func(r *sql.Rows) error {
		var d DatedAfterBuild
		err := r.Scan(&d.Path, &d.Rows)
		out = append(out, d)
		return err
	})
	return out, err
}
