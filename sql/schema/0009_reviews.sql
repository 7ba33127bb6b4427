-- The panel's verdicts on flags and each flag's history across builds. Both live in meta,
-- which no build replaces: a rebuild recomputes the marts from them.
--
-- meta.flag_review keeps every review ingested from a returned evidence workbook, never
-- overwritten: a later review of a flag is a new row.
create sequence if not exists meta.flag_review_seq start 1;

create table if not exists meta.flag_review (
    review_id   bigint not null,
    flag_id     varchar not null,
    verdict     varchar not null,    -- 属实 | 部分属实 | 排除 | 移交
    note        varchar,             -- 说明
    reviewer    varchar not null,    -- 核查人
    reviewed_on date not null,       -- 核查日期
    file_id     bigint not null,     -- the returned workbook (meta.ingest_file)
    sheet       varchar not null,
    row_no      integer not null,
    recorded_at timestamp not null
);

-- The review in force for each reviewed flag: the one with the latest 核查日期. Ingest refuses a
-- review that would tie with it or predate it while saying something else, so "latest" is
-- never a coin toss; review_id breaks the tie only between identical reviews.
create or replace view meta.flag_review_in_force as
select r.*, f.file_name, count(*) over (partition by r.flag_id) as reviews
from meta.flag_review r
join meta.ingest_file f using (file_id)
qualify row_number() over (partition by r.flag_id order by r.reviewed_on desc, r.review_id desc) = 1;

-- Every flag a build has produced, with the first and last build that produced it.
create table if not exists meta.flag_seen (
    flag_id          varchar not null,
    rule_id          varchar not null,
    institution_code varchar not null,
    year             integer not null,
    period           varchar not null,
    subject          varchar not null,
    first_build      bigint not null,
    last_build       bigint not null
);

-- What a build read: a hash of the extracts in force (their sha256s, sorted) and how many.
alter table meta.build add column if not exists data_version varchar;
alter table meta.build add column if not exists data_files integer;
