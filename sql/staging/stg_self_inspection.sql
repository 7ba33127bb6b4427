-- Self-inspection (自查自纠) rows of the files in force, with lineage and the year of the report.
--   year: the self-report rarely carries a date column of its own, so its year is, in this order:
--           0. the year ingest read for it (raw.self_inspection.year): a 年度 column, else the
--              report date (报送日期 / 填报日期) or a year in the title or footer rows, else
--              the sheet name, the file name or --year (meta.ingest_sheet.detection says
--              which)                                                          → 'report'
--           1. a year (2000–2099, not part of a longer number) in the file name
--              (`2025年度巡查自查自纠情况表.xlsx`)                              → 'file_name'
--           2. … in the nearest folder of the path that has one (`2025/人民医院/…`) → 'path'
--           3. the file's covered period (meta.ingest_file.period_to; set when the workbook
--              also holds a dated sheet, e.g. a rectification ledger)            → 'file_period'
--           4. the earliest 整改时限 (deadline) of the file's rows               → 'deadline'
--           5. the latest year of the institution's dated extracts              → 'institution_data'
--           6. the year the file was ingested                                    → 'ingest_date'
--         year_source says which one applied. The rows of one file and institution share one
--         year.
--   is_reported_done: the row reports the item as done — status 已落实 (the ingest contract
--         folds 落实 / 已整改 / 符合 / 是 / 已完成 into it), or free text starting with 已落实,
--         已完成, 已整改, 落实到位, 符合 that does not also say 部分 / 未 / 不 / 基本.
--   has_issue: the 存在问题 cell says something other than "nothing" (blank, 无, 暂无, 没有,
--         无问题, 未发现(问题), 未发现明显问题, /, -, —).
-- No deduplication: an institution may split its report over several files (one per area), so
-- every row of every file in force is kept; a corrected re-export should be ingested after
-- the earlier file is removed from the warehouse.
with files as (
    select file_id, file_name, path, period_to, ingested_at, institution_code
    from stg_files_in_force
),

src as (
    select s.*
    from raw.self_inspection s
    join files f on f.file_id = s._file_id
),

file_years as (
    -- one report per file and institution (a file normally holds one institution's report)
    select
        s._file_id                                                               as file_id,
        s.institution_code,
        any_value(f.file_name)                                                   as file_name,
        -- the folders of the path, nearest first (file name excluded)
        list_reverse(string_split(replace(any_value(f.path), '\', '/'), '/'))[2:] as folders,
        any_value(f.period_to)                                                   as period_to,
        any_value(f.ingested_at)                                                 as ingested_at,
        year(min(s.deadline))                                                    as deadline_year,
        max(s.year)::integer                                                     as report_year
    from src s
    join files f on f.file_id = s._file_id
    group by s._file_id, s.institution_code
),

year_candidates as (
    select
        y.*,
        try_cast(nullif(regexp_extract(y.file_name, '(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)', 1), '') as integer)
                                                                                 as name_year,
        try_cast(nullif(regexp_extract(
            list_filter(y.folders, x -> regexp_matches(x, '(?:^|[^0-9])20[0-9]{2}(?:[^0-9]|$)'))[1],
            '(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)', 1), '') as integer)          as path_year
    from file_years y
),

institution_years as (
    -- the latest date of the dated extracts attributed to each institution
    select coalesce(sh.institution_code, f.institution_code) as institution_code,
           year(max(f.period_to))                            as data_year
    from files f
    join meta.ingest_sheet sh using (file_id)
    where f.period_to is not null
      and sh.kind is not null and sh.kind <> 'self_inspection'
    group by all
),

report_years as (
    select
        c.file_id,
        c.institution_code,
        c.file_name,
        coalesce(c.report_year, c.name_year, c.path_year, year(c.period_to), c.deadline_year, i.data_year,
                 year(c.ingested_at))                                            as year,
        case
            when c.report_year is not null   then 'report'
            when c.name_year is not null     then 'file_name'
            when c.path_year is not null     then 'path'
            when c.period_to is not null     then 'file_period'
            when c.deadline_year is not null then 'deadline'
            when i.data_year is not null     then 'institution_data'
            else 'ingest_date'
        end                                                                      as year_source
    from year_candidates c
    left join institution_years i using (institution_code)
),

final as (
    select
        s.institution_code,
        r.year::integer                                                          as year,
        r.year_source,
        s._file_id                                                               as file_id,
        r.file_name,
        s._sheet                                                                 as sheet,
        s._row                                                                   as row_no,
        s.item_no,
        s.area,
        s.section,
        s.item_text,
        s.status,
        s.issue,
        s.measure,
        s.deadline,
        s.owner,
        s.rect_status,
        coalesce(
            s.status = '已落实'
            or (regexp_matches(trim(s.status), '^(已落实|已完成|已整改|落实到位|符合)')
                and not regexp_matches(s.status, '部分|未|不|基本')),
            false)                                                               as is_reported_done,
        coalesce(
            not regexp_matches(
                regexp_replace(coalesce(s.issue, ''), '[\s。．.，,；;：:！!]', '', 'g'),
                '^(无|暂无|没有|无问题|未发现|未发现问题|未发现明显问题|无明显问题|/|／|-|—|——)?$'),
            false)                                                               as has_issue
    from src s
    join report_years r
        on  r.file_id = s._file_id
        and r.institution_code is not distinct from s.institution_code
)

select * from final
