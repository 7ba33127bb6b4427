-- FIN_VOUCHER_GAP: vouchers missing from the numbering. Per institution, month (of the voucher
-- date) and voucher word (记/收/付/转 of numbers like 记-0012 or 记-03-0012; the number is the
-- last group of digits; a number without a word is 记) in stg_ledger (opening rows aside):
--   * gap:       numbers missing from 1 … the month's highest number;
--   * duplicate: one number used for two different vouchers — its lines carry different dates,
--                or on one date ≥ 2 summaries whose lines each balance on their own (debit =
--                credit): a voucher's lines may word their summaries differently, two vouchers
--                each balance.
-- One flag per institution, month and word; subject = `YYYY-MM 记`; severity low. Evidence: the
-- lines of each duplicated number, and for each gap the first line of the voucher before and
-- after it. Score: 50 + 50 × (missing + duplicated numbers) / highest number, capped at 100.
with vouchers as (
    select
        l.*,
        coalesce(regexp_extract(l.voucher_no, '(记|收|付|转)', 1), '')      as word_raw,
        try_cast(regexp_extract(l.voucher_no, '([0-9]+)[^0-9]*$', 1) as bigint)  as number,
        strftime(l.voucher_date, '%Y-%m')                                    as ym
    from stg_ledger l
    where l.voucher_no is not null and l.voucher_date is not null and l.row_kind <> 'opening'
),

numbered as (
    select * replace (coalesce(nullif(word_raw, ''), '记') as word_raw)
    from vouchers
    where number is not null and number > 0
),

months as (
    select institution_code, ym, word_raw as word, max(number) as max_no
    from numbered
    group by all
),

runs as (
    -- each number used, with the one used before it in the month
    select institution_code, ym, word, number as after_no,
           lag(number) over (partition by institution_code, ym, word order by number) as before_no
    from (select distinct institution_code, ym, word_raw as word, number from numbered)
),

gaps as (
    -- the numbers missing between two used ones (or before the first), with those two; a month
    -- numbered beyond 100,000 is not numbered 1, 2, 3 …: not read for gaps
    select r.institution_code, r.ym, r.word, r.before_no, r.after_no,
           unnest(range(coalesce(r.before_no, 0) + 1, r.after_no)) as number
    from runs r
    join months m using (institution_code, ym, word)
    where m.max_no <= 100000 and r.after_no > coalesce(r.before_no, 0) + 1
),

summaries as (
    select institution_code, ym, word_raw as word, number, voucher_date, coalesce(summary, '') as summary,
           sum(debit_yuan) = sum(credit_yuan) and sum(debit_yuan) <> 0 as balanced
    from numbered
    group by all
),

duplicates as (
    select institution_code, ym, word, number
    from (
        select *, count(*) filter (where balanced)
                      over (partition by institution_code, ym, word, number, voucher_date) as n_balanced
        from summaries
    )
    group by institution_code, ym, word, number
    having count(distinct voucher_date) > 1 or max(n_balanced) >= 2
),

flags as (
    select m.institution_code, m.ym, m.word, m.max_no,
           coalesce(g.missing, []) as missing, coalesce(d.duplicated, []) as duplicated
    from months m
    left join (select institution_code, ym, word, list(number order by number) as missing
               from gaps group by all) g using (institution_code, ym, word)
    left join (select institution_code, ym, word, list(number order by number) as duplicated
               from duplicates group by all) d using (institution_code, ym, word)
    where g.missing is not null or d.duplicated is not null
),

neighbours as (
    select distinct institution_code, ym, word, unnest([before_no, after_no]) as number
    from gaps
),

evidence_rows as (
    select v.*, 'duplicate' as why
    from numbered v
    join flags f on f.institution_code = v.institution_code and f.ym = v.ym and f.word = v.word_raw
    where list_contains(f.duplicated, v.number)
    union all by name
    select * exclude (rn), 'neighbour' as why
    from (
        select v.*, row_number() over (partition by v.institution_code, v.ym, v.word_raw, v.number
                                       order by v.file_id, v.sheet, v.row_no) as rn
        from numbered v
        join neighbours n
            on n.institution_code = v.institution_code and n.ym = v.ym and n.word = v.word_raw and n.number = v.number
    )
    where rn = 1
),

evidence as (
    select
        institution_code, ym, word_raw as word,
        list(distinct {
            'dataset': 'ledger', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', voucher_date::varchar, voucher_no, coalesce(summary, ''),
                                case when why = 'duplicate' then '重号' else '断号前后凭证' end)
        }) as evidence
    from evidence_rows
    group by all
),

final as (
    select
        f.institution_code,
        cast(left(f.ym, 4) as integer)                                    as year,
        f.ym                                                              as period,
        f.ym || ' ' || f.word                                             as subject,
        'low'                                                             as severity,
        least(100, 50 + 50 * (len(f.missing) + len(f.duplicated)) / f.max_no) as score,
        null::decimal(18,2)                                               as amount_yuan,
        format('{}{}字凭证：1至{}号中缺{}个号{}{}', f.ym, f.word, f.max_no, len(f.missing),
               case when len(f.missing) > 0 then '（' || array_to_string(f.missing[1:20], '、')
                    || case when len(f.missing) > 20 then '…' else '' end || '）' else '' end,
               case when len(f.duplicated) > 0 then '；重号' || array_to_string(f.duplicated, '、') else '' end) as summary_zh,
        json_object('max_number', f.max_no, 'missing', f.missing[1:200], 'n_missing', len(f.missing),
                    'duplicated', f.duplicated)                           as measures,
        list_sort(e.evidence)                                             as evidence
    from flags f
    join evidence e using (institution_code, ym, word)
)

select * from final
