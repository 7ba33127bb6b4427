-- The flags no earlier build produced: first seen in build $1.
insert into meta.flag_seen
select distinct flag_id, rule_id, institution_code, year, period, subject, $1 as first_build, $1 as last_build
from int_risk_flags
where flag_id not in (select flag_id from meta.flag_seen)
