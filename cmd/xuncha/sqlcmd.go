package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/report"
	"github.com/xuncha/xuncha/warehouse"
)

// errNotBuilt is the one "run xuncha build first" error, the report package's.
var errNotBuilt = report.ErrNotBuilt

func init() {
	register(command{name: "sql", summary: "ad-hoc SQL: REPL, or -c SQL / -f FILE (read-only unless --allow-write)", run: runSQL, logged: true})
}

// sqlFormats are the result formats of the sql command (xlsx only into a file).
var sqlFormats = []string{"table", "csv", "json", "line", "xlsx"}

// defaultMaxRows is how many rows a query prints on a terminal before it stops.
const defaultMaxRows = 100

func runSQL(e *env, args []string) error {
	fs := e.newFlags("sql", `["SQL" | -c "SQL" | -f FILE] [-o FILE.csv|FILE.json|FILE.xlsx] [--format table|csv|json|line|xlsx] [--maxrows N] [--allow-write]`)
	command := fs.String("c", "", "run these statements and exit")
	file := fs.String("f", "", "run the statements in this file and exit")
	format := fs.String("format", "", "table, csv, json, line or xlsx (default: from the -o name, else table)")
	outPath := fs.String("o", "", "write the results to this file (.csv, .json or .xlsx) instead of stdout")
	noBOM := fs.Bool("no-bom", false, "CSV into a file without the UTF-8 byte order mark (Excel needs it to read Chinese)")
	maxRows := fs.Int("maxrows", -1, fmt.Sprintf("stop after N rows, saying so; 0 for all (default %d on a terminal, else all)", defaultMaxRows))
	allowWrite := fs.Bool("allow-write", false, "open read-write with file access (changes the warehouse)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		// xuncha sql "select …", as sqlite3 and duckdb take it
		if *command != "" || *file != "" {
			return usagef("give the SQL once: as an argument, with -c or with -f")
		}
		*command = strings.Join(fs.Args(), " ")
	}
	if *command != "" && *file != "" {
		return usagef("give -c or -f, not both")
	}
	if *format == "" {
		*format = "table"
		if *outPath != "" {
			f, err := formatFromExt(*outPath)
			if err != nil {
				return err
			}
			*format = f
		}
	}
	if err := checkFormat(*format, sqlFormats); err != nil {
		return err
	}
	if *format == "xlsx" && (*outPath == "" || (*command == "" && *file == "")) {
		return usagef("--format xlsx writes one result: give -c or -f and -o FILE.xlsx")
	}
	if *outPath != "" {
		if err := e.guardOutput(*outPath); err != nil {
			return err
		}
	}
	var script string
	switch {
	case *command != "":
		script = *command
	case *file != "":
		b, err := e.readSQLFile(*file)
		if err != nil {
			return err
		}
		script = b
	}
	if *format == "xlsx" && len(splitStatements(script)) > 1 {
		return usagef("a workbook holds one result: give one statement with -o FILE.xlsx")
	}
	db, err := warehouse.Open(e.ctx, e.dbPath, warehouse.Options{ReadOnly: !*allowWrite, AllowExternal: *allowWrite, MemoryLimit: e.memory})
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := newSQLSession(e, db, !*allowWrite)
	if err != nil {
		return err
	}
	defer s.close()
	s.format = *format
	s.maxRows = *maxRows
	if s.maxRows < 0 {
		s.maxRows = 0
		if e.stdoutTTY && *outPath == "" && script != "" {
			s.maxRows = defaultMaxRows
		}
	}
	s.cutHint = "--maxrows 0 prints all, -o FILE.csv writes all"
	if script == "" {
		if *outPath != "" {
			return usagef("-o needs -c or -f; in the REPL use .output FILE or .once FILE")
		}
		return s.repl()
	}
	if *outPath == "" {
		return s.runScript(e.ctx, script, e.stdout, false)
	}
	return writeOutput(e, *outPath, func(w io.Writer) error {
		return s.runScript(e.ctx, script, w, *format == "csv" && !*noBOM)
	})
}

// guardOutput refuses an output path that is the warehouse, its write-ahead log, its
// key or inside its temporary directory: writing there would destroy the warehouse.
func (e *env) guardOutput(out string) error {
	protected := []string{e.dbPath, e.dbPath + ".wal", ingest.KeyPath(e.dbPath), e.dbPath + ".tmp"}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	st, statErr := os.Stat(out)
	for _, p := range protected {
		pa, err := filepath.Abs(p)
		if err != nil {
			continue
		}
		if abs == pa || strings.HasPrefix(abs, pa+string(filepath.Separator)) {
			return usagef("-o %s is the warehouse's own file; write the output elsewhere", out)
		}
		if statErr == nil {
			if pst, err := os.Stat(p); err == nil && os.SameFile(st, pst) {
				return usagef("-o %s is the warehouse's own file (%s); write the output elsewhere", out, p)
			}
		}
	}
	return nil
}

