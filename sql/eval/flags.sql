-- The flags the evaluation scores against truth.csv.
select rule_id, institution_code, year, subject
from mart_risk_flags
