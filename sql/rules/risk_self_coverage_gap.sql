-- SELF_COVERAGE_GAP: plan clauses the self-report never addresses.
--   report:    an institution-year with self-inspection rows (stg_self_inspection; see there how
--              the year is found) and a checklist (int_self_inspection_match.checklist: the
--              override, else BN-L / BN-P / ZB-L by region, tier and category). An institution
--              no plan covers (a primary-care institution in Zibo, without an override) is not
--              assessed: its rows are in mart_self_inspection_match with the reason.
--   addressed: a clause is addressed when at least one row of the report matches it best
--              (rank 1) with confidence ≥ min_confidence — whatever the row's status says
--              (已落实, 未落实 and 不适用 all address it).
-- Flag every clause of the checklist that no row addresses. Subject: the clause id.
-- Severity: low; medium when a data flag of the same institution-year (rules outside 自查与整改;
-- meta.rule_clause, primary or secondary) bears on the clause — the report leaves out exactly
-- what the data questions. Score 30 / 60.
-- Evidence: the rows that came closest (the clause among their candidates, best 3 by
-- confidence); where none did, the first row of each report file, to open the report.
-- Reads int_risk_flags, so the runner builds it after every rule that does not.
with params as (
    select max(value) filter (where param = 'min_confidence') as min_confidence
    from meta.rule_param
    where rule_id = 'SELF_COVERAGE_GAP'
),

matches as (
    select * from int_self_inspection_match
),

self_rows as (
    select * from stg_self_inspection
),

reports as (
    select
        institution_code,
        year,
        checklist,
        count(distinct (file_id, sheet, row_no))                             as n_rows
    from matches
    where checklist is not null and year is not null
    group by all
),

addressed as (
    select distinct m.institution_code, m.year, m.clause_id
    from matches m
    cross join params p
    where m.rank = 1 and m.confidence >= p.min_confidence
),

gaps as (
    select
        r.institution_code,
        r.year,
        r.checklist,
        r.n_rows,
        c.clause_id,
        c.text                                                               as clause_text
    from reports r
    join int_checklist c on c.checklist = r.checklist
    anti join addressed a
        on  a.institution_code = r.institution_code
        and a.year = r.year
        and a.clause_id = c.clause_id
),

data_flags as (
    select institution_code, year, clause_id, list(distinct rule_id order by rule_id) as rules,
           list(distinct title_zh order by title_zh) as titles
    from (
        select f.institution_code, f.year, f.rule_id, c.title_zh, rc.clause_id
        from int_risk_flags f
        join meta.rule_catalog c using (rule_id)
        join int_institution_checklist ic using (institution_code)
        join meta.rule_clause rc on rc.rule_id = f.rule_id and rc.checklist = ic.checklist
        where c.area <> '自查与整改'
    )
    group by all
),

near as (
    select
        g.institution_code, g.year, g.clause_id,
        list({
            'dataset': 'self_inspection', 'file_id': m.file_id, 'sheet': m.sheet, 'row_no': m.row_no,
            'detail': format('最接近本条款的自查条目（第{}候选，置信度{}）：{}', m.rank,
                             printf('%.2f', m.confidence), s.item_text)
        } order by m.confidence desc, m.file_id, m.sheet, m.row_no)        as evidence,
        count(*)                                                             as n_near
    from gaps g
    join matches m
        on  m.institution_code = g.institution_code
        and m.year = g.year
        and m.clause_id = g.clause_id
    join self_rows s using (file_id, sheet, row_no)
    group by all
),

report_files as (
    select
        s.institution_code, s.year,
        list({
            'dataset': 'self_inspection', 'file_id': s.file_id, 'sheet': s.sheet, 'row_no': s.row_no,
            'detail': format('自查报告《{}》共{}条，没有一条以本条款为最佳匹配', s.file_name, s.n_file_rows)
        } order by s.file_id)                                                as evidence
    from (
        select *, count(*) over (partition by institution_code, year, file_id) as n_file_rows
        from self_rows
        qualify row_number() over (partition by institution_code, year, file_id order by sheet, row_no) = 1
    ) s
    group by all
),

final as (
    select
        g.institution_code,
        g.year,
        g.year::varchar                                                      as period,
        g.clause_id                                                          as subject,
        case when d.rules is not null then 'medium' else 'low' end           as severity,
        case when d.rules is not null then 60 else 30 end                    as score,
        null::decimal(18,2)                                                  as amount_yuan,
        format('自查报告（{}，{}条）未涉及条款{}：{}{}', g.checklist, g.n_rows, g.clause_id,
               case when length(g.clause_text) > 40 then left(g.clause_text, 40) || '…' else g.clause_text end,
               case when d.rules is not null
                    then '；同年数据发现“' || array_to_string(d.titles, '”“') || '”涉及本条款' else '' end) as summary_zh,
        json_object('checklist', g.checklist, 'report_rows', g.n_rows, 'min_confidence', p.min_confidence,
                    'near_misses', coalesce(n.n_near, 0), 'data_rules', coalesce(d.rules, []::varchar[])) as measures,
        list_slice(coalesce(n.evidence, rf.evidence), 1, 3)                   as evidence
    from gaps g
    cross join params p
    left join data_flags d using (institution_code, year, clause_id)
    left join near n using (institution_code, year, clause_id)
    left join report_files rf using (institution_code, year)
)

select * from final
