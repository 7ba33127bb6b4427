-- mart_data_coverage: the rows of the files in force by dataset kind, institution, file and
-- month (stg_row_counts), with the file's name: what a report says it is based on, and the
-- counts mart_rule_coverage judges a rule's inputs by. See stg_row_counts for the grains.
-- A report of a year shows its month and year rows, and every ledger, register and report row
-- of the institution whatever its date.
with counts as (
    select * from stg_row_counts
),

files as (
    select file_id, file_name, path from stg_files_in_force
),

final as (
    select
        c.institution_code,
        c.kind,
        c.grain,
        c.year,
        c.last_year,
        c.month,
        c.file_id,
        f.file_name,
        f.path,
        c.n_rows,
        c.n_after_build
    from counts c
    join files f using (file_id)
)

select * from final
order by institution_code, kind, file_id, year, month
