-- The vendor spellings of procurement, contracts and payments, with a 统一社会信用代码 seen
-- beside them and how many rows write them, for the vendor master step.
with names as (
    select trim(vendor) as spelling,
           case when regexp_full_match(upper(trim(vendor_code)), '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}')
                then upper(trim(vendor_code)) end as credit_code
    from stg_procurement
    union all select trim(vendor), null from stg_contracts
    union all select trim(payee), null from stg_payments
)
select spelling, max(credit_code), count(*)
from names
where spelling <> ''
group by spelling
order by spelling
