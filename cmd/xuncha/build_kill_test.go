package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/warehouse"
)

// A build killed (SIGKILL) at a random moment, again and again, leaves a warehouse that
// reconciles, with marts, intermediate flags and thresholds all of one complete build;
// risks says when the last build did not finish.
func TestKilledBuildLeavesOneCompleteBuild(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.duckdb")
	os.WriteFile(filepath.Join(dir, "机构名录.csv"), []byte("机构编码,机构名称\nA1,甲区人民医院\n"), 0o644)
	var b strings.Builder
	b.WriteString("采购日期,品名,类别,供应商,金额,是否平台采购\n")
	for m := 1; m <= 12; m++ {
		fmt.Fprintf(&b, "2025-%02d-03,阿莫西林,药品,甲医药,100000,平台\n2025-%02d-04,紫杉醇,药品,乙医药,20000,线下\n", m, m)
	}
	os.MkdirAll(filepath.Join(dir, "甲区人民医院"), 0o755)
	os.WriteFile(filepath.Join(dir, "甲区人民医院", "采购.csv"), []byte(b.String()), 0o644)
	conf := filepath.Join(dir, "raised.conf")
	os.WriteFile(conf, []byte("PROC_OFF_PLATFORM.max_offline_share = 0.5\nPROC_OFF_PLATFORM.max_offline_yuan = 1e9\n"), 0o644)
	if code, out, stderr := xuncha(t, "--db", db, "ingest", dir); code != exitOK {
		t.Fatalf("ingest: exit %d %s%s", code, out, stderr)
	}
	start := time.Now()
	if code, out, stderr := xuncha(t, "--db", db, "build"); code != exitOK {
		t.Fatalf("build: exit %d %s%s", code, out, stderr)
	}
	took := time.Since(start)

	const defaults, raised = "1 flags, 1 int, share 0.05 default", "0 flags, 0 int, share 0.5 " + "raised.conf"
	state := func() (string, string) {
		t.Helper()
		w, err := warehouse.Open(context.Background(), db, warehouse.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer w.Close()
		var s string
		q := `select (select count(*) from mart_risk_flags where rule_id = 'PROC_OFF_PLATFORM') || ' flags, ' ||
			(select count(*) from int_risk_flags where rule_id = 'PROC_OFF_PLATFORM') || ' int, share ' ||
			(select value || ' ' || parse_filename(source) from meta.rule_param where rule_id = 'PROC_OFF_PLATFORM' and param = 'max_offline_share')`
		if err := w.QueryRowContext(context.Background(), q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		failures, err := marts.RunDataTests(context.Background(), w)
		if err != nil || len(failures) > 0 {
			t.Errorf("data tests after a kill: %v %v", failures, err)
		}
		warn, err := w.BuildWarning(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return s, warn
	}
	if s, _ := state(); s != defaults {
		t.Fatalf("first build: %s", s)
	}
	for i := 0; i < 3; i++ {
		cmd := exec.Command(os.Args[0], "--db", db, "build", "--config", conf)
		cmd.Env = append(os.Environ(), "XUNCHA_TEST_MAIN=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		after := time.Duration(rand.Int64N(int64(took)))
		time.Sleep(after)
		cmd.Process.Kill()
		cmd.Wait()
		s, warn := state()
		t.Logf("killed after %v: %s; %s", after.Round(time.Millisecond), s, warn)
		if s != defaults && s != raised {
			t.Fatalf("kill %d: %s; want one complete build (%q or %q)", i, s, defaults, raised)
		}
		if s == defaults && warn != "" && !strings.Contains(warn, "was interrupted") {
			t.Errorf("kill %d: warning %q", i, warn)
		}
		if warn != "" {
			code, _, stderr := xuncha(t, "--db", db, "risks")
			if code != exitOK || !strings.Contains(stderr, "warning: the last build") || !strings.Contains(stderr, "was interrupted") {
				t.Errorf("risks after an interrupted build: exit %d %q", code, stderr)
			}
		}
		if s == raised {
			break
		}
	}
	if code, out, stderr := xuncha(t, "--db", db, "build", "--config", conf); code != exitOK {
		t.Fatalf("build after the kills: exit %d %s%s", code, out, stderr)
	}
	if s, warn := state(); s != raised || warn != "" {
		t.Errorf("after a complete build: %s, warning %q", s, warn)
	}
}
