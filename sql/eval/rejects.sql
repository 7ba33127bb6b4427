-- The rows rejected at ingest from the files in force, by the path the file was ingested from,
-- which the evaluation scores against truth_rejects.csv.
select distinct f.path, r.sheet, r.row_no
from stg_rejected r
join stg_files_in_force f using (file_id)
