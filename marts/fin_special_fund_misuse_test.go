package marts

import (
	"fmt"
	"testing"
)

func TestFinSpecialFundMisuse(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	voucher := 0
	le := func(inst, day, code, name, summary string, debit, credit float64, counterparty string) {
		voucher++
		f.imLedger(inst, day, fmt.Sprintf("记-%03d", voucher), code, name, summary, debit, credit, counterparty)
	}
	const gw = "业务活动费用-基本公共卫生服务"
	// P1: public-health money on its uses, one debit for the office refurbishment, one for a
	// purpose the list does not know, and one allowed use that is still forbidden (a car)
	le("P1", "2025-02-01", "1002", "银行存款-公卫专户", "收到基本公卫补助资金", 500_000, 0, "区财政局")
	le("P1", "2025-03-01", "5001", gw, "健康教育宣传资料印刷费", 8_000, 0, "某印刷厂")
	le("P1", "2025-03-02", "2307", "其他应付款-公卫资金", "发放乡村医生公卫任务补助", 60_000, 0, "")
	le("P1", "2025-03-03", "5001", gw, "老年人健康体检费", 30_000, 0, "")
	le("P1", "2025-04-01", "5001", gw, "院办公楼装修款", 120_000, 0, "某装饰公司")
	le("P1", "2025-04-02", "5001", gw, "职工节日购物卡", 20_000, 0, "某超市")
	le("P1", "2025-04-03", "5001", gw, "健康教育宣传车购置（购置车辆）", 90_000, 0, "")
	le("P1", "2025-12-31", "5001", gw, "期末结转", 0, 328_000, "")
	le("P1", "2025-12-31", "7201", "事业支出-基本公共卫生服务", "院办公楼装修款", 120_000, 0, "") // dual entry: not counted again
	// H2A: essential-drug subsidy on village doctors only
	le("H2A", "2025-05-01", "5001", "业务活动费用-基本药物制度补助", "村卫生室实施基本药物制度补助发放", 40_000, 0, "")
	le("H2A", "2025-05-02", "5001", "业务活动费用-基药补助", "乡村医生基药补助", 10_000, 0, "")
	// H3B: budget accounting only, a debit for entertainment
	le("H3B", "2025-06-01", "7201", "事业支出-基本药物补助", "业务招待费", 5_000, 0, "某酒店")
	f.build()
	f.imDump("FIN_SPECIAL_FUND_MISUSE")
	got := map[string]flag{}
	for _, fl := range f.flags("FIN_SPECIAL_FUND_MISUSE") {
		got[fl.Institution+"/"+fl.Period+"/"+fl.Subject] = fl
	}
	imCheck(t, "FIN_SPECIAL_FUND_MISUSE", got, []imExpect{
		{"health education leaflets", "P1/2025/记-002", false, 0, ""},
		{"village doctors' task subsidy", "P1/2025/记-003", false, 0, ""},
		{"elderly check-ups", "P1/2025/记-004", false, 0, ""},
		{"office refurbishment", "P1/2025/记-005", true, 1, "high"},
		{"gift cards: not an allowed use", "P1/2025/记-006", true, 1, "high"},
		{"a car, though for health education", "P1/2025/记-007", true, 1, "high"},
		{"dual entry in budget accounting", "P1/2025/记-009", false, 0, ""},
		{"essential-drug subsidy to village doctors", "H2A/2025/记-010", false, 0, ""},
		{"entertainment in budget accounting only", "H3B/2025/记-012", true, 1, "high"},
	})
	if a := got["P1/2025/记-005"].Amount; a == nil || *a != 120_000 {
		t.Errorf("misused = %v, want 120000", a)
	}
}
