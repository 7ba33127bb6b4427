-- The columns the raw tables have: ingest creates a missing table or column, nothing else.
select table_name, column_name
from duckdb_columns()
where database_name = current_database() and schema_name = 'raw'
