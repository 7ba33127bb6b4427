-- Insurance settlements (医保结算) of the files in force, one row per institution and
-- settlement id (a settlement loaded twice keeps the newest file's row). patient_id is the
-- keyed pseudonym written at ingest; the masked patient name is not carried further.
--   stay: the settlement's period as the insurance rules name it, admit..discharge (2025-03-01..
--         2025-03-09); NULL where either date is missing.
with files as (
    select file_id from stg_files_in_force
),

src as (
    select c.*
    from raw.claims c
    join files f on f.file_id = c._file_id
    where c.settlement_id is not null
),

deduped as (
    select *
    from src
    qualify row_number() over (
        partition by institution_code, settlement_id order by _file_id desc, _sheet, _row
    ) = 1
),

final as (
    select
        institution_code,
        year(coalesce(discharge_date, admit_date))   as year,
        settlement_id,
        patient_id,
        gender,
        birth_date,
        age,
        visit_type,
        visit_type = '住院'
            or (visit_type is null and discharge_date > admit_date) as is_inpatient,
        admit_date,
        discharge_date,
        admit_date::varchar || '..' || discharge_date::varchar as stay,
        upper(trim(diagnosis_code))                   as diagnosis_code,
        -- ICD-10 category: the first three characters, dots and spaces dropped (J18.900 → J18)
        left(regexp_replace(upper(diagnosis_code), '[^A-Z0-9]', '', 'g'), 3) as diagnosis_3,
        diagnosis_name,
        total_amount                                  as total_amount_yuan,
        fund_paid                                     as fund_paid_yuan,
        department,
        doctor,
        _file_id                                      as file_id,
        _sheet                                        as sheet,
        _row                                          as row_no
    from deduped
)

select * from final
