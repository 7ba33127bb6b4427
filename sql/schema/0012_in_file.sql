-- in_file(fields, names): whether a loaded sheet has a column for any of the fields named —
-- fields is the sheet's list in stg_file_fields, NULL for a sheet loaded before its columns
-- were recorded, which counts as having them all. Staging views give each field a rule reads
-- as a breach when blank its <field>_in_file column through this one definition.
create or replace macro main.in_file(fields, names) as coalesce(list_has_any(fields, names), true);
