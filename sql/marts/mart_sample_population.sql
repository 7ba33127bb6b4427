-- What `xuncha sample` draws from: one row per item of each population an inspector samples on
-- site, per institution-year. item_key is unique within (institution, year, population) and is
-- what the seeded draw hashes, so the same seed over the same items gives the same sample.
--   payments:    every payment row (not deduplicated: two equal payments are two items), keyed by
--                its source row, as stg_payments keeps it;
--   vouchers:    ledger movement lines grouped by month and voucher no. (numbers restart each
--                month), the amount their debits;
--   contracts:   one row per contract no. (stg_contracts);
--   settlements: one row per settlement id (stg_claims), the amount its total; no patient column.
with items as (
    select
        institution_code,
        year,
        'payments'                                              as population,
        concat(file_id, ':', sheet, ':', row_no)                as item_key,
        coalesce(voucher_no, invoice_no, contract_no)           as document_no,
        pay_date                                                as item_date,
        amount_yuan::double                                     as amount_yuan,
        payee                                                   as description,
        file_id,
        sheet,
        row_no
    from stg_payments
    where year is not null

    union all

    select
        institution_code,
        year,
        'vouchers',
        strftime(month, '%Y-%m') || ' ' || trim(voucher_no),
        trim(voucher_no),
        min(voucher_date),
        sum(debit_yuan)::double,
        string_agg(distinct summary, '；' order by summary),
        min(file_id),
        arg_min(sheet, [file_id, row_no]),
        arg_min(row_no, [file_id, row_no])
    from stg_ledger
    where row_kind = 'movement' and nullif(trim(voucher_no), '') is not null and year is not null
    group by institution_code, year, month, trim(voucher_no)

    union all

    select
        institution_code,
        year,
        'contracts',
        contract_no,
        contract_no,
        sign_date,
        amount_yuan::double,
        concat_ws(' ', vendor, contract_subject),
        file_id,
        sheet,
        row_no
    from stg_contracts
    where year is not null

    union all

    select
        institution_code,
        year,
        'settlements',
        settlement_id,
        settlement_id,
        coalesce(discharge_date, admit_date),
        total_amount_yuan::double,
        concat_ws(' ', visit_type, department, diagnosis_name),
        file_id,
        sheet,
        row_no
    from stg_claims
    where year is not null
)

select i.*, f.file_name
from items i
left join stg_files_in_force f using (file_id)
