-- Rectification (整改) items per institution found in years $1..$2 (or undated):
-- closed when a closed date is given or the status says so; overdue when open past
-- the deadline, or closed after it.
with files as (
    select file_id from meta.ingest_file where status = 'loaded'
),

items as (
    select
        r.institution_code,
        r.deadline,
        r.closed_date,
        r.closed_date is not null
            or coalesce(r.status, '') similar to '.*(已完成|已整改|完成|已销号|销号|已关闭).*'
            and coalesce(r.status, '') not similar to '.*(未完成|未整改).*' as is_closed
    from raw.rectification r
    join files f on f.file_id = r._file_id
    where r.institution_code is not null
      and (r.found_date is null or year(r.found_date) between $1 and $2)
),

final as (
    select
        institution_code,
        count(*)                                 as total,
        count(*) filter (where is_closed)        as closed,
        count(*) filter (where not is_closed)    as open,
        count(*) filter (
            where (not is_closed and deadline < current_date) or closed_date > deadline
        )                                        as overdue
    from items
    group by all
)

select * from final
order by institution_code
