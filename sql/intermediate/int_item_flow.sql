-- int_item_flow: per institution, year and drug or consumable, what was billed to insurance
-- (claim lines), bought (procurement: 药品, 高值耗材, 低值耗材) and in stock at the start of the
-- year (inventory), all in packs — the unit the store buys and counts in. INS_BILLED_OVER_PURCHASED
-- reads it; rule coverage reads which items could not be converted.
--
-- Item: the item code where the purchase (or stock) line has one — the 医保编码 of both
-- extracts — else the normalised name + spec (lower case, no spaces, full-width brackets and
-- ×/* unified). A claim line takes the item of its code; a line whose code no purchase or stock
-- line of the institution carries takes the item whose name + spec, or whose name alone when
-- the institution buys it in one spec only, equals the line's normalised name.
--
-- Units: a pack holds N billing units, N read from the spec's last count (`0.25g×24粒` and
-- `10片/盒` → 24 and 10; no count → 1). A claim line bills either packs or units: whichever
-- makes its unit price closest to the item's purchase price per pack (the year's average,
-- else the latest price paid before the year's end, else the stock's value per pack), and
-- within a factor of 2 of it. An item with a line that fits neither (or, with N > 1, no
-- reference price at all) has conversion_known = false: it is not assessed.
--
-- Stock at the start of the year: the January rows' opening quantity, else the previous
-- December's closing quantity (summed over the store rows of the month); null when the
-- institution-year has no inventory rows.
with specs as (
    -- the count a spec names, read once per distinct spec (a constant pattern: compiled once)
    select spec,
           nullif(regexp_extract(spec, '(\d+(?:\.\d+)?)\s*(片|粒|丸|袋|支|瓶|枚|贴|包|只|个|套|块|张|条|根|板|剂|帖|卷|副|对|揿)\s*(?:/\s*\S{1,2})?\s*$', 1), '')::double as n
    from (select spec from stg_procurement union select spec from stg_inventory)
    where spec is not null
),

purchases as (
    select
        p.institution_code,
        p.year,
        p.order_date,
        p.item_code,
        p.item_name,
        p.spec,
        p.qty,
        p.amount_yuan,
        p.file_id,
        p.sheet,
        p.row_no,
        case when p.item_code is null
             then lower(regexp_replace(translate(coalesce(p.item_name, ''), '（）×＊*', '()xxx'), '\s', '', 'g')) end as name_norm,
        case when p.item_code is null
             then lower(regexp_replace(translate(coalesce(p.spec, ''), '（）×＊*', '()xxx'), '\s', '', 'g')) end      as spec_norm,
        coalesce(s.n, 1)                                                                          as pack
    from stg_procurement p
    left join specs s using (spec)
    where p.category in ('药品', '高值耗材', '低值耗材')
      and p.qty is not null and p.order_date is not null
),

stock_rows as (
    select
        v.*,
        case when v.item_code is null
             then lower(regexp_replace(translate(coalesce(v.item_name, ''), '（）×＊*', '()xxx'), '\s', '', 'g')) end as name_norm,
        case when v.item_code is null
             then lower(regexp_replace(translate(coalesce(v.spec, ''), '（）×＊*', '()xxx'), '\s', '', 'g')) end      as spec_norm,
        s.n                                                                                       as pack
    from stg_inventory v
    left join specs s using (spec)
),

keyed_purchases as materialized (
    select *, coalesce(item_code, 'N:' || name_norm || '|' || spec_norm) as item_key
    from purchases
),

keyed_stock as (
    select *, coalesce(item_code, 'N:' || name_norm || '|' || spec_norm) as item_key
    from stock_rows
),

-- the items an institution buys or stocks (any year), with what identifies them
items as (
    select institution_code, item_key, any_value(item_code) as item_code, any_value(name_norm) as name_norm,
           any_value(spec_norm) as spec_norm
    from (
        select institution_code, item_key, item_code, name_norm, spec_norm from keyed_purchases
        union all
        select institution_code, item_key, item_code, name_norm, spec_norm from keyed_stock
    )
    group by all
),

name_keys as (
    -- name + spec, or the name alone where the institution has one spec of it
    select institution_code, name_key, item_key
    from (
        select institution_code, name_norm || spec_norm as name_key, item_key from items where item_code is null
        union all
        select institution_code, name_norm, any_value(item_key)
        from items
        where item_code is null
        group by all
        having count(*) = 1
    )
    qualify count(*) over (partition by institution_code, name_key) = 1
),

-- the one scan of the claim lines: drugs and consumables, per code, month and price, with the
-- five largest lines of each (the evidence of the busiest months)
billed_groups as materialized (
    select
        institution_code,
        year,
        item_code,
        date_trunc('month', service_date)::date as month,
        unit_price_yuan,
        any_value(item_name)                    as item_name,
        sum(qty)                                as qty,
        sum(amount_yuan)                        as amount_yuan,
        max_by({'file_id': file_id, 'sheet': sheet, 'row_no': row_no, 'settlement_id': settlement_id,
                'service_date': service_date, 'item_code': item_code, 'item_name': item_name,
                'qty': qty, 'unit_price_yuan': unit_price_yuan}, qty, 5) as top_lines
    from stg_claim_lines
    where coalesce(item_class, '') not in ('诊疗项目', '服务设施')
    group by all
),

billed_by_code as (
    select b.*, c.item_key
    from billed_groups b
    left join items c
      on c.institution_code = b.institution_code and c.item_code = b.item_code
),

billed_keyed as materialized (
    select * from billed_by_code where item_key is not null
    union all
    -- a code no purchase or stock line carries: by the line's normalised name
    select b.* replace (n.item_key as item_key)
    from billed_by_code b
    join name_keys n
      on n.institution_code = b.institution_code
     and n.name_key = lower(regexp_replace(translate(coalesce(b.item_name, ''), '（）×＊*', '()xxx'), '\s', '', 'g'))
    where b.item_key is null
),

bought as (
    select institution_code, year, item_key,
           any_value(item_code)                                  as item_code,
           arg_max(item_name, order_date)                        as item_name,
           arg_max(spec, order_date)                             as spec,
           max(pack)                                             as pack,
           sum(qty)                                              as purchased_packs,
           sum(amount_yuan) / nullif(sum(qty), 0)                as price_per_pack,
           list({'file_id': file_id, 'sheet': sheet, 'row_no': row_no, 'order_date': order_date,
                 'qty': qty, 'amount_yuan': amount_yuan}
                order by order_date, file_id, sheet, row_no)     as purchase_rows
    from keyed_purchases
    group by all
),

stock_months as (
    select institution_code, item_key, month,
           any_value(item_code) as item_code, any_value(item_name) as item_name, any_value(spec) as spec,
           max(pack) as pack,
           sum(opening_qty) as opening_qty, sum(closing_qty) as closing_qty,
           sum(opening_amount_yuan) / nullif(sum(opening_qty), 0) as opening_price
    from keyed_stock
    group by all
),

opening as (
    -- the stock at the start of each year: January's opening, else last December's closing
    select institution_code, year, item_key,
           arg_min(qty, pri) as stock_packs, arg_min(price, pri) as stock_price,
           any_value(item_code) as item_code, any_value(item_name) as item_name,
           any_value(spec) as spec, max(pack) as pack
    from (
        select institution_code, year(month) as year, item_key, opening_qty as qty, opening_price as price,
               item_code, item_name, spec, pack, 1 as pri
        from stock_months where month(month) = 1 and opening_qty is not null
        union all
        select institution_code, year(month) + 1, item_key, closing_qty, null,
               item_code, item_name, spec, pack, 2
        from stock_months where month(month) = 12 and closing_qty is not null
    )
    group by all
),

inventory_years as (
    select distinct institution_code, year from stg_inventory
),

procurement_years as (
    select distinct institution_code, year from purchases
),

item_packs as (
    select institution_code, item_key, max(pack) as pack
    from keyed_purchases
    group by all
),

-- the latest price paid for an item in each year (the reference of a later year without purchases)
last_prices as (
    select institution_code, item_key, year, arg_max(amount_yuan / qty, order_date) as price
    from keyed_purchases
    where qty > 0
    group by all
),

billed_items as (
    select institution_code, year, item_key, any_value(item_code) as item_code, any_value(item_name) as item_name
    from billed_keyed
    group by all
),

-- every item of an institution-year that was billed, with its pack and reference price
flow as (
    select
        b.institution_code,
        b.year,
        b.item_key,
        coalesce(p.item_code, o.item_code, b.item_code)                   as item_code,
        coalesce(p.item_name, o.item_name, b.item_name)                   as item_name,
        coalesce(p.spec, o.spec)                                          as spec,
        coalesce(p.pack, o.pack, ip.pack, 1)                              as pack,
        coalesce(p.price_per_pack, lp.price, o.stock_price)               as ref_price,
        coalesce(p.purchased_packs, 0)                                    as purchased_packs,
        case when iy.year is not null then coalesce(o.stock_packs, 0) end as stock_packs,
        coalesce(p.purchase_rows, [])                                     as purchase_rows
    from billed_items b
    join procurement_years py using (institution_code, year)
    left join bought p using (institution_code, year, item_key)
    left join opening o using (institution_code, year, item_key)
    left join inventory_years iy using (institution_code, year)
    left join item_packs ip using (institution_code, item_key)
    asof left join last_prices lp
      on lp.institution_code = b.institution_code and lp.item_key = b.item_key and b.year > lp.year
),

-- each billed group in packs: a line bills packs (k = 1) or units (k = pack)
converted as materialized (
    select
        f.institution_code, f.year, f.item_key, g.item_code as billed_code, g.month, g.qty, g.amount_yuan, g.top_lines,
        case
            when f.ref_price is null or f.ref_price <= 0 or g.unit_price_yuan is null or g.unit_price_yuan <= 0
                then case when f.pack = 1 then 1 end
            when abs(ln(g.unit_price_yuan / f.ref_price)) <= abs(ln(g.unit_price_yuan * f.pack / f.ref_price))
                then case when abs(ln(g.unit_price_yuan / f.ref_price)) <= ln(2) then 1 end
            else case when abs(ln(g.unit_price_yuan * f.pack / f.ref_price)) <= ln(2) then f.pack end
        end as units_per_pack
    from flow f
    join billed_keyed g using (institution_code, year, item_key)
),

per_item as (
    select
        institution_code, year, item_key,
        bool_and(units_per_pack is not null)                           as conversion_known,
        case when min(units_per_pack) = max(units_per_pack) then min(units_per_pack) end as units_per_pack,
        sum(qty / units_per_pack)                                      as billed_packs,
        sum(qty)                                                       as billed_qty,
        sum(amount_yuan)                                               as billed_amount_yuan,
        list(distinct billed_code)                                     as billed_codes
    from converted
    group by all
),

busiest as (
    -- the three months with the most packs billed
    select institution_code, year, item_key, list(month order by packs desc, month)[1:3] as busiest_months
    from (
        select institution_code, year, item_key, month, sum(qty / units_per_pack) as packs
        from converted
        group by all
    )
    group by all
),

busiest_lines as (
    -- the largest billed lines of the busiest months, at most 50 an item
    select institution_code, year, item_key,
           list(t order by t.qty desc, t.service_date, t.file_id, t.sheet, t.row_no)[1:50] as lines
    from (
        select c.institution_code, c.year, c.item_key, unnest(c.top_lines) as t
        from converted c
        join busiest b using (institution_code, year, item_key)
        where list_contains(b.busiest_months, c.month)
    )
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.item_key,
        f.item_code,
        f.item_name,
        f.spec,
        f.pack,
        i.conversion_known,
        i.units_per_pack,
        i.billed_qty,
        i.billed_packs,
        i.billed_amount_yuan,
        f.purchased_packs,
        f.stock_packs,
        f.ref_price                                                    as purchase_price_per_pack,
        i.billed_codes,
        m.busiest_months,
        bl.lines                                                       as busiest_lines,
        f.purchase_rows
    from flow f
    join per_item i using (institution_code, year, item_key)
    join busiest m using (institution_code, year, item_key)
    left join busiest_lines bl using (institution_code, year, item_key)
)

select * from final
