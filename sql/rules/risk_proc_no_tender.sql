-- PROC_NO_TENDER: a contract or order at or above the tender threshold without a competitive
-- method: amount ≥ tender_threshold_yuan and method 直接采购, 单一来源 without tender no., or
-- blank ('', '/', '无', '-'). A blank counts only where the export has the column (a method or
-- tender no. column it lacks does not say: stg_file_fields).
--   contracts: each contract of stg_contracts;
--   orders:    procurement lines without a contract in stg_contracts, summed per contract no.
--              (an order citing a contract that is not in the ledger) or else per order no.;
--              platform purchases (channel = platform) went through the platform's own tender
--              and are out of scope. Procurement lines carry no tender no., so 单一来源 counts.
-- Subject: the contract no., or the order no. where there is no contract.
-- Score: 50 + 50 × (1 − threshold / amount): 50 at the threshold, → 100 as the amount grows.
-- Severity: high (a written rule broken, with money attached).
with params as (
    select max(value) filter (where param = 'tender_threshold_yuan') as threshold
    from meta.rule_param
    where rule_id = 'PROC_NO_TENDER'
),

contracts as (
    select
        *,
        method_in_file and (method is null or method in ('', '/', '无', '-', '－', '—')) as is_blank_method
    from stg_contracts
),

contract_hits as (
    select
        c.institution_code,
        c.year,
        c.contract_no                              as subject,
        'contract'                                 as source,
        c.amount_yuan,
        coalesce(c.method, '空白')                 as method,
        c.tender_no,
        c.vendor,
        [{
            'dataset': 'contracts', 'file_id': c.file_id, 'sheet': c.sheet, 'row_no': c.row_no,
            'detail': concat_ws(' ', c.sign_date::varchar, c.contract_no, c.contract_subject, c.vendor,
                                c.amount_yuan::varchar || '元', coalesce(c.method, '采购方式空白'),
                                coalesce('招标编号' || c.tender_no, '无招标编号'))
        }]                                         as evidence
    from contracts c
    cross join params p
    where c.amount_yuan >= p.threshold
      and (c.is_blank_method
           or c.method = '直接采购'
           or (c.method = '单一来源' and c.tender_no is null and c.tender_no_in_file))
),

order_lines as (
    select
        l.*,
        coalesce(
            nullif(trim(l.contract_no), ''),
            nullif(trim(l.order_no), ''),
            l.file_id || ':' || l.sheet || ':' || l.row_no
        )                                          as order_key,
        nullif(trim(l.method), '')                 as method_clean
    from stg_procurement l
    where coalesce(l.channel, '') <> 'platform'
      and not exists (
          select 1 from stg_contracts c
          where c.institution_code = l.institution_code
            and c.contract_no = trim(l.contract_no)
      )
),

orders as (
    select
        institution_code,
        order_key,
        min(order_date)                                                  as order_date,
        sum(amount_yuan)                                                 as amount_yuan,
        string_agg(distinct method_clean, '/')                           as methods,
        bool_and((method_clean is null and method_in_file)
                 or method_clean in ('/', '无', '-', '－', '—', '直接采购', '单一来源'))
                                                                         as is_non_competitive,
        string_agg(distinct vendor, '/')                                 as vendor,
        list({
            'dataset': 'procurement', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', order_date::varchar, coalesce(order_no, ''), item_name, vendor,
                                amount_yuan::varchar || '元', coalesce(method_clean, '采购方式空白'))
        } order by order_date, file_id, sheet, row_no)                   as evidence
    from order_lines
    group by all
),

order_hits as (
    select
        o.institution_code,
        year(o.order_date)                         as year,
        o.order_key                                as subject,
        'order'                                    as source,
        o.amount_yuan,
        coalesce(o.methods, '空白')                as method,
        null::varchar                              as tender_no,
        o.vendor,
        o.evidence
    from orders o
    cross join params p
    where o.amount_yuan >= p.threshold
      and o.is_non_competitive
),

hits as (
    select * from contract_hits
    union all by name
    select * from order_hits
),

final as (
    select
        h.institution_code,
        h.year,
        h.year::varchar                                            as period,
        h.subject,
        'high'                                                     as severity,
        least(100, 50 + 50 * (1 - p.threshold / h.amount_yuan))    as score,
        h.amount_yuan::decimal(18,2)                               as amount_yuan,
        format('{}{}金额{}元，达到{}元招标限额，采购方式为{}{}',
               case when h.source = 'contract' then '合同' else '订单' end, h.subject,
               printf('%.2f', h.amount_yuan), printf('%.0f', p.threshold), h.method,
               case when h.method = '单一来源' then '且无招标编号' else '' end) as summary_zh,
        json_object(
            'source', h.source, 'amount_yuan', h.amount_yuan, 'method', h.method,
            'tender_no', h.tender_no, 'vendor', h.vendor, 'threshold_yuan', p.threshold
        )                                                          as measures,
        h.evidence
    from hits h
    cross join params p
)

select * from final
