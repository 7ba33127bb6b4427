-- Each self-inspection row of institution $1 in year $2 with its best clause (NULL when it has
-- no candidate), and whether that match is confident.
select
    coalesce(clause_id, '') as clause_id,
    coalesce(file_name, '') as file_name,
    sheet,
    row_no,
    coalesce(item_text, '') as item_text,
    coalesce(status, '')    as status,
    coalesce(issue, '')     as issue,
    coalesce(confidence, 0) as confidence,
    coalesce(reason, '')    as reason,
    coalesce(rank = 1 and is_confident, false) as is_match
from mart_self_inspection_match
where institution_code = $1 and year = $2 and (rank = 1 or rank is null)
order by file_id, sheet, row_no
