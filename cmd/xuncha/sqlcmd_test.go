package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSQLOutputNeverOverwritesTheWarehouse(t *testing.T) {
	db := queryWarehouse(t)
	key := db + ".key"
	os.WriteFile(key, []byte("00112233445566778899aabbccddeeff\n"), 0o600)
	link := filepath.Join(filepath.Dir(db), "link.csv")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(db)
	for _, out := range []string{db, key, db + ".wal", link, filepath.Join(db+".tmp", "x.csv")} {
		code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "select 1", "-o", out, "--format", "csv")
		if code != exitUsage || !strings.Contains(stderr, "the warehouse's own file") {
			t.Errorf("-o %s: exit %d %s", out, code, stderr)
		}
	}
	// the warehouse is whole (the refusals themselves are in its command log)
	if st, _ := os.Stat(db); st.Size() < int64(len(before)) {
		t.Errorf("the warehouse shrank from %d to %d bytes", len(before), st.Size())
	}
	if code, out, stderr := xuncha(t, "--db", db, "sql", "-c", "select count(*) as refused from meta.command_log where exit_code = 2", "--format", "csv"); code != exitOK || out != "refused\n5\n" {
		t.Errorf("after the refusals: exit %d %q %s", code, out, stderr)
	}
	if b, _ := os.ReadFile(key); string(b) != "00112233445566778899aabbccddeeff\n" {
		t.Error("the key changed")
	}
}

func TestSQLWorkbookHoldsOneResult(t *testing.T) {
	db := queryWarehouse(t)
	out := filepath.Join(t.TempDir(), "two.xlsx")
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "select 1; select 2", "-o", out); code != exitUsage || !strings.Contains(stderr, "one result") {
		t.Errorf("exit %d %s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused command wrote the workbook")
	}
}

func TestSQLFailingQueryKeepsTheOutputFile(t *testing.T) {
	db := queryWarehouse(t)
	out := filepath.Join(t.TempDir(), "kept.csv")
	os.WriteFile(out, []byte("earlier result\n"), 0o644)
	code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "select 1 as a; select * from no_such_table", "-o", out)
	if code != exitFailure || !strings.Contains(stderr, "no_such_table") {
		t.Fatalf("exit %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); string(b) != "earlier result\n" {
		t.Errorf("a failed query changed %s: %q", out, b)
	}
	if m, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".kept.csv.*")); len(m) > 0 {
		t.Errorf("temporary files left behind: %v", m)
	}
}

// The read-only shell writes no file anywhere, the warehouse's temporary folder
// included (DuckDB always allows that one); --allow-write opts in.
func TestSQLReadOnlyWritesNoFiles(t *testing.T) {
	db := queryWarehouse(t)
	dir := t.TempDir()
	os.MkdirAll(db+".tmp", 0o755)
	t.Chdir(dir)
	targets := []string{filepath.Join(db+".tmp", "x.csv"), filepath.Join(dir, "abs.csv"), "rel.csv", filepath.Join(db+".tmp", "p.parquet")}
	for _, target := range targets {
		for _, q := range []string{
			"copy (select 1) to '" + target + "'",
			"COPY (select 1 as a) TO '" + target + "' (FORMAT csv)",
			"/* note */ copy (select 1) to '" + target + "'",
			"export database '" + target + ".d'",
		} {
			if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", q); code != exitFailure || !strings.Contains(stderr, "--allow-write") {
				t.Errorf("%s: exit %d %s", q, code, stderr)
			}
		}
		if _, err := os.Stat(target); err == nil {
			t.Errorf("%s was written by a read-only session", target)
		}
	}
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "export database '"+filepath.Join(db+".tmp", "exp")+"'"); code != exitFailure {
		t.Errorf("export database: exit %d %s", code, stderr)
	}
	if entries, _ := os.ReadDir(db + ".tmp"); len(entries) > 0 {
		t.Errorf("files in the temporary folder: %v", entries)
	}
	// opted in
	if code, _, stderr := xuncha(t, "--db", db, "sql", "--allow-write", "-c", "copy (select 1 as a) to 'ok.csv'"); code != exitOK {
		t.Errorf("--allow-write copy: exit %d %s", code, stderr)
	} else if b, _ := os.ReadFile("ok.csv"); string(b) != "a\n1\n" {
		t.Errorf("ok.csv: %q", b)
	}
}

func TestSQLFileRefusesTheKey(t *testing.T) {
	db := queryWarehouse(t)
	secret := "5ec7e75ec7e75ec7e75ec7e75ec7e75e"
	os.WriteFile(db+".key", []byte(secret+"\n"), 0o600)
	for _, f := range []string{db + ".key", db} {
		code, out, stderr := xuncha(t, "--db", db, "sql", "-f", f)
		if code != exitUsage || strings.Contains(stderr+out, secret) || !strings.Contains(stderr, "not SQL") {
			t.Errorf("-f %s: exit %d stdout %q stderr %q", f, code, out, stderr)
		}
	}
}

