-- The value in force of rule $1's parameter $2.
select value from mart_rule_params where rule_id = $1 and param = $2
