-- The samples `xuncha sample` drew for institution $1 and year $2: the latest successful draw
-- of each population, as the command log records it when the draw is made (its inputs line,
-- warehouse.SampleDraw.Inputs: "sample institution=… year=… of=… method=… size=… seed=…
-- population=…"). Read from meta.command_log, not a mart: a draw made after the last build is
-- in no mart yet.
with draws as (
    select
        started_at,
        regexp_extract(inputs, ' institution=(\S*)', 1)                      as institution_code,
        try_cast(regexp_extract(inputs, ' year=(\d+)', 1) as integer)        as year,
        regexp_extract(inputs, ' of=(\S*)', 1)                               as population,
        regexp_extract(inputs, ' method=(\S*)', 1)                           as method,
        try_cast(regexp_extract(inputs, ' size=(\d+)', 1) as integer)        as size,
        try_cast(regexp_extract(inputs, ' seed=(-?\d+)', 1) as bigint)       as seed,
        try_cast(regexp_extract(inputs, ' population=(\d+)', 1) as integer)  as population_size
    from meta.command_log
    where exit_code = 0 and inputs like 'sample institution=%'
)

select population, method, size, seed, population_size, started_at
from draws
where institution_code = $1 and year = $2
  and size > 0 and seed is not null and population_size is not null
qualify row_number() over (partition by population order by started_at desc) = 1
order by population
