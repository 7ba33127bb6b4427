package selfcheck

import (
	"errors"
	"testing"
)

func TestApplicable(t *testing.T) {
	tests := []struct {
		region, tier, category string
		want                   string
	}{
		// Banan, the registry's own institutions.
		{"巴南区", "三级", "综合医院", "BN-L"},
		{"巴南区", "二级", "妇幼保健院", "BN-L"},
		{"巴南区", "二级", "精神卫生中心", "BN-L"},
		{"巴南区", "二级", "专科医院", "BN-L"},
		{"巴南区", "基层", "中心卫生院", "BN-P"},
		{"巴南区", "基层", "乡镇卫生院", "BN-P"},
		{"巴南区", "基层", "社区卫生服务中心", "BN-P"},
		{"重庆市巴南区", "", "社区卫生服务站", "BN-P"},
		// The category wins over the tier; the tier decides when the category is silent.
		{"巴南区", "二级", "中心卫生院", "BN-P"},
		{"巴南区", "一级", "综合医院", "BN-P"},
		{"巴南区", "一级甲等", "", "BN-P"},
		{"巴南区", "三级甲等", "", "BN-L"},
		{"巴南区", "", "", "BN-L"},
		// Other places in Chongqing and unknown regions follow Banan's plan.
		{"重庆市南岸区", "三级", "综合医院", "BN-L"},
		{"", "基层", "", "BN-P"},
		// Zibo: large hospitals only.
		{"淄博市", "三级", "综合医院", "ZB-L"},
		{"山东省淄博市张店区", "二级", "中医医院", "ZB-L"},
		{"淄博", "", "妇幼保健院", "ZB-L"},
		{"淄博市", "基层", "社区卫生服务中心", ""},
		{"淄博市", "二级", "乡镇卫生院", ""},
		// Full-width and padded input.
		{" 淄博市 ", "三级", "综合医院", "ZB-L"},
		{"巴南区", "基层", "　乡镇卫生院　", "BN-P"},
	}
	for _, tt := range tests {
		if got := Applicable(tt.region, tt.tier, tt.category); got != tt.want {
			t.Errorf("Applicable(%q, %q, %q) = %q, want %q", tt.region, tt.tier, tt.category, got, tt.want)
		}
	}
}

func TestResolveChecklist(t *testing.T) {
	tests := []struct {
		override, region, tier, category string
		want                             string
		err                              error
	}{
		{"", "巴南区", "三级", "综合医院", "BN-L", nil},
		{"zb-l", "巴南区", "三级", "综合医院", "ZB-L", nil},
		{" BN-P ", "淄博市", "三级", "综合医院", "BN-P", nil},
		{"BN-X", "巴南区", "三级", "综合医院", "", ErrUnknownChecklist},
		{"", "淄博市", "基层", "乡镇卫生院", "", ErrNoChecklist},
		{"BN-P", "淄博市", "基层", "乡镇卫生院", "BN-P", nil},
	}
	for _, tt := range tests {
		got, err := ResolveChecklist(tt.override, tt.region, tt.tier, tt.category)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ResolveChecklist(%q, %q, %q, %q) = %q, %v; want %q, %v",
				tt.override, tt.region, tt.tier, tt.category, got, err, tt.want, tt.err)
		}
	}
}
