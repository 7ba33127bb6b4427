-- Key-post tenures of the files in force, one row per institution, staff member, post and
-- start date: a register exported again lists the same tenures, and the latest file wins.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select s.*
    from raw.staff_positions s
    join files f on f.file_id = s._file_id
    where nullif(trim(s.staff_id), '') is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by institution_code, trim(staff_id), position, start_date
            order by _file_id desc, _sheet, _row
        ) as rn
    from src
),

final as (
    select
        institution_code,
        year(start_date)                   as year,
        trim(staff_id)                     as staff_id,
        name                               as staff_name,
        position,
        department,
        start_date,
        end_date,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from ranked
    where rn = 1
)

select * from final
