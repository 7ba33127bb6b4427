-- mart_flag_history: every flag any build has produced (meta.flag_seen), where it stands in the
-- latest build, and the panel's review in force.
--   state   new         first produced by the latest build
--           persisting  produced by the latest build and by an earlier one
--           gone        an earlier build produced it, the latest did not (its data was corrected
--                       or superseded, a threshold changed): the review, if any, is kept
--   first_build / last_build with their start times: since when the data shows it
--   review_state  the verdict in force (属实 / 部分属实 / 排除 / 移交), or 未核查
with seen as (
    select * from meta.flag_seen
),

builds as (
    select build_id, started_at from meta.build
),

-- the build running this model (its meta.build row is written before its transaction starts)
latest as (
    select max(build_id) as build_id from builds
),

reviews as (
    select * from mart_flag_review
),

final as (
    select
        s.flag_id,
        s.rule_id,
        s.institution_code,
        s.year,
        s.period,
        s.subject,
        s.first_build,
        fb.started_at                                               as first_seen_at,
        s.last_build,
        lb.started_at                                               as last_seen_at,
        case
            when s.last_build < l.build_id  then 'gone'
            when s.first_build = l.build_id then 'new'
            else 'persisting'
        end                                                         as state,
        coalesce(r.verdict, '未核查')                                as review_state,
        coalesce(r.confirmed, false)                                as confirmed,
        r.reviewer,
        r.reviewed_on,
        r.note                                                      as review_note
    from seen s
    cross join latest l
    left join builds fb on fb.build_id = s.first_build
    left join builds lb on lb.build_id = s.last_build
    left join reviews r using (flag_id)
)

select * from final
order by institution_code, year, rule_id, subject, period
