-- Institutions whose code or registered name contains $1, for a name typed in part.
select
    institution_code,
    coalesce(name, '')     as name,
    coalesce(tier, '')     as tier,
    coalesce(grade, '')    as grade,
    coalesce(category, '') as category,
    coalesce(district, '') as district,
    coalesce(city, '')     as city
from stg_institutions
where contains(lower(institution_code), lower($1))
   or contains(name, $1)
   or contains(coalesce(aliases, ''), $1)
order by institution_code
limit 20
