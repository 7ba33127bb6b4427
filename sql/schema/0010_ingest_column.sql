-- Which field each column of a loaded sheet was taken for, and why. A field no column was
-- taken for is absent from the sheet: the rules read its NULLs as "the export does not say",
-- not as "nothing was recorded" (stg_file_fields).
create table if not exists meta.ingest_column (
    file_id  bigint not null,
    sheet    varchar not null,
    kind     varchar not null,
    col      integer not null,     -- 1-based, as a spreadsheet counts
    header   varchar not null,
    field    varchar not null,
    score    double not null,
    why      varchar not null
);
