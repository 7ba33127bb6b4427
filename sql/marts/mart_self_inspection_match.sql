-- mart_self_inspection_match: every self-inspection row with its candidate clauses, best first.
-- One row per self-inspection row × candidate (at most 3, marts.SelfMatchTop). The matching is
-- done in Go by the build (transform/selfmatch.go → int_self_inspection_match); this model adds
-- the row's text and the clause's text.
--   is_confident:   the candidate's confidence ≥ min_confidence in force (meta.rule_param of
--                   SELF_COVERAGE_GAP, the same threshold the self-inspection rules read).
--   is_row_matched: the row's best candidate is confident. A row that is not is unmatched: it is
--                   listed here all the same (with its weak candidates, or with clause_id NULL
--                   and the reason when it has none — no checklist applies, or nothing to
--                   match), never dropped.
with params as (
    select max(value) filter (where param = 'min_confidence') as min_confidence
    from meta.rule_param
    where rule_id = 'SELF_COVERAGE_GAP'
),

matches as (
    select m.*, m.confidence >= p.min_confidence as is_confident
    from int_self_inspection_match m
    cross join params p
),

self_rows as (
    select * from stg_self_inspection
),

clauses as (
    select clause_id, text as clause_text, plan_order from int_checklist
),

final as (
    select
        m.institution_code,
        m.year,
        m.checklist,
        m.checklist_source,
        r.file_name,
        m.file_id,
        m.sheet,
        m.row_no,
        r.item_no,
        r.area,
        r.section,
        r.item_text,
        r.status,
        r.issue,
        m.clause_id,
        c.clause_text,
        m.rank,
        round(m.confidence, 3)                                                   as confidence,
        m.reason,
        m.is_confident,
        coalesce(bool_or(m.rank = 1 and m.is_confident) over (
            partition by m.file_id, m.sheet, m.row_no), false)                   as is_row_matched
    from matches m
    join self_rows r using (file_id, sheet, row_no)
    left join clauses c using (clause_id)
)

select * from final
order by institution_code, year, file_id, sheet, row_no, rank nulls first
