-- MED_PRESCRIBER_OUTLIER: one prescriber pushing one drug (回扣 / 统方 signal).
-- Per institution, year and drug: a doctor's share of the drug's volume > max_share (50 %,
-- strict) where ≥ min_prescribers (5) doctors prescribe it, or the doctor's volume has a
-- z-score > max_z (3) among the drug's prescribers in the institution.
-- Decisions:
--   * Drug line = item class 药品, or an item code bought as 药品 in procurement. Volume = Σ qty
--     (refunds net out); a prescriber is a doctor (the line's, else the claim's) with volume > 0.
--   * z = (volume − mean) / population standard deviation over the drug's prescribers in the
--     institution, the doctor included (with n prescribers z cannot exceed √(n − 1), so the z
--     test only speaks from 11 prescribers up; z is rounded to 1e-9, so 10 prescribers give at
--     most z = 3 exactly).
--   * No peer institutions: the rule compares the doctors of one institution, so an
--     institution alone in its tier is assessed like any other.
-- Subject = "doctor / item name"; period = the year; severity medium. Evidence = the doctor's
-- lines of the drug that year (at most 200; measures count all).
-- Score = 40 + 30 · (1 − 1 / excess) + 30 · min(1, doctor's amount / ¥100,000),
-- excess = max(share / max_share, z / max_z).
with params as (
    select
        max(value) filter (where param = 'max_share')       as max_share,
        max(value) filter (where param = 'min_prescribers') as min_prescribers,
        max(value) filter (where param = 'max_z')           as max_z,
        max(value) filter (where param = 'score_full_yuan') as score_full_yuan
    from meta.rule_param
    where rule_id = 'MED_PRESCRIBER_OUTLIER'
),

listed_drugs as (
    select distinct item_code from stg_procurement where category = '药品' and item_code is not null
),

claims as (
    select institution_code, settlement_id, doctor from stg_claims
),

lines as (
    select
        l.institution_code,
        l.year,
        l.settlement_id,
        l.item_code,
        l.item_name,
        l.qty,
        l.amount_yuan,
        l.service_date,
        l.file_id, l.sheet, l.row_no,
        coalesce(l.doctor, c.doctor) as doctor
    from stg_claim_lines l
    left join claims c using (institution_code, settlement_id)
    left join listed_drugs d on d.item_code = l.item_code
    where l.item_class = '药品' or d.item_code is not null
),

per_doctor as (
    select
        institution_code, year, item_code, doctor,
        any_value(item_name)    as item_name,
        sum(qty)                as volume,
        sum(amount_yuan)        as amount_yuan
    from lines
    where doctor is not null
    group by all
    having sum(qty) > 0
),

stats as (
    select
        d.*,
        sum(volume)         over g as total_volume,
        count(*)            over g as prescribers,
        avg(volume)         over g as mean_volume,
        stddev_pop(volume)  over g as sd_volume
    from per_doctor d
    window g as (partition by institution_code, year, item_code)
),

judged as (
    select
        s.*,
        s.volume / s.total_volume                                             as share,
        case when s.sd_volume > 1e-12 then round((s.volume - s.mean_volume) / s.sd_volume, 9) end as z,
        p.max_share, p.min_prescribers, p.max_z,
        s.volume > s.total_volume * p.max_share and s.prescribers >= p.min_prescribers as over_share,
        coalesce(s.sd_volume > 1e-12 and round((s.volume - s.mean_volume) / s.sd_volume, 9) > p.max_z, false) as over_z
    from stats s
    cross join params p
),

flagged as (
    select * from judged where over_share or over_z
),

-- evidence: the lines of the flagged drugs only (a probe against the few flagged keys)
evidence as (
    select
        f.institution_code, f.year, f.item_code, f.doctor,
        count(*) as n_lines,
        list({
            'dataset': 'claim_lines', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
            'detail': concat_ws(' ', l.service_date::varchar, '结算' || l.settlement_id, l.item_code, l.item_name,
                                '数量' || printf('%g', l.qty), l.amount_yuan::varchar || '元')
        } order by l.service_date, l.file_id, l.sheet, l.row_no)[1:200] as evidence
    from flagged f
    join stg_claim_lines l
      on l.institution_code = f.institution_code and l.year = f.year and l.item_code = f.item_code
    left join claims c on c.institution_code = l.institution_code and c.settlement_id = l.settlement_id
    where coalesce(l.doctor, c.doctor) = f.doctor
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                        as period,
        f.doctor || ' / ' || coalesce(f.item_name, f.item_code)                as subject,
        'medium'                                                               as severity,
        least(100, 40 + 30 * (1 - 1 / greatest(f.share / f.max_share, coalesce(f.z / f.max_z, 0), 1))
              + 30 * least(1, f.amount_yuan / p.score_full_yuan))                         as score,
        f.amount_yuan::decimal(18,2)                                           as amount_yuan,
        format('{}年{}开具{}{}，占本院该药用量{}的{}%（共{}名医师开具）{}',
               f.year, f.doctor, coalesce(f.item_name, f.item_code), printf('%g', f.volume),
               printf('%g', f.total_volume), round(100 * f.share, 1), f.prescribers,
               case when f.z is not null then format('，z={}', round(f.z, 2)) else '' end) as summary_zh,
        json_object('volume', f.volume, 'total_volume', f.total_volume, 'share', f.share,
                    'prescribers', f.prescribers, 'z', f.z, 'amount_yuan', f.amount_yuan,
                    'lines', e.n_lines)                                        as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, item_code, doctor)
    cross join params p
)

select * from final