func TestSQLFileRunsEachStatement(t *testing.T) {
	db := queryWarehouse(t)
	f := filepath.Join(t.TempDir(), "q.sql")
	os.WriteFile(f, []byte("-- two queries; one file\nselect 1 as a /* ; not the end */;\nselect 'x;y' as b, $$z;$$ as c; -- done;\n"), 0o644)
	code, out, stderr := xuncha(t, "--db", db, "sql", "-f", f, "--format", "csv")
	if code != exitOK || out != "a\n1\nb,c\nx;y,z;\n" {
		t.Errorf("exit %d stdout %q stderr %q", code, out, stderr)
	}
	os.WriteFile(f, []byte("select 1;\n\nselect nonsense from;\n"), 0o644)
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-f", f); code != exitFailure || !strings.Contains(stderr, "statement at line 3") {
		t.Errorf("exit %d stderr %q", code, stderr)
	}
}

// A result larger than --maxrows is not read to the end: the query stops there.
func TestSQLMaxRowsStopsTheQuery(t *testing.T) {
	db := queryWarehouse(t)
	start := time.Now()
	// read to the end, this result would not fit in the memory limit
	code, out, stderr := xuncha(t, "--db", db, "--memory-limit", "200MB", "sql", "-c", "select i, i * 2 as j from range(100000000) t(i)", "--maxrows", "5", "--format", "csv")
	if code != exitOK || strings.Count(out, "\n") != 6 || !strings.Contains(stderr, "first 5 rows shown") {
		t.Errorf("exit %d stdout %q stderr %q", code, out, stderr)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v: the query was read to the end", d)
	}
}

func TestCommandLogRedactsIdentifiers(t *testing.T) {
	db := queryWarehouse(t)
	id := "11010119900307123X"
	if code, _, stderr := xuncha(t, "--db", db, "sql", "-c", "select count(*) from raw.claims where patient_id = '"+id+"' or card = '6222020200112233'"); code == exitUsage {
		t.Fatal(stderr)
	}
	code, out, stderr := xuncha(t, "--db", db, "sql", "-c", "select args, outcome from meta.command_log", "--format", "csv")
	if code != exitOK || !strings.Contains(out, "[redacted]") || strings.Contains(out, id) || strings.Contains(out, "6222020200112233") {
		t.Errorf("exit %d %s\n%s", code, stderr, out)
	}
}

func TestSplitStatements(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"select 1; select 2;", []string{"select 1", "select 2"}},
		{"select 1", []string{"select 1"}},
		{"select ';' as a; select 2", []string{"select ';' as a", "select 2"}},
		{"select 'it''s;' ; x", []string{"select 'it''s;'", "x"}},
		{`select "a;b" from t; x`, []string{`select "a;b" from t`, "x"}},
		{"select 1 -- c;\n; x", []string{"select 1 -- c;", "x"}},
		{"select /* ; */ 1; /* a /* nested ; */ still ; */ x", []string{"select /* ; */ 1", "/* a /* nested ; */ still ; */ x"}},
		{"select $$a;b$$; select $t$x;$$;y$t$", []string{"select $$a;b$$", "select $t$x;$$;y$t$"}},
		{"select E'a\\';b' ; x", []string{`select E'a\';b'`, "x"}},
		{"select $1; x", []string{"select $1", "x"}},
		{"-- only a comment\n;  ; /* c */", nil},
		{"select 'unterminated;", []string{"select 'unterminated;"}},
	}
	for _, tc := range cases {
		var got []string
		for _, s := range splitStatements(tc.in) {
			got = append(got, s.text)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("splitStatements(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	for in, want := range map[string]string{"COPY t TO 'x'": "copy", " /* a /* b */ */ -- c\n(Export database 'd'": "export", "select 1": "select", "-- only": "", "'x'": ""} {
		if got := firstKeyword(in); got != want {
			t.Errorf("firstKeyword(%q) = %q, want %q", in, got, want)
		}
	}
	if st := splitStatements("\n-- head\n\nselect\n1;\nselect 2"); st[0].line != 4 || st[1].line != 6 {
		t.Errorf("lines %d, %d; want 4, 6", st[0].line, st[1].line)
	}
}

// FuzzSplitStatements: the pieces put back together are the input, and a string
// literal holding anything (semicolons, comment marks, dollar signs) is never cut.
func FuzzSplitStatements(f *testing.F) {
	for _, s := range []string{"select 1; select 2", "a /* ; */ b", "$x$;$x$", "'", "--;\n;", "E'\\';'", "/* /* */ ;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		pieces := splitRaw(s)
		texts := make([]string, len(pieces))
		for i, p := range pieces {
			texts[i] = p.text
		}
		if got := strings.Join(texts, ";"); got != s {
			t.Fatalf("pieces of %q join to %q", s, got)
		}
		lit := "'" + strings.ReplaceAll(s, "'", "''") + "'"
		st := splitStatements("select " + lit + " as x; select 2")
		if len(st) != 2 || st[0].text != "select "+lit+" as x" || st[1].text != "select 2" {
			t.Fatalf("literal %s was cut: %v", lit, st)
		}
	})
}

// The SQL may be given as the argument, as sqlite3 and duckdb take it; given twice, it is refused.
func TestSQLAsArgument(t *testing.T) {
	db := queryWarehouse(t)
	if code, out, stderr := xuncha(t, "--db", db, "sql", "select 41 + 1 as answer", "--format", "csv"); code != exitOK || out != "answer\n42\n" {
		t.Errorf("exit %d %q %s", code, out, stderr)
	}
	if code, _, stderr := xuncha(t, "--db", db, "sql", "select 1", "-c", "select 2"); code != exitUsage || !strings.Contains(stderr, "give the SQL once") {
		t.Errorf("twice: exit %d %s", code, stderr)
	}
}
