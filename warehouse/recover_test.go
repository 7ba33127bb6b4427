package warehouse

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A write-ahead log DuckDB cannot replay (here: a DROP of a table the file no longer
// holds, the shape DuckDB fails on after some kills) does not lock the user out: a
// read-only open says what to do, a writing open sets the log aside and says so.
func TestOpenSetsAsideAnUnreplayableLog(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "w.duckdb")
	db, err := Open(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"create table t(x int)", "insert into t values (1)", "checkpoint", "drop table t"} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	wal, err := os.ReadFile(path + ".wal")
	if err != nil || len(wal) == 0 {
		t.Fatalf("no write-ahead log to keep: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".wal", wal, 0o644); err != nil {
		t.Fatal(err)
	}

	if _, err := Open(ctx, path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), "sets it aside") {
		t.Fatalf("read-only open: %v, want the way out", err)
	}
	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("writing open: %v", err)
	}
	defer db.Close()
	if !strings.Contains(db.Recovered, "set aside as w.duckdb.wal.unreplayable-") {
		t.Errorf("Recovered = %q", db.Recovered)
	}
	var n int
	if err := db.QueryRowContext(ctx, "select count(*) from meta.command_log").Scan(&n); err != nil {
		t.Errorf("warehouse not usable after recovery: %v", err)
	}
	aside, _ := filepath.Glob(path + ".wal.unreplayable-*")
	if len(aside) != 1 {
		t.Errorf("set-aside logs: %v", aside)
	}
}
