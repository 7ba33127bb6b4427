-- Institutions whose code or registered name contains $1, for a name typed in part.
select institution_code
from mart_institutions
where contains(lower(institution_code), lower($1))
   or contains(name, $1)
   or len(list_filter(aliases, a -> contains(a, $1))) > 0
order by institution_code
limit 20
