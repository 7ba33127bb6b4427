-- The source rows behind every flag: file, sheet and row as the user's spreadsheet shows them.
with flags as (
    select
        flag_id,
        rule_id,
        unnest(evidence, recursive := true)
    from int_risk_flags
),

files as (
    select file_id, file_name, path from meta.ingest_file
),

final as (
    select
        f.flag_id,
        f.rule_id,
        f.dataset,
        files.file_name,
        f.sheet,
        f.row_no,
        f.detail,
        f.file_id,
        files.path as file_path
    from flags f
    left join files on files.file_id = f.file_id
)

select * from final
order by flag_id, dataset, file_id, sheet, row_no
