package marts

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// rect inserts one rectification item; deadline and closed may be "".
func rect(f pepDB, inst, no, found, deadline, status, closed string) {
	row := map[string]any{"institution_code": inst, "issue_no": no, "description": "问题" + no,
		"found_date": date(found), "status": status}
	if deadline != "" {
		row["deadline"] = date(deadline)
	}
	if closed != "" {
		row["closed_date"] = date(closed)
	}
	f.insert("rectification", row)
}

// payrollThroughDecember2025 gives the institution data up to 2025-12-31, the date it is then
// assessed at.
func payrollThroughDecember2025(f pepDB, inst string) {
	f.insert("payroll", map[string]any{"institution_code": inst, "staff_id": "X", "department": "内科",
		"period": date("2025-12-01"), "pay_item": "基本工资", "amount": 1000.0})
}

func TestRectOverdue(t *testing.T) {
	t.Parallel()
	// The assessment date is 2025-12-31 in every case (payroll through December 2025) unless
	// the case says otherwise.
	pepRun(t, "RECT_OVERDUE", []pepCase{
		{name: "open past its deadline", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "H3A")
			rect(f, "H3A", "ZG-1", "2025-04-15", "2025-07-15", "整改中", "")
		}, want: []pepWant{{"H3A", "2025-04-15..2025-07-15", "ZG-1", "high", 1}}},
		{name: "deadline exactly on the assessment date is not overdue", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "H3A")
			rect(f, "H3A", "ZG-1", "2025-11-01", "2025-12-31", "整改中", "")
		}},
		{name: "a day before the assessment date is overdue", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "H3A")
			rect(f, "H3A", "ZG-1", "2025-11-01", "2025-12-30", "整改中", "")
		}, want: []pepWant{{"H3A", "2025-11-01..2025-12-30", "ZG-1", "medium", 1}}},
		{name: "closed, even late, is not overdue", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "H3A")
			rect(f, "H3A", "ZG-1", "2025-03-01", "2025-04-01", "已完成", "2025-06-30")
			rect(f, "H3A", "ZG-2", "2025-03-01", "2025-04-01", "整改中", "2025-03-20") // the date wins over the status
		}},
		{name: "finished by status without a closed date", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "H3A")
			rect(f, "H3A", "ZG-1", "2025-03-01", "2025-04-01", "已完成", "")
			rect(f, "H3A", "ZG-2", "2025-03-01", "2025-04-01", "已销号", "")
			rect(f, "H3A", "ZG-3", "2025-03-01", "2025-04-01", "未完成", "")
			rect(f, "H3A", "ZG-4", "2025-03-01", "2025-04-01", "部分完成", "")
		}, want: []pepWant{{"H3A", "2025-03-01..2025-04-01", "ZG-3", "", 1}, {"H3A", "2025-03-01..2025-04-01", "ZG-4", "", 1}}},
		{name: "a ledger with neither status nor closed date columns does not say", rows: func(f pepDB) {
			f.exported("台账", "rectification", "issue_no", "description", "found_date", "deadline")
			f.insert("rectification", map[string]any{"_sheet": "台账", "institution_code": "H3A", "issue_no": "ZG-1",
				"description": "问题", "found_date": date("2025-03-01"), "deadline": date("2025-04-01")})
		}},
		{name: "Banan default deadline: found + 30 days", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "H3A")
			rect(f, "H3A", "ZG-1", "2025-12-01", "", "整改中", "") // due 12-31: not past
			rect(f, "H3A", "ZG-2", "2025-11-30", "", "整改中", "") // due 12-30: past
		}, want: []pepWant{{"H3A", "2025-11-30..2025-12-30", "ZG-2", "medium", 1}}},
		{name: "an earlier year's item open at the assessment date", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "H2A")
			rect(f, "H2A", "ZG-2024-1", "2024-04-15", "2024-07-15", "整改中", "")
			rect(f, "H2A", "ZG-2025-1", "2025-02-01", "2025-03-01", "已完成", "2025-02-20")
		}, want: []pepWant{{"H2A", "2024-04-15..2024-07-15", "ZG-2024-1", "high", 1}}},
		{name: "the same item listed again: the later entry wins", rows: func(f pepDB) {
			payrollThroughDecember2025(f, "P1")
			rect(f, "P1", "1", "2025-03-01", "2025-04-01", "整改中", "")
			rect(f, "P1", "1", "2025-03-01", "2025-04-01", "已完成", "2025-03-25") // same item, later row
			rect(f, "P1", "2", "2025-05-01", "2025-06-01", "整改中", "")
		}, want: []pepWant{{"P1", "2025-05-01..2025-06-01", "2", "", 1}}},
		{name: "the latest date of the data, not its year end", rows: func(f pepDB) {
			f.insert("payroll", map[string]any{"institution_code": "H3A", "staff_id": "X", "department": "内科",
				"period": date("2025-06-01"), "pay_item": "基本工资", "amount": 1000.0})
			rect(f, "H3A", "ZG-1", "2025-04-15", "2025-06-29", "整改中", "") // past at 2025-06-30
			rect(f, "H3A", "ZG-2", "2025-04-15", "2025-07-15", "整改中", "") // past only at the year end
		}, want: []pepWant{{"H3A", "2025-04-15..2025-06-29", "ZG-1", "medium", 1}}},
	})
}

