-- The source rows behind the flags of institution $1 in year $2: the first $3 rows of
-- each flag, or all of them when $3 <= 0.
with flags as (
    select flag_id from mart_risk_flags where institution_code = $1 and year = $2
),

numbered as (
    select
        e.*,
        row_number() over (
            partition by e.flag_id order by e.dataset, e.file_id, e.sheet, e.row_no
        ) as rn
    from mart_flag_evidence e
    join flags using (flag_id)
),

final as (
    select
        flag_id,
        rule_id,
        coalesce(dataset, '')   as dataset,
        coalesce(file_name, '') as file_name,
        coalesce(file_path, '') as file_path,
        coalesce(sheet, '')     as sheet,
        coalesce(row_no, 0)     as row_no,
        coalesce(detail, '')    as detail,
        row_date,
        coalesce(document_no, '') as document_no,
        amount_yuan::double     as amount_yuan
    from numbered
    where $3 <= 0 or rn <= $3
    order by rule_id, flag_id, rn
)

select * from final
