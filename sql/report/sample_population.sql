-- The items of population $3 of institution $1 in year $2 that `xuncha sample` draws from,
-- in a fixed order (date, then key), which monetary-unit sampling accumulates along.
select
    item_key,
    coalesce(document_no, '')   as document_no,
    item_date,
    coalesce(amount_yuan, 0)    as amount_yuan,
    coalesce(description, '')   as description,
    coalesce(file_name, '')     as file_name,
    coalesce(sheet, '')         as sheet,
    coalesce(row_no, 0)         as row_no
from mart_sample_population
where institution_code = $1 and year = $2 and population = $3
order by item_date nulls last, item_key
