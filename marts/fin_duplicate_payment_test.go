package marts

import "testing"

func TestFinDuplicatePayment(t *testing.T) {
	t.Parallel()
	const v = "重庆医药集团股份有限公司"
	pay := func(f pepDB, day string, amount float64, payee, invoice, contract string) {
		row := map[string]any{"institution_code": "H3A", "pay_date": date(day), "amount": amount, "payee": payee}
		if invoice != "" {
			row["invoice_no"] = invoice
		}
		if contract != "" {
			row["contract_no"] = contract
		}
		f.insert("payments", row)
	}
	contract := func(f pepDB, no string, amount float64) {
		f.insert("contracts", map[string]any{"institution_code": "H3A", "contract_no": no, "sign_date": date("2025-01-02"),
			"vendor": v, "amount": amount, "method": "公开招标"})
	}
	pepRun(t, "FIN_DUPLICATE_PAYMENT", []pepCase{
		{name: "same invoice paid twice, months apart", rows: func(f pepDB) {
			pay(f, "2025-02-01", 5000, v, "No.0012", "")
			pay(f, "2025-09-01", 5000, v, "No.0012", "")
		}, want: []pepWant{{"H3A", "2025-02-01..2025-09-01", v, "high", 2}}},
		{name: "same invoice, different amounts", rows: func(f pepDB) {
			pay(f, "2025-02-01", 5000, v, "No.0012", "")
			pay(f, "2025-02-02", 5000.01, v, "No.0012", "")
		}},
		{name: "no invoice, 30 days apart, at ¥1,000", rows: func(f pepDB) {
			pay(f, "2025-03-01", 1000, v, "", "")
			pay(f, "2025-03-31", 1000, v, "", "")
		}, want: []pepWant{{"H3A", "2025-03-01..2025-03-31", v, "medium", 2}}},
		{name: "no invoice, 31 days apart", rows: func(f pepDB) {
			pay(f, "2025-03-01", 1000, v, "", "")
			pay(f, "2025-04-01", 1000, v, "", "")
		}},
		{name: "below ¥1,000", rows: func(f pepDB) {
			pay(f, "2025-03-01", 999.99, v, "", "")
			pay(f, "2025-03-02", 999.99, v, "", "")
		}},
		{name: "different invoices", rows: func(f pepDB) {
			pay(f, "2025-03-01", 8000, v, "No.1", "")
			pay(f, "2025-03-02", 8000, v, "No.2", "")
		}},
		{name: "an invoice on one of them only", rows: func(f pepDB) {
			pay(f, "2025-03-01", 8000, v, "No.1", "")
			pay(f, "2025-03-02", 8000, v, "", "")
		}},
		{name: "two spellings of one payee", rows: func(f pepDB) {
			pay(f, "2025-05-01", 20000, "重庆医药(集团)股份有限公司", "", "")
			pay(f, "2025-05-08", 20000, v, "", "")
		}, want: []pepWant{{"H3A", "2025-05-01..2025-05-08", v, "medium", 2}}},
		{name: "different payees", rows: func(f pepDB) {
			pay(f, "2025-05-01", 20000, "重庆康华医疗器械有限公司", "", "")
			pay(f, "2025-05-08", 20000, "重庆康辉医疗器械有限公司", "", "")
		}},
		{name: "two scheduled instalments within the contract", rows: func(f pepDB) {
			contract(f, "HT-1", 100000)
			pay(f, "2025-06-01", 50000, v, "", "HT-1")
			pay(f, "2025-06-20", 50000, v, "", "HT-1")
		}},
		{name: "equal payments beyond the contract", rows: func(f pepDB) {
			contract(f, "HT-2", 99999.99)
			pay(f, "2025-06-01", 50000, v, "", "HT-2")
			pay(f, "2025-06-20", 50000, v, "", "HT-2")
		}, want: []pepWant{{"H3A", "2025-06-01..2025-06-20", v, "medium", 2}}},
		{name: "equal payments under a contract not in the ledger", rows: func(f pepDB) {
			pay(f, "2025-06-01", 50000, v, "", "HT-9")
			pay(f, "2025-06-20", 50000, v, "", "HT-9")
		}, want: []pepWant{{"H3A", "2025-06-01..2025-06-20", v, "medium", 2}}},
	})
}
