-- Whether a new file has any earlier file to compare with (candidates.sql).
select exists ({{template "candidates"}})
