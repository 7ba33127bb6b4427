package marts

import "testing"

func TestPayRevenueCommission(t *testing.T) {
	t.Parallel()
	item := func(f pepDB, dept, staff, month, name string, amount float64) {
		f.insert("payroll", map[string]any{"institution_code": "H3A", "staff_id": staff, "department": dept,
			"period": date(month), "pay_item": name, "amount": amount})
	}
	pepRun(t, "PAY_REVENUE_COMMISSION", []pepCase{
		{name: "开单提成 and 创收奖", rows: func(f pepDB) {
			item(f, "检验科", "S1", "2025-01-01", "岗位工资", 5000)
			item(f, "检验科", "S1", "2025-01-01", "开单提成", 800)
			item(f, "检验科", "S2", "2025-02-01", "创收奖", 300)
			item(f, "放射科", "S3", "2025-02-01", "收入奖", 0.01)
		}, want: []pepWant{
			{"H3A", "2025", "放射科", "high", 1},
			{"H3A", "2025", "检验科", "high", 2},
		}},
		{name: "a commission item of zero or less is not paid", rows: func(f pepDB) {
			item(f, "检验科", "S1", "2025-01-01", "收入提成", 0)
			item(f, "检验科", "S1", "2025-02-01", "收入提成", -100)
		}},
		{name: "ordinary performance and income-free items", rows: func(f pepDB) {
			item(f, "检验科", "S1", "2025-01-01", "奖励性绩效", 3000)
			item(f, "检验科", "S1", "2025-01-01", "收入补差", 200)
			item(f, "检验科", "S1", "2025-01-01", "夜班费", 200)
		}},
	})
}
