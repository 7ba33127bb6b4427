-- The institution registry in force: one row per institution code.
with files as (
    select file_id from stg_files_in_force
),

ranked as (
    select
        i.*,
        row_number() over (partition by i.institution_code order by i._file_id desc, i._row) as rn
    from raw.institutions i
    join files f on f.file_id = i._file_id
),

final as (
    select
        institution_code,
        name,
        aliases,
        case
            when tier like '%三级%' then '三级'
            when tier like '%二级%' then '二级'
            when tier like '%一级%' then '一级'
            when category similar to '.*(卫生院|社区卫生服务).*' or tier like '%基层%' then '基层'
            else coalesce(tier, '未定级')
        end                                                   as tier,
        nullif(regexp_extract(tier, '(甲等|乙等|丙等|甲|乙|丙)', 1), '') as grade,
        category,
        category similar to '.*(卫生院|社区卫生服务).*'
            or tier like '%基层%' or tier like '%一级%'        as is_primary_care,
        district,
        city
    from ranked
    where rn = 1
)

select * from final
