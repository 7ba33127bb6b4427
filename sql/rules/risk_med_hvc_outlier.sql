-- MED_HVC_OUTLIER: high-value consumables used far above peers.
-- Per doctor (the department where a line names no doctor) and consumable, per year: uses per
-- case z-score > max_z (3) against the same department's doctors across the institutions of
-- the same tier, or uses per case up > max_growth (50 %) on the same doctor's previous year
-- (both strict).
-- Decisions:
--   * High-value consumable = an item code bought as 高值耗材 in any institution's procurement
--     extract, or a line of class 医用耗材 at a unit price ≥ hvc_min_unit_yuan (¥500).
--   * Uses = Σ qty of the consumable on the doctor's lines; cases = the doctor's settlements in
--     that department and year (any line billed by the doctor; a line without a doctor is the
--     claim's doctor's). Department names must match across institutions (骨科 = 骨科).
--   * z = (rate − mean) / population standard deviation over the doctors of the peer group who
--     billed the consumable, the doctor included; no z where all rates are equal. z is rounded
--     to 1e-9, so one doctor apart from nine equal ones is z = 3 exactly (not over).
--   * Peer group: int_peer_groups. An institution without peers is not assessed at all (no flag
--     from growth either): "not assessed (no peers)".
-- Subject = "doctor / item name"; period = the year; severity medium (a statistical signal).
-- Evidence = the doctor's lines of the consumable that year (at most 200; measures count all).
-- Score = 40 + 30 · (1 − 1 / excess) + 30 · min(1, excess ¥ / ¥100,000), excess = max(z / max_z,
-- growth / max_growth); excess ¥ = (rate − peer mean) · cases · mean unit price.
with params as (
    select
        max(value) filter (where param = 'max_z')              as max_z,
        max(value) filter (where param = 'max_growth')         as max_growth,
        max(value) filter (where param = 'hvc_min_unit_yuan')  as min_unit_yuan,
        max(value) filter (where param = 'score_full_yuan') as score_full_yuan
    from meta.rule_param
    where rule_id = 'MED_HVC_OUTLIER'
),

peers as (
    select institution_code, peer_tier from int_peer_groups where peer_count > 0
),

listed_hvc as (
    select distinct item_code from stg_procurement where category = '高值耗材' and item_code is not null
),

claims as (
    select institution_code, settlement_id, doctor, department from stg_claims
),

lines as (
    select
        l.institution_code,
        l.year,
        l.settlement_id,
        l.item_code,
        l.item_name,
        l.qty,
        l.unit_price_yuan,
        l.amount_yuan,
        l.service_date,
        l.file_id, l.sheet, l.row_no,
        coalesce(l.department, c.department)                         as department,
        coalesce(l.doctor, c.doctor, coalesce(l.department, c.department)) as actor,
        h.item_code is not null
            or (l.item_class = '医用耗材' and l.unit_price_yuan >= p.min_unit_yuan) as is_hvc
    from stg_claim_lines l
    join peers using (institution_code)
    left join claims c using (institution_code, settlement_id)
    left join listed_hvc h on h.item_code = l.item_code
    cross join params p
),

-- the consumable lines (few), kept for the rates and the evidence
hvc_lines as materialized (
    select * from lines where is_hvc and actor is not null
),

hvc_actors as (
    select distinct institution_code, year, department, actor from hvc_lines
),

-- cases only for the doctors who used a consumable: the semi join keeps the distinct count small
cases as (
    select l.institution_code, l.year, l.department, l.actor, count(distinct l.settlement_id) as cases
    from lines l
    semi join hvc_actors a
      on a.institution_code = l.institution_code and a.year = l.year
     and a.department = l.department and a.actor = l.actor
    group by all
),

uses as (
    select
        institution_code, year, department, actor, item_code,
        any_value(item_name)              as item_name,
        sum(qty)                          as uses,
        sum(amount_yuan) / nullif(sum(qty), 0) as mean_price_yuan
    from hvc_lines
    group by all
),

