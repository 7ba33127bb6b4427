-- FIN_BENFORD_DEVIATION: figures that do not look like natural accounting data. Per institution,
-- year and dataset — ledger debits (明细账借方: stg_ledger movement lines, debit_yuan) and
-- payments (付款记录: stg_payments) — the amounts ≥ min_amount_yuan, when there are ≥ min_rows:
-- first-digit Nigrini MAD = mean over d = 1…9 of |observed share − log10(1 + 1/d)|; MAD >
-- max_mad (0.015: nonconformity) flags. Severity low; subject = the dataset. Evidence: the rows
-- of the most over-represented first two digits (observed − expected share, 10…99), largest
-- amounts first, at most 200. Measures carry both distributions for the report's chart.
-- Score: 50 + 50 × (MAD − max_mad) / max_mad, capped at 100.
with params as (
    select
        max(value) filter (where param = 'min_amount_yuan') as min_amount,
        max(value) filter (where param = 'min_rows')        as min_rows,
        max(value) filter (where param = 'max_mad')         as max_mad
    from meta.rule_param
    where rule_id = 'FIN_BENFORD_DEVIATION'
),

amounts as (
    select institution_code, year, '明细账借方' as dataset, debit_yuan as amount_yuan,
           voucher_date as day, 'ledger' as source, file_id, sheet, row_no,
           concat_ws(' ', voucher_date::varchar, voucher_no, summary) as what
    from stg_ledger
    where row_kind = 'movement'
    union all
    select institution_code, year, '付款记录', amount_yuan, pay_date, 'payments', file_id, sheet, row_no,
           concat_ws(' ', pay_date::varchar, payee, voucher_no)
    from stg_payments
),

digits as (
    -- the first two significant digits, from the amount in fen (an exact integer)
    select a.*, cast(left(cast(round(a.amount_yuan * 100) as bigint)::varchar, 2) as integer) as first_two
    from amounts a
    cross join params p
    where a.amount_yuan >= p.min_amount and a.year is not null
),

sets as (
    select institution_code, year, dataset, count(*) as n
    from digits
    group by all
    having count(*) >= (select min_rows from params)
),

first_digit as (
    select s.institution_code, s.year, s.dataset, s.n, d.digit,
           coalesce(c.k, 0) / s.n          as observed,
           log10(1 + 1 / d.digit)          as expected
    from sets s
    cross join (select unnest(range(1, 10)) as digit) d
    left join (
        select institution_code, year, dataset, first_two // 10 as digit, count(*) as k
        from digits group by all
    ) c using (institution_code, year, dataset, digit)
),

mad as (
    select institution_code, year, dataset, any_value(n) as n,
           avg(abs(observed - expected))                    as mad,
           list(observed order by digit)                    as observed,
           list(expected order by digit)                    as expected
    from first_digit
    group by all
),

flagged as (
    select m.* from mad m cross join params p where m.mad > p.max_mad
),

two_digits as (
    select f.institution_code, f.year, f.dataset, d.first_two,
           count(*) / any_value(f.n) - log10(1 + 1 / any_value(d.first_two)) as excess
    from flagged f
    join digits d using (institution_code, year, dataset)
    group by f.institution_code, f.year, f.dataset, d.first_two
),

top_two as (
    select institution_code, year, dataset, arg_max(first_two, excess) as first_two, max(excess) as excess
    from two_digits
    group by all
),

evidence as (
    select institution_code, year, dataset,
           list({'dataset': source, 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
                 'detail': concat_ws(' ', what, amount_yuan::varchar || '元')}
                order by amount_yuan desc, file_id, sheet, row_no) as evidence,
           count(*) as n_top
    from (
        select d.*, row_number() over (partition by d.institution_code, d.year, d.dataset
                                       order by d.amount_yuan desc, d.file_id, d.sheet, d.row_no) as rn
        from digits d
        join top_two t using (institution_code, year, dataset, first_two)
    )
    where rn <= 200
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                    as period,
        f.dataset                                                          as subject,
        'low'                                                              as severity,
        least(100, 50 + 50 * (f.mad - p.max_mad) / p.max_mad)              as score,
        null::decimal(18,2)                                                as amount_yuan,
        format('{}年{}{}笔金额首位数字分布偏离本福特定律（MAD {}，阈值{}）；首两位{}偏多{}个百分点',
               f.year, f.dataset, f.n, printf('%.4f', f.mad), p.max_mad, t.first_two,
               printf('%.1f', 100 * t.excess))                             as summary_zh,
        json_object('n', f.n, 'mad', f.mad, 'max_mad', p.max_mad, 'min_rows', p.min_rows,
                    'min_amount_yuan', p.min_amount,
                    'observed', f.observed, 'expected', f.expected,
                    'top_first_two', t.first_two, 'top_excess', t.excess)  as measures,
        e.evidence
    from flagged f
    join top_two t using (institution_code, year, dataset)
    join evidence e using (institution_code, year, dataset)
    cross join params p
)

select * from final
