-- RECT_OVERDUE: rectification not done in time.
--   deadline:   the ledger's 整改时限; where none is given, found_date + default_days_banan
--               days, or + default_months_zibo months for an institution whose registry city
--               or district contains 淄博 (an institution missing from the registry is Banan).
--   assessment: as_of when that parameter is set (YYYYMMDD, e.g. 20251231); else the latest date
--               present in the institution's data, or the build date where the data runs past
--               it (int_assessment_dates: its dated extracts, registers left out, and its
--               rectification found and closed dates). One
--               assessment per institution, named in the flag; items found after it are not
--               assessed.
--   open:       not closed at the assessment date — closed_date empty or after it; an item with
--               no closed_date whose status says it is finished (stg_rectification
--               .is_closed_by_status: 已完成, 已销号 …) counts as closed; a ledger with neither a
--               closed-date nor a status column does not say, and only its closed dates count.
-- Flag an open item whose deadline is before the assessment date (a deadline on the
-- assessment date itself is not overdue). An item closed late but closed by the assessment
-- date is not flagged. Subject: the issue no.; year: the year it was found; period:
-- found_date..deadline.
-- Severity: medium; high from high_overdue_days days past the deadline.
-- Score: 40 + 60 × min(1, days overdue / score_full_days (365)).
with params as (
    select
        max(value) filter (where param = 'default_days_banan')  as days_banan,
        max(value) filter (where param = 'default_months_zibo') as months_zibo,
        max(value) filter (where param = 'as_of')               as as_of,
        max(value) filter (where param = 'high_overdue_days')   as high_days,
        max(value) filter (where param = 'score_full_days') as score_full_days
    from meta.rule_param
    where rule_id = 'RECT_OVERDUE'
),

items as (
    select * from stg_rectification
),

institutions as (
    select
        institution_code,
        coalesce(city, '') || coalesce(district, '') like '%淄博%'         as is_zibo
    from stg_institutions
),

-- one assessment per institution: as_of when set, else the latest date of its data
-- (int_assessment_dates)
assessments as (
    select
        a.institution_code,
        case
            when p.as_of > 0 then strptime(cast(p.as_of::bigint as varchar), '%Y%m%d')::date
            else a.as_of
        end                                                                  as as_of,
        case when p.as_of > 0 then 'param' else a.as_of_source end           as as_of_source,
        case when p.as_of > 0 then '设定的评估日' else a.as_of_label end        as as_of_label
    from int_assessment_dates a
    cross join params p
),

judged as (
    select
        i.*,
        a.as_of,
        a.as_of_source,
        a.as_of_label,
        i.deadline is null                                                   as is_default_deadline,
        coalesce(
            i.deadline,
            case
                when coalesce(n.is_zibo, false)
                then (i.found_date + to_months(p.months_zibo::integer))::date
                else (i.found_date + to_days(p.days_banan::integer))::date
            end)                                                             as due_date,
        p.high_days,
        p.score_full_days
    from items i
    join assessments a using (institution_code)
    left join institutions n using (institution_code)
    cross join params p
    where i.found_date is not null
      and i.found_date <= a.as_of
),

overdue as (
    select
        *,
        date_diff('day', due_date, as_of)                                   as days_overdue
    from judged
    where due_date < as_of
      and (closed_date > as_of or (closed_date is null and not is_closed_by_status and completion_in_file))
),

final as (
    select
        institution_code,
        year,
        format('{}..{}', found_date, due_date)                               as period,
        issue_no                                                             as subject,
        case when days_overdue >= high_days then 'high' else 'medium' end    as severity,
        40 + 60 * least(1, days_overdue / score_full_days)                   as score,
        null::decimal(18,2)                                                  as amount_yuan,
        format('整改事项{}（{}）{}发现，整改时限{}{}，截至{}（{}）{}，已逾期{}天',
               issue_no, coalesce(description, ''), found_date, due_date,
               case when is_default_deadline then '（未填时限，按默认期限）' else '' end,
               as_of, as_of_label,
               case when closed_date > as_of then '尚未完成（' || closed_date || '完成）'
                    else '仍未完成（' || coalesce(status, '状态未填') || '）' end,
               days_overdue)                                                 as summary_zh,
        json_object('found_date', found_date, 'deadline', deadline, 'due_date', due_date,
                    'default_deadline', is_default_deadline, 'as_of', as_of,
                    'as_of_source', as_of_source,
                    'days_overdue', days_overdue, 'status', status, 'closed_date', closed_date) as measures,
        [{
            'dataset': 'rectification', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', issue_no, description, '发现' || found_date,
                                '时限' || due_date || case when is_default_deadline then '（默认）' else '' end,
                                coalesce(status, ''), '完成' || closed_date)
        }]                                                                   as evidence
    from overdue
)

select * from final
