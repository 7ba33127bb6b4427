package marts

import "testing"

func TestProcSplitPurchase(t *testing.T) {
	t.Parallel()
	const v, cat = "重庆某某医疗器械有限公司", "设备"
	off := func(f pepDB, no, day string, amount float64) {
		pepProc(f, "H3A", no, day, v, cat, amount, "offline", "直接采购")
	}
	pepRun(t, "PROC_SPLIT_PURCHASE", []pepCase{
		{name: "two orders together exactly at the threshold, 30 days apart", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 600_000)
			off(f, "A2", "2025-03-31", 400_000)
		}, want: []pepWant{{"H3A", "2025-03-01..2025-03-31", v, "medium", 2}}},
		{name: "together one fen under the threshold", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 600_000)
			off(f, "A2", "2025-03-31", 399_999.99)
		}},
		{name: "31 days apart is outside the window", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 600_000)
			off(f, "A2", "2025-04-01", 600_000)
		}},
		{name: "an order at the threshold is not a split part", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 1_000_000)
			off(f, "A2", "2025-03-05", 300_000)
		}},
		{name: "each just under the threshold", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 999_999.99)
			off(f, "A2", "2025-03-02", 0.01)
		}, want: []pepWant{{"H3A", "2025-03-01..2025-03-02", v, "medium", 2}}},
		{name: "a single order is not a split", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 999_999.99)
		}},
		{name: "competitive method", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", v, cat, 600_000, "offline", "公开招标")
			pepProc(f, "H3A", "A2", "2025-03-10", v, cat, 600_000, "offline", "询价")
		}},
		{name: "blank method and single source are not competitive", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", v, cat, 600_000, "offline", "")
			pepProc(f, "H3A", "A2", "2025-03-10", v, cat, 600_000, "offline", "单一来源")
		}, want: []pepWant{{"H3A", "2025-03-01..2025-03-10", v, "medium", 2}}},
		{name: "bought on the platform", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", v, "药品", 600_000, "platform", "")
			pepProc(f, "H3A", "A2", "2025-03-10", v, "药品", 600_000, "platform", "")
		}},
		{name: "two spellings of one vendor are one vendor", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", "重庆医药(集团)股份有限公司", cat, 600_000, "offline", "直接采购")
			pepProc(f, "H3A", "A2", "2025-03-10", "重庆医药集团股份有限公司", cat, 600_000, "offline", "直接采购")
		}, want: []pepWant{{"H3A", "2025-03-01..2025-03-10", "重庆医药(集团)股份有限公司", "medium", 2}}},
		{name: "a wrong join split in the config", config: []string{"vendor.split = 重庆医药(集团)股份有限公司 | 重庆医药集团股份有限公司"},
			rows: func(f pepDB) {
				pepProc(f, "H3A", "A1", "2025-03-01", "重庆医药(集团)股份有限公司", cat, 600_000, "offline", "直接采购")
				pepProc(f, "H3A", "A2", "2025-03-10", "重庆医药集团股份有限公司", cat, 600_000, "offline", "直接采购")
			}},
		{name: "two companies with similar names stay apart", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", "重庆康华医疗器械有限公司", cat, 600_000, "offline", "直接采购")
			pepProc(f, "H3A", "A2", "2025-03-10", "重庆康辉医疗器械有限公司", cat, 600_000, "offline", "直接采购")
		}},
		{name: "different vendors", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", v, cat, 600_000, "offline", "直接采购")
			pepProc(f, "H3A", "A2", "2025-03-10", "另一公司", cat, 600_000, "offline", "直接采购")
		}},
		{name: "different categories", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", v, cat, 600_000, "offline", "直接采购")
			pepProc(f, "H3A", "A2", "2025-03-10", v, "服务", 600_000, "offline", "直接采购")
		}},
		{name: "different institutions", rows: func(f pepDB) {
			pepProc(f, "H3A", "A1", "2025-03-01", v, cat, 600_000, "offline", "直接采购")
			pepProc(f, "H3B", "A2", "2025-03-10", v, cat, 600_000, "offline", "直接采购")
		}},
		{name: "an order of two lines counts once", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 300_000)
			off(f, "A1", "2025-03-01", 300_000)
			off(f, "A2", "2025-03-20", 400_000)
		}, want: []pepWant{{"H3A", "2025-03-01..2025-03-20", v, "medium", 3}}},
		{name: "an order of two lines over the threshold is one order", rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 600_000)
			off(f, "A1", "2025-03-01", 600_000)
		}},
		{name: "a chain with no 30-day window reaching the threshold", rows: func(f pepDB) {
			off(f, "A1", "2025-01-01", 400_000)
			off(f, "A2", "2025-01-25", 400_000)
			off(f, "A3", "2025-02-20", 400_000)
		}},
		{name: "overlapping windows merge into one flag", rows: func(f pepDB) {
			off(f, "A1", "2025-01-01", 900_000)
			off(f, "A2", "2025-01-20", 900_000)
			off(f, "A3", "2025-02-10", 900_000)
			off(f, "A4", "2025-06-10", 900_000) // alone: no flag
		}, want: []pepWant{{"H3A", "2025-01-01..2025-02-10", v, "high", 3}}},
		{name: "two direct-purchase contracts with the same vendor", rows: func(f pepDB) {
			contract := func(no, day string, amount float64, method string) {
				row := map[string]any{"institution_code": "H3A", "contract_no": no, "sign_date": date(day),
					"vendor": v, "amount": amount}
				if method != "" {
					row["method"] = method
				}
				f.insert("contracts", row)
			}
			contract("HT-1", "2025-05-01", 600_000, "直接采购")
			contract("HT-2", "2025-05-20", 500_000, "")
			contract("HT-3", "2025-05-21", 900_000, "公开招标")
		}, want: []pepWant{{"H3A", "2025-05-01..2025-05-20", v, "medium", 2}}},
		{name: "orders under a contract are its call-offs", rows: func(f pepDB) {
			f.insert("contracts", map[string]any{"institution_code": "H3A", "contract_no": "HT-1", "sign_date": date("2025-01-01"),
				"vendor": v, "amount": 3_000_000, "method": "公开招标"})
			for _, day := range []string{"2025-03-01", "2025-03-10"} {
				f.insert("procurement", map[string]any{"institution_code": "H3A", "order_no": "PO" + day, "contract_no": "HT-1",
					"order_date": date(day), "item_name": "X", "category": cat, "vendor": v, "amount": 600_000, "channel": "offline"})
			}
		}},
		{name: "threshold from config", config: []string{"PROC_SPLIT_PURCHASE.tender_threshold_yuan = 500000"}, rows: func(f pepDB) {
			off(f, "A1", "2025-03-01", 300_000)
			off(f, "A2", "2025-03-02", 200_000)
		}, want: []pepWant{{"H3A", "2025-03-01..2025-03-02", v, "medium", 2}}},
	})
}
