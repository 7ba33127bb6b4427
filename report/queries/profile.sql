-- The profile mart's rows for institution $1 and year $2 (columns read by name).
select * from mart_institution_profile where institution_code = $1 and year = $2
