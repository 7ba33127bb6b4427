-- A review recorded by mistake (the wrong flag, the wrong verdict) is withdrawn, never deleted:
-- meta.flag_review keeps it, meta.flag_review_withdrawal says who withdrew it, when and why,
-- and the review in force for a flag is its latest review not withdrawn (an earlier one comes
-- back into force; with none the flag is unreviewed again).
create table if not exists meta.flag_review_withdrawal (
    review_id    bigint not null,     -- meta.flag_review
    reason       varchar not null,
    withdrawn_by varchar not null,    -- the operating-system user
    withdrawn_at timestamp not null
);

create or replace view meta.flag_review_in_force as
select r.*, f.file_name, count(*) over (partition by r.flag_id) as reviews
from meta.flag_review r
join meta.ingest_file f using (file_id)
where r.review_id not in (select review_id from meta.flag_review_withdrawal)
qualify row_number() over (partition by r.flag_id order by r.reviewed_on desc, r.review_id desc) = 1;
