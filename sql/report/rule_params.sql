-- The thresholds in force for the last build.
select rule_id, param, value, source
from mart_rule_params
order by rule_id, param
