-- A table without partitions (or a partitioned one with no rows), as one file.
-- {{source}} and {{target}} are a quoted identifier and a quoted path.
copy (select * from {{source}}) to {{target}} (format parquet, compression zstd)
