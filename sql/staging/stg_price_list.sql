-- The medical-service price list (医疗服务价格, district-wide reference): one row per item
-- code, the newest loaded file winning. Limits are NULL where the list gives none.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select p.*
    from raw.price_list p
    join files f on f.file_id = p._file_id
    where p.item_code is not null
),

deduped as (
    select *
    from src
    qualify row_number() over (partition by trim(item_code) order by _file_id desc, _sheet, _row) = 1
),

final as (
    select
        trim(item_code)     as item_code,
        item_name,
        unit,
        max_price           as max_price_yuan,
        gender_limit,
        age_min,
        age_max,
        max_qty_per_day,
        _file_id            as file_id,
        _sheet              as sheet,
        _row                as row_no
    from deduped
)

select * from final
