-- Rows rejected at ingest from sheets attributed to institution $1, by kind and reason. Any
-- year: a rejected row has no date one can trust.
select kind, reason, n_rows
from mart_rejected_rows
where institution_code = $1
order by n_rows desc, kind, reason
