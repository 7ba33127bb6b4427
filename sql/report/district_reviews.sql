-- The panel's verdict in force (mart_flag_review) on each reviewed risk of year $1.
select
    f.flag_id,
    r.verdict
from mart_risk_flags f
join mart_flag_review r using (flag_id)
where f.year = $1
  and f.risk_rank is not null
order by f.flag_id
