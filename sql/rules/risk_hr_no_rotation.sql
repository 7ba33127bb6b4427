-- HR_NO_ROTATION: key posts held too long — staff in a 采购 / 财务 / 药剂 / 设备 / 基建 post
-- continuously for more than max_years at the assessment date.
--   key post:   the position, or else the department, names one of the areas: 采购 (采购, 招标),
--               财务 (财务, 会计, 出纳), 药剂 (药剂, 药库), 设备 (设备, 装备), 基建;
--   continuous: a staff member's tenures in the same area merged where the next starts no more
--               than 31 days after the previous ends (a move within the area is no rotation);
--   assessment: once per institution, at the latest date present in its data, or the build
--               date where it has none but the register or where its data runs past the build
--               (int_assessment_dates; the flag says which). The flag's year is that date's year: a key-post register states who
--               holds a post now, so earlier years are not re-assessed from it
--               (mart_rule_coverage says so).
-- Flag when the tenure covers the assessment date and start + max_years < assessment date (a
-- tenure of exactly max_years is not over). Subject: the staff id.
-- Severity: medium; high from high_factor (2) × max_years. Score: 50 + 50 × min(1, (tenure − max) / max).
with params as (
    select
        max(value) filter (where param = 'max_years')   as max_years,
        max(value) filter (where param = 'high_factor') as high_factor
    from meta.rule_param
    where rule_id = 'HR_NO_ROTATION'
),

-- one assessment per institution, at the latest date of its data (int_assessment_dates)
assessments as (
    select institution_code, year, as_of, as_of_source, as_of_label from int_assessment_dates
),

posts as (
    select
        s.*,
        case
            when s.position similar to '.*(采购|招标).*'    then '采购'
            when s.position similar to '.*(财务|会计|出纳).*' then '财务'
            when s.position similar to '.*(药剂|药库).*'    then '药剂'
            when s.position similar to '.*(设备|装备).*'    then '设备'
            when s.position like '%基建%'                   then '基建'
            when s.department similar to '.*(采购|招标).*'  then '采购'
            when s.department similar to '.*(财务|会计|出纳).*' then '财务'
            when s.department similar to '.*(药剂|药库).*'  then '药剂'
            when s.department similar to '.*(设备|装备).*'  then '设备'
            when s.department like '%基建%'                 then '基建'
        end                                                            as area
    from stg_staff_positions s
    where s.start_date is not null
),

key_posts as (
    select
        *,
        case
            when start_date > max(coalesce(end_date, date '9999-12-31')) over (
                    partition by institution_code, staff_id, area
                    order by start_date, row_no
                    rows between unbounded preceding and 1 preceding
                 ) + 31
            then 1
            when row_number() over (partition by institution_code, staff_id, area order by start_date, row_no) = 1
            then 1
            else 0
        end                                                            as is_new_stint
    from posts
    where area is not null
),

stint_rows as (
    select
        *,
        sum(is_new_stint) over (
            partition by institution_code, staff_id, area
            order by start_date, row_no
            rows unbounded preceding
        )                                                              as stint
    from key_posts
),

stints as (
    select
        institution_code,
        staff_id,
        area,
        stint,
        min(start_date)                                                as stint_start,
        case when bool_or(end_date is null) then null else max(end_date) end as stint_end
    from stint_rows
    group by all
),

judged as (
    select
        a.institution_code,
        a.year,
        a.as_of,
        a.as_of_source,
        a.as_of_label,
        s.staff_id,
        s.area,
        s.stint,
        s.stint_start,
        s.stint_end,
        date_diff('day', s.stint_start, a.as_of) / 365.25             as tenure_years,
        p.max_years
    from assessments a
    join stints s using (institution_code)
    cross join params p
    where s.stint_start <= a.as_of
      and (s.stint_end is null or s.stint_end >= a.as_of)
      and (s.stint_start + to_months(round(p.max_years * 12)::integer))::date < a.as_of
),

flagged as (
    select *
    from judged
    qualify row_number() over (partition by institution_code, year, staff_id order by stint_start, area) = 1
),

evidence as (
    select
        f.institution_code, f.year, f.staff_id,
        list({
            'dataset': 'staff_positions', 'file_id': r.file_id, 'sheet': r.sheet, 'row_no': r.row_no,
            'detail': concat_ws(' ', r.staff_id, r.department, r.position, r.start_date::varchar || '起',
                                coalesce(r.end_date::varchar || '止', '至今'))
        } order by r.start_date, r.file_id, r.sheet, r.row_no)        as evidence,
        any_value(r.staff_name)                                        as staff_name,
        string_agg(distinct r.position, '、')                          as positions
    from flagged f
    join stint_rows r
        on  r.institution_code = f.institution_code
        and r.staff_id = f.staff_id
        and r.area = f.area
        and r.stint = f.stint
        and r.start_date <= f.as_of
    group by all
),

final as (
    select
        f.institution_code,
        f.year,
        f.year::varchar                                                       as period,
        f.staff_id                                                            as subject,
        case when f.tenure_years >= p.high_factor * f.max_years then 'high' else 'medium' end as severity,
        50 + 50 * least(1, (f.tenure_years - f.max_years) / f.max_years)      as score,
        null::decimal(18,2)                                                   as amount_yuan,
        format('{}（{}）自{}起在{}岗位（{}）连续任职，截至{}（{}）已{}年，超过{}年未轮岗',
               f.staff_id, coalesce(e.staff_name, ''), f.stint_start, f.area, e.positions, f.as_of,
               f.as_of_label,
               printf('%.1f', f.tenure_years), printf('%g', f.max_years))    as summary_zh,
        json_object('area', f.area, 'stint_start', f.stint_start, 'stint_end', f.stint_end,
                    'as_of', f.as_of, 'as_of_source', f.as_of_source, 'tenure_years', f.tenure_years, 'max_years', f.max_years) as measures,
        e.evidence
    from flagged f
    join evidence e using (institution_code, year, staff_id)
    cross join params p
)

select * from final
