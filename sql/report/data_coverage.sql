-- Rows loaded for institution $1 and year $2, per dataset kind, file and month: what the report
-- is based on (mart_data_coverage). Month and year grains count the rows dated in the year;
-- ledgers, registers and the self-inspection report count all of the institution's rows.
-- n_after_build: of them, those dated after the day of the build (wrong dates).
select kind, file_id, file_name, month, sum(n_rows)::bigint as n_rows,
       sum(n_after_build)::bigint as n_after_build
from mart_data_coverage
where institution_code = $1
  and (grain in ('month', 'year') and year = $2 or grain in ('ledger', 'register', 'report'))
group by all
order by kind, file_id, month
