-- Whether any flag names institution code $1 (for warehouses without a registry).
select count(*) > 0 from mart_risk_flags where institution_code = $1
