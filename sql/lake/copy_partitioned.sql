-- A table with year and institution_code, as hive partitions year=Y/institution=C; the files
-- keep institution_code. {{source}} and {{target}} are a quoted identifier and a quoted path.
copy (select *, institution_code as institution from {{source}}) to {{target}}
    (format parquet, partition_by (year, institution), compression zstd, filename_pattern 'part_{i}')
