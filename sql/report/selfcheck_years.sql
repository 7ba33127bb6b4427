-- The years of institution $1's self-inspection reports (mart_self_inspection_match).
select distinct year
from mart_self_inspection_match
where institution_code = $1 and year is not null
order by year
