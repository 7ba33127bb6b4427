-- Every review recorded (meta.flag_review) of flag $1, or of every flag when $1 is empty, with
-- the workbook it came from, its withdrawal if any, and whether it is the review in force.
select
    r.review_id,
    r.flag_id,
    r.verdict,
    coalesce(r.note, '')                      as note,
    r.reviewer,
    r.reviewed_on,
    f.file_name,
    r.sheet,
    r.row_no,
    r.recorded_at,
    w.reason,
    w.withdrawn_by,
    w.withdrawn_at,
    i.review_id is not null                   as in_force
from meta.flag_review r
join meta.ingest_file f using (file_id)
left join meta.flag_review_withdrawal w using (review_id)
left join meta.flag_review_in_force i using (review_id)
where $1 = '' or r.flag_id = $1
order by r.flag_id, r.reviewed_on, r.review_id