rates as (
    select u.*, c.cases, u.uses / c.cases as rate, p.peer_tier
    from uses u
    join cases c using (institution_code, year, department, actor)
    join peers p using (institution_code)
    where u.uses > 0
),

with_prev as (
    select r.*, prev.rate as prev_rate
    from rates r
    left join rates prev
      on prev.institution_code = r.institution_code and prev.department = r.department
     and prev.actor = r.actor and prev.item_code = r.item_code and prev.year = r.year - 1
),

stats as (
    select
        w.*,
        avg(rate)         over g as peer_mean,
        stddev_pop(rate)  over g as peer_sd,
        count(*)          over g as peer_doctors
    from with_prev w
    window g as (partition by peer_tier, year, department, item_code)
),

judged as (
    select
        s.*,
        case when s.peer_sd > 1e-12 then round((s.rate - s.peer_mean) / s.peer_sd, 9) end as z,
        case when s.prev_rate > 0 then round(s.rate / s.prev_rate - 1, 9) end        as growth,
        p.max_z,
        p.max_growth
    from stats s
    cross join params p
),

flagged as (
    select
        *,
        coalesce(z > max_z, false)                          as over_z,
        coalesce(growth > round(max_growth, 9), false)      as over_growth
    from judged
    where z > max_z or growth > round(max_growth, 9)
),

evidence as (
    select
        f.institution_code, f.year, f.department, f.actor, f.item_code,
        count(*)  as n_lines,
        list({
            'dataset': 'claim_lines', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
            'detail': concat_ws(' ', l.service_date::varchar, '结算' || l.settlement_id, l.item_code, l.item_name,
                                '数量' || printf('%g', l.qty), l.amount_yuan::varchar || '元')
        } order by l.service_date, l.file_id, l.sheet, l.row_no)[1:200] as evidence
    from flagged f
    join hvc_lines l
      on l.institution_code = f.institution_code and l.year = f.year and l.department = f.department
     and l.actor = f.actor and l.item_code = f.item_code
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                         as period,
        f.actor || ' / ' || coalesce(f.item_name, f.item_code)                  as subject,
        'medium'                                                                as severity,
        least(100, 40 + 30 * (1 - 1 / greatest(coalesce(f.z / f.max_z, 0), coalesce(f.growth / f.max_growth, 0), 1))
              + 30 * least(1, greatest(f.rate - f.peer_mean, 0) * f.cases * coalesce(f.mean_price_yuan, 0) / p.score_full_yuan)) as score,
        (greatest(f.rate - f.peer_mean, 0) * f.cases * f.mean_price_yuan)::decimal(18,2) as amount_yuan,
        format('{}年{}{}使用{}：{}例用{}件，每例{}件；同级医院同科室{}名医师平均每例{}件{}{}',
               f.year, f.department, f.actor, coalesce(f.item_name, f.item_code), f.cases, printf('%g', f.uses),
               round(f.rate, 2), f.peer_doctors, round(f.peer_mean, 2),
               case when f.z is not null then format('（z={}）', round(f.z, 2)) else '' end,
               case when f.prev_rate is not null
                    then format('；上年每例{}件，{}{}%', round(f.prev_rate, 2),
                                case when f.growth >= 0 then '增长' else '下降' end, round(100 * abs(f.growth), 1))
                    else '' end)                                                as summary_zh,
        json_object('department', f.department, 'cases', f.cases, 'uses', f.uses, 'rate', f.rate,
                    'peer_tier', f.peer_tier, 'peer_doctors', f.peer_doctors, 'peer_mean', f.peer_mean,
                    'peer_sd', f.peer_sd, 'z', f.z, 'previous_rate', f.prev_rate, 'growth', f.growth,
                    'lines', e.n_lines)                                         as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, department, actor, item_code)
    cross join params p
)

select * from final
