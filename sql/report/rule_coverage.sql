-- Every rule's status for institution $1 and year $2 (flagged / assessed / not_assessed /
-- not_applicable / not_implemented), the inputs it lacked and the mart's note.
select rule_id, status, missing_inputs, coalesce(note, '') as note
from mart_rule_coverage
where institution_code = $1 and year = $2
order by rule_id
