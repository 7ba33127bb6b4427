-- PAY_VILLAGE_SUBSIDY_LATE: primary care — the village-doctor subsidy not advanced monthly or
-- not settled quarterly. In scope: primary-care institutions (stg_institutions.is_primary_care).
--   subsidy rows:    payroll items whose name contains 乡村医生 or 村医 and 补助 or 补贴, amount > 0;
--   settlement rows: subsidy rows whose name also contains 结算 or 季;
--   village doctors: staff with a subsidy row, or whose position/title contains 乡村医生/村医.
-- (a) Missing month: a month in which the institution has payroll, between the doctor's first
--     and last month on its payroll, without any subsidy payment.
-- (b) Late settlement: for each quarter with such months, no settlement row paid between the
--     quarter's last month and quarter end + max_settle_days. Payroll is monthly, so a row paid
--     in month M is dated the 1st of M (the earliest it can have been paid): for Q1 an April
--     settlement is on time (≤ 30 days), a May one is late. Judged only where the institution
--     itemises settlements at all, and only once its payroll reaches the month of
--     quarter end + max_settle_days (otherwise the settlement may simply not be in the data).
-- One flag per doctor and year (a quarter's year); subject = the staff id. amount_yuan: NULL
-- (the money was paid late or not at all; the amount due is not in the data).
-- Severity: high with ≥ high_missing_months (3) missing months or a quarter never settled, else medium.
-- Score: 50 + 50 × min(1, (missing months + 2 × late quarters) / 12).
with params as (
    select
        max(value) filter (where param = 'max_settle_days')     as max_days,
        max(value) filter (where param = 'high_missing_months') as high_months,
        max(value) filter (where param = 'score_full_months') as score_full_months
    from meta.rule_param
    where rule_id = 'PAY_VILLAGE_SUBSIDY_LATE'
),

primary_care as (
    select institution_code from stg_institutions where is_primary_care
),

pay as (
    select
        p.*,
        p.pay_item similar to '.*(乡村医生|村医).*'
            and p.pay_item similar to '.*(补助|补贴).*'
            and p.amount_yuan > 0                                   as is_subsidy
    from stg_payroll p
    join primary_care using (institution_code)
    where p.staff_id is not null
),

subsidy as (
    select *, pay_item similar to '.*(结算|季).*' as is_settlement
    from pay
    where is_subsidy
),

institution_months as (
    select
        institution_code,
        period_month,
        max(period_month) over (partition by institution_code)    as last_month,
        bool_or(has_settlement) over (partition by institution_code) as itemises_settlement
    from (
        select
            institution_code,
            period_month,
            bool_or(coalesce(is_subsidy, false) and pay_item similar to '.*(结算|季).*') as has_settlement
        from pay
        group by all
    )
),

doctors as (
    select institution_code, staff_id, min(period_month) as first_month, max(period_month) as last_month
    from pay
    group by all
    having bool_or(coalesce(is_subsidy, false)
                   or coalesce(position, '') similar to '.*(乡村医生|村医).*'
                   or coalesce(title, '') similar to '.*(乡村医生|村医).*')
),

doctor_months as (
    select
        d.institution_code,
        d.staff_id,
        m.period_month,
        year(m.period_month)                                          as year,
        m.last_month                                                  as institution_last_month,
        coalesce(m.itemises_settlement, false)                        as itemises_settlement,
        exists (
            select 1 from subsidy s
            where s.institution_code = d.institution_code
              and s.staff_id = d.staff_id
              and s.period_month = m.period_month
        )                                                             as is_paid
    from doctors d
    join institution_months m
        on  m.institution_code = d.institution_code
        and m.period_month between d.first_month and d.last_month
),

missing_months as (
    select institution_code, staff_id, year, period_month
    from doctor_months
    where not is_paid
),

quarters as (
    select
        institution_code,
        staff_id,
        year,
        quarter(period_month)                                                         as q,
        (date_trunc('quarter', period_month) + interval 3 month - interval 1 day)::date as quarter_end,
        any_value(institution_last_month)                                             as institution_last_month
    from doctor_months
    where itemises_settlement
    group by all
),

quarter_settlement as (
    select
        q.*,
        (q.quarter_end + cast(p.max_days as integer))                                 as due_date,
        (
            select min(s.period_month) from subsidy s
            where s.institution_code = q.institution_code and s.staff_id = q.staff_id and s.is_settlement
              and s.period_month >= date_trunc('month', q.quarter_end)
              and s.period_month <= q.quarter_end + cast(p.max_days as integer)
        )                                                                             as on_time_month,
        (
            select min(s.period_month) from subsidy s
            where s.institution_code = q.institution_code and s.staff_id = q.staff_id and s.is_settlement
              and s.period_month > q.quarter_end + cast(p.max_days as integer)
        )                                                                             as late_month
    from quarters q
    cross join params p
    where q.institution_last_month >= date_trunc('month', q.quarter_end + cast(p.max_days as integer))
),

late_quarters as (
    select
        *,
        date_diff('day', quarter_end, late_month) as days_after_quarter_end
    from quarter_settlement
    where on_time_month is null
),

per_doctor as (
    select
        coalesce(m.institution_code, l.institution_code) as institution_code,
        coalesce(m.staff_id, l.staff_id)                 as staff_id,
        coalesce(m.year, l.year)                         as year,
        m.missing,
        l.late
    from (
        select institution_code, staff_id, year,
               list(strftime(period_month, '%Y-%m') order by period_month) as missing
        from missing_months
        group by all
    ) m
    full join (
        select institution_code, staff_id, year,
               list({'quarter': year || 'Q' || q, 'settled_month': strftime(late_month, '%Y-%m'),
                     'days_after_quarter_end': days_after_quarter_end} order by q) as late
        from late_quarters
        group by all
    ) l using (institution_code, staff_id, year)
),

evidence as (
    select
        d.institution_code, d.staff_id, d.year,
        list({
            'dataset': 'payroll', 'file_id': p.file_id, 'sheet': p.sheet, 'row_no': p.row_no,
            'detail': concat_ws(' ', p.month, p.staff_id, p.pay_item, p.amount_yuan::varchar || '元')
        } order by p.period_month, p.file_id, p.sheet, p.row_no) as evidence
    from per_doctor d
    join pay p
        on  p.institution_code = d.institution_code
        and p.staff_id = d.staff_id
        and (
                (p.year = d.year and p.is_subsidy)
             or list_contains(coalesce(d.missing, []), p.month)
             or (p.is_subsidy and p.pay_item similar to '.*(结算|季).*'
                 and list_contains(coalesce(list_transform(d.late, x -> x.settled_month), []), p.month))
            )
    group by all
),

final as (
    select
        d.institution_code,
        d.year,
        d.year::varchar                                                  as period,
        d.staff_id                                                       as subject,
        case
            when len(coalesce(d.missing, [])) >= p.high_months
              or list_bool_or(list_transform(coalesce(d.late, []), x -> x.settled_month is null)) then 'high'
            else 'medium'
        end                                                              as severity,
        50 + 50 * least(1, (len(coalesce(d.missing, [])) + 2 * len(coalesce(d.late, []))) / p.score_full_months) as score,
        null::decimal(18,2)                                              as amount_yuan,
        concat_ws('；',
            case when len(coalesce(d.missing, [])) > 0 then
                format('乡村医生{} {}年有{}个月未发放乡村医生补助（{}）', d.staff_id, d.year,
                       len(d.missing), array_to_string(d.missing, '、')) end,
            case when len(coalesce(d.late, [])) > 0 then
                format('乡村医生{}补助季度结算逾期：{}', d.staff_id,
                       array_to_string(list_transform(d.late, x -> x.quarter || coalesce(
                           '于' || x.settled_month || '结算（季末后' || x.days_after_quarter_end || '天）', '未结算')), '、')) end
        )                                                                as summary_zh,
        json_object('missing_months', coalesce(d.missing, []), 'late_quarters', coalesce(d.late, []),
                    'max_settle_days', p.max_days)                       as measures,
        coalesce(e.evidence, [])                                         as evidence
    from per_doctor d
    left join evidence e using (institution_code, staff_id, year)
    cross join params p
)

select * from final
