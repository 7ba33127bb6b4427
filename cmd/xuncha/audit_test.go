package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/warehouse"
)

// While another process reads the warehouse (a REPL), a command cannot open it to log
// itself: it goes to the side log, which the next writer merges. A build's --config is
// logged by content, not only by name.
func TestAuditLogWhileTheWarehouseIsHeld(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	os.WriteFile(filepath.Join(dir, "机构名录.csv"), []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "甲区人民医院"), 0o755)
	os.WriteFile(filepath.Join(dir, "甲区人民医院", "采购.csv"), []byte("采购日期,品名,类别,供应商,金额,是否平台采购\n2025-03-04,紫杉醇,药品,乙医药,20000,线下\n"), 0o644)
	if code, _, stderr := xuncha(t, "--db", db, "ingest", dir); code != exitOK {
		t.Fatalf("ingest: %s", stderr)
	}

	repl := exec.Command(os.Args[0], "--db", db, "sql")
	repl.Env = append(os.Environ(), "XUNCHA_TEST_MAIN=1")
	in, err := repl.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := repl.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := repl.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { repl.Process.Kill(); repl.Wait() })
	// the REPL has the warehouse open once it answers
	in.Write([]byte("select 'open' as state;\n"))
	answered := make(chan bool)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "open") {
				answered <- true
				return
			}
		}
	}()
	select {
	case <-answered:
	case <-time.After(60 * time.Second):
		t.Fatal("the REPL did not answer")
	}

	code, _, stderr := xuncha(t, "--db", db, "files")
	if code != exitOK || strings.Contains(stderr, "not written to the audit log") {
		t.Fatalf("files while the REPL is open: exit %d %s", code, stderr)
	}
	side, err := os.ReadFile(warehouse.SideLogPath(db))
	if err != nil || !strings.Contains(string(side), `"args":"--db `) || !strings.Contains(string(side), " files") {
		t.Fatalf("side log: %q %v", side, err)
	}
	in.Close()
	repl.Wait()

	conf := filepath.Join(dir, "strict.conf")
	os.WriteFile(conf, []byte("PROC_OFF_PLATFORM.max_offline_share = 0.03\n"), 0o644)
	if code, _, stderr := xuncha(t, "--db", db, "build", "--config", conf); code != exitOK {
		t.Fatalf("build: %s", stderr)
	}
	if _, err := os.Stat(warehouse.SideLogPath(db)); !os.IsNotExist(err) {
		t.Errorf("side log left after the next writer: %v", err)
	}
	w, err := warehouse.Open(context.Background(), db, warehouse.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	var cmds, inputs string
	if err := w.QueryRow(`select string_agg(split_part(args, ' ', 3), ',' order by started_at), string_agg(inputs, '') from meta.command_log`).Scan(&cmds, &inputs); err != nil {
		t.Fatal(err)
	}
	if cmds != "ingest,sql,files,build" {
		t.Errorf("command log: %s; want ingest,sql,files,build", cmds)
	}
	if !strings.Contains(inputs, "--config "+conf+" sha256:") || !strings.Contains(inputs, "max_offline_share = 0.03") {
		t.Errorf("build's inputs: %q; want the config's sha256 and text", inputs)
	}
	if !commands["demo"].logged {
		t.Error("demo is not written to the audit log")
	}
}
