package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
)

// TestMain lets a test run the command itself as a child process (XUNCHA_TEST_MAIN=1),
// so that the REPL can be driven through a real pseudo-terminal, signals included.
func TestMain(m *testing.M) {
	if os.Getenv("XUNCHA_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// terminal is a child xuncha on a pseudo-terminal.
type terminal struct {
	t   *testing.T
	f   *os.File
	cmd *exec.Cmd
	mu  sync.Mutex
	out bytes.Buffer
	// seen is how much of out earlier expectations consumed
	seen int
}

func startTerminal(t *testing.T, env []string, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), append(env, "XUNCHA_TEST_MAIN=1", "TERM=xterm", "CI=")...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 160})
	if err != nil {
		t.Fatal(err)
	}
	term := &terminal{t: t, f: f, cmd: cmd}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			term.mu.Lock()
			term.out.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	})
	return term
}

func (term *terminal) send(s string) {
	term.t.Helper()
	if _, err := term.f.WriteString(s); err != nil {
		term.t.Fatal(err)
	}
}

// expect waits for want in the output after what earlier expectations consumed.
func (term *terminal) expect(want string) {
	term.t.Helper()
	if term.within(want, 60*time.Second) {
		return
	}
	term.mu.Lock()
	defer term.mu.Unlock()
	term.t.Fatalf("no %q on the terminal; after the last match it shows:\n%q", want, term.out.String()[term.seen:])
}

// within waits up to d for want, as expect does, and says whether it came.
func (term *terminal) within(want string, d time.Duration) bool {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		term.mu.Lock()
		out := term.out.String()
		term.mu.Unlock()
		if i := strings.Index(out[term.seen:], want); i >= 0 {
			term.seen += i + len(want)
			return true
		}
	}
	return false
}

func TestREPLThroughATerminal(t *testing.T) {
	db := queryWarehouse(t)
	dir := t.TempDir()
	hist := filepath.Join(dir, "config", "sql_history")
	os.MkdirAll(filepath.Dir(hist), 0o700)
	os.WriteFile(hist, []byte("select 'from an earlier session' as earlier;\n"), 0o600)
	term := startTerminal(t, []string{"XUNCHA_HISTORY=" + hist}, "--db", db, "sql")
	term.expect("xuncha> ")

	// a statement over two lines runs at the ;
	term.send("select 6 * 7\r")
	term.expect("   ...> ")
	term.send("as answer;\r")
	term.expect("answer")
	term.expect("42")
	term.expect("xuncha> ")

	// Up recalls it; the history of an earlier session is there too
	term.send("\x1b[A\r")
	term.expect("42")
	term.expect("xuncha> ")
	term.send("\x1b[A\x1b[A\x1b[A\r")
	term.expect("from an earlier session")
	term.expect("xuncha> ")

	// Tab completes dot commands and table names
	term.send(".tab\t\r")
	term.expect("command_log")
	term.expect("xuncha> ")
	term.send(".schema meta.command_l\t\r")
	term.expect("finished_at")
	term.expect("xuncha> ")

	// .maxrows stops a long result and says so; .mode changes the format
	term.send(".maxrows 3\r")
	term.expect("xuncha> ")
	term.send(".mode csv\r")
	term.expect("xuncha> ")
	term.send("select i from range(1000000) t(i);\r")
	term.expect("i\r\n0\r\n1\r\n2\r\n")
	term.expect("first 3 rows shown")
	term.expect("xuncha> ")

	// Ctrl-C stops the running statement, and the next one runs
	term.send("select sum(a.i * b.i) from range(1000000000) a(i), range(1000000) b(i);\r")
	// (a Ctrl-C that comes before the line editor has handed the terminal back is read
	// as input: send it until the statement says it was stopped)
	stopped := false
	for i := 0; i < 30 && !stopped; i++ {
		term.send("\x03")
		stopped = term.within("error: interrupted", time.Second)
	}
	if !stopped {
		t.Fatal("Ctrl-C did not stop the statement")
	}
	term.expect("xuncha> ")
	term.send("select 'still here' as after;\r")
	term.expect("still here")
	term.expect("xuncha> ")

	// .once writes the next result to a file, whole, through a temporary file
	out := filepath.Join(dir, "once.csv")
	term.send(".once " + out + "\r")
	term.expect("xuncha> ")
	term.send("select i from range(5) t(i);\r")
	var b []byte
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, _ = os.ReadFile(out); b != nil {
			break
		}
	}
	if string(b) != utf8BOM+"i\n0\n1\n2\n3\n4\n" {
		t.Errorf("once.csv: %q", b)
	}
	// and the result after it is on the screen again
	term.send("select 'on screen' as again;\r")
	term.expect("on screen")

	// an identifier typed in a statement is not kept in the history file
	term.send("select '110101199003071234' as patient_id;\r")
	term.expect("xuncha> ")
	term.send(".quit\r")
	if err := term.cmd.Wait(); err != nil {
		t.Fatalf("leaving the REPL: %v", err)
	}
	b, err := os.ReadFile(hist)
	if err != nil {
		t.Fatal(err)
	}
	h := string(b)
	if !strings.Contains(h, "select 6 * 7 as answer;") || !strings.Contains(h, "'[redacted]' as patient_id") || strings.Contains(h, "110101199003071234") {
		t.Errorf("history file:\n%s", h)
	}
	if st, _ := os.Stat(hist); st.Mode().Perm() != 0o600 {
		t.Errorf("history file mode %v, want 0600", st.Mode().Perm())
	}
}

// Piped into, the REPL reads statements line by line (no line editing) and stops at EOF.
func TestREPLFromAPipe(t *testing.T) {
	db := queryWarehouse(t)
	t.Setenv("XUNCHA_HISTORY", filepath.Join(t.TempDir(), "h"))
	var out, errb bytes.Buffer
	xlsx := filepath.Join(t.TempDir(), "one.xlsx")
	in := strings.NewReader(".mode json\nselect 1 as a,\n 'x' as b;\n.nosuch\nselect nonsense from;\nselect 2 as c;\n.once " + xlsx + "\nselect 3 as d;\n")
	code := run(t.Context(), []string{"--db", db, "sql"}, in, &out, &errb)
	// every statement ran; the failed one makes the exit code 1
	if code != exitFailure || out.String() != "[\n  {\"a\": 1, \"b\": \"x\"}\n]\n[\n  {\"c\": 2}\n]\n" {
		t.Errorf("exit %d stdout %q", code, out.String())
	}
	// no prompts or banner in a pipe: stderr has the two problems and nothing else
	lines := strings.Split(errb.String(), "\n")
	if len(lines) < 3 || lines[0] != "unknown command .nosuch; .help lists them" || !strings.HasPrefix(lines[1], "error: Parser Error") ||
		!strings.Contains(errb.String(), "xuncha sql: 1 statement(s) failed") || strings.Contains(errb.String(), "xuncha>") {
		t.Errorf("stderr %q", errb.String())
	}
	if b, _ := os.ReadFile(xlsx); !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf(".once FILE.xlsx wrote no workbook: %q", b[:min(len(b), 20)])
	}
}
