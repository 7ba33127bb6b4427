-- DuckDB's buffer pool: all it holds, and of that the table blocks it keeps after reading or
-- writing them (BASE_TABLE), which it can drop and read back from the warehouse file.
select coalesce(sum(memory_usage_bytes), 0)::bigint as used,
       coalesce(sum(memory_usage_bytes) filter (where tag = 'BASE_TABLE'), 0)::bigint as cached
from duckdb_memory()
