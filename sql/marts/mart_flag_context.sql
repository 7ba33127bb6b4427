-- What each flag compared (measures) and the thresholds it was computed with.
with flags as (
    select
        flag_id,
        rule_id,
        measures
    from int_risk_flags
),

thresholds as (
    select rule_id, json_group_object(param, value) as thresholds
    from meta.rule_param
    group by rule_id
),

final as (
    select f.flag_id, f.rule_id, t.thresholds, f.measures
    from flags f
    left join thresholds t using (rule_id)
)

select * from final
