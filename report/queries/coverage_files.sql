-- Fallback coverage from the ingest ledger alone, when raw tables cannot be read:
-- sheets attributed to institution $1 whose files' periods overlap year $2.
with files as (
    select file_id, file_name, institution_code, period_from, period_to
    from meta.ingest_file
    where status = 'loaded'
),

final as (
    select
        s.kind,
        s.file_id,
        f.file_name,
        null::varchar      as month,
        sum(s.rows_loaded) as n_rows
    from meta.ingest_sheet s
    join files f using (file_id)
    where s.kind is not null
      and coalesce(s.institution_code, f.institution_code) = $1
      and (f.period_from is null or $2 between year(f.period_from) and year(f.period_to))
    group by all
)

select * from final
order by kind, file_id
