-- The whole registry, for labelling the trend report.
select
    institution_code,
    name,
    tier,
    grade,
    category,
    district,
    city
from mart_institutions
where is_registered
order by institution_code
