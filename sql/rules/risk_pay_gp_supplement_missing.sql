-- PAY_GP_SUPPLEMENT_MISSING: primary care — a general practitioner without the monthly GP
-- performance supplement. In scope: primary-care institutions (stg_institutions.is_primary_care)
-- and, in each month, the staff whose payroll position or title contains 全科 (not 护: GP nurses
-- are not GPs). A month is missing when the items whose name contains 全科 and 补助/补贴/绩效
-- add up to less than min_supplement_yuan (exactly the amount is paid in full). Only months in
-- which the staff member is on the payroll as a GP are judged.
-- One flag per staff member and year; subject = the staff id; evidence = the staff member's
-- payroll rows of the missing months. amount_yuan = Σ (min_supplement_yuan − paid) over them.
-- Severity: high from high_missing_months (3) missing months, else medium. Score: 50 + 50 × missing / GP months.
with params as (
    select
        max(value) filter (where param = 'min_supplement_yuan') as min_yuan,
        max(value) filter (where param = 'high_missing_months') as high_months
    from meta.rule_param
    where rule_id = 'PAY_GP_SUPPLEMENT_MISSING'
),

primary_care as (
    select institution_code from stg_institutions where is_primary_care
),

pay as (
    select p.*
    from stg_payroll p
    join primary_care using (institution_code)
    where p.staff_id is not null
),

gp_months as (
    select institution_code, year, staff_id, month
    from pay
    where (coalesce(position, '') like '%全科%' or coalesce(title, '') like '%全科%')
      and coalesce(position, '') not like '%护%'
      and coalesce(title, '') not like '%护%'
    group by all
),

supplement as (
    select institution_code, year, staff_id, month, sum(amount_yuan) as paid_yuan
    from pay
    where pay_item like '%全科%'
      and pay_item similar to '.*(补助|补贴|绩效).*'
    group by all
),

judged as (
    select
        g.*,
        coalesce(s.paid_yuan, 0) as paid_yuan
    from gp_months g
    left join supplement s using (institution_code, year, staff_id, month)
),

per_staff as (
    select
        j.institution_code,
        j.year,
        j.staff_id,
        count(*)                                                          as gp_months,
        count(*) filter (where j.paid_yuan < p.min_yuan)                  as missing_months,
        list(j.month order by j.month) filter (where j.paid_yuan < p.min_yuan) as missing,
        list(j.paid_yuan order by j.month) filter (where j.paid_yuan < p.min_yuan) as missing_paid,
        sum(p.min_yuan - j.paid_yuan) filter (where j.paid_yuan < p.min_yuan) as shortfall_yuan
    from judged j
    cross join params p
    group by all
),

flagged as (
    select * from per_staff where missing_months > 0
),

evidence as (
    select
        f.institution_code, f.year, f.staff_id,
        list({
            'dataset': 'payroll', 'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
            'detail': concat_ws(' ', p.month, p.staff_id, p.department, p.position, p.title, p.pay_item,
                                p.amount_yuan::varchar || '元')
        } order by p.month, p.file_id, p.sheet, p.row_no) as evidence
    from flagged f
    join pay p
        on  p.institution_code = f.institution_code
        and p.year = f.year
        and p.staff_id = f.staff_id
        and list_contains(f.missing, p.month)
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                 as period,
        f.staff_id                                                      as subject,
        case when f.missing_months >= p.high_months then 'high' else 'medium' end   as severity,
        50 + 50 * f.missing_months / f.gp_months                        as score,
        f.shortfall_yuan::decimal(18,2)                                 as amount_yuan,
        format('全科医生{} {}年有{}个月未足额发放每月{}元全科医生绩效补助（{}）', f.staff_id, f.year,
               f.missing_months, printf('%.0f', p.min_yuan), array_to_string(f.missing, '、')) as summary_zh,
        json_object('gp_months', f.gp_months, 'missing_months', f.missing, 'paid_in_missing_months', f.missing_paid,
                    'shortfall_yuan', f.shortfall_yuan, 'min_supplement_yuan', p.min_yuan) as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, staff_id)
    cross join params p
)

select * from final
