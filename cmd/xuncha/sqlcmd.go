package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/xuncha/xuncha/warehouse"
)

var errNotBuilt = errors.New("the marts are not built yet: run `xuncha build` first")

func init() {
	register(command{name: "sql", summary: "ad-hoc SQL: REPL, or -c SQL / -f FILE (read-only unless --allow-write)", run: runSQL, logged: true})
}

func runSQL(e *env, args []string) error {
	fs := e.newFlags("sql", `[-c "SQL" | -f FILE] [--format table|csv|json] [--allow-write]`)
	command := fs.String("c", "", "run this SQL and exit")
	file := fs.String("f", "", "run the SQL in this file and exit")
	format := fs.String("format", "table", "table, csv, json or xlsx (xlsx needs -o)")
	outPath := fs.String("o", "", "write the result to this file instead of stdout")
	allowWrite := fs.Bool("allow-write", false, "open read-write with file access (changes the warehouse)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, append(formats, "xlsx")); err != nil {
		return err
	}
	if *format == "xlsx" && (*outPath == "" || (*command == "" && *file == "")) {
		return usagef("--format xlsx writes one result: give -c or -f and -o FILE.xlsx")
	}
	if *command != "" && *file != "" {
		return usagef("give -c or -f, not both")
	}
	db, err := warehouse.Open(e.ctx, e.dbPath, warehouse.Options{ReadOnly: !*allowWrite, AllowExternal: *allowWrite, MemoryLimit: e.memory})
	if err != nil {
		return err
	}
	defer db.Close()
	s := &sqlSession{e: e, db: db, format: *format, out: e.stdout}
	if *outPath != "" {
		f, err := os.Create(*outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		s.out = f
	}
	switch {
	case *command != "":
		return s.exec(*command)
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		for _, stmt := range splitStatements(string(b)) {
			if err := s.exec(stmt); err != nil {
				return err
			}
		}
		return nil
	}
	return s.repl()
}

type sqlSession struct {
	e      *env
	db     *warehouse.DB
	format string
	timing bool
	out    io.Writer
}

func (s *sqlSession) exec(q string) error {
	q = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(q), ";"))
	if q == "" {
		return nil
	}
	start := time.Now()
	rows, err := s.db.QueryContext(s.e.ctx, q)
	if err != nil {
		return fmt.Errorf("%s", friendlySQLError(err))
	}
	defer rows.Close()
	if s.format == "xlsx" {
		return writeXLSX(s.out, rows)
	}
	n, err := writeRows(s.out, rows, s.format)
	if err != nil {
		return err
	}
	if s.timing {
		fmt.Fprintf(s.e.stderr, "(%d rows, %.3f s)\n", n, time.Since(start).Seconds())
	}
	return nil
}

func friendlySQLError(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "read-only"), strings.Contains(msg, "read only"):
		return firstLine(msg) + " (the sql command is read-only; add --allow-write to change the warehouse)"
	case strings.Contains(msg, "disabled by configuration"), strings.Contains(msg, "enable_external_access"):
		return firstLine(msg) + " (file access is off in read-only sessions; add --allow-write)"
	}
	return msg
}

// splitStatements splits on semicolons outside quotes and comments.
func splitStatements(s string) []string {
	var out []string
	var cur strings.Builder
	inStr, inLine := byte(0), false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inLine:
			if c == '\n' {
				inLine = false
			}
		case inStr != 0:
			if c == inStr {
				inStr = 0
			}
		case c == '\'' || c == '"':
			inStr = c
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			inLine = true
		case c == ';':
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}

func (s *sqlSession) repl() error {
	fmt.Fprintln(s.e.stderr, "xuncha sql — end statements with ;  .tables  .schema T  .timing  .format csv  .quit")
	in := bufio.NewScanner(s.e.stdin)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	var buf strings.Builder
	prompt := func() {
		if buf.Len() == 0 {
			fmt.Fprint(s.e.stderr, "xuncha> ")
		} else {
			fmt.Fprint(s.e.stderr, "   ...> ")
		}
	}
	var history []string
	histPath := historyPath()
	prompt()
	for in.Scan() {
		line := in.Text()
		if buf.Len() == 0 && strings.HasPrefix(strings.TrimSpace(line), ".") {
			if done := s.dot(strings.Fields(strings.TrimSpace(line))); done {
				break
			}
			prompt()
			continue
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
		if strings.HasSuffix(strings.TrimSpace(line), ";") {
			stmt := buf.String()
			buf.Reset()
			history = append(history, strings.TrimSpace(stmt))
			if err := s.exec(stmt); err != nil {
				fmt.Fprintln(s.e.stderr, "error:", err)
			}
		}
		prompt()
	}
	fmt.Fprintln(s.e.stderr)
	appendHistory(histPath, history)
	return in.Err()
}

func (s *sqlSession) dot(f []string) (quit bool) {
	switch f[0] {
	case ".quit", ".exit", ".q":
		return true
	case ".tables":
		if err := s.exec(`select schema_name as schema, table_name as name, 'table' as type, coalesce(comment, '') as comment
				from duckdb_tables() where schema_name in ('main', 'raw', 'meta')
			union all
			select schema_name, view_name, 'view', coalesce(comment, '')
				from duckdb_views() where not internal and schema_name in ('main', 'raw', 'meta')
			order by 1, 2`); err != nil {
			fmt.Fprintln(s.e.stderr, "error:", err)
		}
	case ".schema":
		if len(f) < 2 {
			fmt.Fprintln(s.e.stderr, "usage: .schema TABLE")
			return false
		}
		name := f[1]
		schema := "main"
		if sch, tbl, ok := strings.Cut(name, "."); ok {
			schema, name = sch, tbl
		}
		rows, err := s.db.QueryContext(s.e.ctx, `select column_name as column, data_type as type, coalesce(comment, '') as comment
			from duckdb_columns() where schema_name = ? and table_name = ? order by column_index`, schema, name)
		if err != nil {
			fmt.Fprintln(s.e.stderr, "error:", err)
			return false
		}
		defer rows.Close()
		if n, err := writeRows(s.e.stdout, rows, "table"); err != nil || n == 0 {
			fmt.Fprintf(s.e.stderr, "no table %s.%s (try .tables)\n", schema, name)
		}
	case ".timing":
		s.timing = !s.timing
		fmt.Fprintf(s.e.stderr, "timing %v\n", map[bool]string{true: "on", false: "off"}[s.timing])
	case ".format":
		if len(f) == 2 && checkFormat(f[1], formats) == nil {
			s.format = f[1]
		} else {
			fmt.Fprintln(s.e.stderr, "usage: .format table|csv|json")
		}
	default:
		fmt.Fprintln(s.e.stderr, "unknown command; try .tables .schema T .timing .format .quit")
	}
	return false
}

func historyPath() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return home + "/.xuncha_history"
}

func appendHistory(path string, lines []string) {
	if path == "" || len(lines) == 0 {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	for _, l := range lines {
		fmt.Fprintln(f, strings.ReplaceAll(l, "\n", " "))
	}
}
