-- Payroll of the files in force, melted: one row per staff member, month and pay item
-- (total columns such as 应发合计 are checked at ingest and never loaded as items).
with files as (
    select file_id from stg_files_in_force
),

src as (
    select p.*
    from raw.payroll p
    join files f on f.file_id = p._file_id
),

final as (
    select
        institution_code,
        year(period)                       as year,
        strftime(period, '%Y-%m')          as month,
        period                             as period_month,
        trim(staff_id)                     as staff_id,
        staff_name,
        department,
        position,
        title,
        pay_item,
        amount                             as amount_yuan,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from src
)

select * from final
