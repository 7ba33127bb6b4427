-- mart_rule_coverage: for each institution, year and rule of the catalog, whether the rule
-- flagged, assessed (its inputs had rows and it found nothing), or could not be assessed
-- because inputs were missing — an absent extract must never read as a clean bill.
--   status: not_implemented (no SQL for the rule) > flagged (≥ 1 flag) > not_applicable (the
--           plan limits the rule to another kind of institution: the GP supplement and the
--           village-doctor subsidy are primary care's) > not_assessed (an input has no rows;
--           missing_inputs lists them) > assessed. Each rule has one status, so a rule is never
--           both assessed and not applicable.
--   years:  the years in which the institution has rows in a dated extract (procurement,
--           contracts, payments, payroll, department revenue, ledger, budget, HIS income,
--           claims, claim lines, rectification), plus any year it has a flag in; an institution
--           with nothing but registers (assets, key posts) gets the latest year they mention.
--   inputs: a staging input stg_<kind> counts as present for an institution-year when raw.<kind>
--           has rows of files in force (the same filter every stg_ view applies) for it:
--             dated extracts  — rows dated in that year;
--             registers       — equipment purchased, or key-post tenures started, by that year's end;
--             self-inspection — any rows of the institution (the report carries no date);
--             reference lists — any rows district-wide.
--           It reads raw.* rather than the stg_ views because coverage must cover every rule of
--           the catalog, including rules whose staging views are not built yet.
--   HR_NO_ROTATION is assessed once, at the latest date of the institution's data (see its
--   SQL): its earlier years are not_assessed, with a note saying so.
--   FIN_BENFORD_DEVIATION tests each of its two datasets (ledger debits, payments) that has
--   enough amounts (its min_rows of ≥ min_amount_yuan): assessed when one has, else not_assessed
--   with the counts in the note and missing_inputs naming the datasets absent altogether.
--   MED_HVC_OUTLIER and MED_ESSENTIAL_SHARE_LOW read same-tier peers (int_peer_groups): without
--   any they are not_assessed. MED_PRESCRIBER_OUTLIER is defined within one institution and
--   needs none.
with catalog as (
    select
        rule_id,
        title_zh,
        area,
        list_filter(string_split(inputs, ','), x -> x <> '') as inputs,
        implemented
    from meta.rule_catalog
),

files as (
    select file_id from meta.ingest_file where status = 'loaded'
),

dated as (
    select 'procurement' as kind, institution_code, year(order_date) as year, count(*) as n
    from raw.procurement join files on file_id = _file_id group by all
    union all
    select 'contracts', institution_code, year(sign_date), count(*)
    from raw.contracts join files on file_id = _file_id group by all
    union all
    select 'payments', institution_code, year(pay_date), count(*)
    from raw.payments join files on file_id = _file_id group by all
    union all
    select 'payroll', institution_code, year(period), count(*)
    from raw.payroll join files on file_id = _file_id group by all
    union all
    select 'dept_revenue', institution_code, year(period), count(*)
    from raw.dept_revenue join files on file_id = _file_id group by all
    union all
    select 'ledger', institution_code, year(voucher_date), count(*)
    from raw.ledger join files on file_id = _file_id group by all
    union all
    select 'budget', institution_code, cast("year" as integer), count(*)
    from raw.budget join files on file_id = _file_id group by all
    union all
    select 'his_income', institution_code, year(period), count(*)
    from raw.his_income join files on file_id = _file_id group by all
    union all
    select 'claims', institution_code, year(coalesce(discharge_date, admit_date)), count(*)
    from raw.claims join files on file_id = _file_id group by all
    union all
    select 'claim_lines', institution_code, year(service_date), count(*)
    from raw.claim_lines join files on file_id = _file_id group by all
    union all
    select 'rectification', institution_code, year(found_date), count(*)
    from raw.rectification join files on file_id = _file_id group by all
),

registers as (
    -- first_year: the earliest year the register has an entry by; last_year: the latest it mentions
    select 'equipment' as kind, institution_code,
           year(min(purchase_date)) as first_year,
           year(greatest(max(purchase_date), max(scrap_date))) as last_year, count(*) as n
    from raw.equipment join files on file_id = _file_id group by all
    union all
    select 'staff_positions', institution_code,
           year(min(start_date)), year(greatest(max(start_date), max(end_date))), count(*)
    from raw.staff_positions join files on file_id = _file_id group by all
    union all
    select 'self_inspection', institution_code, 0, null, count(*)
    from raw.self_inspection join files on file_id = _file_id group by all
),

reference as (
    select 'institutions' as kind, count(*) as n from raw.institutions join files on file_id = _file_id
    union all
    select 'price_list', count(*) from raw.price_list join files on file_id = _file_id
    union all
    select 'platform_catalog', count(*) from raw.platform_catalog join files on file_id = _file_id
    union all
    select 'essential_drugs', count(*) from raw.essential_drugs join files on file_id = _file_id
    union all
    select 'large_equipment_list', count(*) from raw.large_equipment_list join files on file_id = _file_id
    union all
    select 'charge_bundles', count(*) from raw.charge_bundles join files on file_id = _file_id
),

