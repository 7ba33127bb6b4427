package warehouse

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	xsql "github.com/xuncha/xuncha/sql"
)

// A warehouse made when migrations shared numbers (0003_pseudonym_key and 0003_rule_clause,
// three 0004_*) opens with today's names without applying any migration again: a second
// run of the flag_id migration would drop the flags.
func TestOpenKeepsAWarehouseMadeUnderTheOldMigrationNames(t *testing.T) {
	ctx := context.Background()
	oldName := map[string]string{}
	for _, r := range renumbered {
		oldName[r[1]] = r[0]
	}
	current, err := migrations(xsql.FS)
	if err != nil {
		t.Fatal(err)
	}
	old := fstest.MapFS{}
	for _, name := range current {
		body, err := fs.ReadFile(xsql.FS, name)
		if err != nil {
			t.Fatal(err)
		}
		if o, ok := oldName[name]; ok {
			name = o
		}
		old[name] = &fstest.MapFile{Data: body}
	}
	if len(oldName) != len(renumbered) {
		t.Fatalf("renumbered has %d entries for %d new names", len(renumbered), len(oldName))
	}
	for _, r := range renumbered {
		if _, err := fs.Stat(xsql.FS, r[1]); err != nil {
			t.Errorf("renumbered names %s, which is not a migration: %v", r[1], err)
		}
	}

	path := filepath.Join(t.TempDir(), "old.duckdb")
	db, err := connect(ctx, path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// apply, not migrate: the duplicate numbers of the old layout are what migrate refuses.
	oldNames, err := fs.Glob(old, "schema/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.apply(ctx, old, oldNames); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `insert into main.int_risk_flags (rule_id, institution_code, year, period, subject, severity, score, summary_zh)
		values ('R', 'I', 2025, '2025', 's', 'high', 1, 's')`); err != nil {
		t.Fatal(err)
	}
	before := appliedAt(t, db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db, err = Open(ctx, path, Options{})
	if err != nil {
		t.Fatalf("open a warehouse made under the old names: %v", err)
	}
	defer db.Close()
	after := appliedAt(t, db)
	if len(after) != len(current) {
		t.Errorf("%d migrations recorded, want %d: %v", len(after), len(current), after)
	}
	for _, name := range current {
		was := name
		if o, ok := oldName[name]; ok {
			was = o
		}
		if got, ok := after[name]; !ok || !got.Equal(before[was]) {
			t.Errorf("%s: applied %v, want %v (the time it was applied as %s)", name, got, before[was], was)
		}
	}
	var n int
	if err := db.QueryRowContext(ctx, "select count(*) from main.int_risk_flags").Scan(&n); err != nil || n != 1 {
		t.Errorf("flags after the upgrade: %d, %v; want the 1 flag kept", n, err)
	}
}

func TestMigrationsRefuseASharedNumber(t *testing.T) {
	fsys := fstest.MapFS{
		"schema/0001_a.sql": {Data: []byte("select 1")},
		"schema/0002_b.sql": {Data: []byte("select 1")},
		"schema/0002_c.sql": {Data: []byte("select 1")},
	}
	_, err := migrations(fsys)
	if err == nil || !strings.Contains(err.Error(), "schema/0002_b.sql and schema/0002_c.sql share the number 0002") {
		t.Fatalf("err = %v", err)
	}
}

func appliedAt(t *testing.T, db *DB) map[string]time.Time {
	t.Helper()
	rows, err := db.Query("select name, applied_at from meta.schema_migration")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[string]time.Time{}
	for rows.Next() {
		var name string
		var at time.Time
		if err := rows.Scan(&name, &at); err != nil {
			t.Fatal(err)
		}
		m[name] = at
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}
