-- Risks per institution, year and rule in years $1..$2 (institution $3, or all when $3 is
-- empty): counts by severity, the weighted points and the money involved (mart_rule_stats).
select
    s.institution_code,
    s.year,
    s.rule_id,
    coalesce(r.title_zh, '')             as title_zh,
    coalesce(r.area, '')                 as area,
    s.flags,
    s.high,
    s.medium,
    s.low,
    s.points::double                     as score,
    coalesce(s.amount_yuan, 0)::double   as amount_yuan
from mart_rule_stats s
left join mart_rules r using (rule_id)
where s.year between $1 and $2
  and ($3 = '' or s.institution_code = $3)
order by s.institution_code, s.year, s.rule_id
