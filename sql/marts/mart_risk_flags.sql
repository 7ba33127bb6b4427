-- One row per flag: the contract every report, test and reviewer relies on.
with flags as (
    select * from int_risk_flags
),

-- The clauses of the institution's checklist the rule bears on (meta.rule_clause), primary
-- first; none where no plan applies to the institution. A SELF_* flag is about one clause of
-- that checklist: its subject.
clauses as (
    select
        f.rule_id, f.institution_code, f.period, f.subject,
        coalesce(
            list(rc.clause_id order by rc.ord) filter (where rc.clause_id is not null),
            []::varchar[])                                                  as clause_ids
    from (select distinct rule_id, institution_code, period, subject from flags) f
    left join int_institution_checklist ic using (institution_code)
    left join meta.rule_clause rc
        on  rc.rule_id = f.rule_id
        and rc.checklist = ic.checklist
    group by all
),

subject_clause as (
    select distinct f.rule_id, f.institution_code, f.period, f.subject
    from flags f
    join int_institution_checklist ic using (institution_code)
    join int_checklist c on c.checklist = ic.checklist and c.clause_id = f.subject
    where f.rule_id like 'SELF\_%' escape '\'
),

final as (
    select
        f.flag_id,
        f.rule_id,
        f.institution_code,
        f.year,
        f.period,
        f.subject,
        f.severity,
        round(least(greatest(f.score, 0), 100), 1)                          as score,
        f.amount_yuan::decimal(18,2)                                        as amount_yuan,
        coalesce(len(f.evidence), 0)::integer                               as evidence_rows,
        case when s.subject is not null then [f.subject] else c.clause_ids end as clause_ids,
        f.summary_zh
    from flags f
    join meta.rule_catalog using (rule_id)
    join clauses c using (rule_id, institution_code, period, subject)
    left join subject_clause s using (rule_id, institution_code, period, subject)
),

-- risk_rank: the order every report lists an institution-year's risks in, 1 = first: severity,
-- then money at risk (none last), then score — a score compares flags of one rule only, so it
-- only breaks ties. SELF_COVERAGE_GAP flags are not risks to rank (a report shows them as a
-- coverage table): NULL.
ranked as (
    select
        *,
        case when rule_id <> 'SELF_COVERAGE_GAP' then
            row_number() over (
                partition by institution_code, year, rule_id = 'SELF_COVERAGE_GAP'
                order by case severity when 'high' then 0 when 'medium' then 1 else 2 end,
                         amount_yuan desc nulls last, score desc, rule_id, subject, period)
        end::integer                                                        as risk_rank
    from final
)

select * from ranked
order by institution_code, year, risk_rank nulls last, rule_id, subject
