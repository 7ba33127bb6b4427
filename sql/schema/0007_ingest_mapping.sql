-- The mapping-file section that fixed a sheet's kind or columns, kept with the file so that
-- a run can be repeated (and reviewed) with the same mapping.
create table if not exists meta.ingest_mapping (
    file_id        bigint not null,
    sheet          varchar not null,
    mapping_path   varchar not null,     -- the mapping file as found at ingest time
    mapping_sha256 varchar not null,     -- of the whole mapping file
    section        varchar not null      -- the section's text as written
);
