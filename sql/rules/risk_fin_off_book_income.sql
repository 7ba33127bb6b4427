-- FIN_OFF_BOOK_INCOME: 账外账 / 小金库 — HIS income that never reached the ledger.
-- Per institution, month and revenue category: HIS charges − ledger income
-- > max(min_gap_share · HIS charges, min_gap_yuan)   (strict; defaults 1 %, ¥50,000).
-- Decisions:
--   * Ledger income = financial-accounting income accounts (account code class 4, 政府会计制度
--     事业收入—医疗收入 4101…, or 4001 医疗收入 of the 2010 hospital system) whose name
--     carries 医疗收入/门诊/急诊/住院 or a revenue category; 财政拨款, 补助, 科教, 捐赠, 利息,
--     投资, 租金 income is not HIS income. Budget-accounting accounts (6xxx 预算收入) are left
--     out so the dual entries of 政府会计制度 are not counted twice.
--   * Income = Σ (credit − debit), so refunds net out; period-end closing entries (debits
--     whose 摘要 says 结转 / 结账, moving income to 本期盈余) are excluded.
--   * Category: the HIS category and the ledger account's last name segment (after -, /, ：)
--     are both mapped through int_revenue_categories (药品, 卫生材料, 检查, 化验, 治疗, 手术,
--     护理, 床位, 挂号, 诊察, 其他); unmapped names compare by their own text.
--   * Where the ledger books a month's medical income without any category detail (only
--     医疗收入 / 门急诊收入 …), HIS and ledger are compared in total, subject 医疗收入合计.
--   * A month with no ledger movements for the institution (opening balances alone do not count)
--     is not assessed (no data).
-- Subject = the revenue category (e.g. 药品收入); period = the month (2025-03).
-- Score = 40 + 30 · (1 − threshold / gap) + 30 · min(1, gap / (5 % of the month's HIS total)).
with params as (
    select
        max(value) filter (where param = 'min_gap_share') as min_gap_share,
        max(value) filter (where param = 'min_gap_yuan')  as min_gap_yuan,
        max(value) filter (where param = 'score_full_month_share') as score_full_month_share
    from meta.rule_param
    where rule_id = 'FIN_OFF_BOOK_INCOME'
),

categories as (
    select priority, category, pattern from int_revenue_categories
),

his as (
    select * from stg_his_income where amount_yuan is not null
),

ledger_income as (
    select
        l.*,
        trim(regexp_extract(l.account_name, '([^-－—/\\:：_]+)\s*$', 1)) as leaf
    from stg_ledger l
    where l.account_class = '4'
      and l.row_kind = 'movement'
      and (regexp_matches(coalesce(l.account_name, ''), '医疗收入|门诊|急诊|住院')
           or exists (select 1 from categories c where regexp_matches(coalesce(l.account_name, ''), c.pattern)))
      and not regexp_matches(coalesce(l.account_name, ''), '财政|拨款|补助|科教|捐赠|利息|投资|租金')
      -- closing entries debit income to 本期盈余; credits whose 摘要 says 结转 (结转3月药品收入)
      -- are how many hospitals book the month's income from HIS, and count
      and not (l.debit_yuan > 0 and regexp_matches(coalesce(l.summary, ''), '结转|结账'))
),

ledger_months as (
    select distinct institution_code, month from stg_ledger where row_kind = 'movement'
),

-- every distinct name → its category (first pattern by priority), or its own normalised text
names as (
    select name, arg_min(c.category, c.priority) as category
    from (
        select distinct category as name from his
        union
        select distinct leaf from ledger_income
    ) n
    left join categories c on regexp_matches(n.name, c.pattern)
    group by name
),

named as (
    select
        name,
        category is not null                                                  as is_mapped,
        coalesce(category, regexp_replace(name, '(收入|费用|费)+$', '') || '收入') as category
    from names
),

ledger_lines as (
    select li.*, n.category as rev_category, n.is_mapped
    from ledger_income li
    join named n on n.name = li.leaf
),

his_lines as (
    select h.*, n.category as rev_category
    from his h
    join named n on n.name = h.category
),

-- months whose ledger has no category detail are compared in total
detail as (
    select institution_code, month, bool_or(is_mapped) as has_detail
    from ledger_lines
    group by all
),

his_keyed as (
    select
        h.*,
        case when coalesce(d.has_detail, true) then h.rev_category else '医疗收入合计' end as subject
    from his_lines h
    left join detail d using (institution_code, month)
),

ledger_keyed as (
    select
        l.*,
        case when d.has_detail then l.rev_category else '医疗收入合计' end as subject
    from ledger_lines l
    join detail d using (institution_code, month)
),

his_sum as (
    select institution_code, month, subject, sum(amount_yuan) as his_yuan, count(*) as his_rows
    from his_keyed
    group by all
),

ledger_sum as (
    select institution_code, month, subject, sum(credit_yuan - debit_yuan) as ledger_yuan, count(*) as ledger_rows
    from ledger_keyed
    group by all
),

month_total as (
    select institution_code, month, sum(amount_yuan) as his_month_yuan
    from his
    group by all
),

compared as (
    select
        h.institution_code,
        h.month,
        h.subject,
        h.his_yuan,
        coalesce(l.ledger_yuan, 0)                                  as ledger_yuan,
        h.his_yuan - coalesce(l.ledger_yuan, 0)                     as gap_yuan,
        -- exact decimals: a gap of exactly 1 % is no flag
        greatest(h.his_yuan * p.min_gap_share::decimal(18,6), p.min_gap_yuan::decimal(18,2)) as threshold_yuan,
        coalesce(l.ledger_rows, 0)                                  as ledger_rows
    from his_sum h
    join ledger_months m using (institution_code, month)
    left join ledger_sum l using (institution_code, month, subject)
    cross join params p
),

flagged as (
    select * from compared where gap_yuan > threshold_yuan
),

evidence as (
    select institution_code, month, subject, list(ev order by ord, ev.file_id, ev.sheet, ev.row_no) as evidence
    from (
        select h.institution_code, h.month, h.subject, 1 as ord,
               {'dataset': 'his_income', 'file_id': h.file_id, 'sheet': h.sheet, 'row_no': h.row_no,
                'detail': format('信息系统 {} {} {}元', strftime(h.month, '%Y-%m'), h.category, printf('%.2f', h.amount_yuan))} as ev
        from his_keyed h
        join flagged f using (institution_code, month, subject)
        union all
        select l.institution_code, l.month, l.subject, 2 as ord,
               {'dataset': 'ledger', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
                'detail': concat_ws(' ', '账簿', l.voucher_date::varchar, l.voucher_no, l.account_code, l.account_name,
                                    l.summary, '贷' || l.credit_yuan::varchar, '借' || l.debit_yuan::varchar)} as ev
        from ledger_keyed l
        join flagged f using (institution_code, month, subject)
    )
    group by all
),

final as (
    select
        f.institution_code,
        year(f.month)                                                          as year,
        strftime(f.month, '%Y-%m')                                             as period,
        f.subject,
        'high'                                                                 as severity,
        least(100, 40 + 30 * (1 - f.threshold_yuan / f.gap_yuan)
              + 30 * least(1, f.gap_yuan / nullif(p.score_full_month_share * t.his_month_yuan, 0)))  as score,
        f.gap_yuan::decimal(18,2)                                              as amount_yuan,
        format('{} {}：信息系统收入{}元，账簿确认{}元，差额{}元（{}%），超过阈值{}元',
               strftime(f.month, '%Y-%m'), f.subject, printf('%.2f', f.his_yuan), printf('%.2f', f.ledger_yuan),
               printf('%.2f', f.gap_yuan), round(100 * f.gap_yuan / nullif(f.his_yuan, 0), 1),
               printf('%.2f', f.threshold_yuan))                               as summary_zh,
        json_object('his_yuan', f.his_yuan, 'ledger_yuan', f.ledger_yuan, 'gap_yuan', f.gap_yuan,
                    'gap_share', f.gap_yuan / nullif(f.his_yuan, 0), 'threshold_yuan', f.threshold_yuan,
                    'ledger_rows', f.ledger_rows)                               as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, month, subject)
    join month_total t using (institution_code, month)
    cross join params p
)

select * from final
