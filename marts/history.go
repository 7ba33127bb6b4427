package marts

import (
	"context"
	"fmt"
	"io/fs"

	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// historySteps record, inside the build's transaction and after its rules, what the build
// read (its data version) and which flags it produced (meta.flag_seen), so that
// mart_flag_history can say of each flag whether it is new, persisting or gone. They write
// meta tables, which no build replaces; a failed build rolls them back with everything else.
var historySteps = []string{"build_data_version", "flag_seen_again", "flag_seen_first"}

func recordHistory(ctx context.Context, tx *warehouse.DB, buildID int64) error {
	for _, name := range historySteps {
		body, err := fs.ReadFile(xsql.FS, "history/"+name+".sql")
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body), buildID); err != nil {
			return fmt.Errorf("history/%s.sql: %s", name, warehouse.FirstLine(err.Error()))
		}
	}
	return nil
}

// HistorySummary is where the latest build leaves the flags.
type HistorySummary struct {
	Build                 int64
	DataVersion           string
	DataFiles             int
	New, Persisting, Gone int
	Reviewed              int // of the flags present
}

// LatestHistory summarises the latest build (history/summary.sql).
func LatestHistory(ctx context.Context, db *warehouse.DB) (HistorySummary, error) {
	var s HistorySummary
	body, err := fs.ReadFile(xsql.FS, "history/summary.sql")
	if err != nil {
		return s, err
	}
	err = db.QueryRowContext(ctx, string(body)).Scan(&s.Build, &s.DataVersion, &s.DataFiles, &s.New, &s.Persisting, &s.Gone, &s.Reviewed)
	return s, err
}
