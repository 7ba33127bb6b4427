-- FIN_DUPLICATE_PAYMENT: the same bill paid twice. Rows of stg_payments (not ledger lines) of
-- one institution to the same payee — vendors of int_vendor, so spellings of one company are
-- one payee — with the same amount ≥ min_amount_yuan, in pairs:
--   * the same invoice no. → high;
--   * no invoice no. on either, paid ≤ max_days_apart days apart, and not two scheduled
--     instalments of one contract (both under the same contract no. of stg_contracts whose
--     payments together stay ≤ its amount) → medium.
-- One flag per institution, year (of the earlier payment of a pair) and payee; subject = the
-- payee (the vendor's name); evidence = the payments of its pairs, each with its own spelling.
-- amount_yuan = the money paid twice: Σ over the pairs of the amount.
-- Score: 50 + 50 × (the pairs' amount / (the pairs' amount + 100 × min_amount_yuan)), so 50 at
-- the smallest duplicate and → 100 as the money grows; same-invoice pairs score 100.
with params as (
    select
        max(value) filter (where param = 'min_amount_yuan') as min_amount,
        max(value) filter (where param = 'max_days_apart')  as max_days,
        max(value) filter (where param = 'score_half_factor') as score_half_factor
    from meta.rule_param
    where rule_id = 'FIN_DUPLICATE_PAYMENT'
),

-- read twice (counted, then for the repeated amounts): two scans cost less than storing it
all_payments as not materialized (
    select
        p.*,
        coalesce(v.vendor, trim(p.payee))                                    as vendor
    from stg_payments p
    left join int_vendor v on v.spelling = trim(p.payee)
    where nullif(trim(p.payee), '') is not null
),

-- only an amount paid more than once to a payee can make a pair: the rest are not paired at all
-- (the amounts of a group are equal, so the floor is tested once a group rather than once a row)
repeated as materialized (
    select institution_code, vendor, amount_yuan
    from all_payments
    group by all
    having count(*) > 1 and amount_yuan >= (select min_amount from params)
),

-- the semi-join on institution and amount alone becomes a filter on the second scan, which then
-- skips most rows of other amounts; a payment's id is its place in the extracts (nothing sorted)
payments as materialized (
    select p.*, {'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no} as pay_id
    from all_payments p
    semi join (select distinct institution_code, amount_yuan from repeated) using (institution_code, amount_yuan)
    semi join repeated using (institution_code, vendor, amount_yuan)
),

instalment_contracts as (
    -- contracts whose payments stay within the contract amount: their equal payments are instalments
    select c.institution_code, c.contract_no
    from stg_contracts c
    join (
        select institution_code, contract_no, sum(amount_yuan) as paid
        from stg_payments
        where contract_no is not null
        group by all
    ) s using (institution_code, contract_no)
    where s.paid <= c.amount_yuan
),

pairs as (
    select
        a.institution_code,
        a.vendor,
        a.amount_yuan,
        a.pay_id                                               as id_a,
        b.pay_id                                               as id_b,
        least(a.pay_date, b.pay_date)                          as first_date,
        a.invoice_no is not null                               as same_invoice
    from payments a
    join payments b
        on  b.institution_code = a.institution_code
        and b.vendor = a.vendor
        and b.amount_yuan = a.amount_yuan
        and a.pay_id < b.pay_id
    cross join params p
    where a.invoice_no = b.invoice_no
       or (a.invoice_no is null and b.invoice_no is null
           and abs(date_diff('day', a.pay_date, b.pay_date)) <= p.max_days
           and not (a.contract_no is not null and a.contract_no = b.contract_no
                    and exists (select 1 from instalment_contracts i
                                where i.institution_code = a.institution_code
                                  and i.contract_no = a.contract_no)))
),

flagged as (
    select
        institution_code,
        year(min(first_date))                         as year,
        vendor,
        count(*)                                      as n_pairs,
        count(*) filter (where same_invoice)          as n_same_invoice,
        sum(amount_yuan)                              as duplicated_yuan,
        list(distinct id_a) || list(distinct id_b)    as ids
    from pairs
    group by institution_code, year(first_date), vendor
),

members as (
    select distinct f.institution_code, f.year, f.vendor, unnest(f.ids) as pay_id
    from flagged f
),

evidence as (
    select
        m.institution_code, m.year, m.vendor,
        min(p.pay_date)                                                      as first_date,
        max(p.pay_date)                                                      as last_date,
        list({
            'dataset': 'payments', 'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
            'detail': concat_ws(' ', p.pay_date::varchar, trim(p.payee), p.amount_yuan::varchar || '元',
                                '发票' || coalesce(p.invoice_no, '空白'), coalesce('合同' || p.contract_no, ''),
                                coalesce('凭证' || p.voucher_no, ''))
        } order by p.pay_date, p.file_id, p.sheet, p.row_no)                  as evidence
    from members m
    join payments p using (pay_id)
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        e.first_date::varchar || '..' || e.last_date::varchar                    as period,
        f.vendor                                                                 as subject,
        case when f.n_same_invoice > 0 then 'high' else 'medium' end             as severity,
        case when f.n_same_invoice > 0 then 100
             else 50 + 50 * f.duplicated_yuan / (f.duplicated_yuan + p.score_half_factor * p.min_amount) end as score,
        f.duplicated_yuan::decimal(18,2)                                         as amount_yuan,
        format('{}至{}向{}重复付款{}对（其中同一发票{}对），重复金额{}元',
               e.first_date, e.last_date, f.vendor, f.n_pairs, f.n_same_invoice,
               printf('%.2f', f.duplicated_yuan))                               as summary_zh,
        json_object('pairs', f.n_pairs, 'same_invoice_pairs', f.n_same_invoice,
                    'duplicated_yuan', f.duplicated_yuan, 'min_amount_yuan', p.min_amount,
                    'max_days_apart', p.max_days)                                as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, vendor)
    cross join params p
)

select * from final
