package marts

import (
	"strings"
	"testing"
)

type coverageRow struct {
	status, missing, note string
	flags                 int
}

func (f *fixture) coverage() map[string]coverageRow {
	f.t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `select institution_code || '/' || year || '/' || rule_id, status,
		array_to_string(missing_inputs, ','), coalesce(note, ''), flags from mart_rule_coverage`)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]coverageRow{}
	for rows.Next() {
		var k string
		var r coverageRow
		if err := rows.Scan(&k, &r.status, &r.missing, &r.note, &r.flags); err != nil {
			f.t.Fatal(err)
		}
		if _, dup := out[k]; dup {
			f.t.Errorf("coverage has %s twice", k)
		}
		out[k] = r
	}
	return out
}

func TestRuleCoverage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	// H3A: procurement in 2024 and 2025 (one order over the threshold without tender in 2025),
	// key posts; no contracts, payments or payroll.
	pepProc(f, "H3A", "PO-1", "2024-03-01", "V", "药品", 1_000, "platform", "")
	pepProc(f, "H3A", "PO-2", "2025-03-01", "V", "设备", 1_200_000, "offline", "直接采购")
	f.insert("staff_positions", map[string]any{"institution_code": "H3A", "staff_id": "S1", "position": "会计",
		"start_date": date("2023-01-01")})
	// H3B: procurement in 2025 and an asset register from 2019 with an unapproved CT bought then
	pepProc(f, "H3B", "PO-3", "2025-03-01", "V", "药品", 1_000, "platform", "")
	pepAsset(f, "ZC-1", map[string]any{"institution_code": "H3B", "purchase_date": date("2019-05-01"), "approval_no": nil})
	// P1: payroll of a GP paid in full
	f.insert("payroll", map[string]any{"institution_code": "P1", "staff_id": "G1", "department": "全科", "position": "全科医生",
		"period": date("2025-01-01"), "pay_item": "全科医生补助", "amount": 300.0})
	// H3B: 1,000 payments in 2025 whose first digits follow Benford, enough to test
	for _, a := range benfordAmounts([9]int{301, 176, 125, 97, 79, 67, 58, 51, 46}) {
		f.insert("payments", map[string]any{"institution_code": "H3B", "pay_date": date("2025-02-01"), "amount": a})
	}
	// a district-wide reference list
	f.insert("price_list", map[string]any{"item_code": "X", "max_price": 1.0})
	f.build()
	cov := f.coverage()

	for _, tc := range []struct {
		key, status, missing string
	}{
		{"H3A/2025/PROC_NO_TENDER", "flagged", "stg_contracts"},
		{"H3A/2025/PROC_OFF_PLATFORM", "assessed", ""},
		{"H3A/2025/PROC_SPLIT_PURCHASE", "assessed", ""},
		{"H3A/2025/PROC_PAY_BEFORE_ACCEPT", "not_assessed", "stg_contracts,stg_payments"},
		{"H3A/2025/PAY_TIED_TO_REVENUE", "not_assessed", "stg_payroll,stg_dept_revenue"},
		{"H3A/2025/EQUIP_SCRAP_NO_PHYSICAL", "not_assessed", "stg_equipment"},
		{"H3A/2024/PROC_NO_TENDER", "not_assessed", "stg_contracts"},
		{"H3A/2025/HR_NO_ROTATION", "assessed", ""},
		{"H3A/2024/HR_NO_ROTATION", "not_assessed", ""}, // assessed once, at the latest date
		{"H3B/2025/EQUIP_SCRAP_NO_PHYSICAL", "assessed", ""},
		{"H3B/2025/EQUIP_UNAPPROVED_PURCHASE", "assessed", ""},
		{"H3B/2019/EQUIP_UNAPPROVED_PURCHASE", "flagged", ""}, // a year with a flag is covered
		{"H3B/2019/PROC_OFF_PLATFORM", "not_assessed", "stg_procurement"},
		{"P1/2025/PAY_GP_SUPPLEMENT_MISSING", "assessed", ""},
		{"P1/2025/PAY_VILLAGE_SUBSIDY_LATE", "assessed", ""},
		{"P1/2025/HR_NO_ROTATION", "not_assessed", "stg_staff_positions"},
		{"H3A/2025/FIN_DUPLICATE_PAYMENT", "not_assessed", "stg_payments"},
		{"H3A/2025/FIN_VOUCHER_GAP", "not_assessed", "stg_ledger"},
		{"H3A/2025/FIN_BENFORD_DEVIATION", "not_assessed", "stg_ledger,stg_payments"},
		{"H3B/2025/FIN_BENFORD_DEVIATION", "assessed", "stg_ledger"}, // payments alone suffice
		{"H3B/2025/FIN_DUPLICATE_PAYMENT", "assessed", ""},
	} {
		got, ok := cov[tc.key]
		if !ok {
			t.Errorf("%s: no coverage row", tc.key)
			continue
		}
		if got.status != tc.status || got.missing != tc.missing {
			t.Errorf("%s = %s [%s], want %s [%s]", tc.key, got.status, got.missing, tc.status, tc.missing)
		}
		if got.status == "flagged" && got.flags < 1 || got.status != "flagged" && got.flags != 0 {
			t.Errorf("%s: %s with %d flags", tc.key, got.status, got.flags)
		}
		if got.status == "not_assessed" && got.note == "" {
			t.Errorf("%s: not assessed without a note", tc.key)
		}
	}
	// years: only years with data or flags
	for k := range cov {
		if strings.HasPrefix(k, "H3A/2023/") || strings.HasPrefix(k, "H2A/") || strings.HasPrefix(k, "P1/2024/") {
			t.Errorf("%s: a year without data", k)
			break
		}
	}
	// every rule of the catalog for every institution-year, and the unimplemented ones say so
	for _, iy := range []string{"H3A/2024", "H3A/2025", "H3B/2019", "H3B/2025", "P1/2025"} {
		for _, r := range Catalog {
			got, ok := cov[iy+"/"+r.ID]
			switch {
			case !ok:
				t.Errorf("%s/%s: no coverage row", iy, r.ID)
			case !r.Implemented() && got.status != "not_implemented":
				t.Errorf("%s/%s: %s, want not_implemented", iy, r.ID, got.status)
			case r.Implemented() && got.status == "not_implemented":
				t.Errorf("%s/%s: implemented but not_implemented", iy, r.ID)
			case strings.Contains(got.missing, "stg_price_list"):
				t.Errorf("%s/%s: the price list is loaded district-wide, yet missing", iy, r.ID)
			}
		}
	}
	if n := len(cov); n != 5*len(Catalog) {
		t.Errorf("%d coverage rows, want %d", n, 5*len(Catalog))
	}
	// a hospital: the GP supplement is not applicable, whatever data it lacks — one status,
	// never "assessed" and "not applicable" at once
	if got := cov["H3A/2025/PAY_GP_SUPPLEMENT_MISSING"]; got.status != "not_applicable" || got.note != "仅适用于基层医疗卫生机构" {
		t.Errorf("H3A (a hospital): %+v", got)
	}
	if got := cov["P1/2025/PAY_GP_SUPPLEMENT_MISSING"]; got.note != "" {
		t.Errorf("P1 is primary care, note %q", got.note)
	}
	// key posts are assessed once, at the date the rule assesses them at (H3A's last order)
	if got, want := cov["H3A/2024/HR_NO_ROTATION"].note, "重点岗位轮岗只在评估日（2025-03-01，数据最后日期）评估"; got != want {
		t.Errorf("H3A/2024/HR_NO_ROTATION note %q, want %q", got, want)
	}
}

