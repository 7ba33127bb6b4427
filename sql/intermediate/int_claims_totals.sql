-- Each institution's claims total per year (Σ total_amount of its settlements): the scale the
-- insurance rules measure an amount against (0.01 % of it gives full marks for money).
select institution_code, year, sum(total_amount_yuan) as claims_total_yuan
from stg_claims
group by all
