-- INS_BUNDLED_CHARGE: 重复收费 / 分解收费 — an item billed beside the item that already includes it.
-- charge_bundles lists (main item, included item) pairs from the price catalogue's 项目内涵 /
-- 除外内容. A flag when the included item is billed to the same patient on the same day as
-- the main item at the same institution (net of refunds: each item's Σ qty that day > 0). The
-- patient is the claims extract's; a line whose settlement is missing from it stands for its
-- own patient. One flag per settlement holding such an included line (subject = its settlement
-- id); evidence = its included lines and the main item's lines of the same patient-day (which
-- may be in another settlement). Without a charge_bundles list nothing is assessed.
-- Score = 40 + 30 · min(1, bundled days / 3)
--            + 30 · min(1, included ¥ / (score_claims_share, 0.01 %, of the institution's claims total that year)).
with params as (
    select
        max(value) filter (where param = 'score_full_days') as score_full_days
    from meta.rule_param
    where rule_id = 'INS_BUNDLED_CHARGE'
),

bundles as (
    select main_item_code, main_item_name, included_item_code, included_item_name, note
    from stg_charge_bundles
),

claims as (
    select institution_code, settlement_id, patient_id, year, admit_date, discharge_date, stay from stg_claims
),

-- the money that gives the score's money half in full: score_claims_share of the claims total
size as (
    select t.institution_code, t.year, t.claims_total_yuan * r.value as full_score_yuan
    from int_claims_totals t
    join meta.rule_param r on r.rule_id = 'INS_BUNDLED_CHARGE' and r.param = 'score_claims_share'
),

-- the lines of bundled items (main or included), with their patient
lines as (
    select
        l.*,
        coalesce(c.patient_id, '结算' || l.settlement_id)    as patient
    from (
        select institution_code, settlement_id, service_date, item_code, item_name, qty, amount_yuan,
               file_id, sheet, row_no
        from stg_claim_lines
        where item_code in (select main_item_code from bundles union select included_item_code from bundles)
    ) l
    left join claims c using (institution_code, settlement_id)
),

billed_days as (
    select institution_code, patient, service_date, item_code
    from lines
    group by all
    having sum(qty) > 0
),

bundled_days as (
    select i.institution_code, i.patient, i.service_date, b.main_item_code, b.included_item_code,
           coalesce(b.included_item_name, '') as included_name, coalesce(b.main_item_name, '') as main_name, b.note
    from billed_days i
    join bundles b on b.included_item_code = i.item_code
    join billed_days m
      on m.institution_code = i.institution_code and m.patient = i.patient
     and m.service_date = i.service_date and m.item_code = b.main_item_code
),

included_lines as (
    select l.*, d.main_item_code, d.main_name, d.included_name, d.note
    from lines l
    join bundled_days d
      on d.institution_code = l.institution_code and d.patient = l.patient
     and d.service_date = l.service_date and d.included_item_code = l.item_code
    where l.qty > 0
),

per_settlement as (
    select
        institution_code,
        settlement_id,
        count(distinct (service_date, item_code))                           as n_days,
        sum(amount_yuan)                                                    as included_yuan,
        max(service_date)                                                   as last_date,
        min(item_code || coalesce(item_name, included_name))                as first_item,
        min(main_item_code || main_name)                                    as first_main
    from included_lines
    group by all
),

-- the evidence of each settlement: its included lines, then the main item's lines of the same
-- patient-days (each by day, item and row). One list sorted once per settlement: an ordered
-- aggregate over this many small groups costs several times more.
evidence as (
    select
        institution_code,
        settlement_id,
        list_transform(list_sort(list({
            'key': {'part': part, 'day': service_date, 'item': item_code, 'file_id': file_id,
                    'no_sheet': sheet is null, 'sheet': coalesce(sheet, ''), 'row_no': row_no},
            'evidence': {'dataset': 'claim_lines', 'file_id': file_id, 'sheet': sheet, 'row_no': row_no, 'detail': detail}
        })), x -> x.evidence)                                               as evidence
    from (
        select 1 as part, institution_code, settlement_id, service_date, item_code, file_id, sheet, row_no,
               concat_ws(' ', service_date::varchar, item_code, coalesce(item_name, included_name),
                         '（含于' || main_item_code || main_name || '，不得另收）',
                         '数量' || printf('%g', qty), amount_yuan::varchar || '元') as detail
        from included_lines
        union all
        select 2, s.institution_code, s.settlement_id, l.service_date, l.item_code, l.file_id, l.sheet, l.row_no,
               concat_ws(' ', l.service_date::varchar, '结算' || l.settlement_id, l.item_code,
                         l.item_name, '（主项目）', '数量' || printf('%g', l.qty),
                         l.amount_yuan::varchar || '元')
        from (select distinct institution_code, settlement_id, patient, service_date, main_item_code from included_lines) s
        join lines l
          on l.institution_code = s.institution_code and l.patient = s.patient
         and l.service_date = s.service_date and l.item_code = s.main_item_code
    )
    group by all
),

final as (
    select
        s.institution_code,
        coalesce(c.year, year(s.last_date))                                    as year,
        coalesce(c.stay, coalesce(c.year, year(s.last_date))::varchar)         as period,
        s.settlement_id                                                        as subject,
        'high'                                                                 as severity,
        least(100, 40 + 30 * least(1, s.n_days / p.score_full_days)
              + 30 * least(1, s.included_yuan / nullif(z.full_score_yuan, 0))) as score,
        s.included_yuan::decimal(18,2)                                         as amount_yuan,
        format('结算{}：{}与其所含的{}同日收费，重复收取{}元',
               s.settlement_id, s.first_item, s.first_main,
               printf('%.2f', s.included_yuan))                               as summary_zh,
        json_object('bundled_days', s.n_days, 'included_yuan', s.included_yuan,
                    'included_item', s.first_item, 'main_item', s.first_main) as measures,
        e.evidence
    from per_settlement s
    join evidence e using (institution_code, settlement_id)
    left join claims c using (institution_code, settlement_id)
    left join size z on z.institution_code = s.institution_code and z.year = coalesce(c.year, year(s.last_date))
    cross join params p
)

select * from final
