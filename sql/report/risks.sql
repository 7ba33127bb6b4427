-- Flags of institutions $1 (all when empty), year $2 (all when 0) and rule $3 (all when empty),
-- for `xuncha risks`: by institution and year in the order every report uses.
select
    f.institution_code,
    nullif(i.name, '') as institution,
    f.year,
    f.rule_id,
    f.period,
    f.subject,
    f.severity,
    f.score,
    f.amount_yuan,
    f.evidence_rows,
    f.clause_ids,
    f.summary_zh,
    f.flag_id
from mart_risk_flags f
left join mart_institutions i using (institution_code)
where (len($1::varchar[]) = 0 or list_contains($1::varchar[], f.institution_code))
  and ($2 = 0 or f.year = $2)
  and ($3 = '' or f.rule_id = $3)
order by f.institution_code, f.year, f.risk_rank nulls last, f.rule_id, f.subject
