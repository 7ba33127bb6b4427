-- How much of an earlier file a new file repeats, for one kind: the distinct natural keys
-- (key.sql) the earlier file has, how many of them the new file also has, and its rows. No
-- row when the earlier file has none of the kind.
--   $1 the new file, $2 the earlier file (one sharing.sql found, for this kind or another)
-- Filled in with quoted identifiers of raw.<kind>: {{.Table}}, and those of key.sql.
with new_keys as (
    select distinct {{template "key" .}} as k
    from {{.Table}} r
    where r._file_id = $1
),

old as (
    select {{template "key" .}} as k
    from {{.Table}} r
    where r._file_id = $2
),

old_keys as (
    select distinct k from old
)

-- keys < rows: the natural key does not tell that file's rows apart (a coarser key than the
-- file's grain), and the counts cannot show that one file replaces the other
select count(*) as keys, count(n.k) as repeated, (select count(*) from old) as rows
from old_keys o
left join new_keys n using (k)
having count(*) > 0
