-- The national essential-drug list (国家基本药物目录, reference) of the files in force.
with files as (
    select file_id from stg_files_in_force
),

final as (
    select distinct
        nullif(trim(e.item_code), '')   as item_code,
        trim(e.generic_name)            as generic_name,
        e.dosage_form
    from raw.essential_drugs e
    join files f on f.file_id = e._file_id
    where e.generic_name is not null
)

select * from final
