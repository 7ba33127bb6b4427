-- INS_GENDER_AGE_MISMATCH: 限定性别 / 年龄项目违规收费.
-- A line of an item the price list restricts by gender (gender_limit) or age (age_min,
-- age_max, inclusive bounds) billed to a patient outside the restriction.
-- Decisions: age is full years at the service date, from birth_date (birthday not yet reached
-- that year → one year less), else the claims' age field; a patient aged exactly age_max is
-- inside (新生儿 items limited to 0–0 accept age 0). A patient with no gender is not assessed
-- for a gender limit, one with neither birth date nor age not for an age limit.
-- One flag per settlement (subject = settlement id); evidence = the lines outside the limits.
-- Score = 40 + 30 · (1 − 1 / (1 + years outside the age band / 5); 1 for a gender mismatch)
--            + 30 · min(1, amount of the lines / (score_claims_share, 0.01 %, of the institution's claims total that year)).
with params as (
    select
        max(value) filter (where param = 'score_half_years') as score_half_years
    from meta.rule_param
    where rule_id = 'INS_GENDER_AGE_MISMATCH'
),

restricted as (
    select item_code, item_name, gender_limit, age_min, age_max
    from stg_price_list
    where gender_limit is not null or age_min is not null or age_max is not null
),

claims as (
    select institution_code, settlement_id, year, stay, gender, birth_date, age
    from stg_claims
),

-- the money that gives the score's money half in full: score_claims_share of the claims total
size as (
    select t.institution_code, t.year, t.claims_total_yuan * r.value as full_score_yuan
    from int_claims_totals t
    join meta.rule_param r on r.rule_id = 'INS_GENDER_AGE_MISMATCH' and r.param = 'score_claims_share'
),

lines as (
    select
        l.*,
        coalesce(l.item_name, r.item_name)                        as listed_name,
        r.gender_limit, r.age_min, r.age_max,
        c.year                                                   as claim_year,
        c.stay, c.gender,
        case
            when c.birth_date is not null then
                year(l.service_date) - year(c.birth_date)
                - case when month(l.service_date) < month(c.birth_date)
                         or (month(l.service_date) = month(c.birth_date) and day(l.service_date) < day(c.birth_date))
                       then 1 else 0 end
            else floor(c.age)
        end                                                      as patient_age
    from stg_claim_lines l
    join restricted r on r.item_code = l.item_code
    join claims c on c.institution_code = l.institution_code and c.settlement_id = l.settlement_id
),

judged as (
    select
        *,
        gender_limit is not null and gender is not null and gender <> gender_limit as gender_out,
        patient_age is not null and (patient_age < age_min or patient_age > age_max) as age_out,
        case when patient_age < age_min then age_min - patient_age
             when patient_age > age_max then patient_age - age_max
             else 0 end                                                          as years_out
    from lines
),

per_settlement as (
    select
        institution_code,
        settlement_id,
        any_value(claim_year)                     as claim_year,
        any_value(stay)                           as stay,
        any_value(gender)                         as gender,
        any_value(patient_age)                    as patient_age,
        count(*)                                  as n_lines,
        count(*) filter (where gender_out)        as gender_lines,
        count(*) filter (where age_out)           as age_lines,
        sum(amount_yuan)                          as lines_yuan,
        max(years_out)                            as max_years_out,
        max(service_date)                         as last_date,
        string_agg(distinct coalesce(listed_name, item_code), '、') as items,
        list({
            'dataset': 'claim_lines', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', service_date::varchar, item_code, listed_name, amount_yuan::varchar || '元',
                                case when gender_out then format('（限{}性，患者{}）', gender_limit, gender) end,
                                case when age_out then format('（限{}–{}岁，患者{}岁）',
                                    coalesce(printf('%g', age_min), ''), coalesce(printf('%g', age_max), ''), printf('%g', patient_age)) end)
        } order by service_date, item_code, file_id, sheet, row_no) as evidence
    from judged
    where gender_out or age_out
    group by all
),

final as (
    select
        s.institution_code,
        coalesce(s.claim_year, year(s.last_date))                              as year,
        coalesce(s.stay, coalesce(s.claim_year, year(s.last_date))::varchar)  as period,
        s.settlement_id                                                        as subject,
        'high'                                                                 as severity,
        least(100, 40 + 30 * case when s.gender_lines > 0 then 1 else 1 - 1 / (1 + s.max_years_out / p.score_half_years) end
              + 30 * least(1, s.lines_yuan / nullif(z.full_score_yuan, 0))) as score,
        s.lines_yuan::decimal(18,2)                                            as amount_yuan,
        format('结算{}：{}（患者{}，{}岁）不符合项目限定{}{}，{}行{}元',
               s.settlement_id, s.items, coalesce(s.gender, '性别不详'),
               coalesce(printf('%g', s.patient_age), '?'),
               case when s.gender_lines > 0 then '性别' else '' end,
               case when s.age_lines > 0 then '年龄' else '' end,
               s.n_lines, printf('%.2f', s.lines_yuan))                       as summary_zh,
        json_object('lines', s.n_lines, 'gender_lines', s.gender_lines, 'age_lines', s.age_lines,
                    'gender', s.gender, 'age', s.patient_age, 'lines_yuan', s.lines_yuan) as measures,
        s.evidence
    from per_settlement s
    left join size z on z.institution_code = s.institution_code and z.year = coalesce(s.claim_year, year(s.last_date))
    cross join params p
)

select * from final
