-- The data a build read: a sha256 over the sha256s of the files in force (extracts and returned
-- review workbooks), sorted, and how many there are. Two builds with the same data_version and
-- params_hash read the same data with the same thresholds. $1: the build.
update meta.build set
    data_version = v.data_version,
    data_files   = v.data_files
from (
    select
        sha256(coalesce(string_agg(f.sha256, ',' order by f.sha256), '')) as data_version,
        count(*)::integer                                                 as data_files
    from stg_files_in_force s
    join meta.ingest_file f using (file_id)
) v
where build_id = $1
