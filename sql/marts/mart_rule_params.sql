-- mart_rule_params: the thresholds in force for the last build (meta.rule_param): the value
-- each rule ran with and where it came from (default, or the --config file).
with params as (
    select * from meta.rule_param
),

final as (
    select rule_id, param, value, source
    from params
)

select * from final
order by rule_id, param
