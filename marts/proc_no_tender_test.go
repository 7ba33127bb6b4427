package marts

import "testing"

func TestProcNoTender(t *testing.T) {
	t.Parallel()
	contract := func(f pepDB, no string, amount float64, method, tender string) {
		row := map[string]any{"institution_code": "H3A", "contract_no": no, "sign_date": date("2025-04-01"),
			"vendor": "某公司", "amount": amount}
		if method != "" {
			row["method"] = method
		}
		if tender != "" {
			row["tender_no"] = tender
		}
		f.insert("contracts", row)
	}
	pepRun(t, "PROC_NO_TENDER", []pepCase{
		{name: "direct purchase exactly at the threshold", rows: func(f pepDB) {
			contract(f, "HT-1", 1_000_000, "直接采购", "")
		}, want: []pepWant{{"H3A", "2025", "HT-1", "high", 1}}},
		{name: "direct purchase one fen under", rows: func(f pepDB) {
			contract(f, "HT-1", 999_999.99, "直接采购", "")
		}},
		{name: "blank method", rows: func(f pepDB) {
			contract(f, "HT-1", 3_000_000, "", "")
			contract(f, "HT-2", 3_000_000, "/", "")
		}, want: []pepWant{{"H3A", "2025", "HT-1", "high", 1}, {"H3A", "2025", "HT-2", "high", 1}}},
		{name: "single source without and with a tender no.", rows: func(f pepDB) {
			contract(f, "HT-1", 2_000_000, "单一来源", "")
			contract(f, "HT-2", 2_000_000, "单一来源", "ZB2025-01")
		}, want: []pepWant{{"H3A", "2025", "HT-1", "high", 1}}},
		{name: "a ledger without method and tender no. columns does not say", rows: func(f pepDB) {
			f.exported("合同", "contracts", "contract_no", "sign_date", "vendor", "amount")
			f.insert("contracts", map[string]any{"_sheet": "合同", "institution_code": "H3A", "contract_no": "HT-1",
				"sign_date": date("2025-04-01"), "vendor": "某公司", "amount": 3_000_000.0})
			f.exported("单一来源", "contracts", "contract_no", "sign_date", "vendor", "amount", "method")
			f.insert("contracts", map[string]any{"_sheet": "单一来源", "institution_code": "H3A", "contract_no": "HT-2",
				"sign_date": date("2025-04-01"), "vendor": "某公司", "amount": 3_000_000.0, "method": "单一来源"})
		}},
		{name: "competitive methods", rows: func(f pepDB) {
			contract(f, "HT-1", 5_000_000, "公开招标", "ZB1")
			contract(f, "HT-2", 5_000_000, "竞争性磋商", "")
			contract(f, "HT-3", 5_000_000, "询价", "")
		}},
		{name: "order without contract at the threshold", rows: func(f pepDB) {
			pepProc(f, "H3A", "PO-9", "2025-05-01", "V", "设备", 600_000, "offline", "")
			pepProc(f, "H3A", "PO-9", "2025-05-01", "V", "设备", 400_000, "offline", "")
			pepProc(f, "H3A", "PO-8", "2025-05-01", "V", "设备", 999_999, "offline", "")
		}, want: []pepWant{{"H3A", "2025", "PO-9", "high", 2}}},
		{name: "order on the platform or by tender", rows: func(f pepDB) {
			pepProc(f, "H3A", "PO-1", "2025-05-01", "V", "药品", 2_000_000, "platform", "")
			pepProc(f, "H3A", "PO-2", "2025-05-01", "V", "设备", 2_000_000, "offline", "公开招标")
		}},
		{name: "order under a tendered contract is judged by the contract", rows: func(f pepDB) {
			contract(f, "HT-1", 2_000_000, "公开招标", "ZB1")
			f.insert("procurement", map[string]any{"institution_code": "H3A", "order_no": "PO-1", "contract_no": "HT-1",
				"order_date": date("2025-05-01"), "item_name": "CT", "category": "设备", "vendor": "V", "amount": 2_000_000, "channel": "offline"})
		}},
		{name: "threshold from config", config: []string{"PROC_NO_TENDER.tender_threshold_yuan = 200000"}, rows: func(f pepDB) {
			contract(f, "HT-1", 200_000, "直接采购", "")
		}, want: []pepWant{{"H3A", "2025", "HT-1", "high", 1}}},
	})
}
