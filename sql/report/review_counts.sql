-- The panel's verdicts per institution and year in years $1..$2. Of the risks of the latest build
-- (mart_risk_flags, coverage gaps left out as everywhere risks are counted): those confirmed
-- (属实 / 部分属实: findings), excluded (排除), referred (移交) and not reviewed (signals). Confirmed
-- findings whose flag the latest build no longer produces (its data corrected since) are
-- counted apart, from mart_flag_history: a finding stays a finding.
with present as (
    select f.institution_code, f.year, r.verdict, coalesce(r.confirmed, false) as confirmed
    from mart_risk_flags f
    left join mart_flag_review r using (flag_id)
    where f.year between $1 and $2 and f.risk_rank is not null
),

counts as (
    select
        institution_code,
        year,
        count(*)                                       as flags,
        count(*) filter (where confirmed)              as confirmed,
        count(*) filter (where verdict = '排除')       as excluded,
        count(*) filter (where verdict = '移交')       as referred,
        count(*) filter (where verdict is null)        as unreviewed
    from present
    group by all
),

gone as (
    select institution_code, year, count(*) as confirmed_gone
    from mart_flag_history
    where state = 'gone' and confirmed and year between $1 and $2
    group by all
)

select
    institution_code,
    year,
    coalesce(c.flags, 0)        as flags,
    coalesce(c.confirmed, 0)    as confirmed,
    coalesce(c.excluded, 0)     as excluded,
    coalesce(c.referred, 0)     as referred,
    coalesce(c.unreviewed, 0)   as unreviewed,
    coalesce(g.confirmed_gone, 0) as confirmed_gone
from counts c
full join gone g using (institution_code, year)
order by institution_code, year
