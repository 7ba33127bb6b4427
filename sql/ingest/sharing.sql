-- What a new file's check against earlier files needs first, for one kind: its rows and
-- distinct natural keys (key.sql), whether any earlier file in force (candidates.sql) has
-- rows of the kind, and which of those share at least one key with it. Only these are
-- counted in full (overlap.sql): most earlier files of a kind and institution (another year,
-- another month) share none, and finding that needs no distinct count of their keys.
--   $1 the new file, $2 the kind, $3 the new file's institution (NULL: several or none)
-- Filled in with quoted identifiers of raw.<kind>: {{.Table}}, and those of key.sql.
with candidates as ({{template "candidates"}}),

new_keyed as (
    select {{template "key" .}} as k
    from {{.Table}} r
    where r._file_id = $1
),

new_keys as (
    select distinct k from new_keyed
),

sharing as (
    select distinct r._file_id as file_id
    from {{.Table}} r
    where r._file_id in (select file_id from candidates)
      and {{template "key" .}} in (select k from new_keys)
)

select (select count(*) from new_keyed) as new_rows,
       (select count(*) from new_keys) as new_keys,
       exists (select 1 from {{.Table}} r where r._file_id in (select file_id from candidates)) as earlier_rows,
       coalesce((select list(file_id order by file_id) from sharing), []) as sharing
