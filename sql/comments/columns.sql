-- Columns of the warehouse's tables and views, for COMMENT ON COLUMN.
select schema_name, table_name, column_name from duckdb_columns() where not internal
