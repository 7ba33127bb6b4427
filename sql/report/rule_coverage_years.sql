-- Rule statuses across institutions per year, for the trend report.
select
    year,
    status,
    count(*) as n
from mart_rule_coverage
where year between $1 and $2
group by all
order by year, status
