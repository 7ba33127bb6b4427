-- Rectification (整改) items per institution found in years $1..$2 (or undated): closed as
-- mart_rectification says; overdue when open past the deadline (today), or closed after it.
select
    institution_code,
    count(*)                                 as total,
    count(*) filter (where is_closed)        as closed,
    count(*) filter (where not is_closed)    as open,
    count(*) filter (
        where (not is_closed and deadline < current_date) or closed_date > deadline
    )                                        as overdue
from mart_rectification
where year is null or year between $1 and $2
group by all
order by institution_code
