-- The centralised purchasing platform's listed items (district-wide reference).
with files as (
    select file_id from stg_files_in_force
),

final as (
    select distinct
        c.item_code,
        c.item_name,
        c.platform_price as platform_price_yuan
    from raw.platform_catalog c
    join files f on f.file_id = c._file_id
    where c.item_code is not null
)

select * from final
