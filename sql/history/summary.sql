-- One line on the latest build for the CLI: its id and data version, and how many flags are new,
-- persisting or gone (mart_flag_history) and how many of those present have a review.
select
    b.build_id,
    coalesce(b.data_version, ''),
    coalesce(b.data_files, 0),
    count(*) filter (where h.state = 'new')                                  as new,
    count(*) filter (where h.state = 'persisting')                           as persisting,
    count(*) filter (where h.state = 'gone')                                 as gone,
    count(*) filter (where h.state <> 'gone' and h.review_state <> '未核查') as reviewed
from (select * from meta.build order by build_id desc limit 1) b
left join mart_flag_history h on true
group by all
