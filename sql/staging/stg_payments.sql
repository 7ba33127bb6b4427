-- Payments of the files in force, with lineage. Not deduplicated: two payments of the same
-- amount on the same day are two payments.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select p.*
    from raw.payments p
    join files f on f.file_id = p._file_id
),

final as (
    select
        institution_code,
        year(pay_date)                     as year,
        nullif(trim(contract_no), '')      as contract_no,
        nullif(trim(voucher_no), '')       as voucher_no,
        nullif(trim(invoice_no), '')       as invoice_no,
        pay_date,
        amount                             as amount_yuan,
        payee,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from src
)

select * from final
