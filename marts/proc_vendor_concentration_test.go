package marts

import "testing"

func TestProcVendorConcentration(t *testing.T) {
	buy := func(f pepDB, inst, vendor, cat string, amount float64) {
		pepProc(f, inst, "", "2025-03-01", vendor, cat, amount, "platform", "")
	}
	pepRunIsolated(t, "PROC_VENDOR_CONCENTRATION", []pepCase{
		{name: "two thirds with three vendors among peers", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 500_000)
			buy(f, "H3A", "甲公司", "药品", 300_000)
			buy(f, "H3A", "乙公司", "药品", 400_000)
			buy(f, "H3B", "丙公司", "药品", 100)
		}, want: []pepWant{{"H3A", "2025", "甲公司", "medium", 2}}},
		{name: "only two vendors in the market", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 800_000)
			buy(f, "H3A", "乙公司", "药品", 400_000)
			buy(f, "H3B", "乙公司", "药品", 100)
		}},
		{name: "a third vendor of another tier is not a peer", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 800_000)
			buy(f, "H3A", "乙公司", "药品", 400_000)
			buy(f, "H2A", "丙公司", "药品", 100)
		}},
		{name: "a third vendor in another category does not count", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 800_000)
			buy(f, "H3A", "乙公司", "药品", 400_000)
			buy(f, "H3B", "丙公司", "试剂", 100)
		}},
		{name: "share exactly 60 percent", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 900_000)
			buy(f, "H3A", "乙公司", "药品", 300_000)
			buy(f, "H3A", "丙公司", "药品", 300_000)
		}},
		{name: "share just over 60 percent", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 900_000.02)
			buy(f, "H3A", "乙公司", "药品", 300_000)
			buy(f, "H3A", "丙公司", "药品", 299_999.99)
		}, want: []pepWant{{"H3A", "2025", "甲公司", "medium", 1}}},
		{name: "category spend exactly one million", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 900_000)
			buy(f, "H3A", "乙公司", "药品", 50_000)
			buy(f, "H3A", "丙公司", "药品", 50_000)
		}},
		{name: "category spend one fen over one million", rows: func(f pepDB) {
			buy(f, "H3A", "甲公司", "药品", 900_000.01)
			buy(f, "H3A", "乙公司", "药品", 50_000)
			buy(f, "H3A", "丙公司", "药品", 50_000)
		}, want: []pepWant{{"H3A", "2025", "甲公司", "medium", 1}}},
		{name: "one vendor dominating two categories is one flag", rows: func(f pepDB) {
			for _, c := range []string{"药品", "试剂"} {
				buy(f, "H3A", "甲公司", c, 2_000_000)
				buy(f, "H3A", "乙公司", c, 100_000)
				buy(f, "H3A", "丙公司", c, 100_000)
			}
		}, want: []pepWant{{"H3A", "2025", "甲公司", "medium", 2}}},
	})
}
