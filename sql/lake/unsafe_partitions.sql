-- Institution codes that cannot name a partition folder (institution=C): anything but
-- letters, digits, _ - and ., or a code with "..". At most five, for the error message.
-- {{source}} is a quoted identifier.
select distinct institution_code
from {{source}}
where institution_code is not null
  and (not regexp_full_match(institution_code, '[\p{L}\p{N}_.-]+') or institution_code like '%..%')
order by institution_code
limit 5
