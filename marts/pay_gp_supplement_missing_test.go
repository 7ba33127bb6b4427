package marts

import (
	"fmt"
	"testing"
)

func TestPayGPSupplementMissing(t *testing.T) {
	t.Parallel()
	// a year of pay: base pay each month, and the supplement (name, amount) unless amount < 0
	year := func(f pepDB, inst, staff, position string, supplement func(m int) (string, float64)) {
		for m := 1; m <= 12; m++ {
			month := date(fmt.Sprintf("2025-%02d-01", m))
			row := map[string]any{"institution_code": inst, "staff_id": staff, "department": "全科门诊",
				"position": position, "title": "主治医师", "period": month}
			base := map[string]any{"pay_item": "基本工资", "amount": 4000.0}
			for k, v := range row {
				base[k] = v
			}
			f.insert("payroll", base)
			if name, amount := supplement(m); amount >= 0 {
				row["pay_item"], row["amount"] = name, amount
				f.insert("payroll", row)
			}
		}
	}
	full := func(int) (string, float64) { return "全科医生绩效补助", 300 }
	pepRun(t, "PAY_GP_SUPPLEMENT_MISSING", []pepCase{
		{name: "paid 300 every month", rows: func(f pepDB) {
			year(f, "P1", "G1", "全科医生", full)
		}},
		{name: "one month 299.99", rows: func(f pepDB) {
			year(f, "P1", "G1", "全科医生", func(m int) (string, float64) {
				if m == 5 {
					return "全科医生绩效补助", 299.99
				}
				return full(m)
			})
		}, want: []pepWant{{"P1", "2025", "G1", "medium", 2}}},
		{name: "three months without", rows: func(f pepDB) {
			year(f, "P1", "G1", "全科医生", func(m int) (string, float64) {
				if m >= 10 {
					return "", -1
				}
				return full(m)
			})
		}, want: []pepWant{{"P1", "2025", "G1", "high", 3}}},
		{name: "two items adding up to 300", rows: func(f pepDB) {
			year(f, "P1", "G1", "全科医生", func(int) (string, float64) { return "全科补助", 150 })
			year(f, "P1", "G1", "全科医生", func(int) (string, float64) { return "全科绩效", 150 })
		}},
		{name: "a hospital is not primary care", rows: func(f pepDB) {
			year(f, "H2A", "G1", "全科医生", func(int) (string, float64) { return "", -1 })
		}},
		{name: "not a GP, or a GP nurse", rows: func(f pepDB) {
			year(f, "P1", "D1", "内科医生", func(int) (string, float64) { return "", -1 })
			year(f, "P1", "N1", "全科护士", func(int) (string, float64) { return "", -1 })
		}},
		{name: "an item without 全科 is not the supplement", rows: func(f pepDB) {
			year(f, "P1", "G1", "全科医生", func(int) (string, float64) { return "奖励性绩效", 3000 })
		}, want: []pepWant{{"P1", "2025", "G1", "high", 24}}},
	})
}
