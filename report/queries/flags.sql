-- The flags of institution $1 in year $2, worst first, with the rule's title and area.
select
    f.flag_id,
    f.rule_id,
    coalesce(c.title_zh, '')                       as title_zh,
    coalesce(c.area, '')                           as area,
    f.year,
    f.period,
    f.subject,
    f.severity,
    f.score,
    f.amount_yuan::double                          as amount_yuan,
    f.evidence_rows,
    coalesce(array_to_string(f.clause_ids, ','), '') as clause_ids,
    f.summary_zh
from mart_risk_flags f
left join meta.rule_catalog c using (rule_id)
where f.institution_code = $1 and f.year = $2
order by
    case f.severity when 'high' then 0 when 'medium' then 1 else 2 end,
    f.score desc,
    f.rule_id,
    f.subject
