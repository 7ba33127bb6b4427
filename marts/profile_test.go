package marts

import (
	"database/sql"
	"testing"
)

func TestInstitutionProfile(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.insert("institutions", map[string]any{"institution_code": "H3C", "name": "甲市第三人民医院", "tier": "三级乙等", "category": "综合医院"})
	contract := func(inst, no string, amount float64) {
		f.insert("contracts", map[string]any{"institution_code": inst, "contract_no": no, "sign_date": date("2025-04-01"),
			"vendor": "V", "amount": amount, "method": "直接采购"})
	}
	// 三级 Banan (BN-L) peers: H3A one high procurement flag and one high pay flag; H3B, H3D,
	// H3E, H3F none; H3C two high procurement flags. H2A is alone in its tier; Z3, a 三级
	// hospital of Zibo (ZB-L), is not their peer.
	for _, code := range []string{"H3D", "H3E", "H3F"} {
		f.insert("institutions", map[string]any{"institution_code": code, "name": "甲市医院" + code, "tier": "三级甲等",
			"category": "综合医院", "district": "巴南区", "city": "重庆"})
		contract(code, "HT-"+code, 10_000)
	}
	f.insert("institutions", map[string]any{"institution_code": "Z3", "name": "淄博市第一医院", "tier": "三级甲等",
		"category": "综合医院", "district": "张店区", "city": "淄博市"})
	contract("Z3", "HT-Z", 3_000_000)
	// a gap in H3B's self-report is not a risk: it does not count in the profile
	f.selfReport("H3B", "/data/2025/H3B/自查.xlsx", checklistItems(t, "BN-L", []string{"BN-L.1.1.2"}, nil))
	contract("H3A", "HT-A", 1_200_000)
	f.insert("payroll", map[string]any{"institution_code": "H3A", "staff_id": "S1", "department": "放射科",
		"period": date("2025-02-01"), "pay_item": "开单提成", "amount": 500.0})
	contract("H3B", "HT-B", 10_000) // under the threshold: no flag, but H3B has 2025 data
	contract("H3C", "HT-C1", 1_000_000)
	contract("H3C", "HT-C2", 2_000_000)
	contract("H2A", "HT-D", 5_000_000)
	f.build()

	type row struct {
		flags, high, points, peers, totalPoints, notAssessed int
		amount                                               float64
		pct, totalPct                                        sql.NullFloat64
	}
	get := func(inst, area string) row {
		t.Helper()
		var r row
		err := f.db.QueryRowContext(f.ctx, `select flags, high, points, peer_count, total_points, rules_not_assessed,
			amount_yuan::double, area_percentile, total_percentile
			from mart_institution_profile where institution_code = ? and year = 2025 and area = ?`, inst, area).
			Scan(&r.flags, &r.high, &r.points, &r.peers, &r.totalPoints, &r.notAssessed, &r.amount, &r.pct, &r.totalPct)
		if err != nil {
			t.Fatalf("%s %s: %v", inst, area, err)
		}
		return r
	}
	pct := func(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }
	for _, tc := range []struct {
		inst, area string
		want       row
	}{
		// six institutions: percentile = (those scoring fewer) / 5
		{"H3A", "采购", row{flags: 1, high: 1, points: 3, peers: 5, totalPoints: 6, amount: 1_200_000, pct: pct(80), totalPct: pct(80)}},
		{"H3B", "采购", row{peers: 5, pct: pct(0), totalPct: pct(0)}},
		{"H3C", "采购", row{flags: 2, high: 2, points: 6, peers: 5, totalPoints: 6, amount: 3_000_000, pct: pct(100), totalPct: pct(80)}},
		{"H3A", "薪酬", row{flags: 1, high: 1, points: 3, peers: 5, totalPoints: 6, amount: 500, pct: pct(100), totalPct: pct(80)}},
		{"H3B", "薪酬", row{peers: 5, pct: pct(0), totalPct: pct(0)}}, // ties share the lowest rank
		{"H3C", "薪酬", row{peers: 5, totalPoints: 6, pct: pct(0), totalPct: pct(80)}},
		{"H3B", "自查与整改", row{peers: 5, pct: pct(0), totalPct: pct(0)}},
		{"H2A", "采购", row{flags: 1, high: 1, points: 3, peers: 0, totalPoints: 3, amount: 5_000_000}}, // no peers: no percentile
		{"Z3", "采购", row{flags: 1, high: 1, points: 3, peers: 0, totalPoints: 3, amount: 3_000_000}},  // another plan
	} {
		got := get(tc.inst, tc.area)
		got.notAssessed = 0 // checked below
		if got != tc.want {
			t.Errorf("%s %s = %+v, want %+v", tc.inst, tc.area, got, tc.want)
		}
	}
	// every area of the catalog, for every institution-year of the coverage
	var missing int
	if err := f.db.QueryRowContext(f.ctx, `select count(*) from (
			select distinct c.institution_code, c.year, r.area from mart_rule_coverage c cross join meta.rule_catalog r
			except select institution_code, year, area from mart_institution_profile)`).Scan(&missing); err != nil {
		t.Fatal(err)
	}
	if missing != 0 {
		t.Errorf("%d institution-year-areas without a profile row", missing)
	}
	// H3B has contracts only: its procurement rules that read other extracts were not assessed
	if got := get("H3B", "采购"); got.notAssessed == 0 {
		t.Errorf("H3B 采购: rules_not_assessed = 0, want the rules lacking procurement lines")
	}
}
