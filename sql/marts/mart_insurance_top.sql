-- The departments and doctors behind the insurance flags: per institution-year, the five
-- departments and the five doctors (kind = 'department' | 'doctor') with the largest amount
-- flagged by INS_* rules on their settlements.
-- Decisions:
--   * Department and doctor are the settlement's (stg_claims), not the lines'.
--   * A settlement flagged by several rules counts the largest of its flags' amounts, not their
--     sum: rules overlap (a bed day billed twice is both 重复收费 and 超频次 on the same lines).
--     flags = INS flags on the settlements, settlements = distinct flagged settlements.
--   * A missing department or doctor is grouped as '（未填写）'.
--   * Rank by flagged amount, then flags, then name; ties in amount get distinct ranks.
--   * Doctor names are staff names from the claims extract, not patient data.
with flags as (
    select institution_code, year, subject as settlement_id, count(*) as flags, max(coalesce(amount_yuan, 0)) as amount_yuan
    from mart_risk_flags
    where rule_id like 'INS\_%' escape '\'
    group by all
),

joined as (
    select
        f.institution_code,
        f.year,
        f.settlement_id,
        f.flags,
        f.amount_yuan,
        coalesce(nullif(trim(c.department), ''), '（未填写）') as department,
        coalesce(nullif(trim(c.doctor), ''), '（未填写）')     as doctor
    from flags f
    left join stg_claims c using (institution_code, settlement_id)
),

by_kind as (
    select institution_code, year, 'department' as kind, department as name,
           sum(flags) as flags, count(distinct settlement_id) as settlements, sum(amount_yuan) as flagged_yuan
    from joined
    group by all
    union all
    select institution_code, year, 'doctor' as kind, doctor as name,
           sum(flags) as flags, count(distinct settlement_id) as settlements, sum(amount_yuan) as flagged_yuan
    from joined
    group by all
),

ranked as (
    select
        *,
        row_number() over (partition by institution_code, year, kind
                           order by flagged_yuan desc, flags desc, name) as rank
    from by_kind
),

final as (
    select
        institution_code,
        year,
        kind,
        rank::integer              as rank,
        name,
        flags::integer             as flags,
        settlements::integer       as settlements,
        flagged_yuan::decimal(18,2) as flagged_yuan
    from ranked
    where rank <= 5
)

select * from final
order by institution_code, year, kind, rank
