package ingest

import "testing"

func TestNotAmounts(t *testing.T) {
	col := func(vals ...string) [][]string {
		var rows [][]string
		for _, v := range vals {
			rows = append(rows, []string{"x", v})
		}
		return rows
	}
	cases := []struct {
		name string
		rows [][]string
		want string
	}{
		{"amounts", col("1200", "¥1,200.50", "(30)", ""), ""},
		{"one bad amount among good ones stays an item", col("1200", "abc", "800"), ""},
		{"no values: cannot tell", col("", "-", ""), ""},
		{"quarter labels", col("一季度", "一季度", "二季度"), "文本"},
		{"payment dates", col("2025-02-10", "2025/3/12", "2025年4月12日"), "日期"},
		{"bank accounts and ids", col("6228480012345678901", "50011319800101123X", "6228480012345678902"), "编号"},
		{"a total row does not vote", [][]string{{"x", "一季度"}, {"合计", "2400"}}, "文本"},
	}
	for _, tc := range cases {
		if got := notAmounts(tc.rows, 1); got != tc.want {
			t.Errorf("%s: notAmounts = %q, want %q", tc.name, got, tc.want)
		}
	}
}
