-- The date each institution is assessed at by the rules that judge a standing state — who holds
-- a key post (HR_NO_ROTATION), which rectification items are open (RECT_OVERDUE): a date that
-- exists, never a year end the data has not reached, and never after the day of the build (a
-- report is made after its build, so it never states a date after its own).
--   data_last_date: the latest date present in the institution's data — order, contract and
--                   payment dates, the last day of payroll and department-revenue months,
--                   rectification found and closed dates, and the latest date of every other
--                   extract attributed to it (claims, ledger, HIS income, …). Registers (assets,
--                   key posts) and reference lists are left out: they state what holds now, and a
--                   date they carry (an asset still to be delivered) is no activity.
--   build_date:     the day of the build, where the institution has no dated data (a key-post
--                   register alone), or where its data runs past that day (data_after_build:
--                   rows dated in the future are wrong, and the build warns of them —
--                   mart_data_coverage.n_after_build counts them per file).
--   as_of_label:    how the reports name the date's source.
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
    select institution_code, max(activity_date) as data_last_date
    from activity
    where activity_date is not null and institution_code is not null
    group by institution_code
),

undated as (
    select distinct institution_code, cast(null as date) as data_last_date
    from stg_staff_positions
    where institution_code is not null
      and institution_code not in (select institution_code from dated)
),

judged as (
    select
        institution_code,
        least(coalesce(data_last_date, current_date), current_date)          as as_of,
        data_last_date <= current_date                                       as is_data_last_date,
        coalesce(data_last_date > current_date, false)                       as data_after_build
    from (select * from dated union all select * from undated)
),

final as (
    select
        institution_code,
        as_of,
        case when is_data_last_date then 'data_last_date' else 'build_date' end as as_of_source,
        case
            when is_data_last_date then '数据最后日期'
            when data_after_build then '构建日期；数据中有晚于此日的记录，未计入'
            else '构建日期'
        end                                                                  as as_of_label,
        data_after_build,
        year(as_of)                                                          as year
    from judged
)

select * from final
