-- FIN_BUDGET_DEVIATION: budget not executed as approved.
-- Per institution, year and budget item: |actual − budget| / budget > max_deviation (20 %,
-- strict) on lines over min_line_yuan (¥1,000,000, strict).
-- Decisions: rows of the same item in a year are summed (an item split over sheets is one
-- line); a line is "over ¥1,000,000" when its budget or its actual amount is (a ¥0.9 M budget
-- spent at ¥2 M is a large line); lines without an actual amount or with no budget (≤ 0) are
-- not assessed. Under- and over-execution both count. Subject = the budget item.
-- Severity medium; high when the deviation is ≥ high_factor (2) × the threshold.
-- Score = 40 + 30 · (1 − max_deviation / deviation) + 30 · min(1, |actual − budget| / score_full_yuan (¥10,000,000)).
with params as (
    select
        max(value) filter (where param = 'max_deviation') as max_deviation,
        max(value) filter (where param = 'min_line_yuan') as min_line_yuan,
        max(value) filter (where param = 'high_factor')   as high_factor,
        max(value) filter (where param = 'score_full_yuan') as score_full_yuan
    from meta.rule_param
    where rule_id = 'FIN_BUDGET_DEVIATION'
),

lines as (
    select * from stg_budget where actual_yuan is not null and budget_yuan is not null and item <> ''
),

per_item as (
    select
        institution_code, year, item,
        sum(budget_yuan) as budget_yuan,
        sum(actual_yuan) as actual_yuan,
        list({
            'dataset': 'budget', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': format('{}年 {} 预算{}元 实际{}元', year, item, printf('%.2f', budget_yuan), printf('%.2f', actual_yuan))
        } order by file_id, sheet, row_no) as evidence
    from lines
    group by all
),

flagged as (
    select
        i.*,
        abs(i.actual_yuan - i.budget_yuan) / i.budget_yuan  as deviation,
        p.max_deviation, p.high_factor, p.score_full_yuan
    from per_item i
    cross join params p
    where greatest(i.budget_yuan, i.actual_yuan) > p.min_line_yuan
      and i.budget_yuan > 0
      -- deviation > max_deviation, in exact decimals
      and abs(i.actual_yuan - i.budget_yuan) > i.budget_yuan * p.max_deviation::decimal(18,6)
),

final as (
    select
        institution_code,
        year,
        year::varchar                                                          as period,
        item                                                                   as subject,
        case when deviation >= high_factor * max_deviation then 'high' else 'medium' end as severity,
        least(100, 40 + 30 * (1 - max_deviation / deviation)
              + 30 * least(1, abs(actual_yuan - budget_yuan) / score_full_yuan))        as score,
        abs(actual_yuan - budget_yuan)::decimal(18,2)                          as amount_yuan,
        format('{}年预算项目“{}”预算{}元，实际{}元，{}{}%',
               year, item, printf('%.2f', budget_yuan), printf('%.2f', actual_yuan),
               case when actual_yuan > budget_yuan then '超支' else '执行不足，偏差' end,
               round(100 * deviation, 1))                                      as summary_zh,
        json_object('budget_yuan', budget_yuan, 'actual_yuan', actual_yuan, 'deviation', deviation) as measures,
        evidence
    from flagged
)

select * from final
