package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuncha/xuncha/ingest/xlsx/xlsxtest"
)

// No workbook, however built, takes an ingest at default settings past 1 GiB resident: each
// hostile workbook is ingested by a child xuncha (no --memory-limit), whose peak resident
// size the kernel reports, and ends in a clear line rather than exhausted memory (each
// would take gigabytes, or minutes, without the limits that stop it).
func TestHostileWorkbooksStayInMemory(t *testing.T) {
	const bound = 1 << 30
	dir := t.TempDir()
	reg := filepath.Join(dir, "机构名录.csv")
	os.WriteFile(reg, []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)
	cases := []struct {
		name  string
		write func(string) error
		code  int
		want  string // in the output
	}{
		{"a 512 MiB shared string", func(p string) error { return xlsxtest.HugeCell(p, 512<<20, false) }, exitRejected, "cell_too_large"},
		{"a 512 MiB inline string", func(p string) error { return xlsxtest.HugeCell(p, 512<<20, true) }, exitRejected, "cell_too_large"},
		{"512 MiB of blank space", func(p string) error { return xlsxtest.Inflated(p, 512<<20) }, exitOK, ""},
		// cells under the limit: 40 rows of 6 MiB before the header is settled, batches of
		// 64 MiB (not 122,880 rows) to DuckDB, header detection on the cells' first bytes
		{"40 rows of two 3 MiB cells", func(p string) error { return xlsxtest.WideRows(p, 40, 1, 3<<20) }, exitOK, ""},
		{"240 MiB of shared strings", func(p string) error { return xlsxtest.SharedStrings(p, 240<<20) }, exitFailure, "shared strings hold more than"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wb := filepath.Join(dir, "甲区人民医院", string(rune('a'+i))+".xlsx")
			os.MkdirAll(filepath.Dir(wb), 0o755)
			if err := c.write(wb); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(wb)
			cmd := exec.Command(os.Args[0], "--db", filepath.Join(dir, "w.duckdb"), "ingest", "--institution", "A1", reg, wb)
			cmd.Env = append(withoutEnv("XUNCHA_MEMORY_LIMIT", "GOMEMLIMIT", "GOGC"), "XUNCHA_TEST_MAIN=1")
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			start := time.Now()
			err := cmd.Run()
			code := cmd.ProcessState.ExitCode()
			if err != nil && code < 0 {
				t.Fatalf("%v\n%s", err, out.String())
			}
			rss := int64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) << 10
			t.Logf("peak %d MiB in %.1f s, exit %d", rss>>20, time.Since(start).Seconds(), code)
			if rss > bound {
				t.Errorf("peak resident %d MiB, over %d MiB", rss>>20, bound>>20)
			}
			if code != c.code || !strings.Contains(out.String(), c.want) {
				t.Errorf("exit %d, want %d with %q in:\n%s", code, c.code, c.want, out.String())
			}
		})
	}
}

func withoutEnv(names ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, n := range names {
			keep = keep && name != n
		}
		if keep {
			env = append(env, kv)
		}
	}
	return env
}
