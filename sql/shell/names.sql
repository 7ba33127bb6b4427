-- Words the sql REPL completes: tables and views (bare in main, else schema.name) and columns.
select distinct case when schema_name = 'main' then table_name else schema_name || '.' || table_name end
from duckdb_columns()
where schema_name in ('main', 'raw', 'meta') and not internal
union
select distinct column_name
from duckdb_columns()
where schema_name in ('main', 'raw', 'meta') and not internal
order by 1
