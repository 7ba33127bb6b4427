-- Institution $1's self-inspection report of year $2: the checklist it was read against (and
-- why none, where none applies), its rows, and the rows whose best match is confident.
select
    max(checklist)                                                         as checklist,
    max(checklist_source)                                                  as checklist_source,
    max(reason) filter (where checklist is null)                           as reason,
    count(distinct (file_id, sheet, row_no))                               as n_rows,
    count(distinct (file_id, sheet, row_no)) filter (where is_row_matched) as matched
from mart_self_inspection_match
where institution_code = $1 and year = $2
