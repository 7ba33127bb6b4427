-- FIN_THREE_PUBLIC_OVERRUN: 三公经费 over budget or growing.
-- Per institution, year and kind (公务接待 / 公务用车 / 因公出国): actual > budget (strict), or
-- actual grew > max_growth (10 %) on the previous year's actual (strict).
-- Decisions:
--   * Kind from the budget item's name: 接待 → 公务接待; 公务用车, 公车, 车辆运行, 车辆购置 →
--     公务用车 (运行维护 and 购置 together); 出国, 出境 → 因公出国. A 三公经费 total line
--     names no kind and is left out.
--   * Several lines of one kind in a year are summed; lines without an actual amount are not
--     assessed (budget not yet executed). Growth needs the previous year's actual > 0.
-- Subject = the kind; period = the year. Over budget is high, growth alone medium.
-- Score = 40 + 30 · (1 − 1 / excess) + 30 · min(1, excess ¥ / budget (or last year's actual)),
-- excess = max(actual / budget, growth / max_growth); excess ¥ = actual − budget (over budget)
-- or actual − last year's actual (growth).
with params as (
    select max(value) filter (where param = 'max_growth') as max_growth
    from meta.rule_param
    where rule_id = 'FIN_THREE_PUBLIC_OVERRUN'
),

lines as (
    select
        b.*,
        case
            when regexp_matches(b.item, '接待') then '公务接待'
            when regexp_matches(b.item, '公务用车|公车|车辆运行|车辆购置') then '公务用车'
            when regexp_matches(b.item, '出国|出境') then '因公出国'
        end as kind
    from stg_budget b
    where b.actual_yuan is not null
),

per_year as (
    select
        institution_code, year, kind,
        sum(budget_yuan)   as budget_yuan,
        sum(actual_yuan)   as actual_yuan
    from lines
    where kind is not null
    group by all
),

measured as (
    select
        y.*,
        prev.actual_yuan                                              as prev_actual_yuan,
        y.actual_yuan / nullif(prev.actual_yuan, 0) - 1               as growth,
        p.max_growth
    from per_year y
    left join per_year prev
      on prev.institution_code = y.institution_code and prev.kind = y.kind and prev.year = y.year - 1
    cross join params p
),

flagged as (
    select
        *,
        budget_yuan is not null and actual_yuan > budget_yuan               as over_budget,
        -- growth > max_growth, in exact decimals (44,000 on 40,000 is +10 %, not +10.000000000000009 %)
        coalesce(prev_actual_yuan > 0
                 and actual_yuan - prev_actual_yuan > prev_actual_yuan * max_growth::decimal(18,6), false) as over_growth
    from measured
    where (budget_yuan is not null and actual_yuan > budget_yuan)
       or (prev_actual_yuan > 0 and actual_yuan - prev_actual_yuan > prev_actual_yuan * max_growth::decimal(18,6))
),

evidence as (
    select
        f.institution_code, f.year, f.kind,
        list({
            'dataset': 'budget', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
            'detail': format('{}年 {} 预算{}元 实际{}元', l.year, l.item,
                             coalesce(printf('%.2f', l.budget_yuan), '—'), printf('%.2f', l.actual_yuan))
        } order by l.year desc, l.file_id, l.sheet, l.row_no) as evidence
    from flagged f
    join lines l
      on l.institution_code = f.institution_code and l.kind = f.kind
     and (l.year = f.year or (f.over_growth and l.year = f.year - 1))
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                        as period,
        f.kind                                                                 as subject,
        case when f.over_budget then 'high' else 'medium' end                  as severity,
        least(100, 40 + 30 * (1 - 1 / greatest(
                  case when f.over_budget then f.actual_yuan / nullif(f.budget_yuan, 0) else 1 end,
                  case when f.over_growth then f.growth / nullif(f.max_growth, 0) else 1 end,
                  1))
              + 30 * least(1, greatest(
                  case when f.over_budget then (f.actual_yuan - f.budget_yuan) / nullif(f.budget_yuan, 0) else 0 end,
                  case when f.over_growth then f.growth else 0 end))) as score,
        greatest(case when f.over_budget then f.actual_yuan - f.budget_yuan else 0 end,
                 case when f.over_growth then f.actual_yuan - f.prev_actual_yuan else 0 end)::decimal(18,2) as amount_yuan,
        format('{}年{}经费实际支出{}元，{}{}',
               f.year, f.kind, printf('%.2f', f.actual_yuan),
               case when f.over_budget then format('超过预算{}元（超{}元）', printf('%.2f', f.budget_yuan),
                                                   printf('%.2f', f.actual_yuan - f.budget_yuan)) else '' end,
               case when f.over_growth then format('{}比上年{}元增长{}%', case when f.over_budget then '，' else '' end,
                                                   printf('%.2f', f.prev_actual_yuan), round(100 * f.growth, 1)) else '' end) as summary_zh,
        json_object('budget_yuan', f.budget_yuan, 'actual_yuan', f.actual_yuan,
                    'previous_actual_yuan', f.prev_actual_yuan, 'growth', f.growth,
                    'over_budget', f.over_budget, 'over_growth', f.over_growth) as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, kind)
)

select * from final
