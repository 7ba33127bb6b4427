package marts_test

import (
	"context"
	"slices"
	"testing"

	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/report/reporttest"
)

// 回头看: a finding confirmed for 2024 comes back in the 2025 row of mart_lookback with whether
// the rule flags the same subject again, and with the ledger items on its clauses — named by
// clause id, or by area heading and section number — but not the ledger's other items.
func TestLookback(t *testing.T) {
	ctx := context.Background()
	db := reporttest.New(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatal(err)
		}
	}
	exec(`insert into meta.flag_review
		select nextval('meta.flag_review_seq'), flag_id, '属实', '线下采购已核实', '张三', date '2025-03-02', 1, '现场核查', 2, now()
		from mart_risk_flags where institution_code = 'H3A' and year = 2024 and rule_id = ? and subject = ?`, reporttest.Rule, reporttest.Subject)
	// the ledger: one item names the finding's first clause by id, one by its heading, one another section
	var clauseID, heading string
	if err := db.QueryRowContext(ctx, `select ch.clause_id, ch.area_title || '（' || ['一','二','三','四','五','六','七','八','九','十'][ch.section] || '）'
		from int_institution_checklist ic
		join meta.rule_clause rc on rc.checklist = ic.checklist and rc.rule_id = ?
		join int_checklist ch on ch.checklist = rc.checklist and ch.clause_id = rc.clause_id
		where ic.institution_code = 'H3A' order by rc.ord limit 1`, reporttest.Rule).Scan(&clauseID, &heading); err != nil {
		t.Fatal(err)
	}
	exec(`insert into meta.ingest_file (file_id, path, file_name, sha256, size_bytes, kinds, institution_code, rows_read, rows_loaded,
		rows_rejected, rows_skipped, status, ingested_at) values (nextval('meta.file_id_seq'), 'x/整改台账.xlsx', '整改台账.xlsx', 'sha-rect', 0,
		'rectification', 'H3A', 3, 3, 0, 0, 'loaded', now())`)
	for i, it := range []struct{ no, clause, status string }{
		{"ZG-1", "见 " + clauseID, "已完成"},
		{"ZG-2", heading + "采购管理", "未完成"},
		{"ZG-3", "党建（九）其他", "已完成"},
	} {
		exec(`insert into raw.rectification by name select (select max(file_id) from meta.ingest_file) as _file_id, 'Sheet1' as _sheet, ? as _row,
			'H3A' as institution_code, ? as issue_no, ? as clause, '问题' as description, date '2025-04-01' as found_date, ? as status`,
			i+2, it.no, it.clause, it.status)
	}
	if _, err := marts.Build(ctx, db, nil, nil); err != nil {
		t.Fatal(err)
	}
	var pattern, rule string
	var findingYear int
	var flags, items []any
	if err := db.QueryRowContext(ctx, `select rule_id, finding_year, pattern, pattern_flag_ids,
			list_transform(rect_items, x -> x.issue_no || ':' || x.is_closed::varchar)
		from mart_lookback where institution_code = 'H3A' and year = 2025`).Scan(&rule, &findingYear, &pattern, &flags, &items); err != nil {
		t.Fatal(err)
	}
	if rule != reporttest.Rule || findingYear != 2024 || pattern != "same_subject" || len(flags) != 1 {
		t.Errorf("lookback %s %d: pattern %s over %v; want the 2024 finding seen again on the same subject", rule, findingYear, pattern, flags)
	}
	if want := []any{"ZG-1:true", "ZG-2:false"}; !slices.Equal(items, want) {
		t.Errorf("rectification items %v, want %v", items, want)
	}
	var n int
	if err := db.QueryRowContext(ctx, "select count(*) from mart_lookback where year <= 2024").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d lookback rows for the finding's own year or before (%v)", n, err)
	}
}
