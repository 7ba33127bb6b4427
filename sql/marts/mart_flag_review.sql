-- mart_flag_review: the panel's review in force for each reviewed flag (meta.flag_review_in_force:
-- the latest 核查日期 of the reviews ingested from returned evidence workbooks). A flag without a
-- row here is unreviewed: a signal, not a finding.
--   confirmed  属实 or 部分属实: the panel found the problem on site — a finding
--   reviews    how many reviews of the flag were recorded (the earlier ones stay in meta.flag_review)
with in_force as (
    select * from meta.flag_review_in_force
),

final as (
    select
        flag_id,
        verdict,
        note,
        reviewer,
        reviewed_on,
        verdict in ('属实', '部分属实')  as confirmed,
        reviews::integer               as reviews,
        file_name,
        sheet,
        row_no,
        recorded_at
    from in_force
)

select * from final
order by flag_id
