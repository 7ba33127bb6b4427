package marts

import "testing"

// pepAsset inserts one asset of the register; extra fields override the defaults.
func pepAsset(f pepDB, no string, extra map[string]any) {
	row := map[string]any{"institution_code": "H3A", "asset_no": no, "name": "彩色多普勒超声", "model": "X1",
		"class": "医疗设备", "original_value": 1_500_000.0, "purchase_date": date("2025-05-10"), "status": "在用",
		"approval_no": "PZ-1", "approval_date": date("2025-03-01"), "expert_review": true, "useful_life_years": 6.0}
	for k, v := range extra {
		if v == nil {
			delete(row, k)
		} else {
			row[k] = v
		}
	}
	f.insert("equipment", row)
}

func TestEquipUnapprovedPurchase(t *testing.T) {
	t.Parallel()
	pepRun(t, "EQUIP_UNAPPROVED_PURCHASE", []pepCase{
		{name: "approved and reviewed", rows: func(f pepDB) {
			pepAsset(f, "ZC-1", nil)
		}},
		{name: "no approval no. at exactly one million", rows: func(f pepDB) {
			pepAsset(f, "ZC-1", map[string]any{"original_value": 1_000_000.0, "approval_no": nil})
		}, want: []pepWant{{"H3A", "2025", "ZC-1", "high", 1}}},
		{name: "no approval no. one fen under one million", rows: func(f pepDB) {
			pepAsset(f, "ZC-1", map[string]any{"original_value": 999_999.99, "approval_no": nil})
		}},
		{name: "large medical equipment of any value", rows: func(f pepDB) {
			pepAsset(f, "ZC-1", map[string]any{"original_value": 300_000.0, "class": "大型医用设备", "approval_no": "/"})
		}, want: []pepWant{{"H3A", "2025", "ZC-1", "high", 1}}},
		{name: "approved on the purchase day", rows: func(f pepDB) {
			pepAsset(f, "ZC-1", map[string]any{"approval_date": date("2025-05-10")})
		}},
		{name: "approved the day after purchase", rows: func(f pepDB) {
			pepAsset(f, "ZC-1", map[string]any{"approval_date": date("2025-05-11")})
		}, want: []pepWant{{"H3A", "2025", "ZC-1", "high", 1}}},
		{name: "approved after the contract was signed", rows: func(f pepDB) {
			f.insert("contracts", map[string]any{"institution_code": "H3A", "contract_no": "HT-7", "sign_date": date("2025-02-01"),
				"vendor": "V", "amount": 1_500_000.0, "method": "公开招标"})
			pepAsset(f, "ZC-1", map[string]any{"contract_no": "HT-7"})
		}, want: []pepWant{{"H3A", "2025", "ZC-1", "high", 2}}},
		{name: "approved the day the contract was signed", rows: func(f pepDB) {
			f.insert("contracts", map[string]any{"institution_code": "H3A", "contract_no": "HT-7", "sign_date": date("2025-03-01"),
				"vendor": "V", "amount": 1_500_000.0, "method": "公开招标"})
			pepAsset(f, "ZC-1", map[string]any{"contract_no": "HT-7"})
		}},
		{name: "expert review 否, and blank", rows: func(f pepDB) {
			pepAsset(f, "ZC-1", map[string]any{"expert_review": false})
			pepAsset(f, "ZC-2", map[string]any{"expert_review": nil})
		}, want: []pepWant{{"H3A", "2025", "ZC-1", "high", 1}}},
		{name: "a register without an approval no. column does not say", rows: func(f pepDB) {
			f.exported("无文号", "equipment", "asset_no", "name", "class", "original_value", "purchase_date", "approval_date", "status")
			pepAsset(f, "ZC-1", map[string]any{"_sheet": "无文号", "approval_no": nil})
			pepAsset(f, "ZC-2", map[string]any{"_sheet": "无文号", "approval_no": nil, "approval_date": date("2025-06-01")})
		}, want: []pepWant{{"H3A", "2025", "ZC-2", "high", 1}}},
		{name: "threshold from config", config: []string{"EQUIP_UNAPPROVED_PURCHASE.large_value_yuan = 2000000"}, rows: func(f pepDB) {
			pepAsset(f, "ZC-1", map[string]any{"approval_no": nil})
		}},
	})
}
