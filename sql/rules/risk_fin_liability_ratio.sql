-- FIN_LIABILITY_RATIO: debt rising / borrowing for construction.
-- Per institution and year: liability ratio > max_ratio (50 %, strict), or up > max_rise_points
-- (5 percentage points, strict) within the year; or new long-term loans tagged 基建.
-- Decisions (how the ratio comes out of a journal, 政府会计制度 account classes):
--   * Assets = Σ (debit − credit) on class 1 accounts (1xxx 资产; contra accounts such as 累计
--     折旧 1602 carry credit balances and reduce it); liabilities = Σ (credit − debit) on class 2
--     accounts (2xxx 负债). Ratio = liabilities / assets at the year's end; not assessed where
--     assets ≤ 0 (no balance-sheet accounts in the extract).
--   * A journal holds movements, so a year's closing balances are the movements since the last
--     opening balance (stg_ledger.row_kind = 'opening': 期初余额 / 上年结转 rows): a year whose
--     extract carries opening rows starts from them; a year without starts from the previous
--     year's closing (or from zero for the first year loaded). An account's opening rows after
--     its first in the year (monthly exports each opening with 期初余额) restate a balance and
--     are left out. Period-end closing entries touch only 4xxx/5xxx/3xxx and do not matter.
--   * New long-term loan = a credit to 长期借款 (account name, or code 2501 of 政府会计制度),
--     not an opening row, whose summary, account name or counterparty says 基建, 建设, 工程, 大楼,
--     院区, 新建, 扩建 or 改造 (举债建设).
--   * One flag per institution-year, subject 资产负债率, raised by any of the three tests;
--     severity high with a 基建 loan (a written rule broken), else medium.
--   * The rise is closing ratio − the year's opening ratio: from its opening rows where the
--     extract has them, else the previous year's closing ratio (a first year without opening
--     rows has no rise). Ratios are compared rounded to 1e-9, so 45 % → 50 % is exactly 5 points.
-- amount_yuan: the new 基建 loans; NULL without one (a balance such as total liabilities is not
-- money at risk).
-- Evidence: every 基建 loan row, then the year's 20 largest other liability rows (by credit).
-- Score = 40 + 30 · (1 − 1 / excess) + 30 · min(1, max(ratio − max_ratio, rise) / 0.2), where
-- excess = max(ratio / max_ratio, rise / max_rise); with a 基建 loan at least
-- 70 + 30 · min(1, loans / (5 % of assets)).
with params as (
    select
        max(value) filter (where param = 'max_ratio')       as max_ratio,
        max(value) filter (where param = 'max_rise_points') as max_rise_points,
        max(value) filter (where param = 'score_full_points') as score_full_points,
        max(value) filter (where param = 'score_full_loans_share') as score_full_loans_share
    from meta.rule_param
    where rule_id = 'FIN_LIABILITY_RATIO'
),

bs as (
    select
        *,
        row_kind = 'opening' as is_opening
    from stg_ledger
    where account_class in ('1', '2') and year is not null
    qualify row_kind <> 'opening'
         or voucher_date = min(voucher_date) filter (where row_kind = 'opening')
                               over (partition by institution_code, year, account_code)
),

movements as (
    select
        institution_code,
        year,
        sum(debit_yuan - credit_yuan) filter (where account_class = '1') as assets_mv,
        sum(credit_yuan - debit_yuan) filter (where account_class = '2') as liabilities_mv,
        sum(debit_yuan - credit_yuan) filter (where account_class = '1' and is_opening) as assets_open,
        sum(credit_yuan - debit_yuan) filter (where account_class = '2' and is_opening) as liabilities_open,
        bool_or(is_opening)                                              as has_opening
    from bs
    group by all
),

anchored as (
    select
        m.institution_code,
        m.year,
        coalesce(max(o.year), min(a.year)) as anchor_year
    from movements m
    join movements a on a.institution_code = m.institution_code and a.year <= m.year
    left join movements o on o.institution_code = m.institution_code and o.year <= m.year and o.has_opening
    group by all
),

balances as (
    select
        a.institution_code,
        a.year,
        sum(coalesce(m.assets_mv, 0))      as assets_yuan,
        sum(coalesce(m.liabilities_mv, 0)) as liabilities_yuan
    from anchored a
    join movements m on m.institution_code = a.institution_code and m.year between a.anchor_year and a.year
    group by all
),

ratios as (
    select
        b.*,
        m.has_opening,
        round(b.liabilities_yuan / b.assets_yuan, 9)                              as ratio,
        case when m.assets_open > 0 then round(coalesce(m.liabilities_open, 0) / m.assets_open, 9) end as open_ratio
    from balances b
    join movements m using (institution_code, year)
    where b.assets_yuan > 0
),

-- the year's starting point: its own opening rows, else the previous year's closing
started as (
    select
        r.*,
        case when r.has_opening then r.open_ratio else prev.ratio end                        as prev_ratio
    from ratios r
    left join ratios prev on prev.institution_code = r.institution_code and prev.year = r.year - 1
),

