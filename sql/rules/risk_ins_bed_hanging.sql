-- INS_BED_HANGING: 挂床住院.
-- An inpatient stay with ≥ min_bed_only_days (3) consecutive calendar days on which every
-- line billed is a bed, nursing or meal item.
-- Decisions:
--   * bed / nursing / meal item = item_class 服务设施, or a price-list code of 床位费 (1109…)
--     or 护理费 (1110…) in the national coding, or a name (line, else price list) containing
--     床位, 床日, 护理, 伙食, 膳食, 营养餐 or 餐费. Anything else that day (住院诊查费, a drug,
--     a test) makes it a treatment day.
--   * A day counts only when something positive was billed on it (qty > 0 lines; refund lines
--     are ignored); a day with no lines breaks a run. Days are the stay's service dates.
--   * Inpatient = visit_type 住院 (or no visit type and discharge after admission).
-- One flag per settlement (subject = settlement id), whatever the number of runs; evidence =
-- the lines of every qualifying run.
-- Score = 40 + 30 · (1 − min_days / longest run)
--            + 30 · min(1, amount billed on the runs / (score_claims_share, 0.01 %, of the institution's claims total that year)).
with params as (
    select max(value) filter (where param = 'min_bed_only_days') as min_days
    from meta.rule_param
    where rule_id = 'INS_BED_HANGING'
),

claims as (
    select institution_code, settlement_id, year, admit_date, discharge_date, stay
    from stg_claims
    where is_inpatient
),

-- the money that gives the score's money half in full: score_claims_share of the claims total
size as (
    select t.institution_code, t.year, t.claims_total_yuan * r.value as full_score_yuan
    from int_claims_totals t
    join meta.rule_param r on r.rule_id = 'INS_BED_HANGING' and r.param = 'score_claims_share'
),

lines as (
    select
        l.institution_code,
        l.settlement_id,
        l.service_date,
        -- cheap tests first: drugs and consumables never are, 服务设施 and the 床位费 / 护理费
        -- codes always are; only the rest go through the name pattern
        case
            when l.item_class in ('药品', '医用耗材') then false
            when l.item_class = '服务设施' or l.item_code like '1109%' or l.item_code like '1110%' then true
            else coalesce(regexp_matches(coalesce(l.item_name, p.item_name), '床位|床日|护理|伙食|膳食|营养餐|餐费'), false)
        end as is_bed_item
    from stg_claim_lines l
    join claims c using (institution_code, settlement_id)
    left join stg_price_list p on p.item_code = l.item_code
    where l.qty > 0
),

days as (
    select institution_code, settlement_id, service_date, bool_and(is_bed_item) as bed_only
    from lines
    group by all
),

runs as (
    select
        institution_code, settlement_id, service_date,
        service_date - (row_number() over (partition by institution_code, settlement_id order by service_date))::integer as run_key
    from days
    where bed_only
),

run_len as (
    select institution_code, settlement_id, run_key,
           min(service_date) as run_from, max(service_date) as run_to, count(*) as run_days
    from runs
    group by all
),

qualifying as (
    select r.*
    from run_len r
    cross join params p
    where r.run_days >= p.min_days
),

per_settlement as (
    select
        q.institution_code,
        q.settlement_id,
        max(q.run_days)                                       as longest_run,
        arg_max(q.run_from, q.run_days)                       as longest_from,
        arg_max(q.run_to, q.run_days)                         as longest_to,
        sum(q.run_days)                                       as bed_only_days,
        count(*)                                              as n_runs
    from qualifying q
    group by all
),

evidence as (
    select
        l.institution_code,
        l.settlement_id,
        sum(l.amount_yuan)                                    as run_yuan,
        list({
            'dataset': 'claim_lines', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
            'detail': concat_ws(' ', l.service_date::varchar, l.item_code, coalesce(l.item_name, p.item_name),
                                l.amount_yuan::varchar || '元', '（当日仅床位/护理/伙食收费）')
        } order by l.service_date, l.item_code, l.file_id, l.sheet, l.row_no) as evidence
    from stg_claim_lines l
    join qualifying q
      on q.institution_code = l.institution_code and q.settlement_id = l.settlement_id
     and l.service_date between q.run_from and q.run_to
    left join stg_price_list p on p.item_code = l.item_code
    where l.qty > 0
    group by all
),

final as (
    select
        s.institution_code,
        c.year,
        coalesce(c.stay, c.year::varchar)                                      as period,
        s.settlement_id                                                        as subject,
        'medium'                                                               as severity,
        least(100, 40 + 30 * (1 - p.min_days / s.longest_run)
              + 30 * least(1, e.run_yuan / nullif(z.full_score_yuan, 0))) as score,
        e.run_yuan::decimal(18,2)                                              as amount_yuan,
        format('结算{}：住院{}至{}，{}至{}连续{}天仅收取床位、护理、伙食费用{}',
               s.settlement_id, coalesce(c.admit_date::varchar, '（入院日期缺）'),
               coalesce(c.discharge_date::varchar, '（出院日期缺）'), s.longest_from, s.longest_to,
               s.longest_run,
               case when s.n_runs > 1 then format('（共{}段{}天）', s.n_runs, s.bed_only_days) else '' end) as summary_zh,
        json_object('longest_run_days', s.longest_run, 'run_from', s.longest_from, 'run_to', s.longest_to,
                    'runs', s.n_runs, 'bed_only_days', s.bed_only_days, 'run_yuan', e.run_yuan) as measures,
        e.evidence
    from per_settlement s
    join evidence e using (institution_code, settlement_id)
    join claims c using (institution_code, settlement_id)
    cross join params p
    left join size z on z.institution_code = s.institution_code and z.year = c.year
)

select * from final
