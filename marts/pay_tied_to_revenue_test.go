package marts

import (
	"fmt"
	"math"
	"testing"
)

// pepTied writes one staff member's monthly performance pay (plus a fixed base item, which must
// not count) and the department's monthly revenue, split over drugs and exams.
func pepTied(f pepDB, dept string, pay, revenue []float64) {
	for i := range pay {
		month := date(fmt.Sprintf("2025-%02d-01", i+1))
		f.insert("payroll", map[string]any{"institution_code": "H3A", "staff_id": "S-" + dept, "department": dept,
			"period": month, "pay_item": "奖励性绩效", "amount": pay[i]})
		f.insert("payroll", map[string]any{"institution_code": "H3A", "staff_id": "S-" + dept, "department": dept,
			"period": month, "pay_item": "岗位工资", "amount": 5000.0 + 1000*float64(i%3)})
	}
	for i := range revenue {
		month := date(fmt.Sprintf("2025-%02d-01", i+1))
		f.insert("dept_revenue", map[string]any{"institution_code": "H3A", "department": dept, "period": month,
			"category": "药品收入", "amount": revenue[i] / 2})
		f.insert("dept_revenue", map[string]any{"institution_code": "H3A", "department": dept, "period": month,
			"category": "检查收入", "amount": revenue[i] / 2})
		f.insert("dept_revenue", map[string]any{"institution_code": "H3A", "department": dept, "period": month,
			"category": "手术收入", "amount": 10_000.0 * float64(12-i)})
	}
}

func TestPayTiedToRevenue(t *testing.T) {
	t.Parallel()
	// dx and e are orthogonal, zero-sum and of equal norm: pay = 4·dx + 3·e has r = 0.8 exactly.
	dx := []float64{-11, -9, -7, -5, -3, -1, 1, 3, 5, 7, 9, 11}
	e := []float64{-3, -2, 6, 0, 3, -7, -5, 3, 6, 1, 13, -15}
	linear := func(a, b float64) (pay, rev []float64) {
		for i := 0; i < 12; i++ {
			r := 1_000_000 + 100_000*float64(i)
			rev, pay = append(rev, r), append(pay, math.Round((a+b*r)*100)/100)
		}
		return
	}
	withRatios := func(lo, hi float64) (pay, rev []float64) {
		for i := 0; i < 12; i++ {
			r := 1_000_000 + 100_000*float64(i)
			q := lo
			if i%2 == 1 {
				q = hi
			}
			rev, pay = append(rev, r), append(pay, math.Round(r*q*100)/100)
		}
		return
	}
	rCase := func(scale3 float64) (pay, rev []float64) {
		for i := 0; i < 12; i++ {
			rev = append(rev, 1_000_000+10_000*dx[i])
			pay = append(pay, 100_000+1_000*(4*dx[i]+scale3*e[i]))
		}
		return
	}
	// evidence: 12 performance pay rows + 12 × 2 matching revenue rows = 36
	pepRun(t, "PAY_TIED_TO_REVENUE", []pepCase{
		{name: "pay a fixed share of revenue", rows: func(f pepDB) {
			pay, rev := linear(0, 0.08)
			pepTied(f, "心内科", pay, rev)
		}, want: []pepWant{{"H3A", "2025", "心内科", "high", 36}}},
		{name: "only 11 months", rows: func(f pepDB) {
			pay, rev := linear(0, 0.08)
			pepTied(f, "心内科", pay[:11], rev[:11])
		}},
		{name: "correlated but not a fixed share is medium", rows: func(f pepDB) {
			pay, rev := linear(100_000, 0.01) // r = 1, ratio cv ≈ 0.21
			pepTied(f, "心内科", pay, rev)
		}, want: []pepWant{{"H3A", "2025", "心内科", "medium", 36}}},
		{name: "r exactly 0.8", rows: func(f pepDB) {
			pay, rev := rCase(3)
			pepTied(f, "骨科", pay, rev)
		}, want: []pepWant{{"H3A", "2025", "骨科", "medium", 36}}},
		{name: "r just under 0.8", rows: func(f pepDB) {
			pay, rev := rCase(3.1) // r ≈ 0.79
			pepTied(f, "骨科", pay, rev)
		}},
		{name: "ratio cv exactly 0.10 is high", rows: func(f pepDB) {
			pay, rev := withRatios(0.09, 0.11)
			pepTied(f, "心内科", pay, rev)
		}, want: []pepWant{{"H3A", "2025", "心内科", "high", 36}}},
		{name: "ratio cv just over 0.10 is medium", rows: func(f pepDB) {
			pay, rev := withRatios(0.0899, 0.1101)
			pepTied(f, "心内科", pay, rev)
		}, want: []pepWant{{"H3A", "2025", "心内科", "medium", 36}}},
		{name: "pay unrelated to revenue", rows: func(f pepDB) {
			_, rev := linear(0, 0.08)
			pay := []float64{90_000, 110_000, 90_000, 110_000, 90_000, 110_000, 90_000, 110_000, 90_000, 110_000, 90_000, 110_000}
			pepTied(f, "心内科", pay, rev)
		}},
	})
}

func TestPayTiedToRevenueMeasures(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var pay, rev []float64
	for i := 0; i < 12; i++ {
		r := 1_000_000 + 100_000*float64(i)
		rev, pay = append(rev, r), append(pay, r*0.08)
	}
	pepTied(f, "心内科", pay, rev)
	f.build()
	m := f.pepMeasures("PAY_TIED_TO_REVENUE", "心内科")
	if r, _ := m["r"].(float64); math.Abs(r-1) > 1e-9 {
		t.Errorf("r = %v, want 1", m["r"])
	}
	if cv, _ := m["ratio_cv"].(float64); math.Abs(cv) > 1e-9 {
		t.Errorf("ratio_cv = %v, want 0", m["ratio_cv"])
	}
	for _, k := range []string{"pay_series", "revenue_series", "month_series"} {
		if s, _ := m[k].([]any); len(s) != 12 {
			t.Errorf("%s = %v, want 12 months", k, m[k])
		}
	}
	if s, _ := m["pay_series"].([]any); len(s) > 0 && s[0].(float64) != 80_000 {
		t.Errorf("pay_series[0] = %v: the fixed 岗位工资 item must not count", s[0])
	}
}
