-- 回头看 for institution $1 in year $2: its findings confirmed for earlier years, whether the
-- data pattern still shows, and the rectification items on their clauses (mart_lookback).
select
    l.flag_id,
    l.rule_id,
    coalesce(r.title_zh, '')                 as title_zh,
    l.finding_year,
    l.finding_period,
    l.subject,
    l.verdict,
    coalesce(l.note, '')                     as note,
    l.reviewer,
    l.reviewed_on,
    l.pattern,
    l.pattern_flag_ids,
    to_json(l.rect_items)::varchar           as rect_items
from mart_lookback l
left join mart_rules r using (rule_id)
where l.institution_code = $1 and l.year = $2
order by l.finding_year desc, l.rule_id, l.subject
