package marts

import "testing"

func TestEquipScrapNoPhysical(t *testing.T) {
	t.Parallel()
	// purchased 2019-01-01 with a 6-year life: half of it ends 2022-01-01
	scrap := func(f pepDB, no, day string, extra map[string]any) {
		row := map[string]any{"status": "已报废", "purchase_date": date("2019-01-01"), "scrap_date": date(day),
			"scrap_approval_no": "BF-1", "disposal": "回收公司", "physical_verified": true}
		for k, v := range extra {
			row[k] = v
		}
		pepAsset(f, no, row)
	}
	pepRun(t, "EQUIP_SCRAP_NO_PHYSICAL", []pepCase{
		{name: "scrapped with the asset, approval and disposal", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2025-03-01", nil)
		}},
		{name: "no physical asset", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2025-03-01", map[string]any{"physical_verified": false})
		}, want: []pepWant{{"H3A", "2025", "ZC-1", "medium", 1}}},
		{name: "physical verification blank is not a breach", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2025-03-01", map[string]any{"physical_verified": nil})
		}},
		{name: "no scrap approval, no disposal record", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2025-03-01", map[string]any{"scrap_approval_no": nil})
			scrap(f, "ZC-2", "2025-03-01", map[string]any{"disposal": "无"})
		}, want: []pepWant{{"H3A", "2025", "ZC-1", "medium", 1}, {"H3A", "2025", "ZC-2", "medium", 1}}},
		{name: "a register without approval and disposal columns does not say", rows: func(f pepDB) {
			f.exported("卡片", "equipment", "asset_no", "name", "original_value", "purchase_date", "status", "scrap_date", "physical_verified")
			scrap(f, "ZC-1", "2025-03-01", map[string]any{"_sheet": "卡片", "scrap_approval_no": nil, "disposal": nil})
			scrap(f, "ZC-2", "2025-03-01", map[string]any{"_sheet": "卡片", "scrap_approval_no": nil, "disposal": nil, "physical_verified": false})
		}, want: []pepWant{{"H3A", "2025", "ZC-2", "medium", 1}}},
		{name: "only status 已报废 is in scope", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2025-03-01", map[string]any{"status": "待报废", "scrap_approval_no": nil, "physical_verified": false})
		}},
		{name: "scrapped exactly at half its life", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2022-01-01", map[string]any{"physical_verified": false})
		}, want: []pepWant{{"H3A", "2022", "ZC-1", "medium", 1}}},
		{name: "scrapped the day before half its life", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2021-12-31", map[string]any{"physical_verified": false})
		}, want: []pepWant{{"H3A", "2021", "ZC-1", "high", 1}}},
		{name: "early but with every record is not flagged", rows: func(f pepDB) {
			scrap(f, "ZC-1", "2019-06-01", nil)
		}},
	})
}
