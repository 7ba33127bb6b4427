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

// TestNoteColumnsAreNotItems: a remarks column empty in every sampled row is still no pay
// item — its name says so — so a remark further down is not rejected as a bad amount.
func TestNoteColumnsAreNotItems(t *testing.T) {
	for _, note := range []string{"附注", "备注", "情况说明"} {
		rows := grid("工号,姓名,科室,发放月份,岗位工资,绩效工资,应发合计,"+note,
			"S1,王小明,内科,2025-03,3000,5000,8000,",
			"S2,李四,外科,2025-03,3000,1000,4000,")
		m, err := detectHeader(rows, 1, detectHint{})
		if err != nil {
			t.Fatal(err)
		}
		for col, item := range m.items {
			if col == 7 {
				t.Errorf("%s taken as a pay item (%s)", note, item)
			}
		}
		if len(m.items) != 2 {
			t.Errorf("%s: items %v, want the two pay columns", note, m.items)
		}
	}
}
