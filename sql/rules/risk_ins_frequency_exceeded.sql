-- INS_FREQUENCY_EXCEEDED: 超频次收费.
-- Σ qty per patient, item and service date > price_list.max_qty_per_day (strict: exactly the
-- daily limit is no flag). Only items whose price-list entry sets a daily limit are assessed.
-- Decisions (as INS_DUPLICATE_BILLING): the patient-item-day spans the patient's settlements
-- at one institution; every settlement with a line in a flagged day is flagged (subject =
-- settlement id) with every line of its flagged days as evidence; refunds (qty < 0) net out;
-- a line whose settlement is missing from the claims extract stands for its own patient.
-- A day billed in ≥ 2 lines over the limit is also 重复收费: both rules flag it, as written.
-- Score = 40 + 30 · (1 − limit / Σqty of the worst day)
--            + 30 · min(1, overbilled ¥ / (score_claims_share, 0.01 %, of the institution's claims total that year)),
-- overbilled ¥ = Σ over flagged days of amount · (1 − limit / Σqty).
with prices as (
    select item_code, item_name, max_qty_per_day
    from stg_price_list
    where max_qty_per_day is not null
),

claims as (
    select institution_code, settlement_id, patient_id, year, admit_date, discharge_date, stay
    from stg_claims
),

-- the money that gives the score's money half in full: score_claims_share of the claims total
size as (
    select t.institution_code, t.year, t.claims_total_yuan * r.value as full_score_yuan
    from int_claims_totals t
    join meta.rule_param r on r.rule_id = 'INS_FREQUENCY_EXCEEDED' and r.param = 'score_claims_share'
),

-- the lines of the patient-item-days over their limit that this rule flags
day_lines as (
    select * from int_item_day_lines_over_limit
    where max_qty_per_day is not null
),

settlement_days as (
    select distinct
        settlement_id as settlement_id, institution_code, patient_key, item_code, service_date,
        day_limit, n_lines, total_qty, total_yuan,
        total_yuan * (1 - day_limit / total_qty) as overbilled_yuan
    from day_lines
),

per_settlement as (
    select
        institution_code,
        settlement_id,
        count(*)                                            as n_days,
        sum(n_lines)                                        as n_lines,
        max(total_qty / day_limit)                          as excess,
        sum(overbilled_yuan)                                as overbilled_yuan,
        arg_max(item_code, total_qty / day_limit)           as worst_item,
        arg_max(service_date, total_qty / day_limit)        as worst_date,
        arg_max(total_qty, total_qty / day_limit)           as worst_qty,
        arg_max(day_limit, total_qty / day_limit)           as worst_limit
    from settlement_days
    group by all
),

evidence as (
    select
        d.institution_code,
        d.settlement_id,
        list({
            'dataset': 'claim_lines', 'file_id': src.file_id, 'sheet': src.sheet, 'row_no': src.row_no,
            'detail': concat_ws(' ', src.service_date::varchar, src.item_code, coalesce(src.item_name, p.item_name),
                                '数量' || printf('%g', src.qty), src.amount_yuan::varchar || '元',
                                format('（当日合计{}，价格目录每日限量{}）', printf('%g', d.total_qty), printf('%g', d.day_limit)),
                                case when src.settlement_id <> d.settlement_id then '结算' || src.settlement_id end)
        } order by src.service_date, src.item_code, src.file_id, src.sheet, src.row_no) as evidence
    from settlement_days d
    join day_lines src using (institution_code, patient_key, item_code, service_date)
    left join prices p on p.item_code = src.item_code
    group by all
),

final as (
    select
        s.institution_code,
        coalesce(c.year, year(s.worst_date))                                   as year,
        coalesce(c.stay, coalesce(c.year, year(s.worst_date))::varchar)        as period,
        s.settlement_id                                                        as subject,
        'high'                                                                 as severity,
        least(100, 40 + 30 * (1 - 1 / s.excess)
              + 30 * least(1, s.overbilled_yuan / nullif(z.full_score_yuan, 0))) as score,
        s.overbilled_yuan::decimal(18,2)                                       as amount_yuan,
        format('结算{}：{}个项目日超频次收费，{} 项目{}当日合计数量{}，超过每日限量{}',
               s.settlement_id, s.n_days, s.worst_date, s.worst_item,
               printf('%g', s.worst_qty), printf('%g', s.worst_limit))          as summary_zh,
        json_object('days', s.n_days, 'lines', s.n_lines, 'worst_item', s.worst_item,
                    'worst_date', s.worst_date, 'worst_qty', s.worst_qty, 'day_limit', s.worst_limit,
                    'overbilled_yuan', s.overbilled_yuan)                       as measures,
        e.evidence
    from per_settlement s
    join evidence e using (institution_code, settlement_id)
    left join claims c using (institution_code, settlement_id)
    left join size z on z.institution_code = s.institution_code and z.year = coalesce(c.year, year(s.worst_date))
)

select * from final
