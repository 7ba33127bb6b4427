-- The fields each loaded sheet has a column for (meta.ingest_column). Rules read a field's
-- NULLs as "nothing recorded" only where the sheet has the column: an export without it does
-- not say, and that branch of the rule is not assessed for its rows. A sheet loaded before
-- columns were recorded has no row here, and the views treat every field as present for it.
select file_id, sheet, list(distinct field order by field) as fields
from meta.ingest_column
group by all
