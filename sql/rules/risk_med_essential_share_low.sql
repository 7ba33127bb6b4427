-- MED_ESSENTIAL_SHARE_LOW: essential drugs not preferred.
-- Per institution and year: essential-drug share of drug spend (procurement, category 药品)
-- < the tier's floor (strict): min_share_tertiary for 三级, min_share_secondary for 二级,
-- min_share_primary for primary care (基层, 一级, 乡镇卫生院, 社区卫生服务中心).
-- Decisions:
--   * Essential = the purchased item's code is on the essential-drug list, or its name is a
--     listed generic name or starts with one (阿莫西林胶囊 ← 阿莫西林).
--   * Spend = Σ amount of the year's drug purchase lines; an institution without drug purchases
--     that year, of unknown tier, or without same-tier peers (int_peer_groups) is not assessed;
--     nothing is assessed while no essential-drug list is loaded.
-- Subject = 药品 (the spend category assessed, as PROC_OFF_PLATFORM names it); period = the year; severity medium, high when the share is under
-- high_share_of_floor (½) of the floor. Evidence = the year's 50 largest non-essential drug purchase lines (measures give
-- the totals).
-- Score = 40 + 30 · (1 − share / floor) + 30 · min(1, shortfall ¥ / (10 % of drug spend)),
-- shortfall ¥ = floor · spend − essential spend.
with params as (
    select
        max(value) filter (where param = 'min_share_tertiary')  as floor_tertiary,
        max(value) filter (where param = 'min_share_secondary') as floor_secondary,
        max(value) filter (where param = 'min_share_primary')   as floor_primary,
        max(value) filter (where param = 'high_share_of_floor') as high_share_of_floor,
        max(value) filter (where param = 'score_full_drug_share') as score_full_drug_share
    from meta.rule_param
    where rule_id = 'MED_ESSENTIAL_SHARE_LOW'
),

peers as (
    select institution_code, peer_tier from int_peer_groups where peer_count > 0
),

essential as (
    select item_code, generic_name from stg_essential_drugs
),

drug_lines as (
    select p.*
    from stg_procurement p
    where p.category = '药品' and p.amount_yuan is not null
),

names as (
    select distinct item_name from drug_lines where item_name is not null
),

essential_names as (
    select distinct n.item_name
    from names n
    join essential e on n.item_name = e.generic_name or starts_with(n.item_name, e.generic_name)
),

essential_codes as (
    select distinct item_code from essential where item_code is not null
),

classified as (
    select
        d.*,
        c.item_code is not null or n.item_name is not null as is_essential
    from drug_lines d
    left join essential_codes c on c.item_code = d.item_code
    left join essential_names n on n.item_name = d.item_name
),

per_year as (
    select
        institution_code,
        year,
        sum(amount_yuan)                                   as drug_yuan,
        coalesce(sum(amount_yuan) filter (where is_essential), 0) as essential_yuan,
        count(*)                                           as n_lines,
        count(*) filter (where is_essential)               as n_essential_lines
    from classified
    group by all
),

judged as (
    select
        y.*,
        pe.peer_tier,
        case pe.peer_tier when '三级' then p.floor_tertiary
                          when '二级' then p.floor_secondary
                          when '基层' then p.floor_primary end as floor,
        y.essential_yuan / nullif(y.drug_yuan, 0)             as share
    from per_year y
    join peers pe using (institution_code)
    cross join params p
    where y.drug_yuan > 0
      -- without the essential-drug list every share would read 0: not assessed, not flagged
      and exists (select 1 from essential)
),

flagged as (
    select *
    from judged
    where floor is not null
      and essential_yuan < drug_yuan * floor::decimal(18,6)
),

evidence as (
    select
        f.institution_code, f.year,
        list({
            'dataset': 'procurement', 'file_id': c.file_id, 'sheet': c.sheet, 'row_no': c.row_no,
            'detail': concat_ws(' ', c.order_date::varchar, c.item_code, c.item_name, c.vendor,
                                printf('%.2f', c.amount_yuan) || '元', '（非基本药物）')
        } order by c.amount_yuan desc, c.file_id, c.sheet, c.row_no)[1:50] as evidence
    from flagged f
    join classified c using (institution_code, year)
    where not c.is_essential
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                        as period,
        '药品'                                                                 as subject,
        case when f.share < f.floor * p.high_share_of_floor then 'high' else 'medium' end          as severity,
        least(100, 40 + 30 * (1 - f.share / f.floor)
              + 30 * least(1, (f.floor * f.drug_yuan - f.essential_yuan) / nullif(p.score_full_drug_share * f.drug_yuan, 0))) as score,
        (f.drug_yuan * f.floor::decimal(18,6) - f.essential_yuan)::decimal(18,2) as amount_yuan,
        format('{}年药品采购{}元，其中基本药物{}元，占{}%，低于{}机构下限{}%',
               f.year, printf('%.2f', f.drug_yuan), printf('%.2f', f.essential_yuan),
               round(100 * f.share, 1), f.peer_tier, round(100 * f.floor, 1))  as summary_zh,
        json_object('drug_yuan', f.drug_yuan, 'essential_yuan', f.essential_yuan, 'share', f.share,
                    'floor', f.floor, 'tier', f.peer_tier, 'lines', f.n_lines,
                    'essential_lines', f.n_essential_lines)                    as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year)
    cross join params p
)

select * from final
