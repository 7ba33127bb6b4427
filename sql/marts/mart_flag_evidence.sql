-- The source rows behind every flag: file, sheet and row as the user's spreadsheet shows them,
-- and each row's own date, document no. and amount (from its staging table), so that a
-- finance specialist filters and sums the rows themselves, not the flag's total repeated.
--   document_no: the row's order / contract / voucher / settlement / asset / issue no.; for
--                payroll the staff id, for revenue the department, for budget the item.
--   amount_yuan: the row's amount; a ledger line's debit, else its credit; a wide sheet's row
--                (payroll, department revenue) the sum of its items; NULL where the row has none.
with flags as (
    select
        flag_id,
        rule_id,
        unnest(evidence, recursive := true)
    from int_risk_flags
),

files as (
    select file_id, file_name, path from meta.ingest_file
),

source_rows as (
    select 'procurement' as dataset, file_id, sheet, row_no,
           any_value(order_date) as row_date, any_value(coalesce(order_no, platform_order_no)) as document_no,
           sum(amount_yuan) as amount_yuan
    from stg_procurement group by all
    union all
    select 'contracts', file_id, sheet, row_no, any_value(sign_date), any_value(contract_no), sum(amount_yuan)
    from stg_contracts group by all
    union all
    select 'payments', file_id, sheet, row_no, any_value(pay_date), any_value(coalesce(voucher_no, contract_no)), sum(amount_yuan)
    from stg_payments group by all
    union all
    select 'ledger', file_id, sheet, row_no, any_value(voucher_date), any_value(voucher_no),
           sum(coalesce(nullif(debit_yuan, 0), credit_yuan))
    from stg_ledger group by all
    union all
    select 'claim_lines', file_id, sheet, row_no, any_value(service_date), any_value(settlement_id), sum(amount_yuan)
    from stg_claim_lines group by all
    union all
    select 'claims', file_id, sheet, row_no, any_value(coalesce(discharge_date, admit_date)), any_value(settlement_id),
           sum(total_amount_yuan)
    from stg_claims group by all
    union all
    select 'payroll', file_id, sheet, row_no, any_value(period_month), any_value(staff_id), sum(amount_yuan)
    from stg_payroll group by all
    union all
    select 'dept_revenue', file_id, sheet, row_no, any_value(period_month), any_value(department), sum(amount_yuan)
    from stg_dept_revenue group by all
    union all
    select 'equipment', file_id, sheet, row_no, any_value(purchase_date), any_value(asset_no), sum(original_value_yuan)
    from stg_equipment group by all
    union all
    select 'his_income', file_id, sheet, row_no, null::date, any_value(category), sum(amount_yuan)
    from stg_his_income group by all
    union all
    select 'budget', file_id, sheet, row_no, null::date, any_value(item), sum(actual_yuan)
    from stg_budget group by all
    union all
    select 'rectification', file_id, sheet, row_no, any_value(found_date), any_value(issue_no), null::decimal(18,2)
    from stg_rectification group by all
    union all
    select 'staff_positions', file_id, sheet, row_no, any_value(start_date), any_value(staff_id), null::decimal(18,2)
    from stg_staff_positions group by all
),

final as (
    select
        f.flag_id,
        f.rule_id,
        f.dataset,
        files.file_name,
        f.sheet,
        f.row_no,
        f.detail,
        f.file_id,
        files.path                      as file_path,
        s.row_date,
        s.document_no,
        s.amount_yuan::decimal(18,2)    as amount_yuan
    from flags f
    left join files on files.file_id = f.file_id
    left join source_rows s
        on  s.dataset = f.dataset
        and s.file_id = f.file_id
        and s.sheet = f.sheet
        and s.row_no = f.row_no
)

select * from final
order by flag_id, dataset, file_id, sheet, row_no
