package marts

import "testing"

func TestFinBudgetRules(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	budget := func(inst string, year int, item string, budget, actual float64) {
		row := map[string]any{"institution_code": inst, "year": year, "item": item, "budget_amount": budget}
		if actual >= 0 {
			row["actual_amount"] = actual
		}
		f.insert("budget", row)
	}
	// 三公经费, H3A
	budget("H3A", 2024, "公务接待费", 50_000, 40_000)
	budget("H3A", 2025, "公务接待费", 50_000, 44_000) // +10 % exactly: no flag
	budget("H3A", 2024, "公务用车运行维护费", 100_000, 80_000)
	budget("H3A", 2025, "公务用车运行维护费", 100_000, 88_000.08) // +10.0001 %
	budget("H3A", 2025, "因公出国（境）费", 30_000, 30_000.01)   // one fen over budget
	budget("H3B", 2025, "公务接待费", 50_000, 50_000)         // exactly the budget, no previous year
	budget("H3B", 2025, "公务用车购置费", 200_000, -1)          // not executed yet
	budget("H2A", 2024, "公务接待费", 20_000, 10_000)
	budget("H2A", 2025, "公务接待费", 30_000, 25_000) // +150 %, within budget
	// budget lines
	budget("H3A", 2025, "医疗设备购置", 5_000_000, 6_000_000)   // +20 % exactly
	budget("H3A", 2025, "信息化建设", 5_000_000, 3_999_999.99) // −20.0000002 %
	budget("H3A", 2025, "人员经费", 1_000_000, 100_000)       // budget not over ¥1,000,000
	budget("H3A", 2025, "设备维修费", 900_000, 1_000_000.01)   // actual just over ¥1,000,000, +11 %
	budget("H3A", 2025, "专项设备费", 800_000, 1_000_000.01)   // actual just over ¥1,000,000, +25 %
	budget("H3A", 2025, "基建项目", 1_000_000.01, 2_000_000)  // just over the size floor, +100 %
	budget("H3B", 2025, "药品采购", 20_000_000, 26_000_000)   // +30 %
	f.build()
	f.imDump("FIN_THREE_PUBLIC_OVERRUN")
	f.imDump("FIN_BUDGET_DEVIATION")
	key := func(rule string) map[string]flag {
		out := map[string]flag{}
		for _, fl := range f.flags(rule) {
			out[fl.Institution+"/"+fl.Period+"/"+fl.Subject] = fl
		}
		return out
	}
	imCheck(t, "FIN_THREE_PUBLIC_OVERRUN", key("FIN_THREE_PUBLIC_OVERRUN"), []imExpect{
		{"growth exactly 10 %", "H3A/2025/公务接待", false, 0, ""},
		{"growth just over 10 %", "H3A/2025/公务用车", true, 2, "medium"},
		{"a fen over budget", "H3A/2025/因公出国", true, 1, "high"},
		{"exactly the budget", "H3B/2025/公务接待", false, 0, ""},
		{"not executed", "H3B/2025/公务用车", false, 0, ""},
		{"growth 150 % within budget", "H2A/2025/公务接待", true, 2, "medium"},
	})
	imCheck(t, "FIN_BUDGET_DEVIATION", key("FIN_BUDGET_DEVIATION"), []imExpect{
		{"+20 % exactly", "H3A/2025/医疗设备购置", false, 0, ""},
		{"under-execution just past 20 %", "H3A/2025/信息化建设", true, 1, "medium"},
		{"a line of exactly ¥1,000,000", "H3A/2025/人员经费", false, 0, ""},
		{"large by its actual, +11 %", "H3A/2025/设备维修费", false, 0, ""},
		{"large by its actual, +25 %", "H3A/2025/专项设备费", true, 1, "medium"},
		{"+100 % on a line just over ¥1,000,000", "H3A/2025/基建项目", true, 1, "high"},
		{"+30 %", "H3B/2025/药品采购", true, 1, "medium"},
	})
}
