-- How much of each earlier file in force a new file repeats, for one kind: per earlier file
-- that holds rows of the kind (and shares the new file's institution, when it has one), the
-- distinct natural keys it has, how many of them the new file also has, and the row and key
-- counts of both.
--   $1 the new file, $2 the kind, $3 the new file's institution (NULL: several or none)
-- The candidates are candidates.sql; with none, the query is not run (it would hash every
-- key of the new file for nothing).
-- Filled in with quoted identifiers of raw.<kind>: {{.Table}}; {{.Anchor}}, the key's first
-- field; {{.Key}}, the natural key with institution (and item, row kind); {{.Dated}}, the
-- same with the kind's date, the key of a row whose first key field is empty (a procurement
-- export without order numbers: its rows are told apart by date, item and spec).
with candidates as ({{template "candidates"}}),

keyed as (
    select
        r._file_id as file_id,
        case when r.{{.Anchor}} is null then hash('dated', {{.Dated}}) else hash('key', {{.Key}}) end as k
    from {{.Table}} r
    where r._file_id = $1 or r._file_id in (select file_id from candidates)
),

new_keys as (
    select distinct k from keyed where file_id = $1
),

new_counts as (
    select count(*) as rows, count(distinct k) as keys from keyed where file_id = $1
),

old_rows as (
    select file_id, count(*) as rows from keyed where file_id <> $1 group by file_id
),

old_keys as (
    select distinct file_id, k from keyed where file_id <> $1
)

-- keys < rows: the natural key does not tell that file's rows apart (a coarser key than the
-- file's grain), and the counts cannot show that one file replaces the other
select o.file_id, count(*) as keys, count(n.k) as repeated, any_value(r.rows) as rows,
       any_value(c.keys) as new_keys, any_value(c.rows) as new_rows
from old_keys o
left join new_keys n using (k)
join old_rows r using (file_id)
cross join new_counts c
group by o.file_id
order by o.file_id
