-- PAY_TIED_TO_REVENUE: performance pay moving with the department's revenue from drugs,
-- materials, examinations and laboratory tests. Per institution, year and department:
--   pay     = Σ payroll items whose name contains 绩效, 奖励 or 奖金, excluding the fixed parts
--             (基本, 岗位, 薪级, 基础 — e.g. 基础性绩效), subsidies (补助, 补贴, 津贴) and any total
--             (合计, 小计, 总计, 应发, 实发);
--   revenue = Σ dept_revenue categories whose name contains 药品, 材料, 检查 or 化验;
--   months  = the months of the year with both (department names matched exactly);
--   r       = Pearson r of monthly pay and revenue; cv = population standard deviation of the
--             monthly pay/revenue ratio ÷ its mean (months with revenue > 0).
-- Flag when months ≥ min_months and r ≥ min_r: severity high when also cv ≤ max_ratio_cv (pay
-- is a fixed share of revenue), medium on r alone. Comparisons allow 1e-9 of float noise, so a
-- value exactly at a threshold counts as at it.
-- Score: high 70 + 30 × (r − min_r) / (1 − min_r); medium 50 + 20 × (r − min_r) / (1 − min_r).
with params as (
    select
        max(value) filter (where param = 'min_months')   as min_months,
        max(value) filter (where param = 'min_r')        as min_r,
        max(value) filter (where param = 'max_ratio_cv') as max_cv
    from meta.rule_param
    where rule_id = 'PAY_TIED_TO_REVENUE'
),

pay_rows as (
    select *
    from stg_payroll
    where pay_item similar to '.*(绩效|奖励|奖金).*'
      and pay_item not similar to '.*(基本|岗位|薪级|基础|补助|补贴|津贴|合计|小计|总计|应发|实发).*'
      and department is not null
),

revenue_rows as (
    select *
    from stg_dept_revenue
    where category similar to '.*(药品|材料|检查|化验).*'
      and category not similar to '.*(合计|小计|总计).*'
      and department is not null
),

pay_month as (
    select institution_code, year, department, month, sum(amount_yuan) as pay_yuan
    from pay_rows
    group by all
),

revenue_month as (
    select institution_code, year, department, month, sum(amount_yuan) as revenue_yuan
    from revenue_rows
    group by all
),

paired as (
    select
        p.*,
        r.revenue_yuan,
        p.pay_yuan / nullif(r.revenue_yuan, 0) as ratio
    from pay_month p
    join revenue_month r using (institution_code, year, department, month)
),

per_department as (
    select
        institution_code,
        year,
        department,
        count(*)                                                         as months,
        -- rounded: a parallel aggregate sums doubles in any order, and a rebuild must
        -- give the same measures
        round(corr(pay_yuan::double, revenue_yuan::double), 9)           as r,
        round(stddev_pop(ratio) / nullif(avg(ratio), 0), 9)              as ratio_cv,
        round(avg(ratio), 9)                                             as mean_ratio,
        sum(pay_yuan)                                                    as pay_yuan,
        sum(revenue_yuan)                                                as revenue_yuan,
        list(month order by month)                                       as month_series,
        list(pay_yuan order by month)                                    as pay_series,
        list(revenue_yuan order by month)                                as revenue_series,
        list(round(ratio, 6) order by month)                             as ratio_series
    from paired
    group by all
),

flagged as (
    select
        d.*,
        d.ratio_cv is not null and d.ratio_cv <= p.max_cv + 1e-9         as is_fixed_share
    from per_department d
    cross join params p
    where d.months >= p.min_months
      and d.r >= p.min_r - 1e-9
),

evidence as (
    select institution_code, year, department, list(ev order by ev.dataset, ev.file_id, ev.sheet, ev.row_no) as evidence
    from (
        select
            p.institution_code, p.year, p.department,
            {
                'dataset': 'payroll', 'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
                'detail': concat_ws(' ', p.month, p.staff_id, p.pay_item, p.amount_yuan::varchar || '元')
            } as ev
        from pay_rows p
        join paired m using (institution_code, year, department, month)
        union all
        select
            r.institution_code, r.year, r.department,
            {
                'dataset': 'dept_revenue', 'file_id': r.file_id, 'sheet': r.sheet, 'row_no': r.row_no,
                'detail': concat_ws(' ', r.month, r.category, r.amount_yuan::varchar || '元')
            } as ev
        from revenue_rows r
        join paired m using (institution_code, year, department, month)
    )
    where (institution_code, year, department) in (select (institution_code, year, department) from flagged)
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                   as period,
        f.department                                                      as subject,
        case when f.is_fixed_share then 'high' else 'medium' end          as severity,
        least(100, case
            when f.is_fixed_share then 70 + 30 * greatest(0, f.r - p.min_r) / (1 - p.min_r)
            else 50 + 20 * greatest(0, f.r - p.min_r) / (1 - p.min_r)
        end)                                                              as score,
        f.pay_yuan::decimal(18,2)                                         as amount_yuan,
        format('{}年{}绩效工资与药品、材料、检查、化验收入的相关系数为{}（{}个月）{}',
               f.year, f.department, printf('%.3f', f.r), f.months,
               case when f.is_fixed_share
                    then format('，绩效/收入比例稳定在{}%左右（变异系数{}），疑按收入比例提取',
                                printf('%.2f', 100 * f.mean_ratio), printf('%.3f', f.ratio_cv))
                    else format('，绩效/收入比例变异系数{}', printf('%.3f', f.ratio_cv)) end) as summary_zh,
        json_object(
            'r', f.r, 'ratio_cv', f.ratio_cv, 'mean_ratio', f.mean_ratio, 'months', f.months,
            'month_series', f.month_series, 'pay_series', f.pay_series,
            'revenue_series', f.revenue_series, 'ratio_series', f.ratio_series,
            'pay_yuan', f.pay_yuan, 'revenue_yuan', f.revenue_yuan,
            'min_months', p.min_months, 'min_r', p.min_r, 'max_ratio_cv', p.max_cv
        )                                                                 as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, department)
    cross join params p
)

select * from final