benford_params as (
    select
        max(value) filter (where param = 'min_amount_yuan') as min_amount,
        max(value) filter (where param = 'min_rows')        as min_rows
    from meta.rule_param
    where rule_id = 'FIN_BENFORD_DEVIATION'
),

benford_sizes as (
    -- amounts the Benford test would count, per institution-year and dataset
    select institution_code, year,
           coalesce(sum(n) filter (where kind = 'ledger'), 0)   as n_ledger,
           coalesce(sum(n) filter (where kind = 'payments'), 0) as n_payments
    from (
        select 'ledger' as kind, institution_code, year(voucher_date) as year, count(*) as n
        from raw.ledger join files on file_id = _file_id
        where debit >= (select min_amount from benford_params)
          and coalesce(row_kind, case when regexp_matches(coalesce(summary, ''), '期初|年初余额|年初数|上年结转')
                                      then 'opening' else 'movement' end) = 'movement'
        group by all
        union all
        select 'payments', institution_code, year(pay_date), count(*)
        from raw.payments join files on file_id = _file_id
        where amount >= (select min_amount from benford_params)
        group by all
    )
    group by all
),

flags as (
    select institution_code, year, rule_id, count(*) as n
    from int_risk_flags
    group by all
),

institution_years as (
    select distinct institution_code, year
    from dated
    where institution_code is not null and year is not null
    union
    select institution_code, last_year
    from registers
    where institution_code is not null and last_year is not null
      and institution_code not in (select institution_code from dated where institution_code is not null)
    union
    select institution_code, year from flags
),

latest_year as (
    select institution_code, max(year) as year from institution_years group by all
),

present as (
    select iy.institution_code, iy.year, 'stg_' || d.kind as input
    from institution_years iy
    join dated d using (institution_code, year)
    where d.n > 0
    union
    select iy.institution_code, iy.year, 'stg_' || r.kind
    from institution_years iy
    join registers r using (institution_code)
    where r.n > 0 and r.first_year <= iy.year
    union
    select iy.institution_code, iy.year, 'stg_' || r.kind
    from institution_years iy
    cross join reference r
    where r.n > 0
),

grid as (
    select iy.institution_code, iy.year, c.*
    from institution_years iy
    cross join catalog c
),

judged as (
    select
        g.institution_code,
        g.year,
        g.rule_id,
        g.title_zh,
        g.area,
        g.implemented,
        coalesce(f.n, 0)                                                      as flags,
        list_filter(g.inputs, x -> not list_contains(coalesce(p.inputs, []), x)) as missing_inputs,
        l.year                                                                as latest_year,
        i.is_primary_care,
        g.rule_id in ('PAY_GP_SUPPLEMENT_MISSING', 'PAY_VILLAGE_SUBSIDY_LATE')  as primary_care_only,
        coalesce(pg.peer_count, 0) > 0                                        as has_peers,
        greatest(coalesce(bs.n_ledger, 0), coalesce(bs.n_payments, 0)) >= bp.min_rows as benford_enough,
        format('付款记录{}笔、明细账借方{}笔，均不足{}笔（金额≥{}元），不做首位数字检验',
               coalesce(bs.n_payments, 0), coalesce(bs.n_ledger, 0), bp.min_rows, bp.min_amount) as benford_note
    from grid g
    left join flags f using (institution_code, year, rule_id)
    left join (
        select institution_code, year, list(input) as inputs from present group by all
    ) p using (institution_code, year)
    left join latest_year l using (institution_code)
    left join stg_institutions i using (institution_code)
    left join int_peer_groups pg using (institution_code)
    left join benford_sizes bs using (institution_code, year)
    cross join benford_params bp
),

final as (
    select
        institution_code,
        year,
        rule_id,
        title_zh,
        area,
        case
            when not implemented                                  then 'not_implemented'
            when flags > 0                                        then 'flagged'
            when primary_care_only and not coalesce(is_primary_care, false) then 'not_applicable'
            when rule_id = 'FIN_BENFORD_DEVIATION'
                then case when benford_enough then 'assessed' else 'not_assessed' end
            when len(missing_inputs) > 0                          then 'not_assessed'
            when rule_id = 'HR_NO_ROTATION' and year < latest_year then 'not_assessed'
            when rule_id in ('MED_HVC_OUTLIER', 'MED_ESSENTIAL_SHARE_LOW') and not has_peers then 'not_assessed'
            else 'assessed'
        end                                                       as status,
        missing_inputs,
        flags::integer                                            as flags,
        case
            when not implemented then '规则尚未实现'
            when flags > 0 then null
            when primary_care_only and not coalesce(is_primary_care, false)
                then '仅适用于基层医疗卫生机构'
            when rule_id = 'FIN_BENFORD_DEVIATION'
                then case when not benford_enough then benford_note end
            when len(missing_inputs) > 0 then '缺少数据：' || array_to_string(missing_inputs, '、')
            when rule_id = 'HR_NO_ROTATION' and year < latest_year
                then format('重点岗位轮岗只按机构最新数据日期评估（{}年）', latest_year)
            when rule_id in ('MED_HVC_OUTLIER', 'MED_ESSENTIAL_SHARE_LOW') and not has_peers
                then '全区无同级机构可比'
        end                                                       as note
    from judged
)

select * from final
order by institution_code, year, rule_id
