-- The institution a user named ($1): its code, registered name or one of its aliases.
select
    institution_code,
    coalesce(name, '')     as name,
    coalesce(tier, '')     as tier,
    coalesce(grade, '')    as grade,
    coalesce(category, '') as category,
    coalesce(district, '') as district,
    coalesce(city, '')     as city
from stg_institutions
where institution_code = $1
   or name = $1
   or list_contains(regexp_split_to_array(coalesce(aliases, ''), '\s*[,，;；、/|]\s*'), $1)
order by institution_code = $1 desc, institution_code
