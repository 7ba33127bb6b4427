package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/peterh/liner"

	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// The REPL edits lines with github.com/peterh/liner: pure Go (no readline C library to
// install on a hospital's Windows PC), small, and it has what the DuckDB shell's users
// expect — history search, tab completion, multi-line editing, Ctrl-C that clears the line.

const shellHelp = `statements end with ;  and may span lines.  Ctrl-C stops a running statement, Ctrl-D leaves.
.tables                 tables and views, with what each holds
.schema TABLE           columns of a table or view
.mode table|csv|json|line
                        how results are printed (.format is the same)
.maxrows N              print at most N rows of a result on the screen (0: all)
.output [FILE]          send results to FILE (.csv .json .xlsx choose the format) until .output alone
.once FILE              send the next result to FILE
.read FILE              run the statements in FILE
.timing [on|off]        print rows and seconds after each statement
.help                   this list
.quit                   leave (also .exit, Ctrl-D)`

var dotCommands = []string{".exit", ".format", ".help", ".maxrows", ".mode", ".once", ".output", ".quit", ".read", ".schema", ".tables", ".timing"}

// lineReader is where REPL input comes from: liner on a terminal, plain lines elsewhere.
type lineReader interface {
	Prompt(prompt string) (string, error)
}

type scanReader struct {
	in *bufio.Scanner
	w  io.Writer
}

func (r scanReader) Prompt(p string) (string, error) {
	fmt.Fprint(r.w, p)
	if !r.in.Scan() {
		if err := r.in.Err(); err != nil {
			return "", err
		}
		return "", io.EOF
	}
	return r.in.Text(), nil
}