// A drug rule that compares with same-tier peers is "not assessed" at an institution without
// any, never a clean bill; the same data at an institution with peers is assessed. The
// prescriber rule compares doctors of one institution and is assessed without peers.
func TestRuleCoverageNoPeers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, inst := range []string{"H3A", "H2A"} {
		pepProc(f, inst, "PO-"+inst, "2025-03-01", "V", "药品", 1_000, "platform", "")
	}
	f.insert("essential_drugs", map[string]any{"generic_name": "V"})
	f.build()
	cov := f.coverage()
	lone := cov["H2A/2025/MED_ESSENTIAL_SHARE_LOW"]
	if lone.status != "not_assessed" || !strings.Contains(lone.note, "无同级机构") {
		t.Errorf("H2A (no 二级 peers): %+v", lone)
	}
	if got := cov["H3A/2025/MED_ESSENTIAL_SHARE_LOW"]; got.status != "assessed" && got.status != "flagged" {
		t.Errorf("H3A (has a 三级 peer): %+v", got)
	}
	if got := cov["H2A/2025/MED_PRESCRIBER_OUTLIER"]; strings.Contains(got.note, "同级") {
		t.Errorf("H2A prescriber rule (needs no peers): %+v", got)
	}
}

// A contract register without a method column leaves PROC_NO_TENDER's blank-method branch
// unassessed: the rule raises nothing there, and coverage says which column was missing
// rather than reading as a clean bill. A register with the column says nothing of the kind.
func TestRuleCoverageUnstatedColumns(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.exported("合同", "contracts", "contract_no", "sign_date", "vendor", "amount", "tender_no")
	f.insert("contracts", map[string]any{"_sheet": "合同", "institution_code": "H3A", "contract_no": "HT-1",
		"sign_date": date("2025-04-01"), "vendor": "某公司", "amount": 3_000_000.0})
	f.insert("contracts", map[string]any{"institution_code": "H3B", "contract_no": "HT-2",
		"sign_date": date("2025-04-01"), "vendor": "某公司", "amount": 3_000_000.0, "method": "公开招标", "tender_no": "ZB-1"})
	for _, inst := range []string{"H3A", "H3B"} {
		pepProc(f, inst, "PO-"+inst, "2025-03-01", "V", "药品", 1_000, "platform", "")
	}
	f.build()
	cov := f.coverage()
	if got := cov["H3A/2025/PROC_NO_TENDER"]; got.status != "assessed" || got.note != "以下导出文件无相应列，该情形未评估：合同台账无采购方式列" {
		t.Errorf("H3A: %+v", got)
	}
	if got := cov["H3B/2025/PROC_NO_TENDER"]; got.note != "" {
		t.Errorf("H3B has the column: %+v", got)
	}
}
