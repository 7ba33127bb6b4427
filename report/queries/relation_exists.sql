-- Whether a table or view named $1 exists in the main schema.
select count(*) > 0
from (
    select table_name as name from duckdb_tables() where schema_name = 'main'
    union all
    select view_name from duckdb_views() where schema_name = 'main' and not internal
)
where name = $1