func (s *sqlSession) repl() error {
	if s.e.stdoutTTY {
		s.maxRows = defaultMaxRows
	}
	s.cutHint = ".maxrows 0 prints all, .once FILE.csv writes all"
	var in lineReader
	var history *shellHistory
	if s.e.stdinTTY {
		ln := liner.NewLiner()
		defer ln.Close()
		ln.SetCtrlCAborts(true)
		ln.SetMultiLineMode(true)
		ln.SetTabCompletionStyle(liner.TabPrints)
		ln.SetWordCompleter(s.completer())
		history = openHistory(ln)
		in = ln
	} else {
		sc := bufio.NewScanner(s.e.stdin)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		in = scanReader{in: sc, w: io.Discard} // statements piped in: no prompts
	}
	// At a terminal, Ctrl-C while a statement runs stops that statement and nothing else;
	// statements piped in stop altogether, and a failed one makes the exit code 1.
	var mu sync.Mutex
	var cancel context.CancelFunc
	if s.e.stdinTTY {
		restore := onInterrupt(func() {
			mu.Lock()
			defer mu.Unlock()
			if cancel != nil {
				cancel()
			}
		})
		defer restore()
	}
	failed := 0
	run := func(script string) {
		ctx, c := context.WithCancel(s.e.ctx)
		if s.e.stdinTTY {
			ctx, c = context.WithCancel(context.WithoutCancel(s.e.ctx))
		}
		mu.Lock()
		cancel = c
		mu.Unlock()
		if !s.script(ctx, script) {
			failed++
		}
		mu.Lock()
		cancel = nil
		mu.Unlock()
		c()
	}
	finish := func() error {
		history.save()
		err := s.closeOutput()
		if failed > 0 && !s.e.stdinTTY {
			err = errors.Join(err, fmt.Errorf("%d statement(s) failed", failed))
		}
		return err
	}

	if s.e.stdinTTY {
		fmt.Fprintf(s.e.stderr, "xuncha sql %s — %s (read-only: %v). .help for help, .quit to leave\n", Version, s.db.Path, s.readOnly)
	}
	var buf strings.Builder
	for {
		prompt := "xuncha> "
		if buf.Len() > 0 {
			prompt = "   ...> "
		}
		line, err := in.Prompt(prompt)
		switch {
		case errors.Is(err, liner.ErrPromptAborted):
			buf.Reset() // Ctrl-C at the prompt drops the statement being typed
			continue
		case errors.Is(err, io.EOF):
			if s.e.stdinTTY {
				fmt.Fprintln(s.e.stderr)
			}
			return finish()
		case err != nil:
			return errors.Join(err, finish())
		}
		if s.e.ctx.Err() != nil && !s.e.stdinTTY {
			return errors.Join(s.e.ctx.Err(), finish())
		}
		if buf.Len() == 0 && strings.HasPrefix(strings.TrimSpace(line), ".") {
			history.add(strings.TrimSpace(line))
			if quit := s.dot(run, strings.TrimSpace(line)); quit {
				return finish()
			}
			continue
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
		pieces := splitRaw(buf.String())
		if pieces[len(pieces)-1].code {
			continue // the statement goes on until a ;
		}
		script := buf.String()
		buf.Reset()
		if strings.TrimSpace(script) == "" {
			continue
		}
		history.add(strings.Join(strings.Fields(script), " "))
		run(script)
	}
}

// script runs statements typed or read in the REPL, to the terminal or to .output/.once;
// it says whether all of them ran.
func (s *sqlSession) script(ctx context.Context, script string) bool {
	for _, st := range splitStatements(script) {
		if err := s.execREPL(ctx, st.text); err != nil {
			fmt.Fprintln(s.e.stderr, "error:", err)
			return false
		}
	}
	return true
}

func (s *sqlSession) execREPL(ctx context.Context, q string) error {
	if s.out == nil {
		return s.exec(ctx, q, s.e.stdout, outOpts{format: s.format, maxRows: s.maxRows})
	}
	o := outOpts{format: s.format}
	if f, err := formatFromExt(s.outPath); err == nil {
		o.format = f
	}
	o.bom = o.format == "csv" && s.outFresh()
	err := s.exec(ctx, q, s.out, o)
	if s.once {
		return errors.Join(err, s.closeOutput())
	}
	return err
}

// dot runs a dot command; it says whether to leave.
func (s *sqlSession) dot(run func(string), line string) (quit bool) {
	f := strings.Fields(line)
	arg := strings.TrimSpace(strings.TrimPrefix(line, f[0]))
	warn := func(format string, a ...any) { fmt.Fprintf(s.e.stderr, format+"\n", a...) }
	switch f[0] {
	case ".quit", ".exit", ".q":
		return true
	case ".help":
		fmt.Fprintln(s.e.stdout, shellHelp)
	case ".tables":
		if _, err := s.listing("tables"); err != nil {
			warn("error: %v", err)
		}
	case ".schema":
		if arg == "" {
			warn("usage: .schema TABLE (.tables lists them)")
			return false
		}
		schema, name := "main", arg
		if sch, tbl, ok := strings.Cut(arg, "."); ok {
			schema, name = sch, tbl
		}
		if n, err := s.listing("schema", schema, name); err != nil {
			warn("error: %v", err)
		} else if n == 0 {
			warn("no table %s.%s (.tables lists them)", schema, name)
		}
	case ".timing":
		switch arg {
		case "on":
			s.timing = true
		case "off":
			s.timing = false
		case "":
			s.timing = !s.timing
		default:
			warn("usage: .timing on|off")
		}
		warn("timing %s", map[bool]string{true: "on", false: "off"}[s.timing])
	case ".mode", ".format":
		if arg == "" {
			warn("mode %s", s.format)
		} else if checkFormat(arg, formats) == nil || arg == "line" {
			s.format = arg
		} else {
			warn("usage: .mode table|csv|json|line")
		}
	case ".maxrows":
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 {
			warn("usage: .maxrows N (0 prints every row); now %d", s.maxRows)
			return false
		}
		s.maxRows = n
	case ".output", ".once":
		if err := s.closeOutput(); err != nil {
			warn("error: %v", err)
		}
		if arg == "" {
			if f[0] == ".once" {
				warn("usage: .once FILE")
			}
			return false
		}
		if err := s.openOutput(arg, f[0] == ".once"); err != nil {
			warn("error: %v", err)
		}
	case ".read":
		if arg == "" {
			warn("usage: .read FILE")
			return false
		}
		script, err := s.e.readSQLFile(arg)
		if err != nil {
			warn("error: %v", err)
			return false
		}
		run(script)
	default:
		warn("unknown command %s; .help lists them", f[0])
	}
	return false
}

// listing prints one of the shell's own queries as a whole table, whatever .maxrows says.
func (s *sqlSession) listing(name string, args ...any) (int, error) {
	rows, err := s.conn.QueryContext(s.e.ctx, shellSQL(name), args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	res, err := writeResult(s.e.stdout, rows, outOpts{format: "table"})
	return res.rows, err
}

// openOutput starts .output/.once FILE: results go to a temporary file beside it,
// renamed into place when the output is closed, so a failed query leaves FILE as it was.
func (s *sqlSession) openOutput(path string, once bool) error {
	if err := s.e.guardOutput(path); err != nil {
		return err
	}
	if f, _ := formatFromExt(path); f == "xlsx" && !once {
		return fmt.Errorf("%s: a workbook holds one result; use .once %s", path, path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	s.out, s.outPath, s.once = tmp, path, once
	return nil
}

// outFresh: nothing has been written to the output file yet.
func (s *sqlSession) outFresh() bool {
	off, err := s.out.Seek(0, io.SeekCurrent)
	return err == nil && off == 0
}

func (s *sqlSession) closeOutput() error {
	if s.out == nil {
		return nil
	}
	tmp, path := s.out, s.outPath
	s.out, s.outPath, s.once = nil, "", false
	if err := tmp.Close(); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return nil
}

func shellSQL(name string) string {
	b, err := xsql.FS.ReadFile("shell/" + name + ".sql")
	if err != nil {
		panic("missing sql/shell/" + name + ".sql") // embedded: a build error in all but name
	}
	return string(b)
}

var sqlKeywords = []string{"select", "from", "where", "group by", "order by", "limit", "join", "left join",
	"using", "count(*)", "distinct", "having", "with", "describe", "summarize", "union all", "case", "when", "then", "else", "end"}

// completer completes dot commands at the start of a line, else table, column and
// keyword names; the names are read once when the REPL starts.
func (s *sqlSession) completer() liner.WordCompleter {
	names := append([]string(nil), sqlKeywords...)
	if rows, err := s.conn.QueryContext(s.e.ctx, shellSQL("names")); err == nil {
		for rows.Next() {
			var n string
			if rows.Scan(&n) == nil {
				names = append(names, n)
			}
		}
		rows.Close()
	}
	sort.Strings(names)
	return func(line string, pos int) (string, []string, string) {
		head, tail := line[:pos], line[pos:]
		start := strings.LastIndexAny(head, " \t\n(,=<>") + 1
		word := head[start:]
		var out []string
		if start == 0 && strings.HasPrefix(word, ".") {
			for _, d := range dotCommands {
				if strings.HasPrefix(d, word) {
					out = append(out, d+" ")
				}
			}
			return "", out, tail
		}
		if word == "" {
			return head, nil, tail
		}
		for _, n := range names {
			if strings.HasPrefix(strings.ToLower(n), strings.ToLower(word)) {
				out = append(out, n)
			}
		}
		return head[:start], out, tail
	}
}

// shellHistory keeps the REPL's lines across sessions in the user's config folder
// (never beside the warehouse), identifiers redacted before they are saved.
type shellHistory struct {
	path  string
	lines []string
	added []string
	ln    *liner.State
}

const historyLines = 1000

// historyPath is $XUNCHA_HISTORY, else <user config dir>/xuncha/sql_history.
func historyPath() string {
	if p := os.Getenv("XUNCHA_HISTORY"); p != "" {
		return p
	}
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "xuncha", "sql_history")
}

func openHistory(ln *liner.State) *shellHistory {
	h := &shellHistory{path: historyPath(), ln: ln}
	if h.path == "" {
		return h
	}
	if b, err := os.ReadFile(h.path); err == nil {
		h.lines = strings.Split(strings.TrimRight(string(b), "\n"), "\n")
		for _, l := range h.lines {
			ln.AppendHistory(l)
		}
	}
	return h
}

func (h *shellHistory) add(line string) {
	if h == nil || line == "" {
		return
	}
	h.ln.AppendHistory(line)
	h.added = append(h.added, warehouse.RedactIdentifiers(line))
}

// save writes the history through a temporary file, readable by the user alone.
func (h *shellHistory) save() {
	if h == nil || h.path == "" || len(h.added) == 0 {
		return
	}
	lines := append(h.lines, h.added...)
	if len(lines) > historyLines {
		lines = lines[len(lines)-historyLines:]
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(h.path), ".sql_history.*")
	if err != nil {
		return
	}
	_, err = io.WriteString(tmp, strings.Join(lines, "\n")+"\n")
	if err = errors.Join(err, tmp.Close()); err == nil {
		err = os.Rename(tmp.Name(), h.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	h.added = nil
}

// interrupts route Ctrl-C: to the statement a REPL runs, else to the whole command.
var interrupts struct {
	mu      sync.Mutex
	handler func()
}

// onInterrupt makes Ctrl-C call f instead of stopping the command, until restore.
func onInterrupt(f func()) (restore func()) {
	interrupts.mu.Lock()
	prev := interrupts.handler
	interrupts.handler = f
	interrupts.mu.Unlock()
	return func() {
		interrupts.mu.Lock()
		interrupts.handler = prev
		interrupts.mu.Unlock()
	}
}

// interrupted handles one Ctrl-C; false means nothing took it and the command stops.
func interrupted() bool {
	interrupts.mu.Lock()
	h := interrupts.handler
	interrupts.mu.Unlock()
	if h == nil {
		return false
	}
	h()
	return true
}
