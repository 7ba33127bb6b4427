-- Insurance totals for the pre-visit report: per institution, year and implemented INS_* rule,
-- the flags, the settlements they flag, the amount flagged and that amount as a share of the
-- fund (医保基金) paid on the institution's settlements that year.
-- Decisions:
--   * One row for every institution-year with settlements × every implemented INS_* rule, so
--     a rule that found nothing shows 0 rather than disappearing.
--   * fund_paid_yuan = Σ stg_claims.fund_paid_yuan of the institution-year (settlements with
--     no fund_paid count 0); share_of_fund_paid is NULL when that total is 0 or missing.
--   * flagged_yuan = Σ amount_yuan of the rule's flags (a flag without an amount counts 0).
with fund as (
    select institution_code, year, count(*) as settlements, sum(coalesce(fund_paid_yuan, 0)) as fund_paid_yuan
    from stg_claims
    where year is not null
    group by all
),

rules as (
    select rule_id, title_zh
    from meta.rule_catalog
    where rule_id like 'INS\_%' escape '\' and implemented
),

flags as (
    select
        institution_code,
        year,
        rule_id,
        count(*)                              as flags,
        count(distinct subject)               as flagged_settlements,
        count(*) filter (where severity = 'high') as high_flags,
        sum(coalesce(amount_yuan, 0))         as flagged_yuan
    from mart_risk_flags
    where rule_id like 'INS\_%' escape '\'
    group by all
),

keys as (
    select institution_code, year, rule_id from fund cross join rules
    union
    select institution_code, year, rule_id from flags
),

final as (
    select
        k.institution_code,
        k.year,
        k.rule_id,
        r.title_zh,
        coalesce(f.flags, 0)::integer                                   as flags,
        coalesce(f.high_flags, 0)::integer                              as high_flags,
        coalesce(f.flagged_settlements, 0)::integer                     as flagged_settlements,
        coalesce(u.settlements, 0)::integer                             as settlements,
        coalesce(f.flagged_yuan, 0)::decimal(18,2)                      as flagged_yuan,
        u.fund_paid_yuan::decimal(18,2)                                 as fund_paid_yuan,
        coalesce(f.flagged_yuan, 0)::double / nullif(u.fund_paid_yuan, 0)::double as share_of_fund_paid
    from keys k
    left join rules r using (rule_id)
    left join fund u using (institution_code, year)
    left join flags f using (institution_code, year, rule_id)
)

select * from final
order by institution_code, year, rule_id
