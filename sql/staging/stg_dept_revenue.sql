-- Department revenue of the files in force, melted: one row per department, month and revenue
-- category (药品收入, 卫生材料收入, 检查收入, …).
with files as (
    select file_id from stg_files_in_force
),

src as (
    select r.*
    from raw.dept_revenue r
    join files f on f.file_id = r._file_id
),

final as (
    select
        institution_code,
        year(period)                       as year,
        strftime(period, '%Y-%m')          as month,
        period                             as period_month,
        department,
        category,
        amount                             as amount_yuan,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from src
)

select * from final
