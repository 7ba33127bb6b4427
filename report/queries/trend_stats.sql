-- Flags per institution, year and rule in years $1..$2 (institution $3, or all when
-- $3 is empty): counts by severity, the weighted score and the money involved. Risks only:
-- coverage gaps of self-reports (risk_rank NULL) are not risks to count.
select
    f.institution_code,
    f.year,
    f.rule_id,
    coalesce(r.title_zh, '')                             as title_zh,
    coalesce(r.area, '')                                 as area,
    count(*)                                             as flags,
    count(*) filter (where f.severity = 'high')          as high,
    count(*) filter (where f.severity = 'medium')        as medium,
    count(*) filter (where f.severity not in ('high', 'medium')) as low,
    sum(case f.severity when 'high' then 3 when 'medium' then 2 else 1 end)::double as score,
    coalesce(sum(f.amount_yuan), 0)::double              as amount_yuan
from mart_risk_flags f
left join mart_rules r using (rule_id)
where f.year between $1 and $2
  and ($3 = '' or f.institution_code = $3)
  and f.risk_rank is not null
group by all
order by f.institution_code, f.year, f.rule_id
