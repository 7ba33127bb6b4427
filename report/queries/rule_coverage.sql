-- Every rule's status for institution $1 and year $2 (flagged / assessed /
-- not_assessed / not_implemented), the inputs it lacked and the mart's note. Columns
-- are read by name, so that the report follows the mart as it settles.
select *
from mart_rule_coverage
where institution_code = $1 and year = $2
order by rule_id
