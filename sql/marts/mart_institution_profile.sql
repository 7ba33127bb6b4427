-- mart_institution_profile: per institution, year and area (采购, 设备与资产, 薪酬, …; from
-- meta.rule_catalog), the flags and money found and how the institution ranks among its peers.
--   flags           = the area's ranked risks (mart_risk_flags.risk_rank not NULL: a
--                     SELF_COVERAGE_GAP is a gap in the self-report, shown as coverage, not a risk)
--   points          = Σ severity weights of those flags (mart_rule_stats: high 3, medium 2, low 1)
--   amount_yuan     = Σ amount_yuan of those flags (rules may count the same money twice)
--   peer_count      = the other institutions of the same tier (stg_institutions.tier;
--                     unregistered → 未定级) under the same plan (int_institution_checklist:
--                     BN-L, BN-P, ZB-L; none where no plan applies) with a row in
--                     mart_rule_coverage for the year
--   area_percentile = 100 × percent_rank() = 100 × (peers scoring fewer points) / peer_count:
--                     0 = lowest (ties share the lowest rank), 100 = highest; NULL with fewer
--                     than 5 peers (RISK_RULES.md, Scoring: a rank among 2 or 3 says nothing)
--   total_*         = the same over all areas, repeated on each of the institution-year's rows
-- Every area has a row for every institution-year, zeros included, so that a clean area ranks
-- at the bottom instead of disappearing. rules_not_assessed counts the area's rules that could
-- not be assessed for want of data: a low score there is not a clean bill.
with institution_years as (
    select distinct institution_code, year from mart_rule_coverage
),

institutions as (
    select i.institution_code, i.name, i.tier, coalesce(c.checklist, '无') as plan
    from stg_institutions i
    left join int_institution_checklist c using (institution_code)
),

areas as (
    select distinct area from mart_rules
),

rule_stats as (
    select s.*, r.area
    from mart_rule_stats s
    join mart_rules r using (rule_id)
),

coverage as (
    select
        institution_code, year, area,
        count(*) filter (where status = 'not_assessed')  as rules_not_assessed,
        count(*) filter (where status <> 'not_implemented') as rules_implemented
    from mart_rule_coverage
    group by all
),

grid as (
    select
        iy.institution_code,
        i.name                                            as institution_name,
        coalesce(i.tier, '未定级')                        as tier,
        coalesce(i.plan, '无')                            as plan,
        iy.year,
        a.area
    from institution_years iy
    cross join areas a
    left join institutions i using (institution_code)
),

scored as (
    select
        g.*,
        coalesce(sum(s.flags), 0)                                   as flags,
        coalesce(sum(s.high), 0)                                    as high,
        coalesce(sum(s.medium), 0)                                  as medium,
        coalesce(sum(s.low), 0)                                     as low,
        count(s.rule_id)                                            as rules_flagged,
        coalesce(sum(s.points), 0)                                  as points,
        coalesce(sum(s.amount_yuan), 0)::decimal(18,2)              as amount_yuan
    from grid g
    left join rule_stats s using (institution_code, year, area)
    group by all
),

totals as (
    select
        *,
        sum(flags) over w                                           as total_flags,
        sum(points) over w                                          as total_points,
        sum(amount_yuan) over w                                     as total_amount_yuan
    from scored
    window w as (partition by institution_code, year)
),

ranked as (
    select
        t.*,
        count(*) over (partition by tier, plan, year, area) - 1                        as peers,
        100 * percent_rank() over (partition by tier, plan, year, area order by points) as area_rank,
        100 * percent_rank() over (partition by tier, plan, year, area order by total_points) as total_rank
    from totals t
),

final as (
    select
        r.institution_code,
        r.institution_name,
        r.tier,
        r.plan,
        r.year,
        r.area,
        r.flags::integer                                          as flags,
        r.high::integer                                           as high,
        r.medium::integer                                         as medium,
        r.low::integer                                            as low,
        r.rules_flagged::integer                                  as rules_flagged,
        coalesce(c.rules_not_assessed, 0)::integer                as rules_not_assessed,
        r.points::integer                                         as points,
        r.amount_yuan,
        r.peers::integer                                          as peer_count,
        case when r.peers >= 5 then round(r.area_rank, 1) end     as area_percentile,
        r.total_flags::integer                                    as total_flags,
        r.total_points::integer                                   as total_points,
        r.total_amount_yuan::decimal(18,2)                        as total_amount_yuan,
        case when r.peers >= 5 then round(r.total_rank, 1) end    as total_percentile
    from ranked r
    left join coverage c using (institution_code, year, area)
)

select * from final
order by institution_code, year, area
