-- The institution a user named ($1): its code, registered name or one of its aliases.
select institution_code
from mart_institutions
where institution_code = $1
   or name = $1
   or list_contains(aliases, $1)
order by institution_code = $1 desc, institution_code
