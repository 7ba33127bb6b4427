package marts

import "testing"

func TestMedEssentialShareLow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// a second primary-care institution, so that P1 has a peer (H2A stays alone in 二级)
	f.insert("institutions", map[string]any{"institution_code": "P2", "name": "乙镇卫生院", "tier": "一级", "category": "乡镇卫生院", "district": "巴南区", "city": "重庆"})
	f.insert("essential_drugs", map[string]any{"item_code": "E1", "generic_name": "阿莫西林", "dosage_form": "口服常释剂型"})
	f.insert("essential_drugs", map[string]any{"generic_name": "布洛芬", "dosage_form": "口服常释剂型"})
	buy := func(inst, day, code, name string, amount float64) {
		row := map[string]any{"institution_code": inst, "order_date": date(day), "item_name": name, "category": "药品",
			"vendor": "V", "amount": amount, "channel": "platform"}
		if code != "" {
			row["item_code"] = code
		}
		f.insert("procurement", row)
	}
	// H3A 2025 (三级, floor 25 %): exactly 25 % by code
	buy("H3A", "2025-02-01", "E1", "阿莫西林胶囊", 250_000)
	buy("H3A", "2025-02-01", "N1", "替格瑞洛片", 750_000)
	// H3B 2025: a fen under 25 %; 2024: 10 %, under half the floor
	buy("H3B", "2025-02-01", "E1", "阿莫西林胶囊", 249_999.99)
	buy("H3B", "2025-02-01", "N1", "替格瑞洛片", 750_000.01)
	buy("H3B", "2024-02-01", "E1", "阿莫西林胶囊", 100_000)
	buy("H3B", "2024-02-01", "N1", "替格瑞洛片", 900_000)
	// P1 (基层, floor 60 %): 59 %, essential by generic-name prefix
	buy("P1", "2025-02-01", "", "布洛芬缓释胶囊", 590_000)
	buy("P1", "2025-02-01", "N2", "沙库巴曲缬沙坦钠片", 410_000)
	// P2: exactly 60 %
	buy("P2", "2025-02-01", "", "布洛芬", 600_000)
	buy("P2", "2025-02-01", "N2", "沙库巴曲缬沙坦钠片", 400_000)
	// H2A (二级, alone): nothing essential, but no peers
	buy("H2A", "2025-02-01", "N1", "替格瑞洛片", 1_000_000)
	f.build()
	f.imDump("MED_ESSENTIAL_SHARE_LOW")
	got := map[string]flag{}
	for _, fl := range f.flags("MED_ESSENTIAL_SHARE_LOW") {
		got[fl.Institution+"/"+fl.Period+"/"+fl.Subject] = fl
	}
	imCheck(t, "MED_ESSENTIAL_SHARE_LOW", got, []imExpect{
		{"exactly the 三级 floor", "H3A/2025/药品", false, 0, ""},
		{"a fen under the floor", "H3B/2025/药品", true, 1, "medium"},
		{"under half the floor", "H3B/2024/药品", true, 1, "high"},
		{"59 % against 60 %, by generic name", "P1/2025/药品", true, 1, "medium"},
		{"exactly the primary-care floor", "P2/2025/药品", false, 0, ""},
		{"no peers", "H2A/2025/药品", false, 0, ""},
	})
}

func TestMedEssentialShareLowNeedsTheList(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, inst := range []string{"H3A", "H3B"} {
		f.insert("procurement", map[string]any{"institution_code": inst, "order_no": inst, "order_date": date("2025-03-01"),
			"item_name": "阿莫西林胶囊", "category": "药品", "vendor": "V", "amount": 100_000, "channel": "platform"})
	}
	f.build()
	if got := f.subjects("MED_ESSENTIAL_SHARE_LOW"); len(got) != 0 {
		t.Errorf("flags without an essential-drug list: %v", got)
	}
}
