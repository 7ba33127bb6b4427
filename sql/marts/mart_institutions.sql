-- mart_institutions: every institution a report can be about — each of the registry in force
-- (stg_institutions) and each code with data or flags but no registry entry
-- (is_registered false, its name empty) — with the plan it answers to and its years with data.
--   aliases    the registry's other names, split at , ， ; ； 、 / |
--   plan       the checklist (int_institution_checklist: BN-L, BN-P, ZB-L); NULL where none applies
--   data_years the years of mart_rule_coverage: rows in a dated extract, or a flag
with registry as (
    select * from stg_institutions
),

data_years as (
    select institution_code, list(distinct year order by year) as data_years
    from mart_rule_coverage
    group by all
),

codes as (
    select institution_code from registry
    union
    select institution_code from data_years
),

final as (
    select
        c.institution_code,
        coalesce(r.name, '')                                              as name,
        list_filter(
            regexp_split_to_array(coalesce(r.aliases, ''), '\s*[,，;；、/|]\s*'),
            a -> a <> '')                                                 as aliases,
        coalesce(r.tier, '')                                              as tier,
        coalesce(r.grade, '')                                             as grade,
        coalesce(r.category, '')                                          as category,
        coalesce(r.district, '')                                          as district,
        coalesce(r.city, '')                                              as city,
        coalesce(r.is_primary_care, false)                                as is_primary_care,
        ic.checklist                                                      as plan,
        r.institution_code is not null                                    as is_registered,
        coalesce(d.data_years, []::integer[])                             as data_years
    from codes c
    left join registry r using (institution_code)
    left join int_institution_checklist ic using (institution_code)
    left join data_years d using (institution_code)
)

select * from final
order by institution_code