judged as (
    select
        r.*,
        round(r.ratio - r.prev_ratio, 9)                      as rise,
        p.max_ratio,
        p.max_rise_points / 100                               as max_rise,
        r.liabilities_yuan > r.assets_yuan * p.max_ratio::decimal(18,6) as over_ratio,
        coalesce(round(r.ratio - r.prev_ratio, 9) > round(p.max_rise_points / 100, 9), false) as over_rise
    from started r
    cross join params p
),

loans as (
    select *
    from bs
    where account_class = '2'
      and (coalesce(account_name, '') like '%长期借款%' or account_code like '2501%')
      and credit_yuan > 0
      and not is_opening
      and regexp_matches(concat_ws(' ', summary, account_name, counterparty), '基建|建设|工程|大楼|院区|新建|扩建|改造')
),

loan_years as (
    select
        l.institution_code,
        l.year,
        count(*)            as n_loans,
        sum(l.credit_yuan)  as loans_yuan,
        list({
            'dataset': 'ledger', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
            'detail': concat_ws(' ', l.voucher_date::varchar, l.voucher_no, l.account_code, l.account_name,
                                l.summary, l.counterparty, '贷' || printf('%.2f', l.credit_yuan), '（基建长期借款）')
        } order by l.voucher_date, l.file_id, l.sheet, l.row_no) as evidence
    from loans l
    group by all
),

flagged as (
    select
        coalesce(j.institution_code, l.institution_code)   as institution_code,
        coalesce(j.year, l.year)                           as year,
        j.assets_yuan, j.liabilities_yuan, j.ratio, j.prev_ratio, j.rise,
        coalesce(j.max_ratio, p.max_ratio)                 as max_ratio,
        coalesce(j.max_rise, p.max_rise_points / 100)      as max_rise,
        coalesce(j.over_ratio, false)                      as over_ratio,
        coalesce(j.over_rise, false)                       as over_rise,
        coalesce(l.n_loans, 0)                             as n_loans,
        l.loans_yuan,
        l.evidence                                         as loan_evidence
    from judged j
    full outer join loan_years l using (institution_code, year)
    cross join params p
    where coalesce(j.over_ratio, false) or coalesce(j.over_rise, false) or l.n_loans > 0
),

other_evidence as (
    select
        f.institution_code, f.year,
        list({
            'dataset': 'ledger', 'file_id': b.file_id, 'sheet': b.sheet, 'row_no': b.row_no,
            'detail': concat_ws(' ', b.voucher_date::varchar, b.voucher_no, b.account_code, b.account_name,
                                b.summary, '贷' || printf('%.2f', b.credit_yuan), '借' || printf('%.2f', b.debit_yuan))
        } order by b.credit_yuan desc, b.debit_yuan desc, b.file_id, b.sheet, b.row_no)[1:20] as evidence
    from flagged f
    join bs b on b.institution_code = f.institution_code and b.year = f.year
    anti join loans l on l.file_id = b.file_id and l.sheet = b.sheet and l.row_no = b.row_no
    where b.account_class = '2'
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                         as period,
        '资产负债率'                                                            as subject,
        case when f.n_loans > 0 then 'high' else 'medium' end                   as severity,
        greatest(
            case when f.over_ratio or f.over_rise then
                least(100, 40 + 30 * (1 - 1 / greatest(f.ratio / f.max_ratio, coalesce(f.rise, 0) / f.max_rise, 1))
                      + 30 * least(1, greatest(f.ratio - f.max_ratio, coalesce(f.rise, 0)) / p.score_full_points))
            else 0 end,
            case when f.n_loans > 0 then
                70 + 30 * least(1, coalesce(f.loans_yuan / nullif(p.score_full_loans_share * f.assets_yuan, 0), 1))
            else 0 end)                                                         as score,
        case when f.n_loans > 0 then f.loans_yuan end::decimal(18,2)            as amount_yuan,
        concat(
            case when f.ratio is not null
                 then format('{}年末资产{}元、负债{}元，资产负债率{}%', f.year, printf('%.2f', f.assets_yuan),
                             printf('%.2f', f.liabilities_yuan), round(100 * f.ratio, 1))
                 else format('{}年', f.year) end,
            case when f.prev_ratio is not null
                 then format('，年初{}%，{}{}个百分点', round(100 * f.prev_ratio, 1),
                             case when f.rise >= 0 then '上升' else '下降' end, round(100 * abs(f.rise), 1))
                 else '' end,
            case when f.n_loans > 0
                 then format('；新增基建相关长期借款{}笔共{}元（举债建设）', f.n_loans, printf('%.2f', f.loans_yuan))
                 else '' end)                                                   as summary_zh,
        json_object('assets_yuan', f.assets_yuan, 'liabilities_yuan', f.liabilities_yuan, 'ratio', f.ratio,
                    'opening_ratio', f.prev_ratio, 'rise_points', 100 * f.rise,
                    'over_ratio', f.over_ratio, 'over_rise', f.over_rise,
                    'construction_loans', f.n_loans, 'construction_loans_yuan', f.loans_yuan) as measures,
        list_concat(coalesce(f.loan_evidence, []), coalesce(e.evidence, []))   as evidence
    from flagged f
    left join other_evidence e using (institution_code, year)
    cross join params p
)

select * from final
