// Package warehouse owns the DuckDB file: opening it (read-write or read-only), the
// lock another process may hold, schema migrations from sql/schema, bulk loading
// through the Appender, and the audit trail of commands run against it.
package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	xsql "github.com/xuncha/xuncha/sql"
)

// DefaultPath is used when neither --db nor $XUNCHA_DB names the warehouse.
const DefaultPath = "xuncha.duckdb"

// InMemory as the path opens a warehouse that lives in memory until it is closed (tests
// where the file is not the point).
const InMemory = ":memory:"

// ErrLocked means another process has the warehouse open for writing.
var ErrLocked = errors.New("warehouse is in use by another process")

// Options for Open. The zero value opens read-write with DuckDB's defaults.
type Options struct {
	ReadOnly bool
	// AllowExternal keeps DuckDB's access to files outside the warehouse on. Off for
	// read-only sessions so that ad-hoc SQL cannot read arbitrary files.
	AllowExternal bool
	// MemoryLimit such as "4GB"; empty leaves DuckDB's default (80 % of RAM).
	MemoryLimit string
	// Threads; 0 leaves DuckDB's default (all cores).
	Threads int
}

// DB is an open warehouse.
type DB struct {
	*sql.DB
	Path      string
	connector *duckdb.Connector
	pinned    bool   // one connection inside a transaction (Atomic)
	memory    string // Options.MemoryLimit
	// Recovered says what Open set aside to open the warehouse at all (an unreplayable
	// write-ahead log); empty when nothing was.
	Recovered string
}

// Open opens or creates the warehouse at path and applies pending migrations
// (unless read-only, where a missing or outdated warehouse is an error).
func Open(ctx context.Context, path string, opt Options) (*DB, error) {
	if path == "" {
		path = DefaultPath
	}
	if strings.ContainsAny(path, "%?#") {
		// the driver parses the path as a URL
		return nil, fmt.Errorf("warehouse path %q: the characters %% ? # are not allowed in it", path)
	}
	if opt.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("warehouse %s does not exist: run `xuncha ingest` first", path)
		}
	} else if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, err
		}
	}
	db, err := connect(ctx, path, opt)
	if err != nil && !opt.ReadOnly && unfinishedCreation(path) {
		// a command killed while DuckDB created the file, before its headers were written:
		// nothing was ever stored in it
		aside := fmt.Sprintf("%s.unfinished-%s", path, time.Now().Format("20060102T150405"))
		if rerr := os.Rename(path, aside); rerr != nil {
			return nil, errors.Join(translateOpenError(path, err), rerr)
		}
		if db, err = connect(ctx, path, opt); err == nil {
			db.Recovered = fmt.Sprintf("the file was left unfinished by a command interrupted as it created the warehouse (nothing had been stored); it was set aside as %s and a new warehouse made", filepath.Base(aside))
		}
	}
	if err != nil && !opt.ReadOnly && isWALReplayFailure(err) {
		// DuckDB refuses a file whose write-ahead log it cannot replay (seen after a kill
		// between a build's commit and its checkpoint). Every writing unit checkpoints
		// before and after itself, so the log holds at most the interrupted command's
		// work: set it aside and open the state after the last complete command.
		aside := fmt.Sprintf("%s.wal.unreplayable-%s", path, time.Now().Format("20060102T150405"))
		if rerr := os.Rename(path+".wal", aside); rerr != nil {
			return nil, errors.Join(translateOpenError(path, err), rerr)
		}
		if db, err = connect(ctx, path, opt); err == nil {
			db.Recovered = fmt.Sprintf("the write-ahead log of an interrupted command could not be replayed; it was set aside as %s and the warehouse is as it was after the last complete command", filepath.Base(aside))
		}
	}
	if err != nil && opt.ReadOnly && unfinishedCreation(path) {
		return nil, fmt.Errorf("%s was left unfinished by a command interrupted as it created the warehouse; any writing command (e.g. `xuncha ingest`) sets it aside and makes a new one", path)
	}
	if err != nil {
		return nil, translateOpenError(path, err)
	}
	if opt.ReadOnly {
		if err := db.checkCurrent(ctx); err != nil {
			db.Close()
			return nil, err
		}
	} else if err := db.migrate(ctx, xsql.FS); err != nil {
		db.Close()
		return nil, err
	} else if err := db.mergeSideLog(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if opt.ReadOnly && !opt.AllowExternal {
		if _, err := db.ExecContext(ctx, "SET enable_external_access = false"); err != nil {
			db.Close()
			return nil, err
		}
		if _, err := db.ExecContext(ctx, "SET lock_configuration = true"); err != nil {
			db.Close()
			return nil, err
		}
	}
	return db, nil
}

// headerBytes is what DuckDB writes first when it creates a database file: its main header
// and two database headers of 4 KiB each.
const headerBytes = 3 << 12

