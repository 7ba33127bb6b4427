package marts_test

import (
	"context"
	"testing"

	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report/reporttest"
	"github.com/xuncha/xuncha/warehouse"
)

// Flag history across builds: a flag is new in the build that first produces it, persisting
// in the next, gone when its data leaves the files in force; each build records the data it
// read, and a review kept in meta survives every rebuild into mart_flag_history.
func TestFlagHistory(t *testing.T) {
	ctx := context.Background()
	db := reporttest.New(t) // built once: build #1
	states := func() map[string]string {
		t.Helper()
		out := map[string]string{}
		rows, err := db.QueryContext(ctx, "select institution_code || '/' || year || '/' || rule_id || '/' || subject, state || ' ' || review_state from mart_flag_history")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			out[k] = v
		}
		return out
	}
	flag24, flag25 := "H3A/2024/"+reporttest.Rule+"/"+reporttest.Subject, "H3A/2025/"+reporttest.Rule+"/"+reporttest.Subject
	if s := states(); s[flag24] != "new 未核查" || s[flag25] != "new 未核查" {
		t.Fatalf("after the first build: %v", s)
	}
	var current, history int
	if err := db.QueryRowContext(ctx, "select (select count(*) from mart_risk_flags), (select count(*) from mart_flag_history where state <> 'gone')").Scan(&current, &history); err != nil || current != history {
		t.Errorf("%d flags in mart_risk_flags, %d present in mart_flag_history (%v)", current, history, err)
	}

	build := func() {
		t.Helper()
		if _, err := marts.Build(ctx, db, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	// a review of the 2025 flag, as ingest records it
	if _, err := db.ExecContext(ctx, `insert into meta.flag_review
		select nextval('meta.flag_review_seq'), flag_id, '属实', NULL, '张三', date '2026-03-02', 1, '现场核查', 2, now()
		from mart_risk_flags where institution_code = 'H3A' and year = 2025 and rule_id = ? and subject = ?`, reporttest.Rule, reporttest.Subject); err != nil {
		t.Fatal(err)
	}
	build()
	if s := states(); s[flag24] != "persisting 未核查" || s[flag25] != "persisting 属实" {
		t.Fatalf("after the second build: %v", s)
	}
	// the 2024 purchases leave the files in force
	if _, err := db.ExecContext(ctx, "update meta.ingest_file set status = 'superseded' where file_name = 'H3A_采购明细_2024.xlsx'"); err != nil {
		t.Fatal(err)
	}
	build()
	if s := states(); s[flag24] != "gone 未核查" || s[flag25] != "persisting 属实" {
		t.Fatalf("after the 2024 file left: %v", s)
	}
	var confirmed bool
	var firstBuild, lastBuild int64
	if err := db.QueryRowContext(ctx, "select r.confirmed, f.first_build, f.last_build from mart_flag_history f join mart_flag_review r using (flag_id)").Scan(&confirmed, &firstBuild, &lastBuild); err != nil || !confirmed || firstBuild != 1 || lastBuild != 3 {
		t.Errorf("reviewed flag: confirmed %v, builds %d–%d (%v); want confirmed, 1–3", confirmed, firstBuild, lastBuild, err)
	}

	rows, err := db.QueryContext(ctx, "select build_id, data_version, data_files from meta.build where outcome = ? order by build_id", warehouse.BuildOK)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var versions []string
	var files []int
	for rows.Next() {
		var id int64
		var v string
		var n int
		if err := rows.Scan(&id, &v, &n); err != nil {
			t.Fatal(err)
		}
		versions, files = append(versions, v), append(files, n)
	}
	if len(versions) != 3 || versions[0] != versions[1] || versions[1] == versions[2] || files[2] != files[1]-1 || len(versions[0]) != 64 {
		t.Errorf("data versions %q over %v files; want the first two equal, the third different with one file fewer", versions, files)
	}
}
