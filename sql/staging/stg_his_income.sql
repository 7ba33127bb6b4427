-- Monthly HIS income by category (HIS收入) of the files in force, with lineage.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select h.*
    from raw.his_income h
    join files f on f.file_id = h._file_id
),

final as (
    select
        institution_code,
        year(period)                       as year,
        date_trunc('month', period)::date  as month,
        trim(category)                     as category,
        amount                             as amount_yuan,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from src
)

select * from final
