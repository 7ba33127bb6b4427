-- Rectification ledger (整改台账) items of the files in force, one row per institution, issue no.
-- and found date: a ledger re-exported later repeats its open items with their new status, and
-- the latest entry wins — the latest file, within a file the lower row (a bare serial no. such as
-- 1, 2, 3 is reused across ledgers, so the found date is part of the key).
--   is_closed_by_status: the status says the item is finished — 已完成, 已整改, 完成, 已销号, 销号,
--         已办结, 办结, 已落实, 整改完成 — and not also 未 / 部分 / 中 (整改中, 未完成, 部分完成).
--         RECT_OVERDUE uses it only where no closed_date is given.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select r.*, ff.fields
    from raw.rectification r
    join files f on f.file_id = r._file_id
    left join stg_file_fields ff on ff.file_id = r._file_id and ff.sheet = r._sheet
    where nullif(trim(r.issue_no), '') is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by institution_code, trim(issue_no), found_date
            order by _file_id desc, _sheet, _row desc
        ) as rn
    from src
),

final as (
    select
        institution_code,
        year(found_date)                                                  as year,
        trim(issue_no)                                                    as issue_no,
        source,
        clause,
        description,
        found_date,
        deadline,
        owner,
        status,
        closed_date,
        coalesce(
            regexp_matches(status, '已完成|已整改|完成|销号|办结|已落实')
            and not regexp_matches(status, '未|部分|中'),
            false)                                                        as is_closed_by_status,
        in_file(fields, ['closed_date', 'status'])  as completion_in_file,
        _file_id                                                          as file_id,
        _sheet                                                            as sheet,
        _row                                                              as row_no
    from ranked
    where rn = 1
)

select * from final
