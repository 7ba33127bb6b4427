package marts

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// DataTestFailure is a data test (sql/tests/*.sql) that returned rows.
type DataTestFailure struct {
	Test string
	Rows int
}

func (f DataTestFailure) String() string {
	return fmt.Sprintf("data test %s: %d failing row(s)", f.Test, f.Rows)
}

// RunDataTests runs every query of sql/tests; each returns the failing rows, zero is a pass.
func RunDataTests(ctx context.Context, db *warehouse.DB) ([]DataTestFailure, error) {
	names, err := fs.Glob(xsql.FS, "tests/*.sql")
	if err != nil {
		return nil, err
	}
	var out []DataTestFailure
	for _, n := range names {
		body, err := fs.ReadFile(xsql.FS, n)
		if err != nil {
			return nil, err
		}
		var rows int
		q := "select count(*) from (" + strings.TrimRight(string(body), " \n;") + "\n)"
		if err := db.QueryRowContext(ctx, q).Scan(&rows); err != nil {
			return nil, fmt.Errorf("data test %s: %w", n, err)
		}
		if rows > 0 {
			out = append(out, DataTestFailure{Test: strings.TrimSuffix(path.Base(n), ".sql"), Rows: rows})
		}
	}
	return out, nil
}
