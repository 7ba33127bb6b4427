-- INS_OVER_PRICE: 超标准收费.
-- A charge line whose unit_price > price_list.max_price (strict: exactly the ceiling is no
-- flag; both are DECIMAL(18,2) 元, so the comparison is exact to the fen). One flag per
-- settlement (subject = settlement id); evidence = its over-price lines, each with the ceiling.
-- Items not on the price list are not assessed. Settlement year and stay come from the claims
-- extract where loaded, else from the lines' service dates.
-- Score = 40 + 30 · (1 − max_price / unit_price of the worst line)
--            + 30 · min(1, overcharge ¥ / (score_claims_share, 0.01 %, of the institution's claims total that year)),
-- overcharge ¥ = Σ (unit_price − max_price) · qty over the flagged lines.
with prices as (
    select item_code, item_name, max_price_yuan from stg_price_list where max_price_yuan is not null
),

claims as (
    select institution_code, settlement_id, year, admit_date, discharge_date, stay from stg_claims
),

-- the money that gives the score's money half in full: score_claims_share of the claims total
size as (
    select t.institution_code, t.year, t.claims_total_yuan * r.value as full_score_yuan
    from int_claims_totals t
    join meta.rule_param r on r.rule_id = 'INS_OVER_PRICE' and r.param = 'score_claims_share'
),

over_lines as (
    select
        l.*,
        coalesce(l.item_name, p.item_name)                   as listed_name,
        p.max_price_yuan,
        (l.unit_price_yuan - p.max_price_yuan) * l.qty       as over_yuan,
        l.unit_price_yuan / p.max_price_yuan                 as excess
    from stg_claim_lines l
    join prices p on p.item_code = l.item_code
    where l.unit_price_yuan > p.max_price_yuan
),

per_settlement as (
    select
        institution_code,
        settlement_id,
        count(*)                                          as n_lines,
        sum(over_yuan)                                    as over_yuan,
        max(excess)                                       as excess,
        max(service_date)                                 as last_date,
        arg_max(item_code, excess)                        as worst_item,
        arg_max(listed_name, excess)                      as worst_name,
        arg_max(unit_price_yuan, excess)                  as worst_price,
        arg_max(max_price_yuan, excess)                   as worst_max,
        list({
            'dataset': 'claim_lines', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', service_date::varchar, item_code, listed_name,
                                '单价' || unit_price_yuan::varchar || '元',
                                '（价格目录最高限价' || max_price_yuan::varchar || '元）',
                                '数量' || printf('%g', qty))
        } order by service_date, item_code, file_id, sheet, row_no) as evidence
    from over_lines
    group by all
),

final as (
    select
        s.institution_code,
        coalesce(c.year, year(s.last_date))                                    as year,
        coalesce(c.stay, coalesce(c.year, year(s.last_date))::varchar)         as period,
        s.settlement_id                                                        as subject,
        'high'                                                                 as severity,
        least(100, 40 + 30 * (1 - 1 / s.excess)
              + 30 * least(1, s.over_yuan / nullif(z.full_score_yuan, 0))) as score,
        s.over_yuan::decimal(18,2)                                             as amount_yuan,
        format('结算{}：{}行收费单价超过最高限价，多收{}元；{}{}单价{}元，限价{}元',
               s.settlement_id, s.n_lines, printf('%.2f', s.over_yuan), s.worst_item,
               coalesce(s.worst_name, ''), s.worst_price, s.worst_max)         as summary_zh,
        json_object('lines', s.n_lines, 'over_yuan', s.over_yuan, 'worst_item', s.worst_item,
                    'worst_unit_price', s.worst_price, 'max_price', s.worst_max) as measures,
        s.evidence
    from per_settlement s
    left join claims c using (institution_code, settlement_id)
    left join size z on z.institution_code = s.institution_code and z.year = coalesce(c.year, year(s.last_date))
)

select * from final
