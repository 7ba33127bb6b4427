package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuncha/xuncha/ingest/xlsx/xlsxtest"
)

// No workbook or CSV, however built, takes an ingest at default settings past 1 GiB
// resident: each hostile file is ingested by a child xuncha (no --memory-limit), whose peak resident
// size the kernel reports, and ends in a clear line rather than exhausted memory (each
// would take gigabytes, or minutes, without the limits that stop it; the expected exit
// and message show the limit worked).
func TestHostileFilesStayInMemory(t *testing.T) {
	const bound = 1 << 30
	dir := t.TempDir()
	reg := filepath.Join(dir, "机构名录.csv")
	os.WriteFile(reg, []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)
	cases := []struct {
		name  string
		ext   string // of the file; "": .xlsx
		write func(string) error
		code  int
		want  string // in the output
		rows  int    // loaded, when it exits 0
	}{
		{"a 256 MiB shared string", "", func(p string) error { return xlsxtest.HugeCell(p, 256<<20, false) }, exitRejected, "cell_too_large", 0},
		{"a 256 MiB inline string", "", func(p string) error { return xlsxtest.HugeCell(p, 256<<20, true) }, exitRejected, "cell_too_large", 0},
		{"256 MiB of blank space", "", func(p string) error { return xlsxtest.Inflated(p, 256<<20) }, exitOK, "", 2},
		// cells under the limit: header detection on their first bytes (minutes otherwise),
		// the header search ends at 32 MiB of rows, batches of long values go at 4 MiB.
		// DuckDB holds an uncommitted file's long strings at several times their size: a
		// file whose cells over 4 KiB pass an eighth of the memory limit fails (80 such rows
		// took 1.0–1.07 GB before).
		{"40 rows of two 3 MiB cells", "", func(p string) error { return xlsxtest.WideRows(p, 40, 1, 3<<20) }, exitOK, "", 40},
		{"80 rows of two 3 MiB cells", "", func(p string) error { return xlsxtest.WideRows(p, 80, 1, 3<<20) }, exitFailure, "cells over 4.0 KiB hold more than 128.0 MiB", 0},
		{"240 MiB of shared strings", "", func(p string) error { return xlsxtest.SharedStrings(p, 240<<20) }, exitFailure, "shared strings hold more than", 0},
		// cells right of column 512 are not read; rows of formatted empty cells are blank
		{"4M formatted empty cells, A to XFD", "", func(p string) error { return xlsxtest.EmptyStyledCells(p, 4<<20) }, exitOK, "", 2},
		{"30 rows of 16,384 columns", "", func(p string) error { return xlsxtest.ManyColumns(p, 30, 16384) }, exitOK, "", 30},
		{"a CSV field of 64 MiB", ".csv", func(p string) error { return hugeCSV(p, 64<<20, true) }, exitFailure, "row 3: a record longer than 16.0 MiB", 0},
		{"a CSV line of 64 MiB", ".csv", func(p string) error { return hugeCSV(p, 64<<20, false) }, exitFailure, "row 3: a record longer than 16.0 MiB", 0},
		// cells right of column 512 are not kept, nor where each of them ends (1.4 GB before)
		{"a CSV line of 15 million empty cells", ".csv", func(p string) error {
			return os.WriteFile(p, []byte("采购日期,品名,类别,供应商,金额,采购渠道\n2025-01-02,头孢,药品,甲医药,10,平台\n2025-01-03,头孢,药品,甲医药,10,平台"+strings.Repeat(",", 15_000_000)+"\n"), 0o644)
		}, exitOK, "", 2},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ext := c.ext
			if ext == "" {
				ext = ".xlsx"
			}
			wb := filepath.Join(dir, "甲区人民医院", string(rune('a'+i))+ext)
			os.MkdirAll(filepath.Dir(wb), 0o755)
			if err := c.write(wb); err != nil {
				t.Fatal(err)
			}
			defer os.Remove(wb)
			// a warehouse of its own: the check against earlier files of the kind reads them
			cmd := exec.Command(os.Args[0], "--db", filepath.Join(dir, fmt.Sprintf("w%d.duckdb", i)), "ingest", "--institution", "A1", reg, wb)
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
			if c.code == exitFailure && !failedEmpty(out.String(), wb) {
				t.Errorf("want %s shown as FAILED with nothing loaded:\n%s", wb, out.String())
			}
			if c.code == exitOK {
				if n := loadedRows(out.String(), wb); n != c.rows {
					t.Errorf("%d rows loaded, want %d:\n%s", n, c.rows, out.String())
				}
			}
		})
	}
}

// loadedRows reads the loaded count of file from ingest's table (file, kind,
// institution, read, loaded, …); -1 when it is not there.
func loadedRows(out, file string) int {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 5 && f[0] == file {
			n, err := strconv.Atoi(f[4])
			if err != nil {
				return -1
			}
			return n
		}
	}
	return -1
}

// failedEmpty: ingest's table shows file as failed, with no row loaded or rejected (its
// transaction was rolled back).
func failedEmpty(out, file string) bool {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != file {
			continue
		}
		i := slices.Index(f, "FAILED:")
		return i >= 4 && strings.HasSuffix(line, "FAILED: nothing loaded") && f[i-3] == "0" && f[i-2] == "0"
	}
	return false
}

// hugeCSV writes a procurement CSV whose second line holds size bytes: one quoted 品名, or
// fields of a few bytes, unquoted.
func hugeCSV(path string, size int64, quoted bool) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("采购日期,品名,类别,供应商,金额,采购渠道\n2025-01-02,头孢,药品,甲医药,10,平台\n2025-01-03,")
	chunk := strings.Repeat("药品名称", 1<<14)
	if !quoted {
		chunk = strings.Repeat("药品,", 1<<14)
	} else {
		w.WriteString(`"`)
	}
	for n := int64(0); n < size; n += int64(len(chunk)) {
		w.WriteString(chunk)
	}
	if quoted {
		w.WriteString(`"`)
	}
	w.WriteString(",药品,甲医药,10,平台\n2025-01-04,布洛芬,药品,乙医药,30,平台\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
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

// --cell-limit rejects a row whose cell is over it, naming the column and the sizes, and
// loads the rows around it.
func TestCellLimitFlag(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "机构名录.csv")
	os.WriteFile(reg, []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)
	csv := filepath.Join(dir, "甲区人民医院", "采购.csv")
	os.MkdirAll(filepath.Dir(csv), 0o755)
	long := strings.Repeat("阿莫西林", 200) // 2,400 bytes
	os.WriteFile(csv, []byte("采购日期,品名,类别,供应商,金额,采购渠道\n"+
		"2025-01-02,头孢,药品,甲医药,10,平台\n2025-01-03,"+long+",药品,甲医药,20,平台\n2025-01-04,布洛芬,药品,乙医药,30,平台\n"), 0o644)
	db := filepath.Join(dir, "w.duckdb")
	code, _, stderr := xuncha(t, "--db", db, "ingest", "-q", "--cell-limit", "2KB", reg, csv)
	if code != exitRejected || !strings.Contains(stderr, "row 3") || !strings.Contains(stderr, "cell_too_large (2.3 KiB, over the 2.0 KiB limit)") {
		t.Errorf("--cell-limit 2KB: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = xuncha(t, "--db", filepath.Join(dir, "w2.duckdb"), "ingest", "-q", reg, csv)
	if code != exitOK {
		t.Errorf("default limit: exit %d, stderr %q", code, stderr)
	}
}
