-- Files with rows dated after the day of the build (mart_data_coverage.n_after_build): data
-- never lies in the future, so the build names them.
select path, sum(n_after_build)::bigint as n_rows
from mart_data_coverage
where n_after_build > 0
group by path
order by path
