-- The insurance rules' flagged money of institution $1 in year $2, and the fund paid it is a share of.
select
    rule_id,
    coalesce(title_zh, rule_id) as title_zh,
    flags,
    high_flags,
    flagged_settlements,
    flagged_yuan::double        as flagged_yuan,
    share_of_fund_paid,
    fund_paid_yuan::double      as fund_paid_yuan,
    settlements
from mart_insurance_summary
where institution_code = $1 and year = $2
order by rule_id