// unfinishedCreation: the file is shorter than DuckDB's headers, has no write-ahead log, and
// holds only zero bytes or the start of DuckDB's main header (its magic "DUCK" at byte 8) —
// what a process killed while DuckDB created it leaves. Anything else is left alone.
func unfinishedCreation(path string) bool {
	if _, err := os.Stat(path + ".wal"); err == nil {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, headerBytes))
	if err != nil || len(b) >= headerBytes {
		return false
	}
	if len(b) >= 12 && string(b[8:12]) == "DUCK" {
		return true
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func isWALReplayFailure(err error) bool {
	return strings.Contains(err.Error(), "Failure while replaying WAL")
}

// connect opens the DuckDB file and checks that it answers.
func connect(ctx context.Context, path string, opt Options) (*DB, error) {
	dsn := path
	if opt.ReadOnly {
		dsn += "?access_mode=read_only"
	}
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		// A transaction's appended rows go to the file a row group at a time, not five
		// (DuckDB's default): a large file's ingest, one transaction, stays in flat memory.
		stmts := []string{"SET write_buffer_row_group_count = 1"}
		if opt.MemoryLimit != "" {
			stmts = append(stmts, "SET memory_limit = "+QuoteLiteral(opt.MemoryLimit))
		}
		if opt.Threads > 0 {
			stmts = append(stmts, fmt.Sprintf("SET threads = %d", opt.Threads))
		}
		for _, s := range stmts {
			if _, err := execer.ExecContext(ctx, s, nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	db := &DB{DB: sql.OpenDB(connector), Path: path, connector: connector, memory: opt.MemoryLimit}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// MemoryLimit is the memory_limit the warehouse was opened with, "" for DuckDB's default.
func (db *DB) MemoryLimit() string { return db.memory }

// Close closes the database and its connector.
func (db *DB) Close() error {
	return errors.Join(db.DB.Close(), db.connector.Close())
}

var pidRe = regexp.MustCompile(`PID (\d+)`)

func translateOpenError(path string, err error) error {
	msg := err.Error()
	if strings.Contains(msg, "Could not set lock") || strings.Contains(msg, "Conflicting lock") {
		holder := ""
		if m := pidRe.FindStringSubmatch(msg); m != nil {
			holder = " (pid " + m[1] + ")"
		}
		return fmt.Errorf("%s: %w%s; wait for it to finish, or open a copy", path, ErrLocked, holder)
	}
	if isWALReplayFailure(err) {
		return fmt.Errorf("%s: the write-ahead log of an interrupted command cannot be replayed; any writing command (e.g. `xuncha build`) sets it aside and opens the state after the last complete command", path)
	}
	if strings.Contains(msg, "not a valid DuckDB database") || strings.Contains(msg, "Corrupt") {
		return fmt.Errorf("%s is not a xuncha warehouse (not a DuckDB file): %v", path, FirstLine(msg))
	}
	return fmt.Errorf("open warehouse %s: %v", path, FirstLine(msg))
}

// FirstLine is the first line of an error message: DuckDB appends the offending SQL and a
// caret line, which belong in no user-facing message.
func FirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// migrations lists schema/NNNN_name.sql in order; no two may share a number.
func migrations(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "schema/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for i := 1; i < len(names); i++ {
		if a, b := migrationNumber(names[i-1]), migrationNumber(names[i]); a == b {
			return nil, fmt.Errorf("migrations %s and %s share the number %s: give the newer one the next free number", names[i-1], names[i], b)
		}
	}
	return names, nil
}

func migrationNumber(name string) string {
	n, _, _ := strings.Cut(strings.TrimPrefix(name, "schema/"), "_")
	return n
}

// renumbered maps the names under which earlier warehouses recorded migrations that once
// shared a number to their names now, so that none is applied twice.
var renumbered = [][2]string{
	{"schema/0003_rule_clause.sql", "schema/0004_rule_clause.sql"},
	{"schema/0004_build.sql", "schema/0005_build.sql"},
	{"schema/0004_flag_id.sql", "schema/0006_flag_id.sql"},
	{"schema/0004_ingest_mapping.sql", "schema/0007_ingest_mapping.sql"},
	{"schema/0005_command_inputs.sql", "schema/0008_command_inputs.sql"},
}

// renameMigrations brings an earlier warehouse's record of applied migrations to today's names.
func (db *DB) renameMigrations(ctx context.Context) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, r := range renumbered {
		if _, err := tx.ExecContext(ctx, "update meta.schema_migration set name = ? where name = ?", r[1], r[0]); err != nil {
			return errors.Join(fmt.Errorf("migrate: rename %s: %w", r[0], err), tx.Rollback())
		}
	}
	return tx.Commit()
}

func (db *DB) migrate(ctx context.Context, fsys fs.FS) error {
	names, err := migrations(fsys)
	if err != nil {
		return err
	}
	return db.apply(ctx, fsys, names)
}

// apply runs those of the named migrations the warehouse has not recorded as applied.
func (db *DB) apply(ctx context.Context, fsys fs.FS, names []string) error {
	if _, err := db.ExecContext(ctx, `create schema if not exists meta;
		create table if not exists meta.schema_migration (name varchar primary key, applied_at timestamp not null)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if err := db.renameMigrations(ctx); err != nil {
		return err
	}
	for _, name := range names {
		var n int
		if err := db.QueryRowContext(ctx, "select count(*) from meta.schema_migration where name = ?", name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return errors.Join(fmt.Errorf("migration %s: %w", name, err), tx.Rollback())
		}
		if _, err := tx.ExecContext(ctx, "insert into meta.schema_migration values (?, ?)", name, time.Now()); err != nil {
			return errors.Join(err, tx.Rollback())
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) checkCurrent(ctx context.Context) error {
	names, err := migrations(xsql.FS)
	if err != nil {
		return err
	}
	var n int
	if err := db.QueryRowContext(ctx, "select count(*) from meta.schema_migration").Scan(&n); err != nil {
		return fmt.Errorf("%s is not a xuncha warehouse: %v", db.Path, FirstLine(err.Error()))
	}
	if n < len(names) {
		return fmt.Errorf("%s needs a schema upgrade: run any writing command (e.g. `xuncha build`) first", db.Path)
	}
	return nil
}

// Raw runs f with the driver connection of one pooled connection, for the Appender.
// The same *sql.Conn must be used for BEGIN/COMMIT around it.
func Raw(ctx context.Context, conn *sql.Conn, f func(driver.Conn) error) error {
	return conn.Raw(func(c any) error {
		dc, ok := c.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", c)
		}
		return f(dc)
	})
}
