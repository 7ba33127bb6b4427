-- The claim lines of every patient-item-day whose Σ qty exceeds the daily limit — the price
-- list's max_qty_per_day, or 1 where it sets none or does not list the item — with the day's
-- totals: what INS_DUPLICATE_BILLING (days of ≥ 2 lines) and INS_FREQUENCY_EXCEEDED (days of
-- items with a limit) both start from.
-- The patient-item-day spans the patient's settlements at one institution; a line whose
-- settlement is missing from the claims extract stands for its own patient; refund lines
-- (qty < 0) count in Σ qty and in the line count.
with prices as (
    select item_code, max_qty_per_day from stg_price_list
),

claims as (
    select institution_code, settlement_id, patient_id from stg_claims
),

lines as (
    select
        l.institution_code,
        coalesce(c.patient_id, '结算:' || l.settlement_id) as patient_key,
        l.item_code,
        l.service_date,
        l.qty,
        l.amount_yuan,
        p.max_qty_per_day
    from stg_claim_lines l
    left join prices p on p.item_code = l.item_code
    left join claims c on c.institution_code = l.institution_code and c.settlement_id = l.settlement_id
),

days as (
    select
        institution_code, patient_key, item_code, service_date,
        any_value(max_qty_per_day)                as max_qty_per_day,
        coalesce(any_value(max_qty_per_day), 1)   as day_limit,
        count(*)                                  as n_lines,
        sum(qty)                                  as total_qty,
        sum(amount_yuan)                          as total_yuan
    from lines
    group by all
    having sum(qty) > coalesce(any_value(max_qty_per_day), 1)
),

-- one probe of the lines against the few days over their limit
final as (
    select
        src.*,
        d.patient_key, d.max_qty_per_day, d.day_limit, d.n_lines, d.total_qty, d.total_yuan
    from days d
    join stg_claim_lines src
        on src.institution_code = d.institution_code and src.item_code = d.item_code
       and src.service_date = d.service_date
    left join claims c on c.institution_code = src.institution_code and c.settlement_id = src.settlement_id
    where coalesce(c.patient_id, '结算:' || src.settlement_id) = d.patient_key
)

select * from final
