-- Rows rejected at ingest from the files in force, with the institution their sheet was
-- attributed to (the sheet's, else the file's). Reason and cells were redacted at ingest.
with files as (
    select file_id, institution_code from stg_files_in_force
),

sheets as (
    select s.file_id, s.sheet, coalesce(s.institution_code, f.institution_code) as institution_code
    from meta.ingest_sheet s
    join files f using (file_id)
),

final as (
    select
        s.institution_code,
        r.kind,
        r.column_name,
        r.reason,
        r.file_id,
        r.sheet,
        r.row_no
    from raw.rejected r
    join sheets s on s.file_id = r.file_id and s.sheet = r.sheet
)

select * from final
