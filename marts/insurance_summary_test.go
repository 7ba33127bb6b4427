package marts

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// insuranceFixture: H3A in 2025 with fund paid ¥10 000 over 40 settlements; S1 is billed its
// bed day twice (INS_DUPLICATE_BILLING, high, ¥50) under 内科/张医生.
func insuranceFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.imStandardPrices()
	f.imClaim(imClaim{inst: "H3A", id: "S1", patient: "P1", gender: "男", visit: "住院", admit: "2025-03-01", discharge: "2025-03-10",
		dept: "内科", doctor: "张医生", total: 3000, fund: 2200})
	for i := 2; i <= 40; i++ {
		f.imClaim(imClaim{inst: "H3A", id: fmt.Sprintf("S%02d", i), patient: fmt.Sprintf("P%d", i), gender: "女", visit: "门诊",
			admit: "2025-04-01", discharge: "2025-04-01", dept: "外科", doctor: "李医生", total: 300, fund: 200})
	}
	for i := 0; i < 2; i++ {
		f.imLine(imLine{inst: "H3A", settlement: "S1", day: "2025-03-02", item: "110900001", name: "普通病房床位费", class: "服务设施", qty: 1, price: 50})
	}
	return f
}

func (f *fixture) pullList() (high []string, sample []string, seed int64) {
	f.t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `select settlement_id, reason, seed from mart_settlements_to_pull
		where institution_code = 'H3A' and year = 2025 order by reason, draw_key`)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, reason string
		if err := rows.Scan(&id, &reason, &seed); err != nil {
			f.t.Fatal(err)
		}
		if reason == "high" {
			high = append(high, id)
		} else {
			sample = append(sample, id)
		}
	}
	return high, sample, seed
}

func TestInsuranceSummary(t *testing.T) {
	t.Parallel()
	f := insuranceFixture(t)
	f.build()

	var flags, settlements int
	var flagged, fund, share float64
	if err := f.db.QueryRowContext(f.ctx, `select flags, flagged_settlements, flagged_yuan::double, fund_paid_yuan::double, share_of_fund_paid
		from mart_insurance_summary where institution_code = 'H3A' and year = 2025 and rule_id = 'INS_DUPLICATE_BILLING'`).
		Scan(&flags, &settlements, &flagged, &fund, &share); err != nil {
		t.Fatal(err)
	}
	if flags != 1 || settlements != 1 || flagged != 50 || math.Abs(fund-10000) > 0.05 || math.Abs(share-0.005) > 1e-6 {
		t.Errorf("duplicate billing summary = %d flags, %d settlements, ¥%v of ¥%v (share %v), want 1, 1, ¥50 of ¥10000 (0.005)",
			flags, settlements, flagged, fund, share)
	}
	// a rule that found nothing is there with 0
	if err := f.db.QueryRowContext(f.ctx, `select flags, share_of_fund_paid from mart_insurance_summary
		where institution_code = 'H3A' and year = 2025 and rule_id = 'INS_OVER_PRICE'`).Scan(&flags, &share); err != nil {
		t.Fatal(err)
	}
	if flags != 0 || share != 0 {
		t.Errorf("INS_OVER_PRICE = %d flags, share %v; want 0, 0", flags, share)
	}

	// top departments and doctors
	var kind, name string
	var amount float64
	rows, err := f.db.QueryContext(f.ctx, `select kind, name, flagged_yuan::double from mart_insurance_top
		where institution_code = 'H3A' and year = 2025 and rank = 1 order by kind`)
	if err != nil {
		t.Fatal(err)
	}
	var top []string
	for rows.Next() {
		if err := rows.Scan(&kind, &name, &amount); err != nil {
			t.Fatal(err)
		}
		top = append(top, fmt.Sprintf("%s:%s:%g", kind, name, amount))
	}
	rows.Close()
	if want := []string{"department:内科:50", "doctor:张医生:50"}; !reflect.DeepEqual(top, want) {
		t.Errorf("top = %v, want %v", top, want)
	}

	// the pull list: the high flag always, plus 20 of the 39 others by default
	high, sample, seed := f.pullList()
	if !reflect.DeepEqual(high, []string{"S1"}) || len(sample) != 20 || seed != 20241 {
		t.Errorf("default pull list: high %v, %d sampled, seed %d; want [S1], 20, 20241", high, len(sample), seed)
	}
	for _, s := range sample {
		if s == "S1" {
			t.Errorf("S1 is both high and sampled")
		}
	}
	var patientCols int
	if err := f.db.QueryRowContext(f.ctx, `select count(*) from information_schema.columns
		where table_name in ('mart_settlements_to_pull', 'mart_insurance_top', 'mart_insurance_summary')
		  and (column_name like '%patient%' or column_name like '%name%' and column_name <> 'name')`).Scan(&patientCols); err != nil {
		t.Fatal(err)
	}
	if patientCols != 0 {
		t.Errorf("%d patient columns in the insurance marts", patientCols)
	}
}

func TestSettlementsToPullSeed(t *testing.T) {
	t.Parallel()
	draw := func(config ...string) ([]string, []string, int64) {
		f := insuranceFixture(t)
		f.build(config...)
		return f.pullList()
	}
	h1, a, s1 := draw("INS_DUPLICATE_BILLING.pull_seed = 7", "INS_DUPLICATE_BILLING.pull_sample_size = 5")
	h2, b, _ := draw("INS_DUPLICATE_BILLING.pull_seed = 7", "INS_DUPLICATE_BILLING.pull_sample_size = 5")
	h3, c, s3 := draw("INS_DUPLICATE_BILLING.pull_seed = 8", "INS_DUPLICATE_BILLING.pull_sample_size = 5")
	if s1 != 7 || s3 != 8 {
		t.Errorf("seeds printed %d, %d; want 7, 8", s1, s3)
	}
	for _, h := range [][]string{h1, h2, h3} {
		if !reflect.DeepEqual(h, []string{"S1"}) {
			t.Errorf("high = %v, want [S1] whatever the seed", h)
		}
	}
	if len(a) != 5 || !reflect.DeepEqual(a, b) {
		t.Errorf("same seed drew %v then %v", a, b)
	}
	if reflect.DeepEqual(a, c) {
		t.Errorf("seeds 7 and 8 drew the same sample %v", a)
	}
}
