-- The thresholds in force for the last build.
select rule_id, param, value, source
from meta.rule_param
order by rule_id, param
