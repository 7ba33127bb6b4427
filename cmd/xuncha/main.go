// Command xuncha loads hospital inspection extracts into a DuckDB warehouse, flags
// the risks the inspection plans name, and writes the reports inspectors read.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuncha/xuncha/warehouse"
)

// Version is set at build time (-ldflags "-X main.Version=…").
var Version = "dev"

// Exit codes of the CLI contract.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitRejected = 3
)

// usageError makes run exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// errRejected: the command finished, but some input rows were rejected (exit 3).
var errRejected = errors.New("some rows were rejected")

// env is what every command gets.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	dbPath string
	memory string
	log    *slog.Logger
	isTTY  bool
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
	// logged commands are written to meta.command_log
	logged bool
}

var commands = map[string]command{}

func register(c command) { commands[c.name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	if f, ok := stderr.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			e.isTTY = true
		}
	}
	g := flag.NewFlagSet("xuncha", flag.ContinueOnError)
	g.SetOutput(io.Discard)
	g.StringVar(&e.dbPath, "db", envOr("XUNCHA_DB", warehouse.DefaultPath), "warehouse file")
	g.StringVar(&e.memory, "memory-limit", os.Getenv("XUNCHA_MEMORY_LIMIT"), "DuckDB memory_limit, e.g. 4GB")
	version := g.Bool("version", false, "print the version")
	if err := g.Parse(args); err != nil {
		fmt.Fprintln(stderr, "xuncha:", err)
		usage(stderr)
		return exitUsage
	}
	if *version {
		fmt.Fprintln(stdout, "xuncha", Version)
		return exitOK
	}
	rest := g.Args()
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		usage(stdout)
		if len(rest) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "xuncha: unknown command %q\n", rest[0])
		usage(stderr)
		return exitUsage
	}
	started := time.Now()
	err := c.run(e, rest[1:])
	code := exitCode(err)
	if err != nil && !errors.Is(err, errRejected) {
		fmt.Fprintln(stderr, "xuncha "+c.name+":", err)
		if code == exitUsage {
			fmt.Fprintf(stderr, "run `xuncha %s -h` for its flags\n", c.name)
		}
	}
	if c.logged {
		logCommand(e, started, args, code, err)
	}
	return code
}

func exitCode(err error) int {
	var ue usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, errRejected):
		return exitRejected
	}
	return exitFailure
}

// logCommand appends to meta.command_log, the audit trail. A warehouse that is
// locked or missing is not an error of the command itself.
func logCommand(e *env, started time.Time, args []string, code int, err error) {
	if _, statErr := os.Stat(e.dbPath); statErr != nil {
		return
	}
	db, openErr := warehouse.Open(context.WithoutCancel(e.ctx), e.dbPath, warehouse.Options{})
	if openErr != nil {
		e.log.Warn("command not written to the audit log", "err", openErr)
		return
	}
	defer db.Close()
	outcome := "ok"
	if err != nil {
		outcome = firstLine(err.Error())
	}
	if err := db.LogCommand(context.WithoutCancel(e.ctx), warehouse.Command{Started: started, Args: quoteArgs(args), Version: Version}, code, outcome); err != nil {
		e.log.Warn("command not written to the audit log", "err", err)
	}
}

func quoteArgs(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`") {
			a = strconv.Quote(a)
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `xuncha — pre-visit risk warehouse for public-hospital inspections (医院巡查)

usage: xuncha [--db PATH] [--memory-limit 4GB] COMMAND [flags]
       (default warehouse ./xuncha.duckdb, or $XUNCHA_DB)

commands:`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, `
exit codes: 0 ok, 1 failure, 2 usage error, 3 rows were rejected (all other rows loaded)`)
}

// newFlags makes a subcommand's flag set; --db is accepted after the command too.
func (e *env) newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.StringVar(&e.dbPath, "db", e.dbPath, "warehouse file")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: xuncha %s %s\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(interleave(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

// interleave moves flags after positional arguments to the front, so that
// `xuncha ingest DIR --kind procurement` works as users type it.
func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			if f := fs.Lookup(name); f != nil {
				if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
					continue
				}
				if i+1 < len(args) {
					flags = append(flags, args[i+1])
					i++
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func (e *env) open(readOnly bool) (*warehouse.DB, error) {
	return warehouse.Open(e.ctx, e.dbPath, warehouse.Options{ReadOnly: readOnly, MemoryLimit: e.memory})
}
