package marts

import "testing"

func TestEquipEarlyScrapRebuy(t *testing.T) {
	t.Parallel()
	// ZC-OLD: bought 2020-01-01 with a 6-year life (ends 2026-01-01)
	old := func(f pepDB, scrapDay string, extra map[string]any) {
		row := map[string]any{"purchase_date": date("2020-01-01"), "status": "已报废", "scrap_date": date(scrapDay),
			"scrap_approval_no": "BF-1", "disposal": "回收", "physical_verified": true}
		for k, v := range extra {
			row[k] = v
		}
		pepAsset(f, "ZC-OLD", row)
	}
	buy := func(f pepDB, no, day string, extra map[string]any) {
		row := map[string]any{"purchase_date": date(day)}
		for k, v := range extra {
			row[k] = v
		}
		pepAsset(f, no, row)
	}
	pepRun(t, "EQUIP_EARLY_SCRAP_REBUY", []pepCase{
		{name: "scrapped early, bought again 365 days later", rows: func(f pepDB) {
			old(f, "2024-03-01", nil)
			buy(f, "ZC-NEW", "2025-03-01", nil)
		}, want: []pepWant{{"H3A", "2024", "ZC-OLD", "medium", 2}}},
		{name: "bought again 366 days later", rows: func(f pepDB) {
			old(f, "2024-03-01", nil)
			buy(f, "ZC-NEW", "2025-03-02", nil)
		}},
		{name: "scrapped at the end of its life", rows: func(f pepDB) {
			old(f, "2026-01-01", nil)
			buy(f, "ZC-NEW", "2026-02-01", nil)
		}},
		{name: "scrapped the day before the end of its life", rows: func(f pepDB) {
			old(f, "2025-12-31", nil)
			buy(f, "ZC-NEW", "2026-02-01", nil)
		}, want: []pepWant{{"H3A", "2025", "ZC-OLD", "medium", 2}}},
		{name: "scrapped before half its life is high", rows: func(f pepDB) {
			old(f, "2022-12-31", nil)
			buy(f, "ZC-NEW", "2022-12-31", nil)
		}, want: []pepWant{{"H3A", "2022", "ZC-OLD", "high", 2}}},
		{name: "scrapped exactly at half its life is medium", rows: func(f pepDB) {
			old(f, "2023-01-01", nil)
			buy(f, "ZC-NEW", "2023-01-01", nil)
		}, want: []pepWant{{"H3A", "2023", "ZC-OLD", "medium", 2}}},
		{name: "a different model is not the same equipment", rows: func(f pepDB) {
			old(f, "2024-03-01", nil)
			buy(f, "ZC-NEW", "2024-04-01", map[string]any{"model": "X9"})
		}},
		{name: "a different name is not the same equipment", rows: func(f pepDB) {
			old(f, "2024-03-01", map[string]any{"model": nil})
			buy(f, "ZC-NEW", "2024-04-01", map[string]any{"name": "全自动生化分析仪", "model": nil})
		}},
		{name: "bought before it was scrapped", rows: func(f pepDB) {
			old(f, "2024-03-01", nil)
			buy(f, "ZC-NEW", "2024-02-28", nil)
		}},
		{name: "not scrapped", rows: func(f pepDB) {
			old(f, "2024-03-01", map[string]any{"status": "待报废"})
			buy(f, "ZC-NEW", "2024-04-01", nil)
		}},
	})
}
