-- PROC_SPLIT_PURCHASE: purchases split to stay under the tender threshold (化整为零).
-- Same institution, vendor (of int_vendor: spellings of one company are one vendor; evidence
-- keeps each row's spelling) and category: ≥ min_orders purchases within window_days days (last
-- date − first ≤ window_days), each < tender_threshold_yuan, together ≥ tender_threshold_yuan,
-- and none bought by a competitive method.
--   purchase    = an order (the procurement lines of one order no.; a line without order no. is
--                 its own order), or a contract of stg_contracts (category blank → 合同). Orders
--                 placed under a contract of the ledger are that contract's call-offs, not
--                 purchases of their own.
--   competitive = 公开招标, 邀请招标, 竞争性谈判, 竞争性磋商, 询价, 网上竞价, 集中带量采购, or
--                 bought through the centralised platform (channel = platform: the platform's
--                 own tender); everything else (直接采购, 单一来源, blank, unknown) is not.
-- Each eligible purchase anchors a window [date, date + window_days] (a range window, no
-- self-join); qualifying windows that overlap merge into one flag, whose evidence is the
-- purchases inside the merged interval and whose period is first..last purchase date.
-- Score: excess = total / threshold (≥ 1); score = 50 + 50 × (1 − 1/excess), so 50 at the
-- threshold and → 100 as the total grows. Severity high when total ≥ high_factor (2) × threshold, else medium.
with params as (
    select
        max(value) filter (where param = 'tender_threshold_yuan') as threshold,
        max(value) filter (where param = 'window_days')           as window_days,
        max(value) filter (where param = 'min_orders')            as min_orders,
        max(value) filter (where param = 'high_factor')           as high_factor
    from meta.rule_param
    where rule_id = 'PROC_SPLIT_PURCHASE'
),

competitive_methods as (
    select unnest(['公开招标', '邀请招标', '竞争性谈判', '竞争性磋商', '询价', '网上竞价', '集中带量采购']) as method
),

contracts as (
    select c.* replace (coalesce(v.vendor, c.vendor) as vendor), c.vendor as spelling
    from stg_contracts c
    left join int_vendor v on v.spelling = trim(c.vendor)
    where c.vendor is not null
),

lines as (
    select
        p.* replace (coalesce(p.category, '') as category, coalesce(v.vendor, p.vendor) as vendor),
        p.vendor                                                             as spelling,
        coalesce(nullif(trim(p.order_no), ''), p.file_id || ':' || p.sheet || ':' || p.row_no) as order_key,
        coalesce(p.channel = 'platform', false)
            or p.method in (select method from competitive_methods)          as is_competitive
    from stg_procurement p
    left join int_vendor v on v.spelling = trim(p.vendor)
    where p.vendor is not null
      and not exists (
          select 1 from contracts c
          where c.institution_code = p.institution_code and c.contract_no = trim(p.contract_no)
      )
),

orders as (
    select
        institution_code,
        vendor,
        category,
        order_key,
        min(order_date)                 as order_date,
        sum(amount_yuan)                as amount_yuan,
        bool_or(is_competitive)         as is_competitive
    from lines
    group by all
    union all by name
    select
        institution_code,
        vendor,
        coalesce(category, '合同')     as category,
        '合同' || contract_no          as order_key,
        sign_date                      as order_date,
        amount_yuan,
        method in (select method from competitive_methods) as is_competitive
    from contracts
),

eligible as (
    select o.*
    from orders o
    cross join params p
    where not coalesce(o.is_competitive, false)
      and o.amount_yuan < p.threshold
),

windows as (
    -- every eligible purchase anchors the window [its date, its date + window_days]
    select
        e.institution_code,
        e.vendor,
        e.category,
        e.order_key                     as anchor_key,
        e.order_date                    as start_date,
        max(e.order_date) over w        as end_date,
        count(*) over w                 as n_orders,
        sum(e.amount_yuan) over w       as total_yuan
    from eligible e
    cross join params p
    window w as (
        partition by e.institution_code, e.vendor, e.category
        order by e.order_date
        range between current row and to_days(cast(p.window_days as integer)) following
    )
),

