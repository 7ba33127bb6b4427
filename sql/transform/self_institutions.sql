-- The institutions the matching step resolves a checklist for (the registry's and those with a
-- self-inspection report), with what decides it: tier, category, region (city and district, else
-- the name, which often names its city) and any override.
select s.institution_code,
       coalesce(i.tier, ''), coalesce(i.category, ''),
       coalesce(nullif(concat_ws(' ', i.city, i.district), ''), i.name, ''),
       coalesce(o.checklist, '')
from (
    select institution_code from stg_institutions where institution_code is not null
    union
    select institution_code from stg_self_inspection where institution_code is not null
) s
left join stg_institutions i using (institution_code)
left join meta.checklist_override o using (institution_code)
order by s.institution_code
