-- Contracts of the files in force, one row per institution and contract no.: where a later
-- file lists the same contract again (an annual ledger repeating last year's contracts), the
-- row of the latest file wins.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select c.*, ff.fields
    from raw.contracts c
    join files f on f.file_id = c._file_id
    left join stg_file_fields ff on ff.file_id = c._file_id and ff.sheet = c._sheet
    where nullif(trim(c.contract_no), '') is not null
),

ranked as (
    select
        *,
        row_number() over (
            partition by institution_code, trim(contract_no)
            order by _file_id desc, _sheet, _row
        ) as rn
    from src
),

final as (
    select
        institution_code,
        year(sign_date)                    as year,
        trim(contract_no)                  as contract_no,
        sign_date,
        vendor,
        subject                            as contract_subject,
        category,
        amount                             as amount_yuan,
        nullif(trim(method), '')           as method,
        nullif(trim(tender_no), '')        as tender_no,
        acceptance_date,
        nullif(trim(acceptance_result), '') as acceptance_result,
        department,
        in_file(fields, ['method'])            as method_in_file,
        in_file(fields, ['tender_no'])         as tender_no_in_file,
        in_file(fields, ['acceptance_date', 'acceptance_result']) as acceptance_in_file,
        _file_id                           as file_id,
        _sheet                             as sheet,
        _row                               as row_no
    from ranked
    where rn = 1
)

select * from final
