-- Drug and consumable stock movements (药品耗材进销存 / 库存台账) of the files in force, with
-- lineage: one row per item, store row and month as exported. Quantities are in the unit the
-- store counts in (the pack, as purchased); amounts, where exported, in 元.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select v.*
    from raw.inventory v
    join files f on f.file_id = v._file_id
),

final as (
    select
        institution_code,
        year(period)                       as year,
        date_trunc('month', period)::date  as month,
        nullif(trim(item_code), '')        as item_code,
        item_name,
        spec,
        opening_qty,
        in_qty,
        out_qty,
        closing_qty,
        opening_amount                     as opening_amount_yuan,
        in_amount                          as in_amount_yuan,
        out_amount                         as out_amount_yuan,
        closing_amount                     as closing_amount_yuan,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from src
)

select * from final
