package marts

import (
	"testing"
	"time"
)

func TestHRNoRotation(t *testing.T) {
	t.Parallel()
	post := func(f pepDB, inst, staff, dept, position, start, end string) {
		row := map[string]any{"institution_code": inst, "staff_id": staff, "department": dept, "position": position,
			"start_date": date(start)}
		if end != "" {
			row["end_date"] = date(end)
		}
		f.insert("staff_positions", row)
	}
	// payroll through December 2025: the assessment date is 2025-12-31
	dec := func(f pepDB, inst string) {
		f.insert("payroll", map[string]any{"institution_code": inst, "staff_id": "X", "department": "内科",
			"period": date("2025-12-01"), "pay_item": "基本工资", "amount": 1000.0})
	}
	today := time.Now()
	pepRun(t, "HR_NO_ROTATION", []pepCase{
		{name: "a day over five years in procurement", rows: func(f pepDB) {
			dec(f, "H3A")
			post(f, "H3A", "S1", "采购中心", "采购员", "2020-12-30", "")
		}, want: []pepWant{{"H3A", "2025", "S1", "medium", 1}}},
		{name: "exactly five years", rows: func(f pepDB) {
			dec(f, "H3A")
			post(f, "H3A", "S1", "采购中心", "采购员", "2020-12-31", "")
		}},
		{name: "the assessment date is the latest date of the year's data", rows: func(f pepDB) {
			f.insert("procurement", map[string]any{"institution_code": "H3A", "order_date": date("2025-06-30"),
				"item_name": "A", "category": "药品", "vendor": "V", "amount": 1.0, "channel": "platform"})
			post(f, "H3A", "S1", "财务科", "会计", "2020-06-30", "") // exactly 5 years at 2025-06-30
			post(f, "H3A", "S2", "财务科", "出纳", "2020-06-29", "")
		}, want: []pepWant{{"H3A", "2025", "S2", "medium", 1}}},
		{name: "moves within the area are continuous", rows: func(f pepDB) {
			dec(f, "H3A")
			post(f, "H3A", "S1", "财务科", "出纳", "2019-01-01", "2022-03-31")
			post(f, "H3A", "S1", "财务科", "会计", "2022-04-01", "")
		}, want: []pepWant{{"H3A", "2025", "S1", "medium", 2}}},
		{name: "rotated out of the area", rows: func(f pepDB) {
			dec(f, "H3A")
			post(f, "H3A", "S1", "药剂科", "药剂师", "2015-01-01", "2022-03-31")
			post(f, "H3A", "S1", "医务科", "干事", "2022-04-01", "")
			post(f, "H3A", "S2", "设备科", "设备管理员", "2015-01-01", "2021-03-31")
			post(f, "H3A", "S2", "基建办", "基建管理", "2021-04-01", "")
		}},
		{name: "left the post before the assessment date", rows: func(f pepDB) {
			dec(f, "H3A")
			post(f, "H3A", "S1", "采购中心", "采购员", "2010-01-01", "2025-12-30")
		}},
		{name: "not a key post", rows: func(f pepDB) {
			dec(f, "H3A")
			post(f, "H3A", "S1", "内科", "主任", "2001-01-01", "")
		}},
		{name: "assessed once, in the latest year of the data", rows: func(f pepDB) {
			f.insert("payroll", map[string]any{"institution_code": "H3A", "staff_id": "X", "department": "内科",
				"period": date("2024-12-01"), "pay_item": "基本工资", "amount": 1000.0})
			dec(f, "H3A")
			post(f, "H3A", "S1", "设备科", "设备管理员", "2018-01-01", "")
		}, want: []pepWant{{"H3A", "2025", "S1", "medium", 1}}},
		{name: "twice the limit is high", rows: func(f pepDB) {
			dec(f, "H3A")
			post(f, "H3A", "S1", "设备科", "科长", "2015-01-01", "")
		}, want: []pepWant{{"H3A", "2025", "S1", "high", 1}}},
		{name: "a register alone is assessed at the build date", rows: func(f pepDB) {
			post(f, "H2A", "S1", "基建办", "主任", today.AddDate(-6, 0, 0).Format(time.DateOnly), "")
			post(f, "H2A", "S2", "财务科", "会计", today.AddDate(-4, -11, 0).Format(time.DateOnly), "")
		}, want: []pepWant{{"H2A", today.Format("2006"), "S1", "medium", 1}}},
	})
}
