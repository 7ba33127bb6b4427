-- Flags per rule: how many, at how many institutions, the money and the highest score.
select
    rule_id,
    count(*)                         as flags,
    count(distinct institution_code) as institutions,
    sum(amount_yuan)                 as amount_yuan,
    max(score)                       as max_score
from mart_risk_flags
group by all
order by rule_id
