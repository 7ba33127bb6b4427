-- The flags of institution $1 in year $2 in the order every report uses (risk_rank; coverage
-- gaps, which are not ranked, last), with the rule's title and area.
select
    f.flag_id,
    f.rule_id,
    coalesce(r.title_zh, '')                       as title_zh,
    coalesce(r.area, '')                           as area,
    f.year,
    f.period,
    f.subject,
    f.severity,
    f.score,
    f.amount_yuan::double                          as amount_yuan,
    f.evidence_rows,
    coalesce(f.clause_ids, []::varchar[])           as clause_ids,
    f.summary_zh,
    f.risk_rank
from mart_risk_flags f
left join mart_rules r using (rule_id)
where f.institution_code = $1 and f.year = $2
order by f.risk_rank nulls last, f.rule_id, f.subject
