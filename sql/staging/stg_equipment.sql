-- The asset register of the files in force, one row per institution and asset no.: registers
-- are exported whole every year, so the row of the latest file wins.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select e.*, ff.fields
    from raw.equipment e
    join files f on f.file_id = e._file_id
    left join stg_file_fields ff on ff.file_id = e._file_id and ff.sheet = e._sheet
    where nullif(trim(e.asset_no), '') is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by institution_code, trim(asset_no)
            order by _file_id desc, _sheet, _row
        ) as rn
    from src
),

final as (
    select
        institution_code,
        year(purchase_date)                  as year,
        trim(asset_no)                       as asset_no,
        name                                 as asset_name,
        nullif(trim(model), '')              as model,
        class                                as asset_class,
        original_value                       as original_value_yuan,
        purchase_date,
        nullif(trim(contract_no), '')        as contract_no,
        nullif(trim(approval_no), '')        as approval_no,
        approval_date,
        expert_review                        as has_expert_review,
        department,
        status,
        useful_life_years,
        scrap_date,
        year(scrap_date)                     as scrap_year,
        nullif(trim(scrap_approval_no), '')  as scrap_approval_no,
        nullif(trim(disposal), '')           as disposal,
        physical_verified                    as is_physical_verified,
        in_file(fields, ['approval_no'])       as approval_no_in_file,
        in_file(fields, ['scrap_approval_no']) as scrap_approval_no_in_file,
        in_file(fields, ['disposal'])          as disposal_in_file,
        _file_id                             as file_id,
        _sheet                               as sheet,
        _row                                 as row_no
    from ranked
    where rn = 1
)

select * from final
