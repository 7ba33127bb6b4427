package marts

import (
	"fmt"
	"strings"
	"testing"
)

func TestInsBilledOverPurchased(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	buy := func(inst, day, code, name, spec string, qty, price float64) {
		row := map[string]any{"institution_code": inst, "order_date": date(day), "item_name": name,
			"category": "药品", "qty": qty, "unit_price": price, "amount": qty * price, "channel": "platform"}
		if code != "" {
			row["item_code"] = code
		}
		if spec != "" {
			row["spec"] = spec
		}
		f.insert("procurement", row)
	}
	n := 0
	bill := func(inst, day, code, name string, qty, price float64) {
		n++
		f.imLine(imLine{inst: inst, settlement: fmt.Sprint("S", n), day: day, item: code, name: name, class: "药品", qty: qty, price: price})
	}
	stock := func(inst, month, code, name string, opening, closing float64) {
		f.insert("inventory", map[string]any{"institution_code": inst, "period": date(month + "-01"), "item_code": code,
			"item_name": name, "opening_qty": opening, "closing_qty": closing})
	}

	// tolerance: 200 boxes at ¥1,000 bought; 210 billed is exactly × 1.05, 211 is over (¥11,000)
	buy("H3A", "2025-01-10", "A", "甲药", "", 200, 1000)
	bill("H3A", "2025-03-01", "A", "甲药", 210, 1000)
	buy("H3A", "2025-01-10", "B", "乙药", "", 200, 1000)
	bill("H3A", "2025-03-01", "B", "乙药", 211, 1000)
	// money, billed per tablet (20片/盒, ¥100 a box, ¥5 a tablet): 100 boxes bought;
	// 3,999 tablets = 199.95 boxes → ¥9,995 over; 4,000 tablets = 200 boxes → exactly ¥10,000
	buy("H3A", "2025-01-10", "C", "丙片", "0.5g×20片/盒", 100, 100)
	bill("H3A", "2025-03-01", "C", "丙片", 3999, 5)
	buy("H3A", "2025-01-10", "D", "丁片", "0.5g×20片/盒", 100, 100)
	bill("H3A", "2025-03-01", "D", "丁片", 2000, 5)
	bill("H3A", "2025-05-01", "D", "丁片", 2000, 5)
	// a unit price that is neither a box (¥240) nor a capsule (¥10): conversion unknown
	buy("H3A", "2025-01-10", "E", "戊胶囊", "0.25g×24粒", 100, 240)
	bill("H3A", "2025-03-01", "E", "戊胶囊", 5000, 50)
	// no item code in procurement: matched by name + spec (2,200 ampoules = 220 boxes, ¥12,000 over)
	buy("H3A", "2025-01-10", "", "己注射液", "2ml:10mg×10支", 100, 100)
	bill("H3A", "2025-03-01", "Y9", "己注射液 2ml:10mg×10支", 2200, 10)
	// bought only by another institution: nothing to compare in H3A
	buy("H3B", "2025-01-10", "G", "庚药", "", 1000, 1000)
	bill("H3A", "2025-03-01", "G", "庚药", 500, 1000)
	// bought the year before only, no inventory: 150 billed against none bought this year
	buy("H3A", "2024-06-10", "K", "癸药", "", 100, 1000)
	bill("H3A", "2025-03-01", "K", "癸药", 150, 1000)
	// an institution-year without procurement rows is not assessed
	bill("H3B", "2026-03-01", "G", "庚药", 5000, 1000)

	// H2A keeps an inventory: the stock at the start of the year counts
	buy("H2A", "2025-01-10", "M", "子药", "", 100, 1000)
	bill("H2A", "2025-03-01", "M", "子药", 200, 1000)
	stock("H2A", "2025-01", "M", "子药", 100, 150) // January's opening: 100 → available 200
	buy("H2A", "2025-01-10", "N", "丑药", "", 100, 1000)
	bill("H2A", "2025-03-01", "N", "丑药", 200, 1000)
	stock("H2A", "2024-12", "N", "丑药", 80, 100) // no January row: last December's closing
	buy("H2A", "2025-01-10", "P", "寅药", "", 100, 1000)
	bill("H2A", "2025-03-01", "P", "寅药", 200, 1000) // no stock row: 0, ¥100,000 over
	f.build()
	f.imDump("INS_BILLED_OVER_PURCHASED")
	got := f.imBySubject("INS_BILLED_OVER_PURCHASED")
	imCheck(t, "INS_BILLED_OVER_PURCHASED", got, []imExpect{
		{"billed exactly × 1.05 of purchases", "甲药", false, 0, ""},
		{"billed over × 1.05, ¥11,000", "乙药", true, 2, "high"},
		{"¥9,995 over", "丙片", false, 0, ""},
		{"exactly ¥10,000 over, per tablet", "丁片", true, 3, "high"},
		{"conversion unknown", "戊胶囊", false, 0, ""},
		{"matched by name + spec", "己注射液", true, 2, "high"},
		{"bought by another institution", "庚药", false, 0, ""},
		{"bought only the year before", "癸药", true, 1, "high"},
		{"January opening stock counts", "子药", false, 0, ""},
		{"last December's closing stock counts", "丑药", false, 0, ""},
		{"inventory without the item", "寅药", true, 2, "high"},
	})
	for subject, want := range map[string]float64{"乙药": 11000, "丁片": 10000, "己注射液": 12000, "癸药": 150000, "寅药": 100000} {
		if a := got[subject].Amount; a == nil || *a != want {
			t.Errorf("%s amount = %v, want %v", subject, a, want)
		}
	}
	if fl := got["癸药"]; fl.Institution != "H3A" || fl.Year != 2025 {
		t.Errorf("癸药 flagged in %s %d, want H3A 2025", fl.Institution, fl.Year)
	}

	// coverage: H3A is assessed without an inventory and names the item it could not convert;
	// H2A has one; H3B 2026 has no procurement
	cov := map[string][2]string{}
	rows, err := f.db.QueryContext(f.ctx, `select institution_code || ' ' || year, status, coalesce(note, '')
		from mart_rule_coverage where rule_id = 'INS_BILLED_OVER_PURCHASED'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, status, note string
		if err := rows.Scan(&k, &status, &note); err != nil {
			t.Fatal(err)
		}
		cov[k] = [2]string{status, note}
	}
	if c := cov["H3B 2026"]; c[0] != "not_assessed" || !strings.Contains(c[1], "stg_procurement") {
		t.Errorf("H3B 2026 coverage = %v, want not_assessed for want of procurement", c)
	}
	if c := cov["H3A 2025"]; c[0] != "flagged" {
		t.Errorf("H3A 2025 coverage = %v, want flagged", c)
	}
	if c := cov["H2A 2025"]; c[0] != "flagged" {
		t.Errorf("H2A 2025 coverage = %v, want flagged", c)
	}
}

// TestInsBilledOverPurchasedCoverageNotes: an institution-year whose only billed item cannot be
// converted is assessed, and the note names the item; one without an inventory says its opening
// stock counted as 0.
func TestInsBilledOverPurchasedCoverageNotes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.insert("procurement", map[string]any{"institution_code": "H3B", "order_date": date("2025-01-10"), "item_code": "A",
		"item_name": "甲药", "category": "药品", "qty": 100, "unit_price": 10, "amount": 1000, "channel": "platform"})
	f.imLine(imLine{inst: "H3B", settlement: "S2", day: "2025-03-01", item: "A", name: "甲药", class: "药品", qty: 50, price: 10})
	f.insert("procurement", map[string]any{"institution_code": "H3A", "order_date": date("2025-01-10"), "item_code": "E",
		"item_name": "戊胶囊", "spec": "0.25g×24粒", "category": "药品", "qty": 100, "unit_price": 240, "amount": 24000, "channel": "platform"})
	f.imLine(imLine{inst: "H3A", settlement: "S1", day: "2025-03-01", item: "E", name: "戊胶囊", class: "药品", qty: 5000, price: 50})
	f.insert("inventory", map[string]any{"institution_code": "H3A", "period": date("2025-01-01"), "item_code": "E",
		"item_name": "戊胶囊", "opening_qty": 0, "closing_qty": 100})
	f.build()
	note := func(inst string) (status, note string) {
		if err := f.db.QueryRowContext(f.ctx, `select status, coalesce(note, '') from mart_rule_coverage
			where rule_id = 'INS_BILLED_OVER_PURCHASED' and institution_code = ? and year = 2025`, inst).Scan(&status, &note); err != nil {
			t.Fatal(err)
		}
		return
	}
	if s, n := note("H3A"); s != "assessed" || !strings.Contains(n, "换算不明") || !strings.Contains(n, "戊胶囊") || strings.Contains(n, "无进销存") {
		t.Errorf("H3A coverage = %s %q, want assessed naming 戊胶囊 as not converted (inventory present)", s, n)
	}
	if s, n := note("H3B"); s != "assessed" || !strings.Contains(n, "无进销存") || strings.Contains(n, "换算不明") {
		t.Errorf("H3B coverage = %s %q, want assessed, opening stock counted as 0", s, n)
	}
}
