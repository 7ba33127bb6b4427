-- The first and last year with data assessed or flagged: the default span of the trend report.
select min(year)::integer, max(year)::integer
from (
    select year from mart_rule_coverage
    union all
    select year from mart_risk_flags
)
