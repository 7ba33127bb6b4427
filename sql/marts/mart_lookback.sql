-- mart_lookback: 回头看. For each institution and year it has data in (mart_rule_coverage), the
-- findings the panel confirmed (mart_flag_review.confirmed: 属实 or 部分属实) for its earlier
-- years, one row each, with whether the data pattern behind the finding still shows in that
-- year and the rectification (整改) items the institution's ledger holds on its clauses.
--   pattern  same_subject  the rule flags the same subject again (e.g. the same vendor)
--            same_rule     the rule flags the institution again, on other subjects
--            same_area     the rule does not, another rule of its area (领域) does
--            not_seen      the rule was assessed for the year and flagged nothing
--            not_assessed  the rule could not be assessed for the year (data missing, …)
--   pattern_flag_ids  the year's flags of the rule, the same subject's first
--   rect_items  整改台账 items (stg_rectification, with mart_rectification's is_closed) whose
--            对应条款 names one of the clauses the rule bears on under the institution's checklist:
--            the clause id itself, or its area heading with its section number (运行管理（三）…),
--            as ledgers write them
with findings as (
    select
        s.flag_id,
        s.rule_id,
        s.institution_code,
        s.year                                                      as finding_year,
        s.period                                                    as finding_period,
        s.subject,
        r.verdict,
        r.note,
        r.reviewer,
        r.reviewed_on
    from meta.flag_seen s
    join mart_flag_review r using (flag_id)
    where r.confirmed
),

report_years as (
    select distinct institution_code, year from mart_rule_coverage
),

pairs as (
    select y.year, f.*
    from findings f
    join report_years y on y.institution_code = f.institution_code and y.year > f.finding_year
),

now_flags as (
    select p.flag_id, p.year,
        list(c.flag_id order by c.subject <> p.subject, c.subject, c.period)
            filter (where c.flag_id is not null)                    as pattern_flag_ids,
        count(c.flag_id) filter (where c.subject = p.subject)       as same_subject,
        count(c.flag_id)                                            as same_rule
    from pairs p
    left join mart_risk_flags c
        on  c.institution_code = p.institution_code
        and c.year = p.year
        and c.rule_id = p.rule_id
    group by all
),

area_flags as (
    select p.flag_id, p.year, count(c.flag_id) as same_area
    from pairs p
    join meta.rule_catalog pr on pr.rule_id = p.rule_id
    join mart_risk_flags c
        on  c.institution_code = p.institution_code
        and c.year = p.year
        and c.rule_id <> p.rule_id
    join meta.rule_catalog cr on cr.rule_id = c.rule_id and cr.area = pr.area
    group by all
),

clauses as (
    select distinct f.flag_id, f.institution_code, rc.clause_id, ch.area_title,
        ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][ch.section] as section_zh
    from findings f
    join int_institution_checklist ic using (institution_code)
    join meta.rule_clause rc on rc.rule_id = f.rule_id and rc.checklist = ic.checklist
    join int_checklist ch on ch.checklist = rc.checklist and ch.clause_id = rc.clause_id
),

rect as (
    select distinct c.flag_id, r.issue_no, r.clause, r.status, r.found_date, r.deadline, r.closed_date, m.is_closed
    from clauses c
    join stg_rectification r on r.institution_code = c.institution_code
    join mart_rectification m using (file_id, sheet, row_no)
    where contains(r.clause, c.clause_id)
       or (contains(r.clause, c.area_title) and contains(r.clause, '（' || c.section_zh || '）'))
),

rect_items as (
    select flag_id,
        list({'issue_no': issue_no, 'clause': clause, 'status': status, 'found_date': found_date,
              'deadline': deadline, 'closed_date': closed_date, 'is_closed': is_closed}
             order by found_date, issue_no)                         as rect_items
    from rect
    group by all
),

final as (
    select
        p.institution_code,
        p.year,
        p.flag_id,
        p.rule_id,
        p.finding_year,
        p.finding_period,
        p.subject,
        p.verdict,
        p.note,
        p.reviewer,
        p.reviewed_on,
        case
            when n.same_subject > 0          then 'same_subject'
            when n.same_rule > 0             then 'same_rule'
            when a.same_area > 0             then 'same_area'
            when cov.status = 'assessed'     then 'not_seen'
            else 'not_assessed'
        end                                                         as pattern,
        coalesce(n.pattern_flag_ids, [])                            as pattern_flag_ids,
        coalesce(ri.rect_items, [])                                 as rect_items
    from pairs p
    join now_flags n using (flag_id, year)
    left join area_flags a using (flag_id, year)
    left join mart_rule_coverage cov
        on cov.institution_code = p.institution_code and cov.year = p.year and cov.rule_id = p.rule_id
    left join rect_items ri using (flag_id)
)

select * from final
order by institution_code, year, finding_year desc, rule_id, subject
