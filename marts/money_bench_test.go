package marts

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkMoneyRules times the rules of the purchased-vs-billed and finance tests against the
// bare DuckDB scan each needs, on the claim lines of BenchmarkInsuranceRules (N =
// XUNCHA_BENCH_LINES, default 1,000,000) plus, in proportion: a year of monthly purchases of
// every drug (some bought short, some above the billed price), January stock for two
// institutions, two charge bundles, N/10 ledger lines (one voucher number in 50 missing, a few numbers
// used twice) and N/100 payments (duplicates, 300 payees). INS_BILLED_OVER_PURCHASED's time
// includes building int_item_flow, the model only it reads.
//
//	XUNCHA_BENCH_LINES=10000000 go test -tags duckdb_arrow -run '^$' -bench BenchmarkMoneyRules -benchtime 1x ./marts
func BenchmarkMoneyRules(b *testing.B) {
	ctx, db, n := benchWarehouse(b)
	start := time.Now()
	perMonth := n / 40 / 4 / 12 // lines of one drug in one institution and month
	benchClaims(b, ctx, db, n,
		// drugs I22…I39 bought every month by each institution: enough of most, half of I39;
		// I38 bought at a price below what it is billed at
		fmt.Sprintf(`insert into raw.procurement (institution_code, order_no, order_date, item_code, item_name, category, vendor,
				qty, unit_price, amount, channel, _file_id, _sheet, _row)
			select inst, 'P' || k, (date '2025-01-05' + to_months(m))::date, 'I' || item, '药' || item, '药品', '供应商' || (item %% 7),
			       q, p, q * p, 'platform', 1, 'p', k
			from (
				select ['H3A', 'H3B', 'H2A', 'H2B'][k %% 4 + 1] as inst, (k // 4) %% 12 as m, 22 + k // 48 as item, k,
				       case when 22 + k // 48 = 39 then %d else %d end as q,
				       case when 22 + k // 48 = 38 then 50 else 20 + 22 + k // 48 end as p
				from range(4 * 12 * 18) t(k)
			)`, perMonth/2, perMonth*6/5+1),
		`insert into raw.inventory (institution_code, item_code, item_name, period, opening_qty, closing_qty, _file_id, _sheet, _row)
			select inst, 'I' || item, '药' || item, date '2025-01-01', 100, 100, 1, 'v', item
			from (select unnest(['H3A', 'H2A']) as inst), range(22, 40) t(item)`,
		`insert into raw.charge_bundles (main_item_code, included_item_code, _file_id, _sheet, _row)
			values ('I12', 'I13', 1, 'b', 1), ('I14', 'I15', 1, 'b', 2)`,
		// each institution's twelve months, ~N/960 vouchers a month each; ingest marks every line
		// (no 期初 row here) a movement
		fmt.Sprintf(`insert into raw.ledger (institution_code, voucher_date, voucher_no, account_code, account_name, summary,
				debit, credit, row_kind, _file_id, _sheet, _row)
			select ['H3A', 'H3B', 'H2A', 'H2B'][v %% 4 + 1],
			       (date '2025-01-01' + to_months(m))::date + (v %% 27)::integer,
			       '记-' || lpad((m + 1)::varchar, 2, '0') || '-' || printf('%%04d', 1 + v // 48 + case when v %% 997 = 0 then 1 else 0 end),
			       '500104', '运行费用', '摘要' || (v %% 13),
			       case when i %% 2 = 0 and v %% 4 = 3 then 10 + (v * 7919) %% 90000
			            when i %% 2 = 0 then round(10 ^ (1 + ((v * 7919) %% 10000) / 2500.0), 2) end,
			       case when i %% 2 = 1 then round(10 ^ (1 + ((v * 7919) %% 10000) / 2500.0), 2) end,
			       'movement', 1, 'g', i
			from (select i, i // 2 as v, (i // 8) %% 12 as m from range(%d) t(i))
			where (i // 24) %% 50 <> 7`, n/10),
		fmt.Sprintf(`insert into raw.payments (institution_code, voucher_no, pay_date, amount, payee, invoice_no, _file_id, _sheet, _row)
			select ['H3A', 'H3B', 'H2A', 'H2B'][j %% 4 + 1], '付-' || k, date '2025-01-01' + (j %% 350 + (k - j) * 10)::integer,
			       1000 + (j %% 5003) * 7, '供应商' || (j %% 300) || case when k %% 11 = 0 then '(集团)有限公司' else '有限公司' end,
			       case when j %% 3 = 0 then 'F' || j end, 1, 'y', k
			from (select k, case when k %% 200 < 2 then k - k %% 2 else k end as j from range(%d) t(k))`, n/100),
	)
	b.Logf("%d claim lines and the other extracts generated and built in %s", n, time.Since(start).Round(time.Millisecond))

	const linesClaims = `stg_claim_lines l join stg_claims c using (institution_code, settlement_id)`
	scans := map[string]string{
		// billed per institution, year and item beside what was bought
		"item_year": `select institution_code, year, item_code, count(*), sum(l.qty), any_value(p.q)
			from stg_claim_lines l
			left join (select institution_code, year, item_code, sum(qty) as q from stg_procurement group by all) p
			  using (institution_code, year, item_code)
			group by all`,
		// the lines of purchased items per day, beside the purchase prices
		"item_day_price": `select l.institution_code, l.item_code, l.service_date, count(*), max(l.unit_price_yuan)
			from stg_claim_lines l
			semi join stg_procurement p using (institution_code, item_code)
			group by all`,
		// the patient-days of bundled items
		"patient_day_bundled": `select c.patient_id, l.service_date, count(*)
			from ` + linesClaims + `
			where l.item_code in (select main_item_code from stg_charge_bundles union select included_item_code from stg_charge_bundles)
			group by all`,
		// payees are vendors of the vendor master, as the rule reads them
		"payee_amount": `select p.institution_code, coalesce(v.vendor, trim(p.payee)), p.amount_yuan, count(*), min(p.pay_date)
			from stg_payments p
			left join int_vendor v on v.spelling = trim(p.payee)
			group by all`,
		// both datasets the rule reads: ledger debits (movements) and payments
		"first_digits": `select institution_code, year, dataset, left(cast(round(amount * 100) as bigint)::varchar, 2), count(*)
			from (select institution_code, year, '明细账借方' as dataset, debit_yuan as amount from stg_ledger where row_kind = 'movement'
			      union all
			      select institution_code, year, '付款记录', amount_yuan from stg_payments)
			where amount >= 10
			group by all`,
		// whether a number's lines carry one date or several, one summary or several
		"voucher_numbers": `select institution_code, month, voucher_no, min(voucher_date), max(voucher_date), min(summary), max(summary)
			from stg_ledger
			group by all`,
	}
	benchRules(b, ctx, db, n, scans, []benchRule{
		{rule: "INS_BILLED_OVER_PURCHASED", scan: "item_year", model: "intermediate/int_item_flow.sql"},
		{rule: "INS_MARKUP", scan: "item_day_price"},
		{rule: "INS_BUNDLED_CHARGE", scan: "patient_day_bundled"},
		{rule: "FIN_DUPLICATE_PAYMENT", scan: "payee_amount"},
		{rule: "FIN_BENFORD_DEVIATION", scan: "first_digits"},
		{rule: "FIN_VOUCHER_GAP", scan: "voucher_numbers"},
	})
}
