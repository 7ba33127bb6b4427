package ingest

import "testing"

// An enum takes a value that is one of its spellings, or that contains one of two or more
// characters (the longest first); a one-character spelling (男, 1) is taken only whole.
func TestEnumNormalise(t *testing.T) {
	cases := []struct {
		enum, in, want string
		ok             bool
	}{
		{"gender", "男", "男", true},
		{"gender", " M ", "男", true},
		{"gender", "Female", "女", true},
		{"gender", "1", "男", true},
		{"gender", "男性", "男性", false},
		{"gender", "12", "12", false},
		{"category", "中成药（口服）", "药品", true},
		{"visit_type", "门诊特殊病（门特）", "门特", true},
		{"visit_type", "普通门诊", "门诊", true},
		{"item_class", "床位费（单人间）", "服务设施", true},
		{"visit_type", "体检", "体检", false},
	}
	for _, tc := range cases {
		t.Run(tc.enum+"/"+tc.in, func(t *testing.T) {
			got, ok := enums[tc.enum].Normalise(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("%s.Normalise(%q) = %q, %v; want %q, %v", tc.enum, tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}
