package marts

import (
	"context"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/transform"
	"github.com/xuncha/xuncha/warehouse"
)

// A build that fails midway — here its context is cancelled once the first rules have
// written their flags — leaves the marts, the intermediate flags and the thresholds of
// the last complete build, records the failure, and says so to the next reader.
func TestFailedBuildChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i, amount := range []float64{940_000, 60_000} {
		channel := []string{"platform", "offline"}[i]
		f.insert("procurement", map[string]any{"institution_code": "H3A", "order_date": "2025-03-07", "item_name": "x", "category": "药品",
			"vendor": "v", "amount": amount, "channel": channel})
	}
	f.build()
	state := func() string {
		t.Helper()
		var s string
		q := `select (select count(*) from mart_risk_flags where rule_id = 'PROC_OFF_PLATFORM') || ' flags, ' ||
			(select count(*) from int_risk_flags where rule_id = 'PROC_OFF_PLATFORM') || ' int, share ' ||
			(select value || ' ' || source from meta.rule_param where rule_id = 'PROC_OFF_PLATFORM' and param = 'max_offline_share')`
		if err := f.db.QueryRowContext(f.ctx, q).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := state()
	if before != "1 flags, 1 int, share 0.05 default" {
		t.Fatalf("first build: %s", before)
	}

	raised := DefaultThresholds()
	if err := raised.ParseConfig("raised.conf", strings.NewReader("PROC_OFF_PLATFORM.max_offline_share = 0.5\n")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	rules := 0
	_, err := Build(ctx, f.db, raised, func(s transform.Step) {
		if s.Rule != "" {
			if rules++; rules == 5 {
				cancel()
			}
		}
	})
	cancel()
	if err == nil || !strings.Contains(err.Error(), "changed nothing") {
		t.Fatalf("cancelled build: %v; want an error saying it changed nothing", err)
	}
	if got := state(); got != before {
		t.Errorf("after the failed build: %s; want the previous build's %s", got, before)
	}
	warn, err := f.db.BuildWarning(f.ctx)
	if err != nil || !strings.Contains(warn, "failed") || !strings.Contains(warn, "the marts are those of build #1") {
		t.Errorf("warning after a failed build: %q, %v", warn, err)
	}

	if _, err := Build(f.ctx, f.db, raised, nil); err != nil {
		t.Fatal(err)
	}
	if got := state(); got != "0 flags, 0 int, share 0.5 raised.conf" {
		t.Errorf("after the complete build: %s", got)
	}
	if warn, _ := f.db.BuildWarning(f.ctx); warn != "" {
		t.Errorf("warning after a complete build: %q", warn)
	}
	var outcomes string
	if err := f.db.QueryRowContext(f.ctx, "select string_agg(outcome || ':' || left(params_hash, 4), ' ' order by build_id) from meta.build").Scan(&outcomes); err != nil {
		t.Fatal(err)
	}
	o := strings.Fields(outcomes)
	if len(o) != 3 || !strings.HasPrefix(o[0], warehouse.BuildOK) || !strings.HasPrefix(o[1], warehouse.BuildFailed) || !strings.HasPrefix(o[2], warehouse.BuildOK) ||
		o[0][3:] == o[1][7:] || o[1][7:] != o[2][3:] {
		t.Errorf("meta.build: %s; want ok, failed, ok with the second and third under the same parameters", outcomes)
	}
}