// TestRectOverdueSpecial: Zibo's default deadline, the as_of parameter, and the measures.
func TestRectOverdueSpecial(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.selfRegistry()
	// Zibo: found + 2 months. Found 2025-10-30 → due 2025-12-30 (past); 2025-11-01 → 2026-01-01.
	rect(f, "Z3", "ZG-1", "2025-10-30", "", "整改中", "")
	rect(f, "Z3", "ZG-2", "2025-11-01", "", "整改中", "")
	// Banan, same found dates: +30 days, both past.
	rect(f, "B1", "ZG-1", "2025-10-30", "", "整改中", "")
	rect(f, "B1", "ZG-2", "2025-11-01", "", "整改中", "")
	payrollThroughDecember2025(f, "Z3")
	payrollThroughDecember2025(f, "B1")
	f.build()
	if got, want := f.subjectsOf("RECT_OVERDUE", "Z3"), []string{"2025-10-30..2025-12-30/ZG-1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Zibo: %q, want %q", got, want)
	}
	if got, want := f.subjectsOf("RECT_OVERDUE", "B1"), []string{"2025-10-30..2025-11-29/ZG-1", "2025-11-01..2025-12-01/ZG-2"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Banan: %q, want %q", got, want)
	}
	var measures string
	f.db.QueryRowContext(f.ctx, `select measures::varchar from int_risk_flags where rule_id = 'RECT_OVERDUE' and institution_code = 'Z3'`).Scan(&measures)
	for _, w := range []string{`"as_of":"2025-12-31"`, `"default_deadline":true`, `"days_overdue":1`, `"as_of_source":"data_last_date"`} {
		if !strings.Contains(measures, w) {
			t.Errorf("measures %s: want %s", measures, w)
		}
	}
	var summary string
	f.db.QueryRowContext(f.ctx, `select summary_zh from int_risk_flags where rule_id = 'RECT_OVERDUE' and institution_code = 'Z3'`).Scan(&summary)
	if !strings.Contains(summary, "截至2025-12-31（数据最后日期）") {
		t.Errorf("summary %q: want the assessment date and that it is the data's last date", summary)
	}

	// The assessment date follows the institution's other data: a 2024 ledger item (due
	// 2025-01-19) is not overdue at the end of 2024, but H3B also has payroll of 2025 loaded.
	rect(f, "H3B", "ZG-1", "2024-12-20", "", "整改中", "")
	rect(f, "H2A", "ZG-1", "2024-12-20", "", "整改中", "")
	id := f.ingestFile("/data/2025/H3B/工资.xlsx")
	f.exec(`update meta.ingest_file set period_from = date '2025-01-01', period_to = date '2025-06-30', institution_code = 'H3B' where file_id = ?`, id)
	f.exec(`insert into meta.ingest_sheet values (?, 'Sheet1', 'payroll', 'test', 1, NULL, 'H3B', 'column', 1, 1, 0, 0)`, id)
	f.insert("payroll", map[string]any{"institution_code": "H3B", "staff_id": "X", "department": "内科",
		"period": date("2025-06-01"), "pay_item": "基本工资", "amount": 1000.0})
	f.file = 1
	// A register's later date (an asset still to be delivered) is no activity: H3A's data ends
	// 2025-12-31, so its item due 2026-01-09 is not overdue although the asset register runs
	// to 2026-01-12.
	rect(f, "H3A", "ZG-1", "2025-12-10", "", "整改中", "")
	payrollThroughDecember2025(f, "H3A")
	eq := f.ingestFile("/data/2025/H3A/设备台账.xlsx")
	f.exec(`update meta.ingest_file set period_to = date '2026-01-12', institution_code = 'H3A' where file_id = ?`, eq)
	f.exec(`insert into meta.ingest_sheet values (?, 'Sheet1', 'equipment', 'test', 1, NULL, 'H3A', 'column', 1, 1, 0, 0)`, eq)
	f.file = 1
	f.build()
	if got, want := f.subjectsOf("RECT_OVERDUE", "H3B"), []string{"2024-12-20..2025-01-19/ZG-1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("H3B (data of 2025): %q, want %q", got, want)
	}
	if got := f.subjectsOf("RECT_OVERDUE", "H2A"); got != nil {
		t.Errorf("H2A (data of 2024 only): %q, want none", got)
	}
	if got := f.subjectsOf("RECT_OVERDUE", "H3A"); got != nil {
		t.Errorf("H3A (data to 2025-12-31, asset register to 2026-01-12): %q, want none", got)
	}

	// as_of set: 2025-12-01 — B1's ZG-1 (due 11-29) is overdue, ZG-2 (due 12-01) is not; an item
	// closed after the as_of date was still open at it.
	g := newFixture(t)
	g.selfRegistry()
	rect(g, "B1", "ZG-1", "2025-10-30", "", "整改中", "")
	rect(g, "B1", "ZG-2", "2025-11-01", "", "整改中", "")
	rect(g, "B1", "ZG-3", "2025-09-01", "2025-10-01", "已完成", "2025-12-15")
	rect(g, "B1", "ZG-4", "2025-12-10", "2025-12-11", "整改中", "") // found after as_of: not assessed
	g.build("RECT_OVERDUE.as_of = 20251201")
	if got, want := g.subjectsOf("RECT_OVERDUE", "B1"), []string{"2025-09-01..2025-10-01/ZG-3", "2025-10-30..2025-11-29/ZG-1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("as_of 20251201: %q, want %q", got, want)
	}
}

