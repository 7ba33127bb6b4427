package transform

import "testing"

func TestNormaliseVendor(t *testing.T) {
	cities := []string{"重庆市", "成都"}
	for _, tc := range []struct{ in, want string }{
		{"重庆医药(集团)股份有限公司", "重庆医药"},
		{"重庆医药集团股份有限公司", "重庆医药"},
		{"重庆医药（集团）股份有限公司", "重庆医药"}, // full-width brackets (NFKC)
		{"国药控股(重庆)有限公司", "国药控股"},
		{"国药控股（渝中区）有限公司", "国药控股"},
		{"四川省科伦药业股份有限公司", "科伦药业"},
		{"成都市康弘药业有限公司", "康弘药业"},
		{"重庆市 华康 医疗器械有限责任公司", "华康医疗器械"},
		{"华润(普通合伙)公司", "华润普通合伙"},   // a bracket that is no place keeps its content
		{"四川医药有限公司", "四川医药"},       // a place is kept when too little would remain
		{"ＡＢＣ医疗科技有限公司", "ABC医疗科技"}, // full-width letters (NFKC)
	} {
		if got := NormaliseVendor(tc.in, cities); got != tc.want {
			t.Errorf("NormaliseVendor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDice(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{
		{"康华医疗器械", "康华医疗器械", 1},
		{"康华医疗器械", "康辉医疗器械", 0.6},                    // 3 of 5 + 5 bigrams shared
		{"华康医疗器械设备", "华康医疗器械设备厂", 2 * 7.0 / (7 + 8)}, // 0.933
		{"华康医疗器械", "华康医疗器械设备", 2 * 5.0 / (5 + 7)},    // 0.833
		{"甲", "乙", 0},
	} {
		if got := Dice(tc.a, tc.b); got < tc.want-1e-9 || got > tc.want+1e-9 {
			t.Errorf("Dice(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestClusterVendors(t *testing.T) {
	spell := func(s string, rows int64, code string) VendorSpelling {
		return VendorSpelling{Spelling: s, Rows: rows, CreditCode: code}
	}
	in := []VendorSpelling{
		spell("重庆医药(集团)股份有限公司", 2, ""),
		spell("重庆医药集团股份有限公司", 5, ""),
		spell("重庆康华医疗器械有限公司", 3, ""),
		spell("重庆康辉医疗器械有限公司", 3, ""), // Dice 0.6 with 康华: apart
		spell("华康医疗器械设备有限公司", 4, ""), // Dice 0.93 with the next: one vendor
		spell("华康医疗器械设备厂", 1, ""),
		spell("华康医疗器械有限公司", 1, ""),             // 0.83: apart
		spell("渝康药业", 1, "91500000MA5U000001"), // same credit code as the next
		spell("重庆渝新康药品配送有限公司", 6, "91500000MA5U000001"),
		spell("四川医药有限公司", 1, ""),
	}
	want := map[string]string{
		"重庆医药(集团)股份有限公司": "重庆医药集团股份有限公司",
		"重庆医药集团股份有限公司":   "重庆医药集团股份有限公司",
		"重庆康华医疗器械有限公司":   "重庆康华医疗器械有限公司",
		"重庆康辉医疗器械有限公司":   "重庆康辉医疗器械有限公司",
		"华康医疗器械设备有限公司":   "华康医疗器械设备有限公司",
		"华康医疗器械设备厂":      "华康医疗器械设备有限公司",
		"华康医疗器械有限公司":     "华康医疗器械有限公司",
		"渝康药业":           "重庆渝新康药品配送有限公司",
		"重庆渝新康药品配送有限公司":  "重庆渝新康药品配送有限公司",
		"四川医药有限公司":       "四川医药有限公司",
	}
	check := func(t *testing.T, rows []VendorRow, want map[string]string) {
		t.Helper()
		if len(rows) != len(in) {
			t.Fatalf("%d rows for %d spellings", len(rows), len(in))
		}
		for _, r := range rows {
			if r.Vendor != want[r.Spelling] {
				t.Errorf("%s → %s (%s), want %s", r.Spelling, r.Vendor, r.JoinedBy, want[r.Spelling])
			}
		}
	}
	t.Run("joined", func(t *testing.T) { check(t, ClusterVendors(in, []string{"重庆"}, nil), want) })

	t.Run("split", func(t *testing.T) {
		split := map[string]string{}
		for k, v := range want {
			split[k] = v
		}
		split["重庆医药(集团)股份有限公司"] = "重庆医药(集团)股份有限公司"
		split["渝康药业"] = "渝康药业"
		check(t, ClusterVendors(in, []string{"重庆"}, []VendorSplit{
			{"重庆医药集团股份有限公司", " 重庆医药(集团)股份有限公司 "},
			{"渝康药业", "重庆渝新康药品配送有限公司"},
		}), split)
	})

	t.Run("a split holds through a third spelling", func(t *testing.T) {
		// A ~ B and B ~ C, split A | C: B goes with the stronger link, A and C stay apart
		abc := []VendorSpelling{spell("甲乙丙丁戊己庚辛壬癸子丑", 1, ""), spell("甲乙丙丁戊己庚辛壬癸子丑寅", 1, ""), spell("甲乙丙丁戊己庚辛壬癸子丑寅卯", 1, "")}
		rows := ClusterVendors(abc, nil, []VendorSplit{{abc[0].Spelling, abc[2].Spelling}})
		if rows[0].Vendor == rows[2].Vendor {
			t.Errorf("split spellings joined through a third: %+v", rows)
		}
		if rows[1].Vendor != rows[0].Vendor && rows[1].Vendor != rows[2].Vendor {
			t.Errorf("the middle spelling joined neither: %+v", rows)
		}
	})
}
