package marts

import (
	"fmt"
	"testing"
)

func TestMedHvcOutlier(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// the locking plate is listed as 高值耗材 by procurement; the stapler is recognised by price
	f.insert("procurement", map[string]any{"institution_code": "H3A", "order_date": date("2025-01-05"), "item_code": "C0312000101",
		"item_name": "锁定接骨板", "category": "高值耗材", "vendor": "V", "amount": 48600, "channel": "platform"})
	settlement := 0
	// cases gives a doctor one settlement per entry, billing that many units of the item
	cases := func(inst string, year int, dept, doctor, item, name string, price float64, qtys ...float64) {
		for _, q := range qtys {
			settlement++
			f.imLine(imLine{inst: inst, settlement: fmt.Sprintf("M%05d", settlement), day: fmt.Sprintf("%d-03-02", year),
				item: item, name: name, class: "医用耗材", qty: q, price: price, doctor: doctor, dept: dept})
		}
	}
	plate := func(inst string, year int, doctor string, qtys ...float64) {
		cases(inst, year, "骨科", doctor, "C0312000101", "锁定接骨板", 4860, qtys...)
	}
	// 三级 骨科, 2025: 16 doctors across H3A and H3B. D1 uses 3 per case (z ≈ 3.6); D2 grows
	// +50 % on 2024 exactly, D3 +60 %; everyone else 1 per case.
	plate("H3A", 2025, "D1", 3, 3)
	plate("H3A", 2024, "D2", 1, 1)
	plate("H3A", 2025, "D2", 1, 2)
	plate("H3A", 2024, "D3", 1, 1)
	plate("H3A", 2025, "D3", 2, 2, 2, 1, 1)
	for i := 4; i <= 8; i++ {
		plate("H3A", 2025, fmt.Sprintf("D%d", i), 1)
	}
	for i := 1; i <= 8; i++ {
		plate("H3B", 2025, fmt.Sprintf("E%d", i), 1)
	}
	// 三级 普通外科, 2025: 10 doctors, one at 2 per case and nine at 1: z = 3 exactly
	stapler := func(inst, doctor string, qty float64) {
		cases(inst, 2025, "普通外科", doctor, "C0208000201", "一次性使用腔镜直线切割吻合器", 2980, qty)
	}
	stapler("H3A", "S1", 2)
	for i := 2; i <= 10; i++ {
		inst := "H3A"
		if i > 5 {
			inst = "H3B"
		}
		stapler(inst, fmt.Sprintf("S%d", i), 1)
	}
	// a cheap consumable used heavily is not high-value
	for i := 1; i <= 12; i++ {
		q := 1.0
		if i == 1 {
			q = 40
		}
		cases("H3A", 2025, "泌尿外科", fmt.Sprintf("U%d", i), "C0404000601", "一次性使用导尿包", 18.6, q)
	}
	// H2A is the only 二级 institution: no peers, not assessed however far out or fast-growing
	plate("H2A", 2024, "Z1", 1)
	plate("H2A", 2025, "Z1", 9)
	f.build()
	f.imDump("MED_HVC_OUTLIER")
	got := f.imBySubject("MED_HVC_OUTLIER")
	imCheck(t, "MED_HVC_OUTLIER", got, []imExpect{
		{"3 plates per case among 16 peers", "D1 / 锁定接骨板", true, 2, "medium"},
		{"+50 % on last year exactly", "D2 / 锁定接骨板", false, 0, ""},
		{"+60 % on last year", "D3 / 锁定接骨板", true, 5, "medium"},
		{"z = 3 exactly among 10 doctors", "S1 / 一次性使用腔镜直线切割吻合器", false, 0, ""},
		{"low-value consumable", "U1 / 一次性使用导尿包", false, 0, ""},
		{"no same-tier peers", "Z1 / 锁定接骨板", false, 0, ""},
	})
}
