package marts

import "testing"

func TestProcPayBeforeAccept(t *testing.T) {
	t.Parallel()
	contract := func(f pepDB, no string, amount float64, accepted, result string) {
		row := map[string]any{"institution_code": "H3A", "contract_no": no, "sign_date": date("2025-01-10"),
			"vendor": "某公司", "amount": amount, "method": "公开招标", "tender_no": "ZB1"}
		if accepted != "" {
			row["acceptance_date"] = date(accepted)
		}
		if result != "" {
			row["acceptance_result"] = result
		}
		f.insert("contracts", row)
	}
	pay := func(f pepDB, no, day string, amount float64) {
		f.insert("payments", map[string]any{"institution_code": "H3A", "contract_no": no, "pay_date": date(day), "amount": amount})
	}
	pepRun(t, "PROC_PAY_BEFORE_ACCEPT", []pepCase{
		{name: "paid the day before acceptance", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "2025-06-01", "合格")
			pay(f, "HT-1", "2025-05-31", 100_000)
			pay(f, "HT-1", "2025-06-10", 900_000)
		}, want: []pepWant{{"H3A", "2025", "HT-1", "medium", 3}}},
		{name: "paid on the acceptance day and after", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "2025-06-01", "合格")
			pay(f, "HT-1", "2025-06-01", 500_000)
			pay(f, "HT-1", "2025-07-01", 500_000)
		}},
		{name: "most of the money before acceptance is high", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "2025-06-01", "")
			pay(f, "HT-1", "2025-03-01", 800_000)
		}, want: []pepWant{{"H3A", "2025", "HT-1", "high", 2}}},
		{name: "no acceptance and exactly 30 percent paid", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "", "")
			pay(f, "HT-1", "2025-03-01", 100_000)
			pay(f, "HT-1", "2025-04-01", 200_000)
		}},
		{name: "no acceptance and just over 30 percent paid", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "", "")
			pay(f, "HT-1", "2025-03-01", 100_000)
			pay(f, "HT-1", "2025-04-01", 200_000.01)
		}, want: []pepWant{{"H3A", "2025", "HT-1", "high", 3}}},
		{name: "a ledger without acceptance columns does not say; overpayment still shows", rows: func(f pepDB) {
			f.exported("合同", "contracts", "contract_no", "sign_date", "vendor", "amount", "method", "tender_no")
			for _, no := range []string{"HT-1", "HT-2"} {
				f.insert("contracts", map[string]any{"_sheet": "合同", "institution_code": "H3A", "contract_no": no,
					"sign_date": date("2025-01-10"), "vendor": "某公司", "amount": 1_000_000.0, "method": "公开招标", "tender_no": "ZB1"})
			}
			pay(f, "HT-1", "2025-03-01", 900_000)
			pay(f, "HT-2", "2025-03-01", 1_200_000)
		}, want: []pepWant{{"H3A", "2025", "HT-2", "high", 0}}},
		{name: "a failed acceptance is no acceptance", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "2025-02-01", "验收不合格")
			pay(f, "HT-1", "2025-03-01", 500_000)
		}, want: []pepWant{{"H3A", "2025", "HT-1", "high", 2}}},
		{name: "paid exactly the contract amount", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "2025-02-01", "合格")
			pay(f, "HT-1", "2025-03-01", 600_000)
			pay(f, "HT-1", "2025-04-01", 400_000)
		}},
		{name: "paid one fen beyond the contract", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "2025-02-01", "合格")
			pay(f, "HT-1", "2025-03-01", 600_000)
			pay(f, "HT-1", "2026-01-05", 400_000.01)
		}, want: []pepWant{{"H3A", "2026", "HT-1", "high", 3}}},
		{name: "payments of another institution's contract of the same no.", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "2025-02-01", "合格")
			f.insert("payments", map[string]any{"institution_code": "H3B", "contract_no": "HT-1", "pay_date": date("2025-01-01"), "amount": 5_000_000})
		}},
	})
}
