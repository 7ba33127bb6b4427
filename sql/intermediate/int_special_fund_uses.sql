-- Special subsidies and what they may be spent on (reference data for FIN_SPECIAL_FUND_MISUSE).
-- One row per keyword:
--   kind = 'account'   an account name containing the keyword is that fund's account;
--   kind = 'allowed'   a debit whose 摘要 or 往来单位 contains it is a use the fund allows;
--   kind = 'forbidden' a debit containing it is a misuse even when an allowed keyword is there
--                      too (fund '*' = every fund).
-- Sources (the uses are paraphrased into keywords; check the revision in force locally):
--   * 基本公共卫生服务补助资金 — 财政部 国家卫生健康委 国家医保局 国家中医药局《基本公共卫生服务等
--     5项补助资金管理办法》(财社〔2019〕113号) and its later revisions: the money pays for the
--     national basic public-health service items, incl. the task subsidy of village doctors, and
--     may not be spent on 基本建设, 大型设备购置, 偿还债务 or anything outside the items. The
--     items are those of《国家基本公共卫生服务规范（第三版）》(原国家卫生计生委, 2017): 居民健康
--     档案, 健康教育, 预防接种, 0–6岁儿童 / 孕产妇 / 老年人健康管理, 高血压 and 2型糖尿病 患者
--     健康管理, 严重精神障碍患者管理, 肺结核患者健康管理, 中医药健康管理, 传染病及突发公共卫生
--     事件报告和处理, 卫生计生监督协管, plus 家庭医生签约服务 where funded from it.
--   * 基本药物制度补助资金 — same 管理办法 (财社〔2019〕113号): it compensates government-run
--     primary-care institutions for implementing the essential-drug system (零差率销售) and
--     subsidises 乡村医生 / 村卫生室 that implement it; it funds their personnel and running
--     costs, not construction, equipment, debt or entertainment.
-- The forbidden list is the 中央八项规定 / 三公经费 and 基本建设 spending no subsidy may carry.
with uses(fund, kind, keyword) as (
    values
        ('基本公共卫生服务补助资金', 'account', '基本公共卫生'),
        ('基本公共卫生服务补助资金', 'account', '基本公卫'),
        ('基本公共卫生服务补助资金', 'account', '公卫'),
        ('基本药物制度补助资金',     'account', '基本药物'),
        ('基本药物制度补助资金',     'account', '基药'),

        ('基本公共卫生服务补助资金', 'allowed', '健康档案'),
        ('基本公共卫生服务补助资金', 'allowed', '健康教育'),
        ('基本公共卫生服务补助资金', 'allowed', '健康宣传'),
        ('基本公共卫生服务补助资金', 'allowed', '健康讲座'),
        ('基本公共卫生服务补助资金', 'allowed', '宣传资料'),
        ('基本公共卫生服务补助资金', 'allowed', '印刷'),
        ('基本公共卫生服务补助资金', 'allowed', '预防接种'),
        ('基本公共卫生服务补助资金', 'allowed', '疫苗'),
        ('基本公共卫生服务补助资金', 'allowed', '冷链'),
        ('基本公共卫生服务补助资金', 'allowed', '儿童健康'),
        ('基本公共卫生服务补助资金', 'allowed', '新生儿访视'),
        ('基本公共卫生服务补助资金', 'allowed', '孕产妇'),
        ('基本公共卫生服务补助资金', 'allowed', '产后访视'),
        ('基本公共卫生服务补助资金', 'allowed', '老年人'),
        ('基本公共卫生服务补助资金', 'allowed', '健康体检'),
        ('基本公共卫生服务补助资金', 'allowed', '体检'),
        ('基本公共卫生服务补助资金', 'allowed', '高血压'),
        ('基本公共卫生服务补助资金', 'allowed', '糖尿病'),
        ('基本公共卫生服务补助资金', 'allowed', '慢病'),
        ('基本公共卫生服务补助资金', 'allowed', '慢性病'),
        ('基本公共卫生服务补助资金', 'allowed', '随访'),
        ('基本公共卫生服务补助资金', 'allowed', '精神障碍'),
        ('基本公共卫生服务补助资金', 'allowed', '肺结核'),
        ('基本公共卫生服务补助资金', 'allowed', '结核病'),
        ('基本公共卫生服务补助资金', 'allowed', '中医药健康管理'),
        ('基本公共卫生服务补助资金', 'allowed', '传染病'),
        ('基本公共卫生服务补助资金', 'allowed', '突发公共卫生'),
        ('基本公共卫生服务补助资金', 'allowed', '监督协管'),
        ('基本公共卫生服务补助资金', 'allowed', '家庭医生'),
        ('基本公共卫生服务补助资金', 'allowed', '签约服务'),
        ('基本公共卫生服务补助资金', 'allowed', '乡村医生'),
        ('基本公共卫生服务补助资金', 'allowed', '村医'),
        ('基本公共卫生服务补助资金', 'allowed', '村卫生室'),
        ('基本公共卫生服务补助资金', 'allowed', '公卫绩效'),
        ('基本公共卫生服务补助资金', 'allowed', '公卫补助'),
        ('基本公共卫生服务补助资金', 'allowed', '公卫任务'),
        ('基本公共卫生服务补助资金', 'allowed', '公卫考核'),
        ('基本公共卫生服务补助资金', 'allowed', '公卫培训'),
        ('基本公共卫生服务补助资金', 'allowed', '公卫耗材'),
        ('基本公共卫生服务补助资金', 'allowed', '检验试剂'),

        ('基本药物制度补助资金',     'allowed', '乡村医生'),
        ('基本药物制度补助资金',     'allowed', '村医'),
        ('基本药物制度补助资金',     'allowed', '村卫生室'),
        ('基本药物制度补助资金',     'allowed', '零差率'),
        ('基本药物制度补助资金',     'allowed', '零差价'),
        ('基本药物制度补助资金',     'allowed', '基本药物制度补助'),
        ('基本药物制度补助资金',     'allowed', '基药补助'),
        ('基本药物制度补助资金',     'allowed', '人员经费'),
        ('基本药物制度补助资金',     'allowed', '工资'),
        ('基本药物制度补助资金',     'allowed', '运行经费'),
        ('基本药物制度补助资金',     'allowed', '水电'),

        ('*', 'forbidden', '基建'),
        ('*', 'forbidden', '基本建设'),
        ('*', 'forbidden', '工程款'),
        ('*', 'forbidden', '装修'),
        ('*', 'forbidden', '修缮'),
        ('*', 'forbidden', '办公楼'),
        ('*', 'forbidden', '大型设备'),
        ('*', 'forbidden', '设备购置'),
        ('*', 'forbidden', '购置车辆'),
        ('*', 'forbidden', '购车'),
        ('*', 'forbidden', '公务用车'),
        ('*', 'forbidden', '接待'),
        ('*', 'forbidden', '招待'),
        ('*', 'forbidden', '宴请'),
        ('*', 'forbidden', '旅游'),
        ('*', 'forbidden', '福利'),
        ('*', 'forbidden', '慰问'),
        ('*', 'forbidden', '礼品'),
        ('*', 'forbidden', '奖金'),
        ('*', 'forbidden', '年终奖'),
        ('*', 'forbidden', '偿还'),
        ('*', 'forbidden', '还款'),
        ('*', 'forbidden', '借款'),
        ('*', 'forbidden', '利息'),
        ('*', 'forbidden', '投资'),
        ('*', 'forbidden', '理财'),
        ('*', 'forbidden', '罚款'),
        ('*', 'forbidden', '捐赠'),
        ('*', 'forbidden', '赞助')
),

final as (
    select fund, kind, keyword from uses
)

select * from final
