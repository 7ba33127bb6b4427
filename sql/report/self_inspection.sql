-- Self-inspection matching for institution $1 and year $2 (mart_self_inspection_match):
-- rows read, rows whose best match is confident (is_row_matched: at the min_confidence in
-- force), and the checklists used.
select
    count(distinct (file_id, sheet, row_no))                                                  as n_rows,
    count(distinct (file_id, sheet, row_no)) filter (where is_row_matched)                     as matched,
    coalesce(string_agg(distinct checklist, ','), '')                                         as checklists
from mart_self_inspection_match
where institution_code = $1 and year = $2
