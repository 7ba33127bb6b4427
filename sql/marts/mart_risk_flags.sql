-- One row per flag: the contract every report, test and reviewer relies on.
with flags as (
    select * from int_risk_flags
),

catalog as (
    select rule_id, string_split(clause_ids, ',') as clause_ids from meta.rule_catalog
),

final as (
    select
        md5(concat_ws('|', f.rule_id, f.institution_code, f.period, f.subject)) as flag_id,
        f.rule_id,
        f.institution_code,
        f.year,
        f.period,
        f.subject,
        f.severity,
        round(least(greatest(f.score, 0), 100), 1)                          as score,
        f.amount_yuan::decimal(18,2)                                        as amount_yuan,
        coalesce(len(f.evidence), 0)::integer                               as evidence_rows,
        c.clause_ids,
        f.summary_zh
    from flags f
    join catalog c using (rule_id)
)

select * from final
order by institution_code, year, rule_id, score desc, subject
