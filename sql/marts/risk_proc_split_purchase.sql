-- PROC_SPLIT_PURCHASE: purchases split to stay under the tender threshold (化整为零).
-- Same institution, vendor and category: ≥ min_orders purchases within window_days days (last
-- date − first ≤ window_days), each < tender_threshold_yuan, together ≥ tender_threshold_yuan,
-- and none bought by a competitive method.
--   purchase    = an order (the procurement lines of one order no.; a line without order no. is
--                 its own order), or a contract of stg_contracts (category blank → 合同). Orders
--                 placed under a contract of the ledger are that contract's call-offs, not
--                 purchases of their own.
--   competitive = 公开招标, 邀请招标, 竞争性谈判, 竞争性磋商, 询价, 网上竞价, 集中带量采购, or
--                 bought through the centralised platform (channel = platform: the platform's
--                 own tender); everything else (直接采购, 单一来源, blank, unknown) is not.
-- Each window anchored at an eligible purchase that qualifies marks its purchases; overlapping
-- windows merge into one flag, whose period is first..last purchase date.
-- Score: excess = total / threshold (≥ 1); score = 50 + 50 × (1 − 1/excess), so 50 at the
-- threshold and → 100 as the total grows. Severity high when total ≥ 2 × threshold, else medium.
with params as (
    select
        max(value) filter (where param = 'tender_threshold_yuan') as threshold,
        max(value) filter (where param = 'window_days')           as window_days,
        max(value) filter (where param = 'min_orders')            as min_orders
    from meta.rule_param
    where rule_id = 'PROC_SPLIT_PURCHASE'
),

competitive_methods as (
    select unnest(['公开招标', '邀请招标', '竞争性谈判', '竞争性磋商', '询价', '网上竞价', '集中带量采购']) as method
),

contracts as (
    select * from stg_contracts where vendor is not null
),

lines as (
    select
        p.* replace (coalesce(p.category, '') as category),
        coalesce(nullif(trim(p.order_no), ''), p.file_id || ':' || p.sheet || ':' || p.row_no) as order_key,
        coalesce(p.channel = 'platform', false)
            or p.method in (select method from competitive_methods)          as is_competitive
    from stg_procurement p
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
        bool_or(is_competitive)         as is_competitive,
        list({
            'dataset': 'procurement', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', order_date::varchar, coalesce(order_no, ''), item_name,
                                amount_yuan::varchar || '元', coalesce(method, '采购方式空白'))
        } order by order_date, file_id, sheet, row_no) as evidence
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
        method in (select method from competitive_methods) as is_competitive,
        [{
            'dataset': 'contracts', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', sign_date::varchar, contract_no, contract_subject,
                                amount_yuan::varchar || '元', coalesce(method, '采购方式空白'))
        }]                             as evidence
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
    select
        a.institution_code,
        a.vendor,
        a.category,
        a.order_key                     as anchor_key,
        a.order_date                    as start_date,
        max(b.order_date)               as end_date,
        count(*)                        as n_orders,
        sum(b.amount_yuan)              as total_yuan
    from eligible a
    cross join params p
    join eligible b
        on  b.institution_code = a.institution_code
        and b.vendor = a.vendor
        and b.category = a.category
        and b.order_date between a.order_date and a.order_date + cast(p.window_days as integer)
    group by all
    having count(*) >= max(p.min_orders) and sum(b.amount_yuan) >= max(p.threshold)
),

window_breaks as (
    select
        w.*,
        case
            when w.start_date <= max(w.end_date) over (
                partition by w.institution_code, w.vendor, w.category
                order by w.start_date, w.anchor_key
                rows between unbounded preceding and 1 preceding
            ) then 0
            else 1
        end as is_new
    from windows w
),

islands as (
    select
        *,
        sum(is_new) over (
            partition by institution_code, vendor, category
            order by start_date, anchor_key
            rows unbounded preceding
        ) as island
    from window_breaks
),

members as (
    select distinct
        i.institution_code, i.vendor, i.category, i.island, b.order_key, b.order_date, b.amount_yuan
    from islands i
    cross join params p
    join eligible b
        on  b.institution_code = i.institution_code
        and b.vendor = i.vendor
        and b.category = i.category
        and b.order_date between i.start_date and i.start_date + cast(p.window_days as integer)
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

evidence as (
    select
        m.institution_code, m.vendor, m.category, m.island,
        flatten(list(o.evidence order by o.order_date, o.order_key)) as evidence
    from members m
    join orders o
        on  o.institution_code = m.institution_code
        and o.vendor = m.vendor
        and o.category = m.category
        and o.order_key = m.order_key
    group by all
),

final as (
    select
        f.institution_code,
        year(f.first_date)                                          as year,
        f.first_date::varchar || '..' || f.last_date::varchar        as period,
        f.vendor                                                    as subject,
        case when f.total_yuan >= 2 * p.threshold then 'high' else 'medium' end as severity,
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
