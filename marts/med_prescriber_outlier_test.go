package marts

import (
	"fmt"
	"testing"
)

func TestMedPrescriberOutlier(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	settlement := 0
	// prescribe gives doctor i (1-based) volumes[i-1] units of the drug, one line each unit batch
	prescribe := func(inst, item, name, class string, volumes ...float64) {
		for i, v := range volumes {
			settlement++
			f.imLine(imLine{inst: inst, settlement: fmt.Sprintf("R%05d", settlement), day: "2025-05-06", item: item, name: name,
				class: class, qty: v, price: 10, doctor: fmt.Sprintf("%s医师%d", item, i+1), dept: "心血管内科"})
		}
	}
	prescribe("H3A", "A", "注射用鼠神经生长因子", "药品", 14, 2, 2, 2, 2)                   // 63.6 % of 22, 5 prescribers
	prescribe("H3A", "B", "注射用复合辅酶", "药品", 10, 4, 2, 2, 2)                      // exactly 50 %
	prescribe("H3A", "C", "银杏叶提取物注射液", "药品", 7, 1, 1, 1)                        // 70 %, 4 prescribers
	prescribe("H3A", "D", "阿托伐他汀钙片", "药品", 10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1) // 47.6 %, z ≈ 3.3 among 12
	prescribe("H3A", "E", "苯磺酸氨氯地平片", "药品", 5, 1, 1, 1, 1, 1, 1, 1, 1, 1)       // z = 3 exactly among 10
	prescribe("H3A", "F", "彩色多普勒超声常规检查", "诊疗项目", 14, 2, 2, 2, 2)                // not a drug
	prescribe("H2A", "G", "注射用鼠神经生长因子", "药品", 14, 2, 2, 2, 2)                   // alone in its tier: needs no peers
	f.build()
	f.imDump("MED_PRESCRIBER_OUTLIER")
	imCheck(t, "MED_PRESCRIBER_OUTLIER", f.imBySubject("MED_PRESCRIBER_OUTLIER"), []imExpect{
		{"64 % with 5 prescribers", "A医师1 / 注射用鼠神经生长因子", true, 1, "medium"},
		{"exactly 50 %", "B医师1 / 注射用复合辅酶", false, 0, ""},
		{"70 % with 4 prescribers", "C医师1 / 银杏叶提取物注射液", false, 0, ""},
		{"z over 3 below half the volume", "D医师1 / 阿托伐他汀钙片", true, 1, "medium"},
		{"z = 3 exactly", "E医师1 / 苯磺酸氨氯地平片", false, 0, ""},
		{"a service, not a drug", "F医师1 / 彩色多普勒超声常规检查", false, 0, ""},
		{"no same-tier peers needed", "G医师1 / 注射用鼠神经生长因子", true, 1, "medium"},
	})
}
