-- INS_OUTSIDE_STAY: charges outside the stay.
-- An inpatient settlement's line with service_date < admit_date or > discharge_date (dates,
-- so a charge on the admission or the discharge day itself is inside the stay). Inpatient =
-- visit_type 住院 (or, with no visit type, a stay whose discharge is after its admission).
-- Settlements without both dates are not assessed. One flag per settlement (subject =
-- settlement id); evidence = the lines outside the stay.
-- Score = 40 + 30 · (1 − 1 / (1 + days outside of the furthest line / 7))
--            + 30 · min(1, amount outside / (score_claims_share, 0.01 %, of the institution's claims total that year)).
with params as (
    select
        max(value) filter (where param = 'score_half_days') as score_half_days
    from meta.rule_param
    where rule_id = 'INS_OUTSIDE_STAY'
),

claims as (
    select institution_code, settlement_id, year, admit_date, discharge_date, stay
    from stg_claims
    where is_inpatient and admit_date is not null and discharge_date is not null
),

-- the money that gives the score's money half in full: score_claims_share of the claims total
size as (
    select t.institution_code, t.year, t.claims_total_yuan * r.value as full_score_yuan
    from int_claims_totals t
    join meta.rule_param r on r.rule_id = 'INS_OUTSIDE_STAY' and r.param = 'score_claims_share'
),

outside as (
    select
        l.*,
        c.year,
        c.admit_date,
        c.discharge_date,
        c.stay,
        case when l.service_date < c.admit_date then date_diff('day', l.service_date, c.admit_date)
             else date_diff('day', c.discharge_date, l.service_date) end as days_outside
    from stg_claim_lines l
    join claims c using (institution_code, settlement_id)
    where l.service_date < c.admit_date or l.service_date > c.discharge_date
),

per_settlement as (
    select
        institution_code,
        settlement_id,
        any_value(year)               as year,
        any_value(admit_date)         as admit_date,
        any_value(discharge_date)     as discharge_date,
        any_value(stay)               as stay,
        count(*)                      as n_lines,
        sum(amount_yuan)              as outside_yuan,
        max(days_outside)             as max_days_outside,
        min(service_date)             as first_date,
        max(service_date)             as last_date,
        list({
            'dataset': 'claim_lines', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', service_date::varchar, item_code, item_name, amount_yuan::varchar || '元',
                                format('（住院期间{}至{}）', admit_date, discharge_date))
        } order by service_date, item_code, file_id, sheet, row_no) as evidence
    from outside
    group by all
),

final as (
    select
        s.institution_code,
        s.year,
        s.stay                                                                 as period,
        s.settlement_id                                                        as subject,
        'high'                                                                 as severity,
        least(100, 40 + 30 * (1 - 1 / (1 + s.max_days_outside / p.score_half_days))
              + 30 * least(1, abs(s.outside_yuan) / nullif(z.full_score_yuan, 0))) as score,
        s.outside_yuan::decimal(18,2)                                          as amount_yuan,
        format('结算{}：住院{}至{}，有{}行费用发生在住院期间之外（{}至{}），金额{}元',
               s.settlement_id, s.admit_date, s.discharge_date, s.n_lines, s.first_date, s.last_date,
               printf('%.2f', s.outside_yuan))                                 as summary_zh,
        json_object('lines', s.n_lines, 'outside_yuan', s.outside_yuan, 'admit_date', s.admit_date,
                    'discharge_date', s.discharge_date, 'max_days_outside', s.max_days_outside) as measures,
        s.evidence
    from per_settlement s
    left join size z using (institution_code, year)
    cross join params p
)

select * from final
