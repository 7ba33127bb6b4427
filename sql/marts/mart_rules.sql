-- mart_rules: the rule catalog of the last build (meta.rule_catalog): each rule's title, area,
-- the staging inputs it reads and whether it has SQL yet.
with catalog as (
    select * from meta.rule_catalog
),

final as (
    select
        rule_id,
        title_zh,
        area,
        list_filter(string_split(inputs, ','), x -> x <> '') as inputs,
        implemented
    from catalog
)

select * from final
order by rule_id
