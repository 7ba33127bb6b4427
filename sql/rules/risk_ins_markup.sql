-- INS_MARKUP: 药品耗材加成 — billed above the purchase price under the zero-markup policy.
-- A charge line is over when its unit price > markup_factor (1.005) × the highest unit price
-- the same institution paid for the same item (item code, in both extracts) on orders dated
-- in the 12 months up to the service date (service date − 12 months ≤ order date ≤ service
-- date). Lines of items with no such purchase are not assessed: there is nothing to compare.
-- One flag per institution, item and service year when Σ (unit price − that purchase price)
-- × qty over its over lines ≥ min_excess_yuan (¥5,000); refunds (qty < 0) net out.
-- Subject = the item name (procurement's, else the claim line's, else the code). Evidence =
-- the purchase lines that set the reference prices, then the over lines, largest excess first.
-- Score = 40 + 30 · min(1, (unit price / purchase price − 1) / 0.3 on the worst line)
--            + 30 · min(1, excess ¥ / (4 · min_excess_yuan)).
with params as (
    select
        -- exact decimal: 100.00 × 1.005 in binary floating point is below 100.50
        max(value) filter (where param = 'markup_factor')::decimal(12,6) as markup_factor,
        max(value) filter (where param = 'min_excess_yuan') as min_excess_yuan,
        max(value) filter (where param = 'score_full_markup') as score_full_markup,
        max(value) filter (where param = 'score_full_excess_factor') as score_full_excess_factor
    from meta.rule_param
    where rule_id = 'INS_MARKUP'
),

purchases as (
    select institution_code, item_code, order_date, item_name, unit_price_yuan, file_id, sheet, row_no
    from stg_procurement
    where item_code is not null and unit_price_yuan > 0 and order_date is not null
),

-- the lines of purchased items, one row per institution, item, day and unit price
day_prices as (
    select l.institution_code, l.item_code, l.service_date, l.unit_price_yuan, count(*) as n_lines, sum(l.qty) as qty
    from stg_claim_lines l
    where (l.institution_code, l.item_code) in (select institution_code, item_code from purchases)
    group by all
),

-- one row per institution, item and service date: the reference price and the order setting it
-- (of orders at the top price, the earliest, then the first row: the same one every build, and
-- one that stays the reference while it is in the window)
reference as (
    select
        d.institution_code,
        d.item_code,
        d.service_date,
        max(p.unit_price_yuan)                                              as purchase_price,
        -- a line billed above this is over
        max(p.unit_price_yuan)::decimal(18,2) * (select markup_factor from params) as over_price,
        arg_min(p.item_name,
                (-p.unit_price_yuan, p.order_date, p.file_id, p.sheet, p.row_no)) as purchase_name,
        arg_min({'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
                 'order_date': p.order_date},
                (-p.unit_price_yuan, p.order_date, p.file_id, p.sheet, p.row_no)) as purchase_row
    from (select distinct institution_code, item_code, service_date from day_prices) d
    join purchases p
      on p.institution_code = d.institution_code
     and p.item_code = d.item_code
     and p.order_date <= d.service_date
     and p.order_date >= d.service_date - interval 12 month
    group by all
),

over_prices as materialized (
    select
        d.*,
        year(d.service_date)                                                as year,
        r.purchase_price,
        r.purchase_row,
        r.purchase_name,
        d.unit_price_yuan - r.purchase_price                                as excess_per_unit,
        d.unit_price_yuan / r.purchase_price                                as ratio
    from day_prices d
    join reference r using (institution_code, item_code, service_date)
    where d.unit_price_yuan::decimal(18,2) > r.over_price
),

-- the over lines: the item's name (procurement's, else the lines'), and the 50 with the
-- largest excess (then by date and row)
billed as (
    select
        o.institution_code, o.year, o.item_code,
        any_value(coalesce(o.purchase_name, l.item_name, l.item_code))     as item_name,
        min_by({'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no, 'service_date': l.service_date,
                'settlement_id': l.settlement_id, 'listed_name': coalesce(o.purchase_name, l.item_name, l.item_code), 'qty': l.qty,
                'unit_price_yuan': l.unit_price_yuan, 'purchase_price': o.purchase_price},
               {'no_excess': l.qty is null, 'excess': -coalesce(o.excess_per_unit * l.qty, 0), 'day': l.service_date,
                'file_id': l.file_id, 'no_sheet': l.sheet is null, 'sheet': coalesce(l.sheet, ''), 'row_no': l.row_no},
               50)                                                          as lines
    from stg_claim_lines l
    join over_prices o using (institution_code, item_code, service_date, unit_price_yuan)
    group by all
),

per_item as (
    select
        o.institution_code,
        o.year,
        o.item_code,
        any_value(b.item_name)                                              as item_name,
        sum(o.n_lines)                                                      as n_lines,
        sum(o.qty)                                                          as qty,
        sum(o.excess_per_unit * o.qty)                                      as excess_yuan,
        max(o.ratio)                                                        as ratio,
        arg_max(o.unit_price_yuan, o.ratio)                                 as worst_price,
        arg_max(o.purchase_price, o.ratio)                                  as worst_purchase,
        list(distinct o.purchase_row)                                       as purchase_rows,
        any_value(b.lines)                                                  as billed
    from over_prices o
    join billed b using (institution_code, year, item_code)
    group by o.institution_code, o.year, o.item_code
),

final as (
    select
        i.institution_code,
        i.year,
        i.year::varchar                                                      as period,
        i.item_name                                                          as subject,
        'high'                                                               as severity,
        least(100, 40 + 30 * least(1, (i.ratio - 1) / params.score_full_markup)
              + 30 * least(1, i.excess_yuan / (params.score_full_excess_factor * params.min_excess_yuan))) as score,
        i.excess_yuan::decimal(18,2)                                         as amount_yuan,
        format('{}（{}）{}年{}行收费单价高于12个月内最高采购单价，多收{}元；最高一行单价{}元，进价{}元',
               i.item_name, i.item_code, i.year, i.n_lines, printf('%.2f', i.excess_yuan),
               printf('%.2f', i.worst_price), printf('%.2f', i.worst_purchase))                              as summary_zh,
        json_object('item_code', i.item_code, 'lines', i.n_lines, 'qty', i.qty,
                    'excess_yuan', i.excess_yuan, 'worst_unit_price', i.worst_price,
                    'purchase_price', i.worst_purchase,
                    'markup_factor', params.markup_factor)                   as measures,
        list_concat(
            list_transform(list_sort(i.purchase_rows), p -> {
                'dataset': 'procurement', 'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
                'detail': p.order_date::varchar || ' 采购' || i.item_name || '（参照进价）'
            }),
            list_transform(i.billed, l -> {
                'dataset': 'claim_lines', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
                'detail': concat_ws(' ', l.service_date::varchar, l.settlement_id, i.item_code, l.listed_name,
                                    '单价' || l.unit_price_yuan::varchar || '元',
                                    '（12个月内最高进价' || l.purchase_price::varchar || '元）',
                                    '数量' || printf('%g', l.qty))
            }))                                                              as evidence
    from per_item i
    cross join params
    where i.excess_yuan >= params.min_excess_yuan
)

select * from final
