-- The institutions with data in year $1, as DataYears counts a year with data: those
-- mart_rule_coverage has for the year (rows in a dated extract, or a flag).
select distinct institution_code
from mart_rule_coverage
where year = $1
order by institution_code
