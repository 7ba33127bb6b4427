-- Every row read is loaded, rejected or skipped with a reason.
select file_id, file_name, rows_read, rows_loaded, rows_rejected, rows_skipped
from meta.ingest_file
where rows_read <> rows_loaded + rows_rejected + rows_skipped
   or (rows_skipped > 0 and coalesce(skip_reasons, '') = '')
