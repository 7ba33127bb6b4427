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
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/xuncha/xuncha/report"
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
	isTTY  bool // stderr is a terminal: progress is drawn there
	// stdin and stdout are terminals: the REPL edits lines, results stop at .maxrows
	stdinTTY, stdoutTTY bool
	// synopses of the flag sets made by newFlags, for their help
	synopses map[*flag.FlagSet]string
	// inputs is what the command read besides its arguments, for the audit log
	inputs string
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
	ctx, cancel := context.WithCancel(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	go func() {
		for range sig {
			if !interrupted() {
				cancel()
			}
		}
	}()
	stopProfile := startProfile(os.Getenv("XUNCHA_CPUPROFILE"))
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stopProfile()
	signal.Stop(sig)
	cancel()
	os.Exit(code)
}

// startProfile writes a CPU profile of the command to path, for `go tool pprof`
// (docs/BENCHMARKS.md); "" profiles nothing.
func startProfile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "xuncha: XUNCHA_CPUPROFILE:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// isTerminal: f is a terminal (not a pipe, a file or /dev/null).
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	return ok && term.IsTerminal(int(file.Fd()))
}

func init() {
	bi, _ := debug.ReadBuildInfo()
	Version = buildVersion(Version, bi)
	report.Version = Version
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr,
		log: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))}
	e.isTTY = isTerminal(stderr) && os.Getenv("CI") == "" && os.Getenv("TERM") != "dumb"
	e.stdinTTY = isTerminal(stdin)
	e.stdoutTTY = isTerminal(stdout)
	g := flag.NewFlagSet("xuncha", flag.ContinueOnError)
	g.SetOutput(io.Discard)
	g.StringVar(&e.dbPath, "db", envOr("XUNCHA_DB", warehouse.DefaultPath), "warehouse file")
	g.StringVar(&e.memory, "memory-limit", os.Getenv("XUNCHA_MEMORY_LIMIT"), "DuckDB memory_limit, e.g. 4GB; for ingest the whole process's")
	version := g.Bool("version", false, "print the version")
	if err := g.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return exitOK
		}
		fmt.Fprintln(stderr, "xuncha:", err)
		fmt.Fprintln(stderr, "run `xuncha --help` for the commands and global flags")
		return exitUsage
	}
	if *version {
		fmt.Fprintln(stdout, "xuncha", Version)
		return exitOK
	}
	rest := g.Args()
	if len(rest) == 0 {
		usage(stdout)
		return exitOK
	}
	if rest[0] == "help" {
		if len(rest) == 1 {
			usage(stdout)
			return exitOK
		}
		// xuncha help CMD [SUB] is xuncha CMD [SUB] -h
		rest = append(rest[1:], "-h")
	}
	c, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintf(stderr, "xuncha: unknown command %q\n", rest[0])
		fmt.Fprintln(stderr, "run `xuncha --help` for the commands")
		return exitUsage
	}
	started := time.Now()
	err := c.run(e, rest[1:])
	code := exitCode(err)
	if errors.Is(err, flag.ErrHelp) {
		return code
	}
	if err != nil && !errors.Is(err, errRejected) {
		fmt.Fprintln(stderr, "xuncha "+c.name+":", err)
		if code == exitUsage {
			fmt.Fprintf(stderr, "run `xuncha help %s` for its flags and examples\n", c.name)
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

// logCommand appends to meta.command_log, the audit trail, or to its side log while another
// process holds the warehouse. A missing warehouse is not an error of the command itself.
func logCommand(e *env, started time.Time, args []string, code int, err error) {
	if _, statErr := os.Stat(e.dbPath); statErr != nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = warehouse.FirstLine(err.Error())
	}
	c := warehouse.Command{Started: started, Args: quoteArgs(args), Version: Version, Inputs: e.inputs}
	db, openErr := warehouse.Open(context.WithoutCancel(e.ctx), e.dbPath, warehouse.Options{})
	if openErr != nil {
		// held by a reader (a REPL): the next command that opens it for writing merges this
		if err := warehouse.AppendSideLog(e.dbPath, c, code, outcome); err != nil {
			e.log.Warn("command not written to the audit log", "err", errors.Join(openErr, err))
		}
		return
	}
	defer db.Close()
	if err := db.LogCommand(context.WithoutCancel(e.ctx), c, code, outcome); err != nil {
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

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// newFlags makes a subcommand's flag set; --db is accepted after the command too.
func (e *env) newFlags(name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&e.dbPath, "db", e.dbPath, "warehouse file")
	if e.synopses == nil {
		e.synopses = map[*flag.FlagSet]string{}
	}
	e.synopses[fs] = synopsis
	return fs
}

// parse parses a command's flags; -h prints its help on stdout.
func (e *env) parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(interleave(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printHelp(e.stdout, fs.Name(), e.synopses[fs], fs)
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
	db, err := warehouse.Open(e.ctx, e.dbPath, warehouse.Options{ReadOnly: readOnly, MemoryLimit: e.memory})
	if err == nil && db.Recovered != "" {
		fmt.Fprintln(e.stderr, "warning:", db.Recovered)
	}
	return db, err
}
