-- Tables and views of the warehouse, for COMMENT ON.
select schema_name, table_name as name, 'TABLE' as kind from duckdb_tables() where not internal
union all
select schema_name, view_name, 'VIEW' from duckdb_views() where not internal
