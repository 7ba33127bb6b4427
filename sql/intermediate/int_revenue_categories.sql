-- Medical-income categories shared by the HIS extract and the ledger (reference data).
-- A HIS category or a ledger account name maps to the first pattern (lowest priority number)
-- it matches; names matching none keep their own text with 收入/费 stripped.
-- The categories are the 医疗收入 sub-accounts of the hospital supplement to 政府会计制度
-- (《关于医院执行〈政府会计制度—行政事业单位会计科目和报表〉的补充规定》, 财会〔2018〕24号:
-- 事业收入—医疗收入—门急诊收入 / 住院收入 — 挂号、诊察、检查、化验、治疗、手术、护理、床位、
-- 卫生材料、药品、其他), which is also how HIS systems group charges.
with patterns(priority, category, pattern) as (
    values
        (1,  '药品收入',       '药品|西药|中成药|中药|草药|饮片'),
        (2,  '卫生材料收入',   '卫生材料|材料|耗材'),
        (3,  '挂号诊察收入',   '挂号.*诊[察查]|诊[察查].*挂号'),
        (4,  '挂号收入',       '挂号'),
        (5,  '诊察收入',       '诊[察查]'),
        (6,  '检查收入',       '检查'),
        (7,  '化验收入',       '化验|检验'),
        (8,  '治疗收入',       '治疗'),
        (9,  '手术收入',       '手术'),
        (10, '护理收入',       '护理'),
        (11, '床位收入',       '床位'),
        (12, '其他收入',       '其他|其它')
),

final as (
    select priority, category, pattern from patterns
)

select * from final
