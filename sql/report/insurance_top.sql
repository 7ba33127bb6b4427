-- The departments and doctors of institution $1 in year $2 with the most flagged money.
select kind, rank, name, flags, settlements, flagged_yuan::double as flagged_yuan
from mart_insurance_top
where institution_code = $1 and year = $2
order by kind, rank
