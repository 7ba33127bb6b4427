-- .tables in the sql REPL: tables and views of the warehouse with their comments.
select schema_name as schema, table_name as name, 'table' as type, coalesce(comment, '') as comment
from duckdb_tables()
where schema_name in ('main', 'raw', 'meta') and not temporary
union all
select schema_name, view_name, 'view', coalesce(comment, '')
from duckdb_views()
where not internal and not temporary and schema_name in ('main', 'raw', 'meta')
order by 1, 2
