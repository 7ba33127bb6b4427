-- PROC_OFF_PLATFORM: drugs / high-value consumables bought outside the platform.
-- Per institution-year and category: offline share > max_offline_share, or offline
-- amount > max_offline_yuan, or more than max_offline_orders_month offline orders in a
-- month; with the platform catalog loaded, any offline line of a listed item (high).
with params as (
    select
        max(value) filter (where param = 'max_offline_share')        as max_share,
        max(value) filter (where param = 'max_offline_yuan')         as max_yuan,
        max(value) filter (where param = 'max_offline_orders_month') as max_orders,
        max(value) filter (where param = 'high_factor')              as high_factor
    from meta.rule_param
    where rule_id = 'PROC_OFF_PLATFORM'
),

lines as (
    select
        p.*,
        coalesce(p.order_no, p.file_id || ':' || p.sheet || ':' || p.row_no) as order_key,
        c.item_code is not null as is_listed
    from stg_procurement p
    left join (select distinct item_code from stg_platform_catalog) c
        on c.item_code = p.item_code
    where p.category in ('药品', '高值耗材')
),

catalog_loaded as (
    select count(*) > 0 as yes from stg_platform_catalog
),

per_month as (
    select institution_code, year, category, month, count(distinct order_key) as offline_orders
    from lines
    where is_offline
    group by all
),

per_year as (
    select
        institution_code,
        year,
        category,
        sum(amount_yuan)                                      as total_yuan,
        sum(amount_yuan) filter (where is_offline)            as offline_yuan,
        count(*) filter (where is_offline)                    as offline_lines,
        count(*) filter (where is_offline and is_listed)      as listed_offline_lines,
        sum(amount_yuan) filter (where is_offline and is_listed) as listed_offline_yuan
    from lines
    group by all
),

measured as (
    select
        y.*,
        coalesce(y.offline_yuan, 0) / nullif(y.total_yuan, 0)  as offline_share,
        coalesce(m.max_orders_month, 0)                         as max_orders_month,
        m.worst_month
    from per_year y
    left join (
        select institution_code, year, category,
               max(offline_orders) as max_orders_month,
               -- the earliest of the months with the most orders (arg_max would pick any)
               first(month order by offline_orders desc, month) as worst_month
        from per_month
        group by all
    ) m using (institution_code, year, category)
),

judged as (
    select
        m.*,
        p.max_share, p.max_yuan, p.max_orders,
        m.offline_share > p.max_share                      as over_share,
        coalesce(m.offline_yuan, 0) > p.max_yuan           as over_amount,
        m.max_orders_month > p.max_orders                  as over_orders,
        (select yes from catalog_loaded) and m.listed_offline_lines > 0 as listed_offline,
        greatest(
            m.offline_share / nullif(p.max_share, 0),
            coalesce(m.offline_yuan, 0) / nullif(p.max_yuan, 0),
            m.max_orders_month / nullif(p.max_orders, 0)
        )                                                   as excess
    from measured m
    cross join params p
),

flagged as (
    select *
    from judged
    where over_share or over_amount or over_orders or listed_offline
),

evidence as (
    select
        l.institution_code, l.year, l.category,
        list({
            'dataset': 'procurement', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
            'detail': concat_ws(' ', l.order_date::varchar, l.item_name, l.vendor, l.amount_yuan::varchar || '元',
                                case when l.is_listed then '(平台挂网品种)' end)
        } order by l.is_listed desc, l.amount_yuan desc, l.file_id, l.row_no) as evidence
    from lines l
    join flagged f using (institution_code, year, category)
    where l.is_offline
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                          as period,
        f.category                                               as subject,
        case when f.listed_offline or f.excess >= p.high_factor then 'high' else 'medium' end as severity,
        least(100, 50 + 50 * (1 - 1 / greatest(coalesce(f.excess, 1), 1)) + case when f.listed_offline then 10 else 0 end) as score,
        f.offline_yuan::decimal(18,2)                            as amount_yuan,
        format('{}年{}线下采购{}元，占该类采购{}%，单月最多{}笔线下订单{}{}',
               f.year, f.category, printf('%.2f', coalesce(f.offline_yuan, 0)),
               round(100 * coalesce(f.offline_share, 0), 1), f.max_orders_month,
               case when f.worst_month is not null then '（' || f.worst_month || '）' else '' end,
               case when f.listed_offline then format('；其中{}行为平台挂网品种', f.listed_offline_lines) else '' end
        )                                                        as summary_zh,
        json_object(
            'total_yuan', f.total_yuan, 'offline_yuan', f.offline_yuan, 'offline_share', f.offline_share,
            'max_orders_month', f.max_orders_month, 'worst_month', f.worst_month,
            'listed_offline_lines', f.listed_offline_lines, 'listed_offline_yuan', f.listed_offline_yuan
        )                                                        as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, category)
    cross join params p
)

select * from final
