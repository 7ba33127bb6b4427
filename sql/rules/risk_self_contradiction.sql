-- SELF_CONTRADICTION: the self-report says all is well where the data says otherwise.
--   claim:     a self-inspection row whose best match (rank 1, confidence ≥ min_confidence) is
--              clause C, reported done (stg_self_inspection.is_reported_done: 已落实) with no
--              issue (has_issue false: blank, 无, 未发现问题 …). When another row of the same
--              report on C admits a problem (部分落实 / 未落实, or an issue written), the report
--              does not claim C is fine, and nothing is flagged.
--   data flag: a flag of the same institution and year from a rule outside 自查与整改 for which
--              C is a primary clause of the institution's checklist (meta.rule_clause: the
--              flag is direct evidence against C; secondary clauses are only related).
--              SELF_* and RECT_OVERDUE
--              are left out: the self-report cannot contradict itself, and the rectification
--              ledger is the institution's own account, not data.
-- One flag per institution, year and clause. Subject: the clause id.
-- Severity: high when a contradicting data flag is high, else medium. Score: 50 + half the
-- highest data flag's score. Amount: NULL (the money is on the data flags; counting it again
-- here would double it in the profile).
-- Evidence: both sides — first the self-report row(s) (dataset self_inspection, detail
-- "自查：…｜已落实｜存在问题：…"), then the evidence rows of each contradicting data flag, at
-- most max_flag_evidence per flag, detail prefixed "[RULE_ID subject] ".
-- Reads int_risk_flags, so the runner builds it after every rule that does not.
with params as (
    select
        max(value) filter (where param = 'min_confidence')    as min_confidence,
        max(value) filter (where param = 'max_flag_evidence') as max_flag_evidence
    from meta.rule_param
    where rule_id = 'SELF_CONTRADICTION'
),

self_rows as (
    select * from stg_self_inspection
),

matched as (
    select
        m.institution_code,
        m.year,
        m.clause_id,
        m.confidence,
        s.file_id,
        s.sheet,
        s.row_no,
        s.item_text,
        s.status,
        s.issue,
        s.is_reported_done and not s.has_issue                               as is_claim,
        s.has_issue or s.status in ('部分落实', '未落实')                     as is_admitted
    from int_self_inspection_match m
    join self_rows s using (file_id, sheet, row_no)
    cross join params p
    where m.rank = 1 and m.confidence >= p.min_confidence and m.year is not null
),

claims as (
    select
        institution_code,
        year,
        clause_id,
        list({
            'dataset': 'self_inspection', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': format('自查：{}｜{}｜存在问题：{}', item_text, status,
                             coalesce(nullif(trim(issue), ''), '（空）'))
        } order by file_id, sheet, row_no) filter (where is_claim)          as evidence,
        any_value(item_text order by file_id, sheet, row_no) filter (where is_claim) as item_text,
        count(*) filter (where is_claim)                                     as n_claims
    from matched
    group by all
    having bool_or(is_claim) and not bool_or(is_admitted)
),

data_flags as (
    select
        f.rule_id,
        f.institution_code,
        f.year,
        f.subject,
        f.severity,
        f.score,
        f.evidence,
        rc.clause_id
    from int_risk_flags f
    join meta.rule_catalog c using (rule_id)
    join int_institution_checklist ic using (institution_code)
    join meta.rule_clause rc
        on  rc.rule_id = f.rule_id
        and rc.checklist = ic.checklist
        and rc.role = 'primary'
    where c.area <> '自查与整改'
),

contradicting as (
    select d.*
    from data_flags d
    semi join claims c using (institution_code, year, clause_id)
),

data_evidence as (
    select
        institution_code, year, clause_id,
        list({
            'dataset': ev.dataset, 'file_id': ev.file_id, 'sheet': ev.sheet, 'row_no': ev.row_no,
            'detail': format('［{}：{}］{}', title_zh, subject, coalesce(ev.detail, ''))
        } order by rule_id, subject, i)                                       as evidence
    from (
        select
            d.institution_code, d.year, d.clause_id, d.rule_id, c.title_zh, d.subject,
            unnest(d.evidence)                                               as ev,
            generate_subscripts(d.evidence, 1)                               as i
        from contradicting d
        join meta.rule_catalog c using (rule_id)
    )
    cross join params p
    where i <= p.max_flag_evidence
    group by all
),

judged as (
    select
        institution_code,
        year,
        clause_id,
        max(score)                                                           as max_flag_score,
        bool_or(severity = 'high')                                           as any_high,
        list(distinct rule_id order by rule_id)                              as rules,
        list(distinct title_zh order by title_zh)                            as titles,
        count(*)                                                             as n_flags
    from contradicting
    join (select rule_id, title_zh from meta.rule_catalog) using (rule_id)
    group by all
),

final as (
    select
        c.institution_code,
        c.year,
        c.year::varchar                                                      as period,
        c.clause_id                                                          as subject,
        case when j.any_high then 'high' else 'medium' end                   as severity,
        50 + 0.5 * least(100, greatest(0, j.max_flag_score))                 as score,
        null::decimal(18,2)                                                  as amount_yuan,
        format('自查报告称“{}”已落实且未列问题（条款{}），但同年数据发现“{}”共{}条，直接涉及本条款',
               case when length(c.item_text) > 30 then left(c.item_text, 30) || '…' else c.item_text end,
               c.clause_id, array_to_string(j.titles, '”“'), j.n_flags)      as summary_zh,
        json_object('self_rows', c.n_claims, 'data_rules', j.rules, 'data_flags', j.n_flags,
                    'max_flag_score', j.max_flag_score, 'min_confidence', p.min_confidence,
                    'max_flag_evidence', p.max_flag_evidence)                as measures,
        list_concat(c.evidence, coalesce(e.evidence, []))                    as evidence
    from claims c
    join judged j using (institution_code, year, clause_id)
    cross join params p
    left join data_evidence e using (institution_code, year, clause_id)
)

select * from final
