package marts

import "testing"

func TestFinLiabilityRatio(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	le := func(inst, day, code, name, summary string, debit, credit float64) {
		f.imLedger(inst, day, "记-1", code, name, summary, debit, credit, "")
	}
	// H3A: 2024 opens at 45 % (assets 100 M, liabilities 45 M); 2025 has no opening rows and
	// adds 5 M of payables financed into assets: 50 M / 105 M = 47.6 %, a rise of 2.6 points.
	le("H3A", "2024-01-01", "1002", "银行存款", "期初余额", 100_000_000, 0)
	le("H3A", "2024-01-01", "2302", "应付账款", "期初余额", 0, 45_000_000)
	le("H3A", "2025-03-01", "1611", "固定资产", "购入设备", 5_000_000, 0)
	le("H3A", "2025-03-01", "2302", "应付账款", "应付设备款", 0, 5_000_000)
	// H3B: 2025 opens at 45 % and borrows 10 M: 55 M / 110 M = 50 % exactly, a rise of exactly
	// 5 points, neither over
	le("H3B", "2025-01-01", "1002", "银行存款", "年初余额", 100_000_000, 0)
	le("H3B", "2025-01-01", "2302", "应付账款", "年初余额", 0, 45_000_000)
	le("H3B", "2025-07-01", "1002", "银行存款", "收到借款", 10_000_000, 0)
	le("H3B", "2025-07-01", "2001", "短期借款", "流动资金借款", 0, 10_000_000)
	// H2A: over 50 % by a fen; depreciation (a contra-asset) lowers assets
	le("H2A", "2025-01-01", "1611", "固定资产", "期初余额", 60_000_000, 0)
	le("H2A", "2025-12-31", "1612", "固定资产累计折旧", "计提折旧", 0, 10_000_000)
	le("H2A", "2025-01-01", "2302", "应付账款", "期初余额", 0, 25_000_000.01)
	// P1: 30.8 % and a long-term loan for the new ward building; a working-capital loan is not
	// tagged (evidence: the loan, then the other liability credits)
	le("P1", "2025-01-01", "1002", "银行存款", "期初余额", 10_000_000, 0)
	le("P1", "2025-01-01", "2001", "短期借款", "期初余额", 0, 1_000_000)
	le("P1", "2025-06-01", "1002", "银行存款", "收到贷款", 3_000_000, 0)
	le("P1", "2025-06-01", "2501", "长期借款", "新建住院大楼贷款", 0, 2_000_000)
	le("P1", "2025-06-01", "2501", "长期借款", "流动资金贷款", 0, 1_000_000)
	// X1: 2024 opens at 40 %; 2025 has no opening rows and borrows: 40 % → 45.1 % on 2024's closing
	le("X1", "2024-01-01", "1002", "银行存款", "期初余额", 100_000_000, 0)
	le("X1", "2024-01-01", "2302", "应付账款", "期初余额", 0, 40_000_000)
	le("X1", "2025-05-01", "1002", "银行存款", "收到借款", 9_289_617.49, 0)
	le("X1", "2025-05-01", "2001", "短期借款", "流动资金借款", 0, 9_289_617.49)
	// X2: one year only, opening at 40 % and closing at 45.1 %: the rise is within the year
	le("X2", "2025-01-01", "1002", "银行存款", "期初余额", 100_000_000, 0)
	le("X2", "2025-01-01", "2302", "应付账款", "期初余额", 0, 40_000_000)
	le("X2", "2025-05-01", "1002", "银行存款", "收到借款", 9_289_617.49, 0)
	le("X2", "2025-05-01", "2001", "短期借款", "流动资金借款", 0, 9_289_617.49)
	// opening rows as ingest loads them (row_kind 'opening', no voucher number), under a 摘要
	// nothing else would know: O1 opens at 40 % and borrows to 46.4 %, a rise of 6.4 points
	open := func(inst, day, code, name, summary string, debit, credit float64) {
		f.insert("ledger", map[string]any{"institution_code": inst, "voucher_date": date(day), "account_code": code,
			"account_name": name, "summary": summary, "debit": debit, "credit": credit, "row_kind": "opening"})
	}
	open("O1", "2025-01-01", "1002", "银行存款", "承上年", 100_000_000, 0)
	open("O1", "2025-01-01", "2302", "应付账款", "承上年", 0, 40_000_000)
	le("O1", "2025-04-01", "1002", "银行存款", "收到借款", 12_000_000, 0)
	le("O1", "2025-04-01", "2001", "短期借款", "流动资金借款", 0, 12_000_000)
	// M1: monthly exports each open with 期初余额: February's restates January's closing and
	// is not added again (assets 120 M, not 240 M); 40 % → 50 %, a rise of 10 points
	open("M1", "2025-01-01", "1002", "银行存款", "期初余额", 100_000_000, 0)
	open("M1", "2025-01-01", "2302", "应付账款", "期初余额", 0, 40_000_000)
	le("M1", "2025-01-20", "1002", "银行存款", "收到借款", 20_000_000, 0)
	le("M1", "2025-01-20", "2001", "短期借款", "流动资金借款", 0, 20_000_000)
	open("M1", "2025-02-01", "1002", "银行存款", "期初余额", 120_000_000, 0)
	open("M1", "2025-02-01", "2302", "应付账款", "期初余额", 0, 40_000_000)
	open("M1", "2025-02-01", "2001", "短期借款", "期初余额", 0, 20_000_000)
	f.build()
	f.imDump("FIN_LIABILITY_RATIO")
	var assets float64
	if err := f.db.QueryRowContext(f.ctx, `select (c.measures->>'assets_yuan')::double from mart_risk_flags r join mart_flag_context c using (flag_id)
		where r.rule_id = 'FIN_LIABILITY_RATIO' and r.institution_code = 'M1'`).Scan(&assets); err != nil || assets != 120_000_000 {
		t.Errorf("M1 assets = %v (%v), want 120000000: a restated opening balance counted twice", assets, err)
	}
	got := map[string]flag{}
	for _, fl := range f.flags("FIN_LIABILITY_RATIO") {
		got[fl.Institution+"/"+fl.Period+"/"+fl.Subject] = fl
	}
	imCheck(t, "FIN_LIABILITY_RATIO", got, []imExpect{
		{"45 % then 47.6 %, balances carried over", "H3A/2025/资产负债率", false, 0, ""},
		{"45 % → 50 %: exactly 5 points and exactly 50 %", "H3B/2025/资产负债率", false, 0, ""},
		{"50 % and a fen, after depreciation", "H2A/2025/资产负债率", true, 1, "medium"},
		{"ratio 30.8 % with a long-term loan for a new building", "P1/2025/资产负债率", true, 3, "high"},
		{"a rise of 5.1 points", "X1/2025/资产负债率", true, 1, "medium"},
		{"a rise of 5.1 points within a single year", "X2/2025/资产负债率", true, 2, "medium"},
		{"opening rows told by row_kind, not by 摘要", "O1/2025/资产负债率", true, 2, "medium"},
		{"monthly opening rows restate, they do not add", "M1/2025/资产负债率", true, 0, "medium"},
	})
	// money at risk is the new 基建 loan, never a balance such as total liabilities
	for key, want := range map[string]float64{"P1/2025/资产负债率": 2_000_000, "H2A/2025/资产负债率": -1, "M1/2025/资产负债率": -1} {
		fl, ok := got[key]
		switch {
		case !ok:
			t.Errorf("%s: no flag", key)
		case want < 0 && fl.Amount != nil:
			t.Errorf("%s: amount %v, want NULL (no 基建 loan)", key, *fl.Amount)
		case want >= 0 && (fl.Amount == nil || *fl.Amount != want):
			t.Errorf("%s: amount %v, want %v", key, fl.Amount, want)
		}
	}
}
