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
    -- each voucher no. of a month once: the dates and summaries its lines carry
    select institution_code, month, voucher_no,
           min(voucher_date) as first_date, max(voucher_date) as last_date,
           min(coalesce(summary, '')) as first_summary, max(coalesce(summary, '')) as last_summary
    from stg_ledger
    where voucher_no is not null and voucher_date is not null and row_kind <> 'opening'
    group by all
),

parsed as materialized (
    -- the word and number of each (a word leading the voucher no. is read without the pattern);
    -- the readers leave out numbers of 0 or none: filtered here, each voucher no. would be parsed
    -- twice
    select *,
           case when starts_with(voucher_no, '记') then '记'
                when starts_with(voucher_no, '收') then '收'
                when starts_with(voucher_no, '付') then '付'
                when starts_with(voucher_no, '转') then '转'
                else coalesce(nullif(regexp_extract(voucher_no, '(记|收|付|转)', 1), ''), '记') end as word,
           try_cast(regexp_extract(voucher_no, '([0-9]+)[^0-9]*$', 1) as bigint)                as number
    from vouchers
),

months as (
    -- each month's highest number, its voucher nos., and the numbers it uses as a bitmap (bit
    -- n - 1 for number n): the gaps are read from the bitmap, not by setting the month's range
    -- against its numbers; a month numbered beyond 100,000 is not numbered 1, 2, 3 …: not read
    -- for gaps
    select institution_code, month, word, max(number) as max_no, count(*) as spellings,
           bitstring_agg(number, 1, 100000) filter (where number <= 100000) as used
    from parsed
    where number > 0
    group by all
),

-- the numbers a month writes more than one way (记-3, 记-0003: rare), with their lines'
-- dates and summaries compared across the ways; searched only in months with more voucher nos.
-- than numbers
respelled as (
    select p.institution_code, p.month, p.word, p.number,
           min(p.first_date) <> max(p.last_date)       as dates_differ,
           min(p.first_summary) <> max(p.last_summary) as summaries_differ
    from parsed p
    semi join (select * from months where max_no > 100000 or spellings > bit_count(used))
        using (institution_code, month, word)
    where p.number > 0
    group by all
    having count(*) > 1
),

numbers as (
    -- the numbers used on several dates or under several summaries (a number written several
    -- ways compares its summaries across the ways too)
    select institution_code, month, word, number,
           first_date <> last_date       as dates_differ,
           first_summary <> last_summary as summaries_differ
    from parsed
    anti join respelled using (institution_code, month, word, number)
    where number > 0 and (first_date <> last_date or first_summary <> last_summary)
    union all
    select * from respelled where dates_differ or summaries_differ
),

missing as (
    -- the numbers missing from 1 … the month's highest
    select institution_code, month, word,
           unnest(list_filter(range(1, max_no), n -> get_bit(used, (n - 1)::integer) = 0)) as number
    from months
    where max_no <= 100000
),

gaps as (
    -- each run of missing numbers with the used numbers around it (none before a run from 1)
    select institution_code, month, word, number,
           min(number) over run - 1 as before_no, max(number) over run + 1 as after_no
    from (select *, number - row_number() over (partition by institution_code, month, word order by number) as run_id
          from missing)
    window run as (partition by institution_code, month, word, run_id)
),

neighbours as (
    select distinct institution_code, month, word, unnest([nullif(before_no, 0), after_no]) as number
    from gaps
),

-- the lines read again: of numbers used on several dates or under several summaries (the
-- duplicates and the candidates), and of the numbers beside a gap
numbered as materialized (
    select l.institution_code, l.month, p.word, p.number, l.voucher_date, coalesce(l.summary, '') as summary,
           l.debit_yuan, l.credit_yuan, l.voucher_no, l.file_id, l.sheet, l.row_no
    from stg_ledger l
    join (
        select p.institution_code, p.month, p.voucher_no, p.word, p.number
        from parsed p
        semi join (
            select institution_code, month, word, number from numbers
            union
            select institution_code, month, word, number from neighbours
        ) w using (institution_code, month, word, number)
    ) p using (institution_code, month, voucher_no)
    where l.voucher_date is not null and l.row_kind <> 'opening'
),

duplicates as (
    -- a number on two dates; or on one date under ≥ 2 summaries that each balance
    select institution_code, month, word, number
    from numbers
    where dates_differ
    union all
    select institution_code, month, word, number
    from (
        select v.institution_code, v.month, v.word, v.number, v.summary
        from numbered v
        semi join (select * from numbers where summaries_differ and not dates_differ) n
            using (institution_code, month, word, number)
        group by all
        having sum(v.debit_yuan) = sum(v.credit_yuan) and sum(v.debit_yuan) <> 0
    )
    group by all
    having count(*) >= 2
),

flags as (
    select m.institution_code, m.month, m.word, m.max_no,
           coalesce(g.missing, []) as missing, coalesce(d.duplicated, []) as duplicated
    from months m
    left join (select institution_code, month, word, list(number order by number) as missing
               from gaps group by all) g using (institution_code, month, word)
    left join (select institution_code, month, word, list(number order by number) as duplicated
               from duplicates group by all) d using (institution_code, month, word)
    where g.missing is not null or d.duplicated is not null
),

evidence_rows as (
    select v.*, 'duplicate' as why
    from numbered v
    semi join duplicates d using (institution_code, month, word, number)
    union all by name
    select * exclude (rn), 'neighbour' as why
    from (
        select v.*, row_number() over (partition by v.institution_code, v.month, v.word, v.number
                                       order by v.file_id, v.sheet, v.row_no) as rn
        from numbered v
        semi join neighbours n using (institution_code, month, word, number)
    )
    where rn = 1
),

evidence as (
    select
        institution_code, month, word,
        list(distinct {
            'dataset': 'ledger', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', voucher_date::varchar, voucher_no, summary,
                                case when why = 'duplicate' then '重号' else '断号前后凭证' end)
        }) as evidence
    from evidence_rows
    group by all
),

final as (
    select
        f.institution_code,
        year(f.month)                                                     as year,
        strftime(f.month, '%Y-%m')                                        as period,
        strftime(f.month, '%Y-%m') || ' ' || f.word                       as subject,
        'low'                                                             as severity,
        least(100, 50 + 50 * (len(f.missing) + len(f.duplicated)) / f.max_no) as score,
        null::decimal(18,2)                                               as amount_yuan,
        format('{}{}字凭证：1至{}号中缺{}个号{}{}', strftime(f.month, '%Y-%m'), f.word, f.max_no, len(f.missing),
               case when len(f.missing) > 0 then '（' || array_to_string(f.missing[1:20], '、')
                    || case when len(f.missing) > 20 then '…' else '' end || '）' else '' end,
               case when len(f.duplicated) > 0 then '；重号' || array_to_string(f.duplicated, '、') else '' end) as summary_zh,
        json_object('max_number', f.max_no, 'missing', f.missing[1:200], 'n_missing', len(f.missing),
                    'duplicated', f.duplicated)                           as measures,
        list_sort(e.evidence)                                             as evidence
    from flags f
    join evidence e using (institution_code, month, word)
)

select * from final
