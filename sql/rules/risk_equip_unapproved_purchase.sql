-- EQUIP_UNAPPROVED_PURCHASE: 未批先购 — large equipment bought before or without approval or
-- expert review. In scope: class 大型医用设备, or original value ≥ large_value_yuan. Breaches:
--   no approval no. (blank, '/', '无', '-') — where the register has a column for it;
--   approval_date > purchase_date (approved after it was bought; the same day is in order);
--   approval_date > the sign date of its contract (stg_contracts, same institution and no.);
--   expert review recorded as 否 (a blank is not a breach: the register does not say).
-- Year: the purchase year. Subject: the asset no. amount_yuan: the original value.
-- Score: 50 + 15 × (breaches − 1) + 35 × (1 − large_value_yuan / max(value, large_value_yuan)),
-- capped at 100: more breaches and more money score higher. Severity: high.
with params as (
    select max(value) filter (where param = 'large_value_yuan') as large_value
    from meta.rule_param
    where rule_id = 'EQUIP_UNAPPROVED_PURCHASE'
),

assets as (
    select
        e.*,
        c.sign_date                    as contract_sign_date,
        c.file_id                      as contract_file_id,
        c.sheet                        as contract_sheet,
        c.row_no                       as contract_row_no
    from stg_equipment e
    cross join params p
    left join stg_contracts c
        on  c.institution_code = e.institution_code
        and c.contract_no = e.contract_no
    where e.asset_class = '大型医用设备'
       or e.original_value_yuan >= p.large_value
),

judged as (
    select
        *,
        approval_no_in_file
            and (approval_no is null or approval_no in ('/', '无', '-', '－', '—')) as has_no_approval,
        coalesce(approval_date > purchase_date, false)                         as approved_after_purchase,
        coalesce(approval_date > contract_sign_date, false)                    as approved_after_contract,
        coalesce(not has_expert_review, false)                                 as has_no_review
    from assets
),

flagged as (
    select
        *,
        has_no_approval::int + approved_after_purchase::int + approved_after_contract::int
            + has_no_review::int                                               as n_breaches
    from judged
    where has_no_approval or approved_after_purchase or approved_after_contract or has_no_review
),

final as (
    select
        f.institution_code,
        year(f.purchase_date)                                      as year,
        year(f.purchase_date)::varchar                             as period,
        f.asset_no                                                 as subject,
        'high'                                                     as severity,
        least(100, 50 + 15 * (f.n_breaches - 1)
                   + 35 * (1 - p.large_value / greatest(f.original_value_yuan, p.large_value))) as score,
        f.original_value_yuan::decimal(18,2)                       as amount_yuan,
        format('{}（{}，原值{}元）{}购置：{}', f.asset_name, coalesce(f.asset_class, '未分类'),
               printf('%.2f', f.original_value_yuan), f.purchase_date,
               concat_ws('；',
                   case when f.has_no_approval then '无配置许可/审批文号' end,
                   case when f.approved_after_purchase then format('批准日期{}晚于购置日期', f.approval_date) end,
                   case when f.approved_after_contract then format('批准日期{}晚于合同签订日期{}', f.approval_date, f.contract_sign_date) end,
                   case when f.has_no_review then '未经专家论证' end)) as summary_zh,
        json_object(
            'asset_class', f.asset_class, 'original_value_yuan', f.original_value_yuan,
            'purchase_date', f.purchase_date, 'approval_no', f.approval_no, 'approval_date', f.approval_date,
            'contract_no', f.contract_no, 'contract_sign_date', f.contract_sign_date,
            'expert_review', f.has_expert_review,
            'no_approval', f.has_no_approval, 'approved_after_purchase', f.approved_after_purchase,
            'approved_after_contract', f.approved_after_contract, 'no_expert_review', f.has_no_review,
            'large_value_yuan', p.large_value
        )                                                          as measures,
        list_concat(
            [{
                'dataset': 'equipment', 'file_id': f.file_id, 'sheet': f.sheet, 'row_no': f.row_no,
                'detail': concat_ws(' ', f.asset_no, f.asset_name, f.model, f.original_value_yuan::varchar || '元',
                                    '购置' || f.purchase_date::varchar,
                                    '批文' || coalesce(f.approval_no, '无'),
                                    '批准' || coalesce(f.approval_date::varchar, '无'),
                                    '论证' || coalesce(case when f.has_expert_review then '是' else '否' end, '空白'))
            }],
            case when f.approved_after_contract then [{
                'dataset': 'contracts', 'file_id': f.contract_file_id, 'sheet': f.contract_sheet,
                'row_no': f.contract_row_no,
                'detail': concat_ws(' ', f.contract_no, '签订' || f.contract_sign_date::varchar)
            }] else [] end
        )                                                          as evidence
    from flagged f
    cross join params p
)

select * from final