qualifying as (
    select w.*
    from windows w
    cross join params p
    where w.n_orders >= p.min_orders
      and w.total_yuan >= p.threshold
),

window_breaks as (
    select
        q.*,
        case
            when q.start_date <= max(q.end_date) over (
                partition by q.institution_code, q.vendor, q.category
                order by q.start_date, q.anchor_key
                rows between unbounded preceding and 1 preceding
            ) then 0
            else 1
        end as is_new
    from qualifying q
),

islands as (
    -- overlapping qualifying windows: their union is the one interval island_start..island_end
    select
        institution_code, vendor, category, island,
        min(start_date) as island_start,
        max(end_date)   as island_end
    from (
        select
            *,
            sum(is_new) over (
                partition by institution_code, vendor, category
                order by start_date, anchor_key
                rows unbounded preceding
            ) as island
        from window_breaks
    )
    group by all
),

members as (
    select
        i.institution_code, i.vendor, i.category, i.island, b.order_key, b.order_date, b.amount_yuan
    from islands i
    join eligible b
        on  b.institution_code = i.institution_code
        and b.vendor = i.vendor
        and b.category = i.category
        and b.order_date between i.island_start and i.island_end
),

flagged as (
    select
        institution_code, vendor, category, island,
        min(order_date)                                  as first_date,
        max(order_date)                                  as last_date,
        count(*)                                         as n_orders,
        sum(amount_yuan)                                 as total_yuan,
        max(amount_yuan)                                 as max_order_yuan,
        list(order_key order by order_date, order_key)   as order_keys,
        list(amount_yuan order by order_date, order_key) as order_amounts
    from members
    group by all
),

source_rows as (
    select
        institution_code, vendor, category, order_key, order_date, file_id, sheet, row_no,
        {
            'dataset': 'procurement', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', order_date::varchar, coalesce(order_no, ''), spelling, item_name,
                                amount_yuan::varchar || '元', coalesce(method, '采购方式空白'))
        } as ev
    from lines
    union all
    select
        institution_code, vendor, coalesce(category, '合同'), '合同' || contract_no, sign_date,
        file_id, sheet, row_no,
        {
            'dataset': 'contracts', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', sign_date::varchar, contract_no, spelling, contract_subject,
                                amount_yuan::varchar || '元', coalesce(method, '采购方式空白'))
        }
    from contracts
),

evidence as (
    select
        m.institution_code, m.vendor, m.category, m.island,
        list(r.ev order by r.order_date, r.file_id, r.sheet, r.row_no) as evidence
    from members m
    join source_rows r
        on  r.institution_code = m.institution_code
        and r.vendor = m.vendor
        and r.category = m.category
        and r.order_key = m.order_key
    group by all
),

final as (
    select
        f.institution_code,
        year(f.first_date)                                          as year,
        f.first_date::varchar || '..' || f.last_date::varchar        as period,
        f.vendor                                                    as subject,
        case when f.total_yuan >= p.high_factor * p.threshold then 'high' else 'medium' end as severity,
        least(100, 50 + 50 * (1 - p.threshold / f.total_yuan))      as score,
        f.total_yuan::decimal(18,2)                                 as amount_yuan,
        format('{}至{}向{}分{}笔采购{}，单笔均低于{}元，合计{}元',
               f.first_date, f.last_date, f.vendor, f.n_orders, f.category,
               printf('%.0f', p.threshold), printf('%.2f', f.total_yuan)) as summary_zh,
        json_object(
            'category', f.category, 'orders', f.n_orders, 'total_yuan', f.total_yuan,
            'max_order_yuan', f.max_order_yuan, 'first_date', f.first_date, 'last_date', f.last_date,
            'order_nos', f.order_keys, 'order_amounts_yuan', f.order_amounts,
            'threshold_yuan', p.threshold, 'window_days', p.window_days
        )                                                           as measures,
        e.evidence
    from flagged f
    cross join params p
    join evidence e using (institution_code, vendor, category, island)
)

select * from final
