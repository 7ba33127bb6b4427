package ingest

import "testing"

func TestYearInText(t *testing.T) {
	labels := []string{"报送日期", "日期"}
	cases := []struct {
		text           string
		labelled, year int // 0: none
	}{
		{"报送日期：2025年3月10日", 2025, 2025},
		{"日期:2025.03", 2025, 2025},
		{"巴南区中医院2025年度部门预算执行表 编制日期：2024年12月20日", 2024, 2025},
		{"XX医院预算执行表（2024年）", 0, 2024},
		{"编号 120250301", 0, 0}, // a year inside a longer number is no year
		{"二〇二五年", 0, 0},
	}
	for _, tc := range cases {
		if y, _ := labelledYear(tc.text, labels); y != tc.labelled {
			t.Errorf("labelledYear(%q) = %d, want %d", tc.text, y, tc.labelled)
		}
		if y, _ := yearIn(tc.text); y != tc.year {
			t.Errorf("yearIn(%q) = %d, want %d", tc.text, y, tc.year)
		}
	}
}
