-- The date each institution is assessed at by the rules that judge a standing state — who holds
-- a key post (HR_NO_ROTATION), which rectification items are open (RECT_OVERDUE): a date that
-- exists, never a year end the data has not reached.
--   data_last_date: the latest date present in the institution's data — order, contract and
--                   payment dates, the last day of payroll and department-revenue months,
--                   rectification found and closed dates, and the latest date of every other
--                   extract attributed to it (claims, ledger, HIS income, …). Registers (assets,
--                   key posts) and reference lists are left out: they state what holds now, and a
--                   date they carry (an asset still to be delivered) is no activity.
--   build_date:     an institution with no dated data (a key-post register alone) is assessed at
--                   the day of the build.
with activity as (
    select institution_code, order_date as activity_date from stg_procurement
    union all
    select institution_code, sign_date from stg_contracts
    union all
    select institution_code, pay_date from stg_payments
    union all
    select institution_code, last_day(period_month) from stg_payroll
    union all
    select institution_code, last_day(period_month) from stg_dept_revenue
    union all
    select institution_code, found_date from stg_rectification
    union all
    select institution_code, closed_date from stg_rectification
    union all
    select coalesce(s.institution_code, f.institution_code), f.period_to
    from meta.ingest_file f
    join meta.ingest_sheet s using (file_id)
    where f.status = 'loaded'
      and s.kind not in ('equipment', 'staff_positions', 'self_inspection', 'institutions',
                         'price_list', 'platform_catalog', 'essential_drugs', 'large_equipment_list',
                         'charge_bundles')
),

dated as (
    select institution_code, max(activity_date) as as_of, 'data_last_date' as as_of_source
    from activity
    where activity_date is not null and institution_code is not null
    group by institution_code
),

undated as (
    select distinct institution_code, current_date as as_of, 'build_date' as as_of_source
    from stg_staff_positions
    where institution_code is not null
      and institution_code not in (select institution_code from dated)
),

final as (
    select institution_code, as_of, as_of_source, year(as_of) as year from dated
    union all
    select institution_code, as_of, as_of_source, year(as_of) as year from undated
)

select * from final
