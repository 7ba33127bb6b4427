-- Budget lines and their execution (预算执行) of the files in force, with lineage.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select b.*
    from raw.budget b
    join files f on f.file_id = b._file_id
),

final as (
    select
        institution_code,
        year::integer         as year,
        trim(item)            as item,
        budget_amount         as budget_yuan,
        actual_amount         as actual_yuan,
        _file_id              as file_id,
        _sheet                as sheet,
        _row                  as row_no
    from src
    where year is not null
)

select * from final