// TestAssessedNoLaterThanTheBuild: data dated after the day of the build (wrong dates: data
// never lies in the future) does not move the assessment date past the build — a report made
// after the build must not say "截至" a day still to come — and the flag says why the date is
// the build's; mart_data_coverage counts the rows dated after the build.
func TestAssessedNoLaterThanTheBuild(t *testing.T) {
	t.Parallel()
	today := time.Now()
	day := func(d int) string { return today.AddDate(0, 0, d).Format("2006-01-02") }
	f := newFixture(t)
	f.selfRegistry()
	next := time.Date(today.Year(), today.Month()+2, 1, 0, 0, 0, 0, time.UTC)
	f.insert("payroll", map[string]any{"institution_code": "H3A", "staff_id": "X", "department": "内科",
		"period": next, "pay_item": "基本工资", "amount": 1000.0}) // data to the end of that month
	rect(f, "H3A", "ZG-1", day(-60), day(-10), "整改中", "") // past its deadline at the build
	rect(f, "H3A", "ZG-2", day(-60), day(5), "整改中", "")   // past it only at the data's end
	f.build()
	if got, want := f.subjectsOf("RECT_OVERDUE", "H3A"), []string{day(-60) + ".." + day(-10) + "/ZG-1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("assessed at the build date %s: %q, want %q", day(0), got, want)
	}
	var summary, measures string
	f.db.QueryRowContext(f.ctx, `select summary_zh, measures::varchar from int_risk_flags where rule_id = 'RECT_OVERDUE'`).Scan(&summary, &measures)
	if !strings.Contains(summary, "截至"+day(0)+"（构建日期；数据中有晚于此日的记录，未计入）") {
		t.Errorf("summary %q: want the build date and why", summary)
	}
	if !strings.Contains(measures, `"as_of":"`+day(0)+`"`) || !strings.Contains(measures, `"as_of_source":"build_date"`) {
		t.Errorf("measures %s: want as_of %s from the build date", measures, day(0))
	}
	var after int
	if err := f.db.QueryRowContext(f.ctx, `select sum(n_after_build)::integer from mart_data_coverage where institution_code = 'H3A' and kind = 'payroll'`).Scan(&after); err != nil || after != 1 {
		t.Errorf("payroll rows dated after the build: %d, %v; want 1", after, err)
	}
}
