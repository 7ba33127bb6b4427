-- PROC_VENDOR_CONCENTRATION: one vendor dominating a category. Per institution, year and
-- category of stg_procurement: the category's annual spend > min_category_yuan, the market
-- (the same category and year across the institutions of the same tier in the district, this
-- one included; tier from stg_institutions, an unregistered institution is its own market)
-- has ≥ min_market_vendors distinct vendors, and one vendor's share > max_vendor_share.
-- Vendors are those of int_vendor (spellings of one company count as one vendor, in the
-- market too); evidence keeps each row's spelling.
-- One flag per institution, year and vendor (a vendor dominating two categories is one flag
-- listing both); subject = the vendor name as registered.
-- Score: 50 + 50 × (share − max_vendor_share) / (1 − max_vendor_share) for the largest share:
-- 50 at the threshold, 100 for a sole supplier. Severity: medium (a statistical signal).
with params as (
    select
        max(value) filter (where param = 'max_vendor_share')   as max_share,
        max(value) filter (where param = 'min_category_yuan')  as min_category_yuan,
        max(value) filter (where param = 'min_market_vendors') as min_vendors
    from meta.rule_param
    where rule_id = 'PROC_VENDOR_CONCENTRATION'
),

institutions as (
    select institution_code, tier from stg_institutions
),

lines as (
    select
        p.* replace (coalesce(p.category, '未分类') as category, coalesce(v.vendor, p.vendor) as vendor),
        p.vendor                                                as spelling,
        coalesce(i.tier, 'unregistered:' || p.institution_code) as market
    from stg_procurement p
    left join institutions i using (institution_code)
    left join int_vendor v on v.spelling = trim(p.vendor)
    where p.vendor is not null
),

market as (
    select market, year, category, count(distinct vendor) as market_vendors
    from lines
    group by all
),

category_spend as (
    select institution_code, year, category, market, sum(amount_yuan) as category_yuan
    from lines
    group by all
),

vendor_spend as (
    select institution_code, year, category, vendor, sum(amount_yuan) as vendor_yuan, count(*) as n_lines
    from lines
    group by all
),

judged as (
    select
        v.*,
        c.category_yuan,
        m.market_vendors,
        v.vendor_yuan / c.category_yuan as share
    from vendor_spend v
    join category_spend c using (institution_code, year, category)
    join market m using (market, year, category)
    cross join params p
    where c.category_yuan > p.min_category_yuan
      and m.market_vendors >= p.min_vendors
      and v.vendor_yuan / c.category_yuan > p.max_share
),

per_vendor as (
    select
        institution_code,
        year,
        vendor,
        max(share)                                          as max_share,
        sum(vendor_yuan)                                    as vendor_yuan,
        string_agg(format('{}占{}%（{}元/{}元，市场{}家供应商）', category, round(100 * share, 1),
                          printf('%.2f', vendor_yuan), printf('%.2f', category_yuan), market_vendors), '；'
                   order by category)                       as detail_zh,
        json_group_array(json_object('category', category, 'vendor_yuan', vendor_yuan,
                                     'category_yuan', category_yuan, 'share', share,
                                     'market_vendors', market_vendors)) as categories
    from judged
    group by all
),

evidence as (
    select
        j.institution_code, j.year, j.vendor,
        list({
            'dataset': 'procurement', 'file_id': l.file_id, 'sheet': l.sheet, 'row_no': l.row_no,
            'detail': concat_ws(' ', l.order_date::varchar, coalesce(l.order_no, ''), l.spelling, l.category, l.item_name,
                                l.amount_yuan::varchar || '元')
        } order by l.order_date, l.file_id, l.sheet, l.row_no) as evidence
    from judged j
    join lines l using (institution_code, year, category, vendor)
    group by all
),

final as (
    select
        v.institution_code,
        v.year,
        v.year::varchar                                                             as period,
        v.vendor                                                                    as subject,
        'medium'                                                                    as severity,
        least(100, 50 + 50 * (v.max_share - p.max_share) / nullif(1 - p.max_share, 0)) as score,
        v.vendor_yuan::decimal(18,2)                                                as amount_yuan,
        format('{}年{}采购集中度过高：{}', v.year, v.vendor, v.detail_zh)           as summary_zh,
        json_object('max_share', v.max_share, 'categories', v.categories,
                    'max_vendor_share', p.max_share, 'min_category_yuan', p.min_category_yuan,
                    'min_market_vendors', p.min_vendors)                            as measures,
        e.evidence
    from per_vendor v
    join evidence e using (institution_code, year, vendor)
    cross join params p
)

select * from final
