-- mart_rule_stats: per institution, year and rule, its risks and what they weigh (RISK_RULES.md,
-- Scoring). Risks are the ranked flags (mart_risk_flags.risk_rank not NULL): a SELF_COVERAGE_GAP
-- is a gap in the self-report, shown as coverage, not a risk.
--   points      = Σ severity weights: high 3, medium 2, low 1 — the one place they are written
--   amount_yuan = Σ amount_yuan of the flags (NULL where none carries money)
-- mart_institution_profile sums these by area; the trend report reads them by rule.
with risks as (
    select institution_code, year, rule_id, severity, amount_yuan
    from mart_risk_flags
    where risk_rank is not null
),

final as (
    select
        institution_code,
        year,
        rule_id,
        count(*)::integer                                     as flags,
        count(*) filter (where severity = 'high')::integer    as high,
        count(*) filter (where severity = 'medium')::integer  as medium,
        count(*) filter (where severity = 'low')::integer     as low,
        sum(case severity when 'high' then 3 when 'medium' then 2 when 'low' then 1 else 0 end)::integer as points,
        sum(amount_yuan)::decimal(18,2)                       as amount_yuan
    from risks
    group by all
)

select * from final
order by institution_code, year, rule_id
