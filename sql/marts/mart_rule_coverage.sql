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
--   inputs: a staging input stg_<kind> counts as present for an institution-year when
--           mart_data_coverage (rows of the files in force, counted once in stg_row_counts, as
--           the report shows them) has rows of the kind for it:
--             dated extracts  — rows dated in that year;
--             registers       — equipment purchased, or key-post tenures started, by that year's end;
--             self-inspection — any rows of the institution (the report carries no date);
--             reference lists — any rows district-wide.
--   HR_NO_ROTATION is assessed once, at the institution's assessment date (int_assessment_dates,
--   as the rule reads it): its earlier years are not_assessed, with a note naming the date.
--   FIN_BENFORD_DEVIATION tests each of its two datasets (ledger debits, payments) that has
--   enough amounts (its min_rows of ≥ min_amount_yuan): assessed when one has, else not_assessed
--   with the counts in the note and missing_inputs naming the datasets absent altogether.
--   INS_BILLED_OVER_PURCHASED needs claim lines and procurement; assessed without an inventory
--   extract (the note says the opening stock counted as 0) and with items whose billing unit
--   could not be converted (int_item_flow; the note names them, they are not assessed).
--   Columns an export does not have (stg_file_fields): a rule branch that reads a blank as a
--   breach is not assessed for rows whose sheet lacks the column, and the note names the
--   column (e.g. a contract register without a method column: PROC_NO_TENDER's blank-method
--   branch); the rule's other branches are assessed as usual.
--   MED_HVC_OUTLIER and MED_ESSENTIAL_SHARE_LOW read same-tier peers (int_peer_groups): without
--   any they are not_assessed. MED_PRESCRIBER_OUTLIER is defined within one institution and
--   needs none.
with catalog as (
    select * from mart_rules
),

coverage as (
    select * from mart_data_coverage
),

dated as (
    -- dated extracts, the budget and the rectification ledger: rows per institution-year
    select kind, institution_code, year, sum(n_rows) as n
    from coverage
    where grain in ('month', 'year', 'ledger')
    group by all
),

registers as (
    -- first_year: the earliest year the register has an entry by; last_year: the latest it
    -- mentions. The self-inspection report counts from any year (first_year 0).
    select kind, institution_code,
           case when grain = 'report' then 0 else min(year) end        as first_year,
           case when grain = 'report' then null else max(last_year) end as last_year,
           sum(n_rows)                                                  as n
    from coverage
    where grain in ('register', 'report')
    group by kind, grain, institution_code
),

reference as (
    select kind, sum(n_rows) as n from coverage where grain = 'reference' group by all
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
        select 'ledger' as kind, institution_code, year, count(*) as n
        from stg_ledger
        where debit_yuan >= (select min_amount from benford_params) and row_kind = 'movement'
        group by all
        union all
        select 'payments', institution_code, year, count(*)
        from stg_payments
        where amount_yuan >= (select min_amount from benford_params)
        group by all
    )
    group by all
),

item_flow as (
    -- INS_BILLED_OVER_PURCHASED: items billed whose billing unit could not be converted to packs
    select institution_code, year,
           count(*) filter (where not conversion_known) as n_unknown,
           string_agg(item_name, '、' order by item_name) filter (where not conversion_known) as unknown_names
    from int_item_flow
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

unstated as (
    -- per institution, year and rule: the columns whose absence left a branch unassessed
    select institution_code, year, rule_id,
           '以下导出文件无相应列，该情形未评估：' || string_agg(distinct what, '；' order by what) as note
    from (
        select institution_code, year, 'EQUIP_UNAPPROVED_PURCHASE' as rule_id, '设备台账无配置许可/批复文号列' as what
        from stg_equipment where not approval_no_in_file
        union all
        select institution_code, coalesce(scrap_year, year), 'EQUIP_SCRAP_NO_PHYSICAL', '设备台账无报废批复文号列'
        from stg_equipment where status = '已报废' and not scrap_approval_no_in_file
        union all
        select institution_code, coalesce(scrap_year, year), 'EQUIP_SCRAP_NO_PHYSICAL', '设备台账无处置记录列'
        from stg_equipment where status = '已报废' and not disposal_in_file
        union all
        select institution_code, year, 'PROC_NO_TENDER', '合同台账无采购方式列'
        from stg_contracts where not method_in_file
        union all
        select institution_code, year, 'PROC_NO_TENDER', '合同台账无招标编号列'
        from stg_contracts where not tender_no_in_file
        union all
        select institution_code, year, 'PROC_NO_TENDER', '采购明细无采购方式列'
        from stg_procurement where not method_in_file
        union all
        select institution_code, year, 'PROC_PAY_BEFORE_ACCEPT', '合同台账无验收日期/结论列'
        from stg_contracts where not acceptance_in_file
        union all
        select institution_code, year, 'RECT_OVERDUE', '整改台账无完成日期/整改状态列'
        from stg_rectification where not completion_in_file
    )
    group by all
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
        u.note                                                                as unstated_note,
        list_filter(g.inputs, x -> not list_contains(coalesce(p.inputs, []), x)) as missing_inputs,
        a.as_of                                                               as assessed_on,
        a.as_of_label                                                         as assessed_on_label,
        i.is_primary_care,
        g.rule_id in ('PAY_GP_SUPPLEMENT_MISSING', 'PAY_VILLAGE_SUBSIDY_LATE')  as primary_care_only,
        coalesce(pg.peer_count, 0) > 0                                        as has_peers,
        greatest(coalesce(bs.n_ledger, 0), coalesce(bs.n_payments, 0)) >= bp.min_rows as benford_enough,
        format('付款记录{}笔、明细账借方{}笔，均不足{}笔（金额≥{}元），不做首位数字检验',
               coalesce(bs.n_payments, 0), coalesce(bs.n_ledger, 0), printf('%g', bp.min_rows), printf('%g', bp.min_amount)) as benford_note,
        nullif(concat_ws('；',
            case when not list_contains(coalesce(p.inputs, []), 'stg_inventory')
                 then '无进销存（库存）数据，年初库存按0计' end,
            case when coalesce(fl.n_unknown, 0) > 0
                 then format('{}个品种计费单位与采购包装换算不明，未评估：{}', fl.n_unknown, fl.unknown_names) end),
            '')                                                               as item_flow_note
    from grid g
    left join flags f using (institution_code, year, rule_id)
    left join unstated u using (institution_code, year, rule_id)
    left join (
        select institution_code, year, list(input) as inputs from present group by all
    ) p using (institution_code, year)
    left join int_assessment_dates a using (institution_code)
    left join stg_institutions i using (institution_code)
    left join int_peer_groups pg using (institution_code)
    left join benford_sizes bs using (institution_code, year)
    left join item_flow fl using (institution_code, year)
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
            when rule_id = 'HR_NO_ROTATION' and year < year(assessed_on) then 'not_assessed'
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
            when rule_id = 'HR_NO_ROTATION' and year < year(assessed_on)
                then format('重点岗位轮岗只在评估日（{}，{}）评估', assessed_on, assessed_on_label)
            when rule_id in ('MED_HVC_OUTLIER', 'MED_ESSENTIAL_SHARE_LOW') and not has_peers
                then '全区无同级机构可比'
            when rule_id = 'INS_BILLED_OVER_PURCHASED' then item_flow_note
            else unstated_note
        end                                                       as note
    from judged
)

select * from final
order by institution_code, year, rule_id
