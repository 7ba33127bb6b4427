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

lines as (
    select l.*
    from stg_claim_lines l
    where l.item_code is not null
      and (l.institution_code, l.item_code) in (select institution_code, item_code from purchases)
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
        arg_min(p.item_name,
                (-p.unit_price_yuan, p.order_date, p.file_id, p.sheet, p.row_no)) as purchase_name,
        arg_min({'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
                 'order_date': p.order_date},
                (-p.unit_price_yuan, p.order_date, p.file_id, p.sheet, p.row_no)) as purchase_row
    from (select distinct institution_code, item_code, service_date from lines) d
    join purchases p
      on p.institution_code = d.institution_code
     and p.item_code = d.item_code
     and p.order_date <= d.service_date
     and p.order_date >= d.service_date - interval 12 month
    group by all
),

over_lines as (
    select
        l.*,
        r.purchase_price,
        r.purchase_row,
        coalesce(r.purchase_name, l.item_name, l.item_code)                 as listed_name,
        (l.unit_price_yuan - r.purchase_price) * l.qty                      as excess_yuan,
        l.unit_price_yuan / r.purchase_price                                as ratio
    from lines l
    join reference r using (institution_code, item_code, service_date)
    cross join params
    where l.unit_price_yuan::decimal(18,2) > r.purchase_price::decimal(18,2) * params.markup_factor
),

per_item as (
    select
        institution_code,
        year,
        item_code,
        any_value(listed_name)                                              as item_name,
        count(*)                                                            as n_lines,
        sum(qty)                                                            as qty,
        sum(excess_yuan)                                                    as excess_yuan,
        max(ratio)                                                          as ratio,
        arg_max(unit_price_yuan, ratio)                                     as worst_price,
        arg_max(purchase_price, ratio)                                      as worst_purchase,
        list(distinct purchase_row)                                         as purchase_rows,
        list({
            'dataset': 'claim_lines', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', service_date::varchar, settlement_id, item_code, listed_name,
                                '单价' || unit_price_yuan::varchar || '元',
                                '（12个月内最高进价' || purchase_price::varchar || '元）',
                                '数量' || printf('%g', qty))
        } order by excess_yuan desc, service_date, file_id, sheet, row_no)  as billed
    from over_lines
    group by institution_code, year, item_code
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
            i.billed[1:50])                                                  as evidence
    from per_item i
    cross join params
    where i.excess_yuan >= params.min_excess_yuan
)

select * from final
