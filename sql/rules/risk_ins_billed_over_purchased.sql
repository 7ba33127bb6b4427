-- INS_BILLED_OVER_PURCHASED: 进销存不符 / 虚记 — drugs and consumables billed beyond what was bought.
-- Per institution, year and item (int_item_flow: matched by item code, else normalised name +
-- spec; quantities converted to packs): Σ billed > (Σ purchased + the stock at the start of the
-- year, where an inventory extract gives it) × tolerance (1.05), and the excess × the billed
-- price ≥ min_excess_yuan (¥10,000). The excess is what was billed beyond the purchases and stock
-- (not beyond the tolerance). Items whose conversion is unknown are not assessed (coverage names
-- them), nor are institution-years without procurement rows.
-- Subject = the item name (its code where neither purchases nor bills name it). Evidence = the
-- item's purchase lines of the year, then the largest billed lines of its three busiest months
-- (int_item_flow keeps five of each month and price).
-- Score = 40 + 30 · min(1, (billed / available − 1)) + 30 · min(1, excess ¥ / (score_full_excess_factor (4) · min_excess_yuan)).
with params as (
    select
        max(value) filter (where param = 'tolerance')::decimal(12,6) as tolerance,
        max(value) filter (where param = 'min_excess_yuan')          as min_excess_yuan,
        max(value) filter (where param = 'score_full_excess_factor') as score_full_excess_factor
    from meta.rule_param
    where rule_id = 'INS_BILLED_OVER_PURCHASED'
),

over as (
    select
        f.*,
        f.purchased_packs + coalesce(f.stock_packs, 0)                     as available_packs,
        f.billed_packs - (f.purchased_packs + coalesce(f.stock_packs, 0))  as excess_packs,
        f.billed_amount_yuan / f.billed_packs                              as price_per_pack_billed
    from int_item_flow f
    cross join params
    where f.conversion_known
      and f.billed_packs > 0
      and f.billed_packs::decimal(18,4) > (f.purchased_packs + coalesce(f.stock_packs, 0))::decimal(18,4) * params.tolerance
),

flagged as (
    select o.*, o.excess_packs * o.price_per_pack_billed as excess_yuan
    from over o
    cross join params
    where o.excess_packs * o.price_per_pack_billed >= params.min_excess_yuan
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                      as period,
        coalesce(f.item_name, f.item_code, f.spec)                           as subject,
        'high'                                                               as severity,
        least(100, 40 + 30 * least(1, case when f.available_packs > 0
                                           then f.billed_packs / f.available_packs - 1 else 1 end)
              + 30 * least(1, f.excess_yuan / (params.score_full_excess_factor * params.min_excess_yuan))) as score,
        f.excess_yuan::decimal(18,2)                                         as amount_yuan,
        format('{}（{}）{}年医保结算{}，同期采购{}{}，超出{}{}，按结算单价计{}元',
               coalesce(f.item_name, f.item_code, f.spec), coalesce(f.item_code, f.spec, ''), f.year,
               printf('%g', round(f.billed_packs * coalesce(f.units_per_pack, 1), 2)),
               printf('%g', round(f.purchased_packs * coalesce(f.units_per_pack, 1), 2)),
               case when f.stock_packs is not null
                    then '、年初库存' || printf('%g', round(f.stock_packs * coalesce(f.units_per_pack, 1), 2))
                    else '（无进销存数据，未计库存）' end,
               printf('%g', round(f.excess_packs * coalesce(f.units_per_pack, 1), 2)),
               case when f.units_per_pack is null then '（按包装计）'
                    when f.units_per_pack > 1 then '（按' || printf('%g', f.units_per_pack) || '个计费单位/包装换算）'
                    else '' end,
               printf('%.2f', f.excess_yuan))                                as summary_zh,
        json_object('item_code', f.item_code, 'spec', f.spec, 'units_per_pack', f.pack,
                    'billed_units_per_pack', f.units_per_pack,
                    'billed_qty', f.billed_qty, 'billed_packs', f.billed_packs,
                    'purchased_packs', f.purchased_packs, 'opening_stock_packs', f.stock_packs,
                    'excess_packs', f.excess_packs, 'billed_over_yuan', f.excess_yuan,
                    'busiest_months', f.busiest_months, 'tolerance', params.tolerance) as measures,
        list_concat(
            list_transform(f.purchase_rows[1:30], p -> {
                'dataset': 'procurement', 'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
                'detail': p.order_date::varchar || ' 采购' || coalesce(f.item_name, f.item_code, f.spec) || ' 数量' || printf('%g', p.qty)
                          || ' 金额' || printf('%.2f', p.amount_yuan) || '元'
            }),
            list_transform(coalesce(f.busiest_lines, []), l -> {
                'dataset': 'claim_lines', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
                'detail': concat_ws(' ', l.service_date::varchar, l.settlement_id, l.item_code, l.item_name,
                                    '数量' || printf('%g', l.qty), '单价' || l.unit_price_yuan::varchar || '元')
            }))                                                              as evidence
    from flagged f
    cross join params
)

select * from final
