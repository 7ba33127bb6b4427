package marts

import (
	"fmt"
	"testing"
)

// pepVillage writes a village doctor's subsidy: a monthly advance in each month of months (given
// as "2025-01"), and a quarterly settlement in each month of settlements.
func pepVillage(f pepDB, inst, staff string, months, settlements []string) {
	for _, m := range months {
		f.insert("payroll", map[string]any{"institution_code": inst, "staff_id": staff, "department": "村卫生室",
			"position": "乡村医生", "period": date(m + "-01"), "pay_item": "乡村医生补助（预拨）", "amount": 800.0})
	}
	for _, m := range settlements {
		f.insert("payroll", map[string]any{"institution_code": inst, "staff_id": staff, "department": "村卫生室",
			"position": "乡村医生", "period": date(m + "-01"), "pay_item": "乡村医生补助季度结算", "amount": 1200.0})
	}
}

func monthsOf(year, from, to int, except ...int) []string {
	var out []string
month:
	for m := from; m <= to; m++ {
		for _, x := range except {
			if m == x {
				continue month
			}
		}
		out = append(out, fmt.Sprintf("%d-%02d", year, m))
	}
	return out
}

func TestPayVillageSubsidyLate(t *testing.T) {
	t.Parallel()
	onTime := []string{"2025-04", "2025-07", "2025-10", "2026-01"}
	year := func(except ...int) []string {
		return append(monthsOf(2025, 1, 12, except...), "2026-01")
	}
	pepRun(t, "PAY_VILLAGE_SUBSIDY_LATE", []pepCase{
		{name: "advanced monthly, settled within 30 days of each quarter", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(), onTime)
		}},
		{name: "settled in the quarter's last month", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(), []string{"2025-03", "2025-06", "2025-09", "2025-12"})
		}},
		{name: "August without the subsidy", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(8), onTime)
			f.insert("payroll", map[string]any{"institution_code": "P1", "staff_id": "D1", "department": "内科",
				"period": date("2025-08-01"), "pay_item": "基本工资", "amount": 4000.0}) // the institution has August payroll
		}, want: []pepWant{{"P1", "2025", "V1", "medium", 14}}},
		{name: "a settlement is a subsidy payment too", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(7), onTime)
		}},
		{name: "a month without any payroll of the institution is not judged", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(8), onTime)
		}},
		{name: "first quarter settled in May", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(), []string{"2025-05", "2025-07", "2025-10", "2026-01"})
		}, want: []pepWant{{"P1", "2025", "V1", "medium", 15}}},
		{name: "settlements stop after the second quarter", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(), []string{"2025-04", "2025-07"})
		}, want: []pepWant{{"P1", "2025", "V1", "high", 14}}},
		{name: "the last quarter's settlement is not due within the data", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", monthsOf(2025, 1, 12), []string{"2025-04", "2025-07", "2025-10"})
		}},
		{name: "no settlement items at all: monthly advances only are judged", rows: func(f pepDB) {
			pepVillage(f, "P1", "V1", year(), nil)
		}},
		{name: "a hospital is not primary care", rows: func(f pepDB) {
			pepVillage(f, "H2A", "V1", year(7), []string{"2025-06"})
			pepVillage(f, "H2A", "OTHER", []string{"2025-07"}, nil)
		}},
	})
}
