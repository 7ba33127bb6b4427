-- The settlements of institution $1 in year $2 to pull on site: high-severity ones, then the sample.
select
    settlement_id,
    reason,
    coalesce(rule_ids, '')    as rule_ids,
    amount_yuan::double       as amount_yuan,
    fund_paid_yuan::double    as fund_paid_yuan,
    coalesce(department, '')  as department,
    coalesce(doctor, '')      as doctor,
    seed
from mart_settlements_to_pull
where institution_code = $1 and year = $2
order by reason, draw_key
