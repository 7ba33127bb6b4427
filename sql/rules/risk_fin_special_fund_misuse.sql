-- FIN_SPECIAL_FUND_MISUSE: special subsidies (基本公共卫生, 基本药物) spent outside their purpose.
-- Ledger debits on a special-fund account whose 摘要 / 往来单位 falls outside the fund's
-- allowed uses (int_special_fund_uses: an allow-list, plus a forbidden list that overrides it).
-- Decisions:
--   * Special-fund account = an account whose name contains the fund's account keyword
--     (基本公共卫生 / 基本公卫 / 公卫; 基本药物 / 基药), on the spending side: class 5 费用
--     (e.g. 业务活动费用—基本公共卫生服务) and class 2 (其他应付款—公卫资金, paid out to village
--     doctors); class 7 预算支出 only where the institution-year has no class 2/5 rows for the
--     fund, so the dual entries of 政府会计制度 are not counted twice. Debits on asset accounts
--     (money received into 银行存款—公卫专户) and income accounts are not spending.
--   * Closing entries (摘要 with 结转 / 结账) are not spending.
--   * The fund's name in a 摘要 says nothing about the use: only the listed uses allow a debit.
-- One flag per voucher (subject = the voucher no., what the inspector pulls; period = the year)
-- with a misused debit; evidence = its debits outside the allowed uses. Severity high (a written
-- rule with money attached).
-- Score = 60 + 40 · min(1, misused ¥ / (10 % of the fund's debits that year)).
with params as (
    select
        max(value) filter (where param = 'score_full_fund_share') as score_full_fund_share
    from meta.rule_param
    where rule_id = 'FIN_SPECIAL_FUND_MISUSE'
),

uses as (
    select fund, kind, keyword from int_special_fund_uses
),

funds as (
    select
        f.fund,
        string_agg(a.keyword, '|') filter (where a.kind = 'account')              as account_re,
        string_agg(a.keyword, '|') filter (where a.kind = 'allowed')              as allowed_re,
        (select string_agg(keyword, '|') from uses where kind = 'forbidden' and fund in (f.fund, '*')) as forbidden_re
    from (select distinct fund from uses where fund <> '*') f
    join uses a on a.fund = f.fund
    group by f.fund
),

debits as (
    select
        l.*,
        fu.fund,
        fu.allowed_re,
        fu.forbidden_re,
        concat_ws(' ', l.summary, l.counterparty) as use_text
    from stg_ledger l
    join funds fu on regexp_matches(coalesce(l.account_name, ''), fu.account_re)
    where l.debit_yuan > 0
      and l.row_kind = 'movement'
      and l.account_class in ('2', '5', '7')
      and not regexp_matches(coalesce(l.summary, ''), '结转|结账')
),

spending as (
    select *
    from debits
    qualify account_class <> '7'
         or count(*) filter (where account_class <> '7')
                over (partition by institution_code, year, fund) = 0
),

judged as (
    select
        *,
        regexp_matches(use_text, forbidden_re)                          as is_forbidden,
        coalesce(regexp_matches(use_text, allowed_re), false)           as is_allowed
    from spending
),

fund_year as (
    select institution_code, year, fund, sum(debit_yuan) as fund_debits_yuan
    from judged
    group by all
),

per_voucher as (
    select
        institution_code,
        year,
        voucher_no,
        string_agg(distinct fund, '、')                                  as funds,
        sum(debit_yuan)                                                 as misused_yuan,
        count(*)                                                        as n_misused,
        count(*) filter (where is_forbidden)                            as n_forbidden,
        min(voucher_date)                                               as voucher_date,
        string_agg(distinct summary, '；')                              as summaries,
        list({
            'dataset': 'ledger', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', voucher_date::varchar, voucher_no, account_code, account_name, summary,
                                counterparty, '借' || printf('%.2f', debit_yuan),
                                case when is_forbidden then '（属禁止用途）' else '（不在允许用途范围内）' end)
        } order by voucher_date, file_id, sheet, row_no)                as evidence,
        arg_max(fund, debit_yuan)                                       as main_fund
    from judged
    where is_forbidden or not is_allowed
    group by all
),

final as (
    select
        v.institution_code,
        v.year,
        v.year::varchar                                                        as period,
        v.voucher_no                                                           as subject,
        'high'                                                                 as severity,
        least(100, 60 + 40 * least(1, v.misused_yuan / nullif(p.score_full_fund_share * fy.fund_debits_yuan, 0))) as score,
        v.misused_yuan::decimal(18,2)                                          as amount_yuan,
        format('凭证{}（{}）：{}支出{}元用于“{}”，{}（该资金全年支出{}元）',
               v.voucher_no, v.voucher_date, v.funds, printf('%.2f', v.misused_yuan), v.summaries,
               case when v.n_forbidden > 0 then '属基建、设备、接待、福利、偿债等禁止用途' else '不在资金允许用途范围内' end,
               printf('%.2f', fy.fund_debits_yuan))                            as summary_zh,
        json_object('fund', v.funds, 'misused_yuan', v.misused_yuan, 'misused_rows', v.n_misused,
                    'forbidden_rows', v.n_forbidden, 'fund_debits_yuan', fy.fund_debits_yuan) as measures,
        v.evidence
    from per_voucher v
    join fund_year fy on fy.institution_code = v.institution_code and fy.year = v.year and fy.fund = v.main_fund
    cross join params p
)

select * from final
