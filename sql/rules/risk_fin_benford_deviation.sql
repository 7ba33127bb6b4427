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

amounts as not materialized (
    -- read twice: once counted by amount, once more for the evidence rows of the flagged sets only
    select institution_code, year, '明细账借方' as dataset, debit_yuan as amount_yuan, 'ledger' as source,
           file_id, sheet, row_no, voucher_date as day, voucher_no as what_1, summary as what_2
    from stg_ledger
    where row_kind = 'movement' and year is not null
    union all
    select institution_code, year, '付款记录', amount_yuan, 'payments', file_id, sheet, row_no, pay_date, payee, voucher_no
    from stg_payments
    where year is not null
),

digits as (
    -- each amount ≥ min_amount_yuan once, with its first two significant digits (from the
    -- amount in fen, an exact integer) and how many rows carry it
    select institution_code, year, dataset, amount_yuan, k,
           cast(left(cast(round(amount_yuan * 100) as bigint)::varchar, 2) as integer) as first_two
    from (
        select institution_code, year, dataset, amount_yuan, count(*) as k
        from amounts
        group by all
    )
    where amount_yuan >= (select min_amount from params)
),

counts as (
    select institution_code, year, dataset, first_two, sum(k)::bigint as k
    from digits
    group by all
),

sets as (
    select institution_code, year, dataset, sum(k)::bigint as n
    from counts
    group by all
    having sum(k) >= (select min_rows from params)
),

first_digit as (
    select s.institution_code, s.year, s.dataset, s.n, d.digit,
           coalesce(c.k, 0) / s.n          as observed,
           log10(1 + 1 / d.digit)          as expected
    from sets s
    cross join (select unnest(range(1, 10)) as digit) d
    left join (
        select institution_code, year, dataset, first_two // 10 as digit, sum(k)::bigint as k
        from counts group by all
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
    select f.institution_code, f.year, f.dataset, c.first_two,
           c.k / f.n - log10(1 + 1 / c.first_two) as excess
    from flagged f
    join counts c using (institution_code, year, dataset)
),

top_two as (
    select institution_code, year, dataset, arg_max(first_two, excess) as first_two, max(excess) as excess
    from two_digits
    group by all
),

evidence as (
    select institution_code, year, dataset,
           list({'dataset': source, 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
                 'detail': concat_ws(' ', day::varchar, what_1, what_2, amount_yuan::varchar || '元')}
                order by amount_yuan desc, file_id, sheet, row_no) as evidence,
           count(*) as n_top
    from (
        select a.*, row_number() over (partition by a.institution_code, a.year, a.dataset
                                       order by a.amount_yuan desc, a.file_id, a.sheet, a.row_no) as rn
        from amounts a
        semi join (
            select d.institution_code, d.year, d.dataset, d.amount_yuan
            from digits d
            join top_two t using (institution_code, year, dataset, first_two)
        ) t using (institution_code, year, dataset, amount_yuan)
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
        format('{}年{}{}笔金额首位数字分布偏离本福特定律（平均绝对偏差{}，阈值{}）；首两位{}偏多{}个百分点',
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
