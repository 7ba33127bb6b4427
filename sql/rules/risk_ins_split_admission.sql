-- INS_SPLIT_ADMISSION: 分解住院.
-- The same patient readmitted to the same institution ≤ max_gap_days (15) after a discharge,
-- with the same 3-character diagnosis (ICD-10 category, J18.900 → J18).
-- Decisions: gap = admit_date of the readmission − discharge_date of the earlier stay, in
-- days, 0 ≤ gap ≤ 15 (16 days is no flag; an admission on the discharge day counts). The
-- earlier stay is the previous one with the same diagnosis category (a stay for another
-- condition in between does not hide the pair). Overlapping stays (gap < 0) are not this
-- rule's business. Subject = the readmission's settlement id; evidence = both claims rows.
-- Inpatient = visit_type 住院 (or no visit type and discharge after admission).
-- Score = 40 + 30 · (1 − (gap + 1) / (max_gap_days + 1))
--            + 30 · min(1, readmission's fund_paid (else total) / (score_claims_share, 0.01 %, of the institution's claims total that year)).
with params as (
    select max(value) filter (where param = 'max_gap_days') as max_gap_days
    from meta.rule_param
    where rule_id = 'INS_SPLIT_ADMISSION'
),

-- the money that gives the score's money half in full: score_claims_share of the claims total
size as (
    select t.institution_code, t.year, t.claims_total_yuan * r.value as full_score_yuan
    from int_claims_totals t
    join meta.rule_param r on r.rule_id = 'INS_SPLIT_ADMISSION' and r.param = 'score_claims_share'
),

stays as (
    select *
    from stg_claims
    where is_inpatient
      and admit_date is not null and discharge_date is not null
      and patient_id is not null and diagnosis_3 <> ''
),

paired as (
    select
        s.*,
        lag(settlement_id)  over w as prev_settlement_id,
        lag(admit_date)     over w as prev_admit_date,
        lag(discharge_date) over w as prev_discharge_date,
        lag(stay)           over w as prev_stay,
        lag(diagnosis_code) over w as prev_diagnosis_code,
        lag(file_id)        over w as prev_file_id,
        lag(sheet)          over w as prev_sheet,
        lag(row_no)         over w as prev_row_no
    from stays s
    window w as (partition by institution_code, patient_id, diagnosis_3
                 order by admit_date, discharge_date, settlement_id)
),

flagged as (
    select p.*, date_diff('day', p.prev_discharge_date, p.admit_date) as gap_days, params.max_gap_days
    from paired p
    cross join params
    where p.prev_settlement_id is not null
      and date_diff('day', p.prev_discharge_date, p.admit_date) between 0 and params.max_gap_days
),

final as (
    select
        f.institution_code,
        f.year,
        f.stay                                                                as period,
        f.settlement_id                                                       as subject,
        'medium'                                                              as severity,
        least(100, 40 + 30 * (1 - (f.gap_days + 1) / (f.max_gap_days + 1))
              + 30 * least(1, coalesce(f.fund_paid_yuan, f.total_amount_yuan, 0) / nullif(z.full_score_yuan, 0))) as score,
        coalesce(f.fund_paid_yuan, f.total_amount_yuan)::decimal(18,2)        as amount_yuan,
        format('结算{}：同一患者{}出院后{}天再次入院（{}），诊断类目{}相同（前次结算{}）',
               f.settlement_id, f.prev_discharge_date, f.gap_days, f.admit_date, f.diagnosis_3,
               f.prev_settlement_id)                                          as summary_zh,
        json_object('gap_days', f.gap_days, 'diagnosis_3', f.diagnosis_3,
                    'previous_settlement', f.prev_settlement_id,
                    'previous_stay', f.prev_stay,
                    'fund_paid_yuan', f.fund_paid_yuan)                        as measures,
        [
            {'dataset': 'claims', 'file_id': f.prev_file_id, 'sheet': f.prev_sheet, 'row_no': f.prev_row_no,
             'detail': format('前次住院 结算{} {}至{} 诊断{}', f.prev_settlement_id, f.prev_admit_date,
                              f.prev_discharge_date, f.prev_diagnosis_code)},
            {'dataset': 'claims', 'file_id': f.file_id, 'sheet': f.sheet, 'row_no': f.row_no,
             'detail': format('再次住院 结算{} {}至{} 诊断{}，间隔{}天', f.settlement_id, f.admit_date,
                              f.discharge_date, f.diagnosis_code, f.gap_days)}
        ]                                                                     as evidence
    from flagged f
    left join size z using (institution_code, year)
)

select * from final
