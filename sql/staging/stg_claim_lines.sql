-- Insurance charge lines (医保费用明细) of the files in force, with lineage. The big table:
-- a plain projection, so every rule's scan stays a single pass over raw.claim_lines.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select l.*
    from raw.claim_lines l
    join files f on f.file_id = l._file_id
),

final as (
    select
        institution_code,
        year(service_date)      as year,
        settlement_id,
        line_no,
        service_date,
        trim(item_code)         as item_code,
        item_name,
        item_class,
        qty,
        unit_price              as unit_price_yuan,
        amount                  as amount_yuan,
        doctor,
        department,
        _file_id                as file_id,
        _sheet                  as sheet,
        _row                    as row_no
    from src
)

select * from final
