-- Every institution a report can be about (mart_institutions): the registry's, and the codes
-- with data but no entry (is_registered false, their names empty).
select
    institution_code,
    name,
    tier,
    grade,
    category,
    district,
    city,
    is_registered
from mart_institutions
order by institution_code
