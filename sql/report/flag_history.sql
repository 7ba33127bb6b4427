-- Where each flag of institution $1 in year $2 stands across builds, and the panel's review in
-- force (mart_flag_history, mart_flag_review); flags of earlier builds that are gone included.
select
    h.flag_id,
    h.state,
    h.first_build,
    h.first_seen_at,
    r.verdict,
    r.note,
    r.reviewer,
    r.reviewed_on,
    coalesce(r.confirmed, false)  as confirmed,
    coalesce(r.reviews, 0)        as reviews
from mart_flag_history h
left join mart_flag_review r using (flag_id)
where h.institution_code = $1 and h.year = $2
order by h.flag_id
