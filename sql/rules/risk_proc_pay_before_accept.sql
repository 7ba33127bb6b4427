-- PROC_PAY_BEFORE_ACCEPT: money paid before acceptance, or beyond the contract. Per contract
-- (payments joined on institution and contract no.):
--   (a) a payment dated before the acceptance date (pay_date < acceptance_date, strictly);
--   (b) no acceptance (no date, or a result saying 不合格/未通过/不通过; a ledger without an
--       acceptance column does not say, and (b) is not assessed for its contracts) and
--       Σ payments / contract amount > max_prepay_share;
--   (c) Σ payments > contract amount × max_paid_ratio.
-- Year/period: the year of the earliest payment that triggered a condition (for (b) and (c) the
-- payment that took the running total over the line), so the flag sits where the money went.
-- amount_yuan: the money at issue — the largest of the amount paid before acceptance (a), the
-- amount paid without acceptance (b) and the overpayment Σ − contract amount (c).
-- Score: e = max(share paid before/without acceptance ÷ max_prepay_share, Σ paid ÷ contract ÷
-- max_paid_ratio); score = 50 + 50 × (1 − 1/max(e, 1)).
-- Severity: high for (b), (c), or (a) with more than max_prepay_share paid before acceptance;
-- medium for (a) alone with a smaller advance.
with params as (
    select
        max(value) filter (where param = 'max_prepay_share') as max_prepay_share,
        max(value) filter (where param = 'max_paid_ratio')   as max_paid_ratio
    from meta.rule_param
    where rule_id = 'PROC_PAY_BEFORE_ACCEPT'
),

contracts as (
    select
        *,
        case when acceptance_in_file
             then acceptance_date is not null
                  and coalesce(acceptance_result, '') not similar to '.*(不合格|未通过|不通过).*'
        end                                                                          as is_accepted
    from stg_contracts
    where amount_yuan > 0
),

payments as (
    select
        p.*,
        c.amount_yuan                                                  as contract_yuan,
        c.acceptance_date,
        c.is_accepted,
        p.pay_date < c.acceptance_date                                 as is_before_acceptance,
        sum(p.amount_yuan) over (
            partition by p.institution_code, p.contract_no
            order by p.pay_date, p.file_id, p.sheet, p.row_no
            rows unbounded preceding
        )                                                              as running_yuan
    from stg_payments p
    join contracts c
        on  c.institution_code = p.institution_code
        and c.contract_no = p.contract_no
),

per_contract as (
    select
        institution_code,
        contract_no,
        count(*)                                                            as n_payments,
        sum(amount_yuan)                                                    as paid_yuan,
        coalesce(sum(amount_yuan) filter (where is_before_acceptance), 0)   as paid_before_yuan,
        min(pay_date) filter (where is_before_acceptance)                   as first_before_date,
        min(pay_date) filter (where not is_accepted
                                and running_yuan / contract_yuan > pr.max_prepay_share) as prepay_trigger_date,
        min(pay_date) filter (where running_yuan > contract_yuan * pr.max_paid_ratio)   as overpay_trigger_date,
        list({
            'dataset': 'payments', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', pay_date::varchar, coalesce(voucher_no, ''), amount_yuan::varchar || '元',
                                '累计' || running_yuan::varchar || '元',
                                case when is_before_acceptance then '(验收前付款)'
                                     when not is_accepted then '(未验收)' end)
        } order by pay_date, file_id, sheet, row_no)                        as evidence
    from payments
    cross join params pr
    group by all
),

judged as (
    select
        c.*,
        pc.n_payments, pc.paid_yuan, pc.paid_before_yuan, pc.first_before_date,
        pc.prepay_trigger_date, pc.overpay_trigger_date, pc.evidence       as payment_evidence,
        pc.paid_yuan / c.amount_yuan                                       as paid_ratio,
        pc.paid_before_yuan / c.amount_yuan                                as paid_before_share,
        pc.first_before_date is not null                                   as paid_before_acceptance,
        pc.prepay_trigger_date is not null                                 as paid_without_acceptance,
        pc.overpay_trigger_date is not null                                as overpaid,
        p.max_prepay_share, p.max_paid_ratio
    from contracts c
    join per_contract pc using (institution_code, contract_no)
    cross join params p
),

flagged as (
    select
        *,
        least(first_before_date, prepay_trigger_date, overpay_trigger_date) as trigger_date,
        greatest(
            case when paid_before_acceptance then paid_before_share / max_prepay_share end,
            case when paid_without_acceptance then paid_ratio / max_prepay_share end,
            case when overpaid then paid_ratio / max_paid_ratio end
        )                                                                   as excess
    from judged
    where paid_before_acceptance or paid_without_acceptance or overpaid
),

final as (
    select
        f.institution_code,
        year(f.trigger_date)                                       as year,
        year(f.trigger_date)::varchar                              as period,
        f.contract_no                                              as subject,
        case
            when f.overpaid or f.paid_without_acceptance or f.paid_before_share > f.max_prepay_share then 'high'
            else 'medium'
        end                                                        as severity,
        least(100, 50 + 50 * (1 - 1 / greatest(f.excess, 1)))      as score,
        greatest(
            case when f.paid_before_acceptance then f.paid_before_yuan end,
            case when f.paid_without_acceptance then f.paid_yuan end,
            case when f.overpaid then f.paid_yuan - f.amount_yuan end
        )::decimal(18,2)                                           as amount_yuan,
        concat_ws('；',
            format('合同{}金额{}元，累计付款{}元（{}%）', f.contract_no, printf('%.2f', f.amount_yuan),
                   printf('%.2f', f.paid_yuan), round(100 * f.paid_ratio, 1)),
            case when f.paid_before_acceptance then
                format('验收日期{}前已付款{}元', f.acceptance_date, printf('%.2f', f.paid_before_yuan)) end,
            case when f.paid_without_acceptance then
                format('未验收{}已付款超过合同额{}%', case when f.acceptance_date is not null then '（验收结论：' || coalesce(f.acceptance_result, '') || '）' else '' end,
                       printf('%.0f', 100 * f.max_prepay_share)) end,
            case when f.overpaid then
                format('超合同付款{}元', printf('%.2f', f.paid_yuan - f.amount_yuan)) end
        )                                                          as summary_zh,
        json_object(
            'contract_yuan', f.amount_yuan, 'paid_yuan', f.paid_yuan, 'paid_ratio', f.paid_ratio,
            'acceptance_date', f.acceptance_date, 'acceptance_result', f.acceptance_result,
            'paid_before_acceptance_yuan', f.paid_before_yuan, 'paid_before_share', f.paid_before_share,
            'payments', f.n_payments,
            'paid_before_acceptance', f.paid_before_acceptance,
            'paid_without_acceptance', f.paid_without_acceptance, 'overpaid', f.overpaid,
            'max_prepay_share', f.max_prepay_share, 'max_paid_ratio', f.max_paid_ratio
        )                                                          as measures,
        list_concat([{
            'dataset': 'contracts', 'file_id': f.file_id, 'sheet': f.sheet, 'row_no': f.row_no,
            'detail': concat_ws(' ', f.contract_no, f.vendor, '合同额' || f.amount_yuan::varchar || '元',
                                '验收' || coalesce(f.acceptance_date::varchar, '无'), f.acceptance_result)
        }], f.payment_evidence)                                    as evidence
    from flagged f
)

select * from final
