-- The self-inspection rows the matching step matches to clauses.
select institution_code, year, file_id, sheet, row_no,
       coalesce(area, ''), coalesce(section, ''), coalesce(item_text, '')
from stg_self_inspection
where institution_code is not null
order by institution_code, year, file_id, sheet, row_no
