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

// A file a command left as DuckDB was creating it (empty, zeros, or part of the main
// header) is set aside and a new warehouse made; a small file of anything else is left
// alone and refused.
func TestOpenSetsAsideAnUnfinishedFile(t *testing.T) {
	header := append(make([]byte, 8), "DUCK"...)
	for _, tc := range []struct {
		name    string
		content []byte
		aside   bool
	}{
		{"empty", nil, true},
		{"zeros", make([]byte, 4096), true},
		{"part of the main header", append(header, 0x40, 0, 0, 0), true},
		{"a CSV given as the warehouse", []byte("机构编码,机构名称\nA1,甲区人民医院\n"), false},
		{"zeros and then something", append(make([]byte, 4096), 'x'), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "w.duckdb")
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Open(ctx, path, Options{ReadOnly: true})
			if err == nil || strings.Contains(err.Error(), "writing command") != tc.aside {
				t.Errorf("read-only open: %v", err)
			}
			db, err := Open(ctx, path, Options{})
			aside, _ := filepath.Glob(path + ".unfinished-*")
			if !tc.aside {
				if err == nil {
					db.Close()
					t.Fatal("opened a file that is not a warehouse")
				}
				if got, _ := os.ReadFile(path); string(got) != string(tc.content) || len(aside) != 0 {
					t.Errorf("the file was touched: %q, set aside %v", got, aside)
				}
				return
			}
			if err != nil {
				t.Fatalf("writing open: %v", err)
			}
			defer db.Close()
			if !strings.Contains(db.Recovered, "set aside as w.duckdb.unfinished-") || len(aside) != 1 {
				t.Errorf("Recovered = %q, set aside %v", db.Recovered, aside)
			}
			if got, _ := os.ReadFile(aside[0]); string(got) != string(tc.content) {
				t.Errorf("the set-aside file holds %q", got)
			}
			var n int
			if err := db.QueryRowContext(ctx, "select count(*) from meta.command_log").Scan(&n); err != nil {
				t.Errorf("new warehouse not usable: %v", err)
			}
		})
	}
}
