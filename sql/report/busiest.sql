-- The institution with the highest-scoring flags in the latest year with flags, that year, and
-- the first and last years with flags.
with years as (
    select min(year) as first_year, max(year) as last_year from mart_risk_flags
),

final as (
    select f.institution_code, f.year, y.first_year, y.last_year
    from mart_risk_flags f
    cross join years y
    where f.year = y.last_year
    group by all
    order by sum(f.score) desc, f.institution_code
    limit 1
)

select * from final
