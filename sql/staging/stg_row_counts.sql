-- Rows of the files in force per dataset kind, institution, file and date: the one count that
-- data coverage is measured by (mart_data_coverage, and through it mart_rule_coverage).
--   grain     — how a kind's rows are dated:
--                 month     dated extracts, by the day each row carries (a settlement by its
--                           discharge, else its admission, as stg_claims dates it);
--                 year      the budget, by its year;
--                 ledger    the rectification ledger, by the date an item was found;
--                 register  assets and key posts: year = the purchase / tenure start,
--                           last_year = the latest of start and scrap / tenure end;
--                 report    the self-inspection report (it carries no date);
--                 reference district-wide lists (institution_code NULL).
--   year, month — of the row's date; NULL where the kind or the row has none.
--   n_after_build — dated extract and ledger rows dated after the day of the build: data never
--               lies in the future, so these are wrong dates (the build warns of them, and the
--               rules that judge a standing state assess at the build date, int_assessment_dates).
with files as (
    select file_id from stg_files_in_force
),

dated as (
    select 'procurement' as kind, 'month' as grain, institution_code, _file_id as file_id,
           order_date as d, order_date as last_d
    from raw.procurement
    union all
    select 'contracts', 'month', institution_code, _file_id, sign_date, sign_date from raw.contracts
    union all
    select 'payments', 'month', institution_code, _file_id, pay_date, pay_date from raw.payments
    union all
    select 'payroll', 'month', institution_code, _file_id, period, period from raw.payroll
    union all
    select 'dept_revenue', 'month', institution_code, _file_id, period, period from raw.dept_revenue
    union all
    select 'ledger', 'month', institution_code, _file_id, voucher_date, voucher_date from raw.ledger
    union all
    select 'his_income', 'month', institution_code, _file_id, period, period from raw.his_income
    union all
    select 'claims', 'month', institution_code, _file_id,
           coalesce(discharge_date, admit_date), coalesce(discharge_date, admit_date)
    from raw.claims
    union all
    select 'claim_lines', 'month', institution_code, _file_id, service_date, service_date from raw.claim_lines
    union all
    select 'inventory', 'month', institution_code, _file_id, period, period from raw.inventory
    union all
    select 'rectification', 'ledger', institution_code, _file_id, found_date, found_date from raw.rectification
    union all
    select 'equipment', 'register', institution_code, _file_id,
           purchase_date, greatest(purchase_date, scrap_date)
    from raw.equipment
    union all
    select 'staff_positions', 'register', institution_code, _file_id,
           start_date, greatest(start_date, end_date)
    from raw.staff_positions
),

undated as (
    select 'budget' as kind, 'year' as grain, institution_code, _file_id as file_id,
           cast("year" as integer) as year
    from raw.budget
    union all
    select 'self_inspection', 'report', institution_code, _file_id, null from raw.self_inspection
    union all
    select 'institutions', 'reference', null, _file_id, null from raw.institutions
    union all
    select 'price_list', 'reference', null, _file_id, null from raw.price_list
    union all
    select 'platform_catalog', 'reference', null, _file_id, null from raw.platform_catalog
    union all
    select 'essential_drugs', 'reference', null, _file_id, null from raw.essential_drugs
    union all
    select 'large_equipment_list', 'reference', null, _file_id, null from raw.large_equipment_list
    union all
    select 'charge_bundles', 'reference', null, _file_id, null from raw.charge_bundles
),

counted as (
    select kind, grain, institution_code, file_id,
           year(d) as year, year(last_d) as last_year,
           case when grain = 'month' then strftime(d, '%Y-%m') end as month,
           count(*) as n_rows,
           count(*) filter (where grain in ('month', 'ledger') and d > current_date) as n_after_build
    from dated
    group by all
    union all
    select kind, grain, institution_code, file_id, year, year, null, count(*), 0
    from undated
    group by all
),

final as (
    select c.*
    from counted c
    join files f using (file_id)
)

select * from final
