-- The registry's city names, which the vendor master strips from vendor names.
select distinct trim(city) from stg_institutions where trim(city) <> '' order by 1
