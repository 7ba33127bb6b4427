-- General-ledger lines (明细账 / 序时账) of the files in force, with lineage.
-- account_class is the first digit of the account code (政府会计制度: 1 资产, 2 负债,
-- 3 净资产, 4 收入, 5 费用, 6 预算收入, 7 预算支出, 8 预算结余).
-- row_kind: 'opening' for opening balances (期初余额, 上年结转: their debit or credit is the
-- balance), 'movement' otherwise. Rows loaded before ingest told them apart carry no
-- row_kind and are judged by their 摘要.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select l.*
    from raw.ledger l
    join files f on f.file_id = l._file_id
),

final as (
    select
        institution_code,
        year(voucher_date)                           as year,
        date_trunc('month', voucher_date)::date      as month,
        voucher_date,
        voucher_no,
        trim(account_code)                           as account_code,
        left(trim(account_code), 1)                  as account_class,
        account_name,
        summary,
        coalesce(debit, 0)                           as debit_yuan,
        coalesce(credit, 0)                          as credit_yuan,
        counterparty,
        department,
        coalesce(row_kind, case when regexp_matches(coalesce(summary, ''), '期初|年初余额|年初数|上年结转')
                                then 'opening' else 'movement' end) as row_kind,
        _file_id                                     as file_id,
        _sheet                                       as sheet,
        _row                                         as row_no
    from src
)

select * from final
