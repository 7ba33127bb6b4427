-- Rows loaded for institution $1 and year $2, per dataset kind, file and month: what
-- the report is based on. Reads raw.* of the files in force (meta.ingest_file.status
-- = 'loaded') so that coverage does not depend on which staging views exist yet.
-- Dated kinds count the rows dated in the year; snapshot kinds (asset ledger, key
-- posts, rectification and self-inspection ledgers) count all of the institution's
-- rows; budget counts the rows of the year. Every non-reference kind of
-- ingest/contracts.json appears here (a test checks it).
with files as (
    select file_id, file_name from meta.ingest_file where status = 'loaded'
),

dated as (
    select 'procurement' as kind, _file_id as file_id, order_date as d from raw.procurement
        where institution_code = $1 and year(order_date) = $2
    union all
    select 'contracts', _file_id, sign_date from raw.contracts
        where institution_code = $1 and year(sign_date) = $2
    union all
    select 'payments', _file_id, pay_date from raw.payments
        where institution_code = $1 and year(pay_date) = $2
    union all
    select 'payroll', _file_id, period from raw.payroll
        where institution_code = $1 and year(period) = $2
    union all
    select 'dept_revenue', _file_id, period from raw.dept_revenue
        where institution_code = $1 and year(period) = $2
    union all
    select 'ledger', _file_id, voucher_date from raw.ledger
        where institution_code = $1 and year(voucher_date) = $2
    union all
    select 'his_income', _file_id, period from raw.his_income
        where institution_code = $1 and year(period) = $2
    union all
    -- a settlement's date is its discharge, else its admission (as stg_claims and
    -- mart_rule_coverage count it)
    select 'claims', _file_id, coalesce(discharge_date, admit_date) from raw.claims
        where institution_code = $1 and year(coalesce(discharge_date, admit_date)) = $2
    union all
    select 'claim_lines', _file_id, service_date from raw.claim_lines
        where institution_code = $1 and year(service_date) = $2
),

snapshot as (
    select 'equipment' as kind, _file_id as file_id from raw.equipment
        where institution_code = $1
    union all
    select 'staff_positions', _file_id from raw.staff_positions
        where institution_code = $1
    union all
    select 'rectification', _file_id from raw.rectification
        where institution_code = $1
    union all
    select 'self_inspection', _file_id from raw.self_inspection
        where institution_code = $1
    union all
    select 'budget', _file_id from raw.budget
        where institution_code = $1 and year = $2
),

counted as (
    select kind, file_id, strftime(d, '%Y-%m') as month, count(*) as n_rows
    from dated
    group by all
    union all
    select kind, file_id, null as month, count(*) as n_rows
    from snapshot
    group by all
),

final as (
    select c.kind, c.file_id, f.file_name, c.month, c.n_rows
    from counted c
    join files f using (file_id)
)

select * from final
order by kind, file_id, month
