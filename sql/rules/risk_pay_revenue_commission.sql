-- PAY_REVENUE_COMMISSION: pay items that are commissions on revenue (开单提成, 收入提成,
-- 创收奖): any payroll row whose item name contains 提成, 开单, 创收 or 收入奖 with amount > 0.
-- One flag per institution, year and department; subject = the department.
-- Score: share = commission ÷ the department's whole payroll that year;
-- 60 + 40 × min(1, share / score_full_share) — any commission is a breach, a fifth of pay
-- (score_full_share 0.2) or more scores 100.
-- Severity: high (a written rule broken, with money attached).
with params as (
    select
        max(value) filter (where param = 'score_full_share') as score_full_share
    from meta.rule_param
    where rule_id = 'PAY_REVENUE_COMMISSION'
),

pay as (
    select * from stg_payroll where department is not null
),

hits as (
    select *
    from pay
    where pay_item similar to '.*(提成|开单|创收|收入奖).*'
      and amount_yuan > 0
),

department_pay as (
    select institution_code, year, department, sum(amount_yuan) as payroll_yuan
    from pay
    where amount_yuan > 0
    group by all
),

per_department as (
    select
        institution_code,
        year,
        department,
        sum(amount_yuan)                                         as commission_yuan,
        count(distinct staff_id)                                 as staff,
        count(distinct month)                                    as months,
        string_agg(distinct pay_item, '、' order by pay_item)    as items,
        list({
            'dataset': 'payroll', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', month, staff_id, pay_item, amount_yuan::varchar || '元')
        } order by month, staff_id, file_id, sheet, row_no)      as evidence
    from hits
    group by all
),

final as (
    select
        h.institution_code,
        h.year,
        h.year::varchar                                                  as period,
        h.department                                                     as subject,
        'high'                                                           as severity,
        least(100, 60 + 40 * least(1, h.commission_yuan / nullif(d.payroll_yuan, 0) / p.score_full_share)) as score,
        h.commission_yuan::decimal(18,2)                                 as amount_yuan,
        format('{}年{}发放{}共{}元（{}人、{}个月），占科室薪酬{}%', h.year, h.department, h.items,
               printf('%.2f', h.commission_yuan), h.staff, h.months,
               printf('%.1f', 100 * h.commission_yuan / nullif(d.payroll_yuan, 0))) as summary_zh,
        json_object('items', h.items, 'commission_yuan', h.commission_yuan, 'staff', h.staff,
                    'months', h.months, 'payroll_yuan', d.payroll_yuan,
                    'share', h.commission_yuan / nullif(d.payroll_yuan, 0)) as measures,
        h.evidence
    from per_department h
    join department_pay d using (institution_code, year, department)
    cross join params p
)

select * from final
