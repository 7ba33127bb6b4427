-- mart_rectification: the rectification (整改) items in force (stg_rectification), one row each:
-- closed when a closed date is given or the status says so (is_closed_by_status, as RECT_OVERDUE
-- reads it). Whether an open item is overdue depends on the day one asks, so a report counts it.
with items as (
    select * from stg_rectification
),

final as (
    select
        institution_code,
        year,
        issue_no,
        found_date,
        deadline,
        closed_date,
        closed_date is not null or is_closed_by_status as is_closed,
        file_id,
        sheet,
        row_no
    from items
    where institution_code is not null
)

select * from final
order by institution_code, found_date, issue_no
