-- Charge bundles (收费项目内涵 / 重复收费规则, district-wide reference): one row per main item
-- and included item — the included item must not be billed beside the main one. The newest
-- loaded file wins.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select b.*
    from raw.charge_bundles b
    join files f on f.file_id = b._file_id
    where b.main_item_code is not null and b.included_item_code is not null
),

deduped as (
    select *
    from src
    qualify row_number() over (partition by trim(main_item_code), trim(included_item_code)
                               order by _file_id desc, _sheet, _row) = 1
),

final as (
    select
        trim(main_item_code)      as main_item_code,
        main_item_name,
        trim(included_item_code)  as included_item_code,
        included_item_name,
        note,
        _file_id                  as file_id,
        _sheet                    as sheet,
        _row                      as row_no
    from deduped
)

select * from final
