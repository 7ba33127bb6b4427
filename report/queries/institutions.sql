-- The whole registry, for labelling the trend report.
select
    institution_code,
    coalesce(name, '')     as name,
    coalesce(tier, '')     as tier,
    coalesce(grade, '')    as grade,
    coalesce(category, '') as category,
    coalesce(district, '') as district,
    coalesce(city, '')     as city
from stg_institutions
order by institution_code
