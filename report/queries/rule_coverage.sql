-- Every rule's status for institution $1 and year $2 (flagged / assessed /
-- not_assessed / not_implemented) and the inputs it lacked.
select
    rule_id,
    status,
    coalesce(missing_inputs::varchar, '') as missing_inputs
from mart_rule_coverage
where institution_code = $1 and year = $2
order by rule_id
