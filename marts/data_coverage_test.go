package marts

import (
	"fmt"
	"testing"
)

// Data coverage is counted once (stg_row_counts): a settlement is dated by its discharge, else
// its admission, in the report's table (mart_data_coverage) and in the rule statuses
// (mart_rule_coverage) alike; ledgers, registers and self-reports count whatever their date.
func TestDataCoverage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.insert("claims", map[string]any{"institution_code": "H3A", "settlement_id": "JS1", "admit_date": date("2024-12-30")})
	f.insert("claims", map[string]any{"institution_code": "H3A", "settlement_id": "JS2",
		"admit_date": date("2024-12-28"), "discharge_date": date("2025-01-02")})
	f.insert("claims", map[string]any{"institution_code": "H3A", "settlement_id": "JS3",
		"admit_date": date("2025-01-05"), "discharge_date": date("2025-01-09")})
	f.insert("rectification", map[string]any{"institution_code": "H3A", "issue_no": "1", "found_date": date("2023-06-01")})
	f.insert("budget", map[string]any{"institution_code": "H3A", "year": 2025, "budget_amount": 1.0})
	f.build()

	rows, err := f.db.QueryContext(f.ctx, `select kind, grain, coalesce(year, 0), coalesce(month, ''), n_rows
		from mart_data_coverage where institution_code = 'H3A' and kind <> 'institutions'
		order by kind, year, month`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var kind, grain, month string
		var year, n int
		if err := rows.Scan(&kind, &grain, &year, &month, &n); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %d %s %d", kind, grain, year, month, n))
	}
	want := []string{
		"budget year 2025  1",
		"claims month 2024 2024-12 1",
		"claims month 2025 2025-01 2",
		"rectification ledger 2023  1",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("mart_data_coverage of H3A:\n got %q\nwant %q", got, want)
	}

	cov := f.coverage()
	for _, key := range []string{"H3A/2024/INS_SPLIT_ADMISSION", "H3A/2025/INS_SPLIT_ADMISSION"} {
		if c, ok := cov[key]; !ok || c.status != "assessed" {
			t.Errorf("%s: %+v (the year's settlements, dated as the report dates them, are its input)", key, c)
		}
	}
}
