-- EQUIP_EARLY_SCRAP_REBUY: an asset scrapped before the end of its useful life and the same
-- equipment bought again within rebuy_days.
--   scrapped early: a scrap date, status 已报废 (or blank), a useful life, and
--                   scrap_date < purchase_date + useful_life_years (in months; at the end of its
--                   life is not early);
--   same equipment: another asset of the same institution with the same name whose model is
--                   the same or blank on either side, or with the same (non-blank) model;
--   bought again:   its purchase date is on or after the scrap date and at most rebuy_days later.
-- Subject: the scrapped asset's no.; year: its scrap year. amount_yuan: the re-purchases'
-- original value. Severity: medium; high when the asset was scrapped before early_life_share
-- of its life (scrap_date < purchase_date + life × share, in months).
-- Score: 50 + 50 × the life remaining at scrapping (1 − age / life), capped at 100.
with params as (
    select
        max(value) filter (where param = 'rebuy_days')       as rebuy_days,
        max(value) filter (where param = 'early_life_share') as early_share
    from meta.rule_param
    where rule_id = 'EQUIP_EARLY_SCRAP_REBUY'
),

assets as (
    select * from stg_equipment
),

scrapped as (
    select
        a.*,
        (a.purchase_date + to_months(floor(a.useful_life_years * 12)::integer)
            + to_days(round((a.useful_life_years * 12 - floor(a.useful_life_years * 12)) * 30)::integer))::date
                                                                     as life_end_date,
        (a.purchase_date + to_months(floor(a.useful_life_years * 12 * p.early_share)::integer)
            + to_days(round((a.useful_life_years * 12 * p.early_share
                             - floor(a.useful_life_years * 12 * p.early_share)) * 30)::integer))::date
                                                                     as early_end_date,
        date_diff('day', a.purchase_date, a.scrap_date)
            / (a.useful_life_years * 365.25)                         as life_used
    from assets a
    cross join params p
    where a.scrap_date is not null
      and coalesce(a.status, '已报废') = '已报废'
      and a.useful_life_years > 0
),

early as (
    select * from scrapped where scrap_date < life_end_date
),

rebuys as (
    select
        s.institution_code,
        s.asset_no,
        b.asset_no                 as rebuy_asset_no,
        b.purchase_date            as rebuy_date,
        b.original_value_yuan      as rebuy_yuan,
        date_diff('day', s.scrap_date, b.purchase_date) as days_after_scrap,
        b.file_id, b.sheet, b.row_no, b.asset_name, b.model
    from early s
    cross join params p
    join assets b
        on  b.institution_code = s.institution_code
        and b.asset_no <> s.asset_no
        and (
                (b.asset_name = s.asset_name
                 and (b.model is null or s.model is null or b.model = s.model))
             or (b.model is not null and b.model = s.model)
            )
        and b.purchase_date >= s.scrap_date
        and b.purchase_date <= s.scrap_date + cast(p.rebuy_days as integer)
),

per_asset as (
    select
        institution_code,
        asset_no,
        count(*)                                                  as n_rebuys,
        sum(rebuy_yuan)                                           as rebuy_yuan,
        min(days_after_scrap)                                     as min_days_after_scrap,
        list(rebuy_asset_no order by rebuy_date, rebuy_asset_no)  as rebuy_asset_nos,
        list({
            'dataset': 'equipment', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no,
            'detail': concat_ws(' ', '重购', rebuy_asset_no, asset_name, model, rebuy_yuan::varchar || '元',
                                '购置' || rebuy_date::varchar, '报废后' || days_after_scrap || '天')
        } order by rebuy_date, rebuy_asset_no)                    as evidence
    from rebuys
    group by all
),

final as (
    select
        s.institution_code,
        year(s.scrap_date)                                        as year,
        year(s.scrap_date)::varchar                               as period,
        s.asset_no                                                as subject,
        case when s.scrap_date < s.early_end_date then 'high' else 'medium' end as severity,
        least(100, 50 + 50 * greatest(0, 1 - s.life_used))        as score,
        r.rebuy_yuan::decimal(18,2)                               as amount_yuan,
        format('{}（{}，{}购置，使用年限{}年）于{}报废，仅用{}%年限；{}天后重新购置同类设备{}台（{}），金额{}元',
               s.asset_name, coalesce(s.model, '型号不详'), s.purchase_date, s.useful_life_years, s.scrap_date,
               round(100 * s.life_used), r.min_days_after_scrap, r.n_rebuys,
               array_to_string(r.rebuy_asset_nos, '、'), printf('%.2f', r.rebuy_yuan)) as summary_zh,
        json_object(
            'purchase_date', s.purchase_date, 'scrap_date', s.scrap_date, 'useful_life_years', s.useful_life_years,
            'life_end_date', s.life_end_date, 'life_used', s.life_used, 'rebuy_asset_nos', r.rebuy_asset_nos,
            'days_after_scrap', r.min_days_after_scrap, 'rebuy_yuan', r.rebuy_yuan,
            'rebuy_days', p.rebuy_days, 'early_life_share', p.early_share
        )                                                         as measures,
        list_concat([{
            'dataset': 'equipment', 'file_id': s.file_id, 'sheet': s.sheet, 'row_no': s.row_no,
            'detail': concat_ws(' ', '报废', s.asset_no, s.asset_name, s.model, s.original_value_yuan::varchar || '元',
                                '购置' || s.purchase_date::varchar, '报废' || s.scrap_date::varchar,
                                '年限' || s.useful_life_years::varchar || '年')
        }], r.evidence)                                           as evidence
    from early s
    join per_asset r using (institution_code, asset_no)
    cross join params p
)

select * from final
