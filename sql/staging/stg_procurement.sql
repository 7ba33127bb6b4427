-- Procurement lines of the files in force, with lineage.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select p.*, ff.fields
    from raw.procurement p
    join files f on f.file_id = p._file_id
    left join stg_file_fields ff on ff.file_id = p._file_id and ff.sheet = p._sheet
),

final as (
    select
        institution_code,
        year(order_date)                   as year,
        strftime(order_date, '%Y-%m')      as month,
        order_no,
        order_date,
        item_code,
        item_name,
        spec,
        category,
        vendor,
        vendor_code,
        qty,
        unit_price                         as unit_price_yuan,
        amount                             as amount_yuan,
        channel,
        channel = 'offline'                as is_offline,
        method,
        in_file(fields, ['method']) as method_in_file,
        platform_order_no,
        contract_no,
        department,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from src
)

select * from final
