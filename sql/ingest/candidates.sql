-- The earlier files in force a new file may repeat, for one kind: they hold rows of the kind
-- and share the new file's institution, when it has one.
--   $1 the new file, $2 the kind, $3 the new file's institution (NULL: several or none)
{{define "candidates"}}
    select file_id
    from meta.ingest_file
    where status = 'loaded'
      and file_id <> $1
      and list_contains(string_split(kinds, ','), $2)
      and ($3::varchar is null or institution_code is null or institution_code = $3::varchar)
{{end}}
