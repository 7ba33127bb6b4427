-- Peer groups of the drug and consumable rules (MED_*): the institutions of the same tier among
-- every institution in the registry loaded — the commission's inspection scope ("the district";
-- the registry's own district column is not used, since one scope may span districts, as the
-- sample's Zibo hospital does). Primary care (乡镇卫生院, 社区卫生服务中心, 一级) is one tier,
-- 基层. An institution with peer_count = 0, or of unknown tier, has no peers: the MED rules
-- do not assess it ("not assessed (no peers)").
with registry as (
    select
        institution_code,
        name,
        case when is_primary_care then '基层' else tier end as peer_tier
    from stg_institutions
),

final as (
    select
        institution_code,
        name,
        peer_tier,
        case when peer_tier in ('三级', '二级', '基层')
             then count(*) over (partition by peer_tier) - 1
             else 0 end                                      as peer_count
    from registry
)

select * from final
