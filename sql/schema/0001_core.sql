-- Ledger of ingested files, rejected rows and the command audit trail.
create schema if not exists meta;
create schema if not exists raw;

create sequence if not exists meta.file_id_seq start 1;

create table if not exists meta.ingest_file (
    file_id          bigint primary key,
    path             varchar not null,   -- absolute path at ingest time
    file_name        varchar not null,
    sha256           varchar not null,
    size_bytes       bigint not null,
    kinds            varchar,            -- dataset kinds found in the file, comma-separated
    institution_code varchar,
    period_from      date,               -- earliest date in the rows loaded
    period_to        date,
    rows_read        bigint not null,    -- = rows_loaded + rows_rejected + rows_skipped
    rows_loaded      bigint not null,
    rows_rejected    bigint not null,
    rows_skipped     bigint not null,
    skip_reasons     varchar,            -- e.g. 合计行=1; 空行=3
    warnings         varchar,            -- one per line
    status           varchar not null,   -- loaded | superseded
    superseded_by    bigint,
    ingested_at      timestamp not null
);

-- One row per sheet (or CSV) read from a file: what it was taken to be, and why.
create table if not exists meta.ingest_sheet (
    file_id          bigint not null,
    sheet            varchar not null,
    kind             varchar,            -- NULL when the sheet was not recognised
    detection        varchar not null,   -- why this kind (matched headers) or why none
    header_row       integer,
    unit             varchar,
    institution_code varchar,
    attributed_by    varchar,            -- column | flag | path | title
    rows_read        bigint not null,
    rows_loaded      bigint not null,
    rows_rejected    bigint not null,
    rows_skipped     bigint not null
);

create table if not exists raw.rejected (
    file_id     bigint not null,
    sheet       varchar not null,
    row_no      integer not null,        -- as a spreadsheet shows it (1-based, header rows counted)
    kind        varchar,
    column_name varchar,                 -- the source header of the offending cell
    reason      varchar not null,
    cells       json                     -- the original row as a JSON array, untouched
);

create table if not exists meta.command_log (
    started_at  timestamp not null,
    finished_at timestamp,
    os_user     varchar,
    args        varchar,                 -- the command line, shell-quoted
    version     varchar,
    exit_code   integer,
    outcome     varchar
);
