-- mart_vendor_spellings: what the vendor master (int_vendor) joined, for the user to check.
-- One row per spelling of a vendor written more than one way: the vendor (the spelling its
-- rules and reports name it by), the spelling, how many extract rows use it and why it was
-- joined. A wrong join is undone with a `vendor.split = 名称A | 名称B` line in the config file.
with spellings as (
    select *, count(*) over (partition by vendor) as n_spellings
    from int_vendor
),

final as (
    select vendor, spelling, normalised, credit_code, n_rows, joined_by, n_spellings
    from spellings
    where n_spellings > 1
)

select * from final order by vendor, spelling = vendor desc, spelling
