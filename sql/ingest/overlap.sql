-- How much of each earlier file a new file repeats, for one kind: per earlier file with rows
-- of the kind, the distinct natural keys (key.sql) it has, how many of them the new file also
-- has, and its rows. The new file's keys are found once for all the earlier files.
--   $1 the new file, $2 the earlier files (those sharing.sql found, for this kind or another)
-- Filled in with quoted identifiers of raw.<kind>: {{.Table}}, and those of key.sql.
with new_keys as (
    select distinct {{template "key" .}} as k
    from {{.Table}} r
    where r._file_id = $1
),

old as (
    select r._file_id as file_id, {{template "key" .}} as k
    from {{.Table}} r
    where list_contains($2::bigint[], r._file_id)
),

old_rows as (
    select file_id, count(*) as rows from old group by file_id
),

old_keys as (
    select distinct file_id, k from old
)

-- keys < rows: the natural key does not tell that file's rows apart (a coarser key than the
-- file's grain), and the counts cannot show that one file replaces the other
select o.file_id, count(*) as keys, count(n.k) as repeated, any_value(r.rows) as rows
from old_keys o
left join new_keys n using (k)
join old_rows r using (file_id)
group by o.file_id
