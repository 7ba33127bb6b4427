package marts

import "testing"

func TestInsMarkup(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	buy := func(inst, day, code, name string, price float64) {
		f.insert("procurement", map[string]any{"institution_code": inst, "order_date": date(day), "item_code": code,
			"item_name": name, "category": "药品", "qty": 100, "unit_price": price, "amount": 100 * price})
	}
	bill := func(inst, settlement, day, code string, qty, price float64) {
		f.imLine(imLine{inst: inst, settlement: settlement, day: day, item: code, class: "药品", qty: qty, price: price})
	}
	// A: 10 % over, Σ excess exactly ¥5,000 → flagged
	buy("H3A", "2025-01-10", "A", "甲药", 100)
	bill("H3A", "S1", "2025-03-01", "A", 300, 110)
	bill("H3A", "S2", "2025-03-02", "A", 200, 110)
	// B: Σ excess ¥4,990 → not flagged
	buy("H3A", "2025-01-10", "B", "乙药", 100)
	bill("H3A", "S3", "2025-03-01", "B", 499, 110)
	// C: exactly × 1.005 is no markup, however much is billed
	buy("H3A", "2025-01-10", "C", "丙药", 100)
	bill("H3A", "S4", "2025-03-01", "C", 20000, 100.5)
	// D: one fen over × 1.005: 10,000 × 0.51 = ¥5,100 → flagged
	buy("H3A", "2025-01-10", "D", "丁药", 100)
	bill("H3A", "S5", "2025-03-01", "D", 10000, 100.51)
	// E: bought exactly 12 months before the service date → inside the window
	buy("H3A", "2024-03-01", "E", "戊药", 100)
	bill("H3A", "S6", "2025-03-01", "E", 300, 120)
	// F: bought one day before the window → nothing to compare
	buy("H3A", "2024-02-29", "F", "己药", 100)
	bill("H3A", "S7", "2025-03-01", "F", 300, 120)
	// G: the highest purchase price of the window is the reference (118, not 100)
	buy("H3A", "2025-01-10", "G", "庚药", 100)
	buy("H3A", "2025-02-10", "G", "庚药", 118)
	bill("H3A", "S8", "2025-03-01", "G", 1000, 120)
	// H: bought only after the service date
	buy("H3A", "2025-03-02", "H", "辛药", 100)
	bill("H3A", "S9", "2025-03-01", "H", 1000, 120)
	// I: bought by another institution
	buy("H3B", "2025-01-10", "I", "壬药", 100)
	bill("H3A", "S10", "2025-03-01", "I", 1000, 120)
	// J: three orders at the reference price; the earliest is its evidence, every build
	buy("H3A", "2025-01-10", "J", "癸药", 100)
	buy("H3A", "2025-02-10", "J", "癸药", 100)
	buy("H3A", "2025-02-20", "J", "癸药", 100)
	bill("H3A", "S11", "2025-03-01", "J", 300, 120)
	f.build()
	f.imDump("INS_MARKUP")
	got := f.imBySubject("INS_MARKUP")
	imCheck(t, "INS_MARKUP", got, []imExpect{
		{"Σ excess exactly ¥5,000", "甲药", true, 3, "high"},
		{"Σ excess ¥4,990", "乙药", false, 0, ""},
		{"exactly × 1.005", "丙药", false, 0, ""},
		{"one fen over × 1.005", "丁药", true, 2, "high"},
		{"bought exactly 12 months before", "戊药", true, 2, "high"},
		{"bought 12 months and a day before", "己药", false, 0, ""},
		{"highest purchase price is the reference", "庚药", false, 0, ""},
		{"bought after the service date", "辛药", false, 0, ""},
		{"bought by another institution", "壬药", false, 0, ""},
		{"three orders at the reference price", "癸药", true, 2, "high"},
	})
	var orderDates []string
	rows, err := f.db.QueryContext(f.ctx, `select e.row_date::varchar from mart_flag_evidence e
		join mart_risk_flags r using (flag_id)
		where r.rule_id = 'INS_MARKUP' and r.subject = '癸药' and e.dataset = 'procurement'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		orderDates = append(orderDates, d)
	}
	if len(orderDates) != 1 || orderDates[0] != "2025-01-10" {
		t.Errorf("癸药: reference purchase rows dated %v, want the earliest order only [2025-01-10]", orderDates)
	}
	if a := got["甲药"].Amount; a == nil || *a != 5000 {
		t.Errorf("甲药 excess = %v, want 5000", a)
	}
	if fl := got["丁药"]; fl.Year != 2025 || fl.Period != "2025" {
		t.Errorf("丁药: year %d period %q, want 2025", fl.Year, fl.Period)
	}
	// The same lines read by INS_BILLED_OVER_PURCHASED: E is billed in 2025 but bought only in
	// 2024, so no row of the year names it and its flag names it by its code (a NULL subject
	// failed the build).
	if _, ok := f.imBySubject("INS_BILLED_OVER_PURCHASED")["E"]; !ok {
		t.Errorf("INS_BILLED_OVER_PURCHASED: no flag with subject E (the code of an item no row of the year names)")
	}
}
