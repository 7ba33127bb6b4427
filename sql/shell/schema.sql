-- .schema T in the sql REPL: the columns of table or view $2 in schema $1.
select column_name as column, data_type as type, coalesce(comment, '') as comment
from duckdb_columns()
where schema_name = $1 and table_name = $2
order by column_index
