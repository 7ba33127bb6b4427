-- Area scores of institution $1 in year $2 and their percentile among institutions
-- of the same tier under the same plan in the same year (RISK_RULES.md, Scoring):
--   score      = Σ severity weights of the area's ranked flags (high 3, medium 2, low 1)
--   percentile = 100 × percent_rank(): the share of peers scoring lower; NULL with fewer
--                than 5 peers
-- Peers are the other institutions of the registry of the same tier and plan with data
-- loaded for the year. Used when mart_institution_profile is not built.
with flags as (
    select
        f.institution_code,
        f.year,
        c.area,
        case f.severity when 'high' then 3 when 'medium' then 2 else 1 end as weight
    from mart_risk_flags f
    join meta.rule_catalog c using (rule_id)
    where f.risk_rank is not null
),

loaded as (
    select distinct
        coalesce(s.institution_code, f.institution_code)                        as institution_code,
        unnest(generate_series(year(f.period_from), year(f.period_to)))::integer as year
    from meta.ingest_sheet s
    join meta.ingest_file f using (file_id)
    where f.status = 'loaded' and f.period_from is not null and f.period_to is not null
),

active as (
    select institution_code, year from loaded where institution_code is not null
    union
    select institution_code, year from flags
),

peers as (
    select a.institution_code, a.year, coalesce(i.tier, '未定级') || '/' || coalesce(c.checklist, '无') as tier
    from active a
    left join stg_institutions i using (institution_code)
    left join int_institution_checklist c using (institution_code)
),

grid as (
    select p.institution_code, p.year, p.tier, a.area
    from peers p
    cross join (select distinct area from meta.rule_catalog) a
),

scored as (
    select g.institution_code, g.year, g.tier, g.area, coalesce(sum(f.weight), 0) as score
    from grid g
    left join flags f
        on f.institution_code = g.institution_code and f.year = g.year and f.area = g.area
    group by all
),

ranked as (
    select
        *,
        100 * percent_rank() over (partition by tier, year, area order by score) as percentile,
        count(*) over (partition by tier, year, area) - 1                       as peers
    from scored
),

final as (
    select area, score::double as score, case when peers >= 5 then percentile end as percentile, peers
    from ranked
    where institution_code = $1 and year = $2
)

select * from final
