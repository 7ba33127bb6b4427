-- mart_rejected_rows: rows rejected at ingest, per institution, dataset kind and reason. Not by
-- year: a rejected row has no date one can trust.
with rejected as (
    select * from stg_rejected
),

final as (
    select
        institution_code,
        coalesce(kind, '') as kind,
        reason,
        count(*)           as n_rows
    from rejected
    group by all
)

select * from final
order by institution_code, n_rows desc, kind, reason
