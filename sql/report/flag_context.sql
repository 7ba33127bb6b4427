-- What each flag of institution $1 in year $2 compared, and the thresholds in force.
select
    x.flag_id,
    coalesce(x.measures::varchar, '')   as measures,
    coalesce(x.thresholds::varchar, '') as thresholds
from mart_flag_context x
where x.flag_id in (
    select flag_id from mart_risk_flags where institution_code = $1 and year = $2
)
