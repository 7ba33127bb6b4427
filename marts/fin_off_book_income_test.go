package marts

import "testing"

func TestFinOffBookIncome(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	his := func(inst, month, category string, amount float64) {
		f.insert("his_income", map[string]any{"institution_code": inst, "period": date(month + "-01"), "category": category, "amount": amount})
	}
	income := func(inst, day, code, name, summary string, debit, credit float64) {
		f.imLedger(inst, day, "记-001", code, name, summary, debit, credit, "")
	}
	// H3A, March: category detail in the ledger (leaf names)
	his("H3A", "2025-03", "药品收入", 1_000_000)
	income("H3A", "2025-03-31", "410101010108", "药品收入", "3月药品收入", 0, 940_000) // gap 60,000 > 50,000
	income("H3A", "2025-03-31", "410101010108", "药品收入", "结转本期盈余", 940_000, 0) // closing entry: ignored
	his("H3A", "2025-03", "检查收入", 1_000_000)
	income("H3A", "2025-03-31", "410101010103", "检查收入", "结转3月检查收入", 0, 950_000) // income booked as 结转: counts; gap 50,000 at the floor
	his("H3A", "2025-03", "化验收入", 10_000_000)
	income("H3A", "2025-03-31", "410101010104", "化验收入", "3月化验收入", 0, 9_900_000) // gap 100,000 = 1 %
	his("H3A", "2025-03", "治疗收入", 10_000_000)
	income("H3A", "2025-03-31", "410101010105", "治疗收入", "3月治疗收入", 0, 9_899_999.99) // 1 % + 1 fen
	his("H3A", "2025-03", "床位收入", 300_000)
	income("H3A", "2025-03-31", "410101020108", "床位收入", "3月床位收入", 0, 360_000)
	income("H3A", "2025-03-31", "410101020108", "床位收入", "退费", 90_000, 0) // refunds net: gap 30,000
	// H3A, April: HIS only, the ledger has nothing that month → not assessed
	his("H3A", "2025-04", "药品收入", 1_000_000)
	// H3B: full account paths and HIS synonyms (西药费 + 中成药费 → 药品收入)
	his("H3B", "2025-03", "西药费", 700_000)
	his("H3B", "2025-03", "中成药费", 300_000)
	income("H3B", "2025-03-31", "410101010108", "事业收入-医疗收入-门急诊收入-药品收入", "3月药品收入", 0, 800_000)
	// H2A: the ledger books medical income in total only; 财政拨款 is not HIS income
	his("H2A", "2025-03", "药品收入", 600_000)
	his("H2A", "2025-03", "检查收入", 400_000)
	income("H2A", "2025-03-31", "410101", "事业收入-医疗收入", "3月医疗收入", 0, 930_000)
	income("H2A", "2025-03-31", "400101", "财政拨款收入-基本支出", "拨款", 0, 500_000)
	f.build()
	f.imDump("FIN_OFF_BOOK_INCOME")
	got := map[string]flag{}
	for _, fl := range f.flags("FIN_OFF_BOOK_INCOME") {
		got[fl.Institution+"/"+fl.Period+"/"+fl.Subject] = fl
	}
	imCheck(t, "FIN_OFF_BOOK_INCOME", got, []imExpect{
		{"gap 60,000 over the ¥50,000 floor", "H3A/2025-03/药品收入", true, 2, "high"},
		{"gap exactly ¥50,000", "H3A/2025-03/检查收入", false, 0, ""},
		{"gap exactly 1 %", "H3A/2025-03/化验收入", false, 0, ""},
		{"gap 1 % and a fen", "H3A/2025-03/治疗收入", true, 2, "high"},
		{"refunds net out", "H3A/2025-03/床位收入", false, 0, ""},
		{"no ledger that month", "H3A/2025-04/药品收入", false, 0, ""},
		{"HIS synonyms against a full account path", "H3B/2025-03/药品收入", true, 3, "high"},
		{"ledger without category detail: totals", "H2A/2025-03/医疗收入合计", true, 3, "high"},
	})
	if a := got["H3A/2025-03/药品收入"].Amount; a == nil || *a != 60_000 {
		t.Errorf("gap = %v, want 60000", a)
	}
}