// readSQLFile reads a script for -f or .read. The warehouse's key and the warehouse are
// refused: a parse error would print their bytes.
func (e *env) readSQLFile(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", usageError{err.Error()}
	}
	for _, p := range []string{e.dbPath, e.dbPath + ".wal", ingest.KeyPath(e.dbPath)} {
		if pst, err := os.Stat(p); err == nil && os.SameFile(st, pst) {
			return "", usagef("%s is the warehouse's own file, not SQL", path)
		}
	}
	if st.Size() > 16<<20 {
		return "", usagef("%s: %d MB is not a SQL script", path, st.Size()>>20)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if strings.IndexByte(string(b), 0) >= 0 {
		return "", usagef("%s is a binary file, not SQL", path)
	}
	return string(b), nil
}

// sqlSession runs statements on one connection of the warehouse, for -c, -f and the REPL.
type sqlSession struct {
	e        *env
	db       *warehouse.DB
	conn     *sql.Conn
	readOnly bool
	format   string
	maxRows  int // 0: all; only on the terminal
	timing   bool
	// cutHint says how to see the rows a maxRows cut left out
	cutHint string
	// REPL state: .output FILE, .once FILE
	out     *os.File
	outPath string
	once    bool
}

func newSQLSession(e *env, db *warehouse.DB, readOnly bool) (*sqlSession, error) {
	conn, err := db.Conn(e.ctx)
	if err != nil {
		return nil, err
	}
	return &sqlSession{e: e, db: db, conn: conn, readOnly: readOnly, format: "table"}, nil
}

func (s *sqlSession) close() error {
	return errors.Join(s.closeOutput(), s.conn.Close())
}

// runScript runs every statement of script in order, writing results to w; it stops
// at the first error, naming the statement's line.
func (s *sqlSession) runScript(ctx context.Context, script string, w io.Writer, bom bool) error {
	stmts := splitStatements(script)
	for _, st := range stmts {
		if err := s.exec(ctx, st.text, w, outOpts{format: s.format, maxRows: s.maxRows, bom: bom}); err != nil {
			if len(stmts) > 1 {
				return fmt.Errorf("statement at line %d: %w", st.line, err)
			}
			return err
		}
		bom = false
	}
	return nil
}

// exec runs one statement and renders its result. A SELECT cut at maxRows is asked
// for one row more than is shown, so DuckDB stops there (the driver reads a whole result
// before the first row), and the cut is said.
func (s *sqlSession) exec(ctx context.Context, q string, w io.Writer, o outOpts) error {
	start := time.Now()
	if kw := firstKeyword(q); s.readOnly && (kw == "copy" || kw == "export") {
		// With file access off DuckDB still lets these write into the warehouse's temporary
		// folder, and EXPORT makes its folder while being prepared: refused before DuckDB sees them.
		return errors.New("COPY and EXPORT write files; the sql command writes no files unless --allow-write (use -o FILE.csv for a result)")
	}
	typ, err := s.statementType(ctx, q)
	if err != nil {
		return errors.New(friendlySQLError(err))
	}
	if typ == duckdb.STATEMENT_TYPE_SELECT && o.maxRows > 0 {
		q = fmt.Sprintf("select * from (\n%s\n) limit %d", q, o.maxRows+1)
	}
	rows, err := s.conn.QueryContext(ctx, q)
	if err != nil {
		return errors.New(friendlySQLError(err))
	}
	defer rows.Close()
	if o.format == "xlsx" {
		return writeXLSX(w, rows)
	}
	res, err := writeResult(w, rows, o)
	if err != nil {
		return errors.New(friendlySQLError(err))
	}
	if res.truncated {
		fmt.Fprintf(s.e.stderr, "(first %d rows shown; the rest were not read: %s)\n", res.rows, s.cutHint)
	}
	if s.timing {
		fmt.Fprintf(s.e.stderr, "(%d rows, %.3f s)\n", res.rows, time.Since(start).Seconds())
	}
	return nil
}

// statementType prepares q without running it.
func (s *sqlSession) statementType(ctx context.Context, q string) (duckdb.StmtType, error) {
	typ := duckdb.STATEMENT_TYPE_INVALID
	err := s.conn.Raw(func(c any) error {
		pc, ok := c.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", c)
		}
		st, err := pc.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		defer st.Close()
		if ds, ok := st.(*duckdb.Stmt); ok {
			typ, err = ds.StatementType()
		}
		return err
	})
	return typ, err
}

func friendlySQLError(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, context.Canceled):
		return "interrupted"
	case strings.Contains(msg, "read-only"), strings.Contains(msg, "read only"):
		return warehouse.FirstLine(msg) + " (the sql command is read-only; add --allow-write to change the warehouse)"
	case strings.Contains(msg, "disabled by configuration"), strings.Contains(msg, "enable_external_access"):
		return warehouse.FirstLine(msg) + " (file access is off in read-only sessions; add --allow-write)"
	}
	return msg
}
