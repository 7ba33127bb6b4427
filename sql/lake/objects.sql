-- The tables and views a lake carries, with their columns: every stg_, int_ and
-- mart_ object of main, and the meta tables named in $1 (comma-separated schema.name).
with objects as (
    select schema_name, table_name as name from duckdb_tables() where not internal
    union all
    select schema_name, view_name from duckdb_views() where not internal
)
select o.schema_name, o.name, c.column_name, c.data_type
from objects o
join duckdb_columns() c on c.schema_name = o.schema_name and c.table_name = o.name
where (o.schema_name = 'main' and regexp_matches(o.name, '^(stg|int|mart)_'))
   or (o.schema_name || '.' || o.name) in (select unnest(string_split(?, ',')))
order by o.schema_name = 'meta', o.name, c.column_index
