-- The years with data of institution $1 (of any institution when $1 is empty): the years
-- mart_rule_coverage has — an institution's rows in a dated extract, or a flag.
select distinct year
from mart_rule_coverage
where $1 = '' or institution_code = $1
order by year
