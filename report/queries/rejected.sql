-- Rows rejected at ingest from sheets attributed to institution $1, by kind and
-- reason. Any year: a rejected row has no date one can trust.
with sheets as (
    select
        s.file_id,
        s.sheet,
        coalesce(s.institution_code, f.institution_code) as institution_code
    from meta.ingest_sheet s
    join meta.ingest_file f using (file_id)
    where f.status = 'loaded'
),

final as (
    select
        coalesce(r.kind, '') as kind,
        r.reason,
        count(*)             as n_rows
    from raw.rejected r
    join sheets s on s.file_id = r.file_id and s.sheet = r.sheet
    where s.institution_code = $1
    group by all
)

select * from final
order by n_rows desc, kind, reason
