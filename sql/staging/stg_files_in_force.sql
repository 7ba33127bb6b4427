-- The ingested files in force: loaded, and neither superseded by a corrected re-export nor
-- refused. Every other staging view reads raw.* joined to it, so "in force" is decided here only.
select file_id, file_name, path, period_to, ingested_at, institution_code
from meta.ingest_file
where status = 'loaded'
