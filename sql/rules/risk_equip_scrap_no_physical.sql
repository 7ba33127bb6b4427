-- EQUIP_SCRAP_NO_PHYSICAL: 无实物报废 — assets with status 已报废 and any of:
--   physical verification recorded as 否 (a blank is not a breach);
--   no scrap approval no. (blank, '/', '无', '-');
--   no disposal record (blank, '/', '无', '-').
-- The last two only where the register has a column for them (stg_file_fields).
-- Severity: medium; high when scrapped before early_life_share of the useful life, i.e.
-- scrap_date < purchase_date + useful_life_years × early_life_share (in months; exactly at the
-- share is not early).
-- Year: the scrap year (the purchase year where the scrap date is blank). Subject: asset no.
-- Score: 40 + 15 × breaches, + 15 + 30 × (1 − age / (life × share)) when scrapped early;
-- capped at 100.
with params as (
    select max(value) filter (where param = 'early_life_share') as early_share
    from meta.rule_param
    where rule_id = 'EQUIP_SCRAP_NO_PHYSICAL'
),

scrapped as (
    select
        e.*,
        e.useful_life_years * 12 * p.early_share                                as early_months
    from stg_equipment e
    cross join params p
    where e.status = '已报废'
),

judged as (
    select
        *,
        coalesce(not is_physical_verified, false)                                as has_no_physical,
        scrap_approval_no_in_file
            and (scrap_approval_no is null or scrap_approval_no in ('/', '无', '-', '－', '—')) as has_no_approval,
        disposal_in_file
            and (disposal is null or disposal in ('/', '无', '-', '－', '—'))   as has_no_disposal,
        coalesce(
            scrap_date < (purchase_date + to_months(floor(early_months)::integer)
                          + to_days(round((early_months - floor(early_months)) * 30)::integer))::date,
            false)                                                               as is_early,
        date_diff('day', purchase_date, scrap_date)
            / nullif(useful_life_years * 365.25, 0)                              as life_used
    from scrapped
),

flagged as (
    select
        *,
        has_no_physical::int + has_no_approval::int + has_no_disposal::int as n_breaches
    from judged
    where has_no_physical or has_no_approval or has_no_disposal
),

final as (
    select
        f.institution_code,
        year(coalesce(f.scrap_date, f.purchase_date))               as year,
        year(coalesce(f.scrap_date, f.purchase_date))::varchar      as period,
        f.asset_no                                                  as subject,
        case when f.is_early then 'high' else 'medium' end          as severity,
        least(100, 40 + 15 * f.n_breaches
                   + case when f.is_early
                          then 15 + 30 * greatest(0, 1 - f.life_used / p.early_share)
                          else 0 end)                               as score,
        f.original_value_yuan::decimal(18,2)                        as amount_yuan,
        format('{}（原值{}元，{}购置）{}报废：{}{}', f.asset_name, printf('%.2f', f.original_value_yuan),
               f.purchase_date, coalesce(f.scrap_date::varchar, '日期不详'),
               concat_ws('；',
                   case when f.has_no_physical then '实物核验为否' end,
                   case when f.has_no_approval then '无报废审批文号' end,
                   case when f.has_no_disposal then '无处置记录' end),
               case when f.is_early then format('；使用{}%年限即报废', round(100 * f.life_used)) else '' end
        )                                                           as summary_zh,
        json_object(
            'original_value_yuan', f.original_value_yuan, 'purchase_date', f.purchase_date,
            'scrap_date', f.scrap_date, 'useful_life_years', f.useful_life_years, 'life_used', f.life_used,
            'physical_verified', f.is_physical_verified, 'scrap_approval_no', f.scrap_approval_no,
            'disposal', f.disposal, 'no_physical', f.has_no_physical, 'no_scrap_approval', f.has_no_approval,
            'no_disposal', f.has_no_disposal, 'scrapped_early', f.is_early, 'early_life_share', p.early_share
        )                                                           as measures,
        [{
            'dataset': 'equipment', 'file_id': f.file_id, 'sheet': f.sheet, 'row_no': f.row_no,
            'detail': concat_ws(' ', f.asset_no, f.asset_name, f.model, f.status,
                                '报废' || coalesce(f.scrap_date::varchar, '日期空白'),
                                '实物' || coalesce(case when f.is_physical_verified then '是' else '否' end, '空白'),
                                '批文' || coalesce(f.scrap_approval_no, '无'),
                                '处置' || coalesce(f.disposal, '无'))
        }]                                                          as evidence
    from flagged f
    cross join params p
)

select * from final
