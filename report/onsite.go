package report

// What the expert panel should ask to see on site, per rule and, for rules not
// listed, per area. The documents are those the plans name for the risk (contracts,
// vouchers, approvals, settlement lists …); the list is read from the flags raised,
// so a report only asks for what its flags call for.

var onSiteByRule = map[string][]string{
	"PROC_OFF_PLATFORM": {
		"线下采购订单、入库单及随货同行单",
		"对应付款凭证及发票",
		"未通过集中采购平台采购的审批记录与情况说明",
		"同期平台采购记录（用于比对价格与品种）",
	},
	"PROC_SPLIT_PURCHASE": {
		"同一供应商同类物品的全部订单、合同及入库单",
		"年度采购计划与采购预算",
		"各笔采购的审批单（核对审批人与审批时间是否集中）",
		"付款凭证",
	},
	"PROC_NO_TENDER": {
		"合同原件及合同审批单",
		"招标、竞争性谈判/磋商、询价文件及评审记录",
		"采购方式变更或单一来源论证、公示材料",
		"党委会/院长办公会议纪要（“三重一大”决策记录）",
	},
	"PROC_PAY_BEFORE_ACCEPT": {
		"合同及付款条款",
		"验收单、验收报告（核对验收日期与参与人员）",
		"付款申请、审批单及银行付款凭证",
		"预付款担保或履约保证材料",
	},
	"PROC_VENDOR_CONCENTRATION": {
		"供应商遴选、准入文件",
		"同类产品询价、比价记录",
		"与该供应商的全部合同及付款汇总",
	},
	"EQUIP_UNAPPROVED_PURCHASE": {
		"购置可行性论证报告及专家论证意见",
		"大型医用设备配置许可证或上级批复文件",
		"党委会/院长办公会议纪要",
		"采购合同、验收单及资产入账凭证",
	},
	"EQUIP_SCRAP_NO_PHYSICAL": {
		"资产报废申请及审批单",
		"技术鉴定意见",
		"资产处置记录、回收单位凭证及处置收入入账凭证",
		"现场实物核查（设备是否仍在用或在库）",
	},
	"EQUIP_EARLY_SCRAP_REBUY": {
		"报废资产的报废审批及技术鉴定",
		"新购同类设备的论证报告、合同及审批",
		"两次采购的供应商比对",
	},
	"PAY_TIED_TO_REVENUE": {
		"绩效分配方案及职工代表大会通过记录",
		"科室绩效核算表（核对计算基数是否含药品、耗材、检查收入）",
		"工资、绩效发放明细及银行代发清单",
	},
	"PAY_REVENUE_COMMISSION": {
		"薪酬项目设置文件",
		"开单提成、收入提成类项目的发放明细及审批",
		"绩效分配方案",
	},
	"PAY_GP_SUPPLEMENT_MISSING": {
		"全科医生名册及执业注册信息",
		"月度绩效工资发放明细（核对每月300元补助）",
		"上级补助资金拨付文件",
	},
	"PAY_VILLAGE_SUBSIDY_LATE": {
		"乡村医生补助预拨、结算记录及银行凭证",
		"季度考核结果",
		"上级补助资金到账凭证",
	},
	"FIN_OFF_BOOK_INCOME": {
		"医院信息系统收入日报、月报与总账收入科目核对表",
		"银行对账单及收费票据存根",
		"医保回款明细",
	},
	"FIN_THREE_PUBLIC_OVERRUN": {
		"“三公”经费预算批复",
		"公务接待、公务用车、因公出国（境）明细账及原始凭证",
		"公务接待审批单、接待清单",
	},
	"FIN_BUDGET_DEVIATION": {
		"预算批复及预算调整审批文件",
		"偏差较大的预算项目明细账及凭证",
		"预算执行分析报告",
	},
	"FIN_LIABILITY_RATIO": {
		"资产负债表及负债明细",
		"借款合同、融资审批文件",
		"基建项目立项及资金来源文件",
	},
	"FIN_DUPLICATE_PAYMENT": {
		"两笔付款的付款申请、审批单及银行回单",
		"对应发票原件（核对发票号是否重复报销）",
		"合同付款条款及分期付款计划",
		"供应商往来对账单（核对是否已退回重复款）",
	},
	"FIN_BENFORD_DEVIATION": {
		"首两位数字偏多的付款或明细账凭证及原始单据",
		"相关审批权限与金额标准（核对是否集中在审批限额以下）",
	},
	"FIN_VOUCHER_GAP": {
		"断号、重号月份的凭证册及凭证登记簿",
		"作废凭证登记及审批记录",
		"会计电算化系统的凭证删除、修改日志",
	},
	"FIN_SPECIAL_FUND_MISUSE": {
		"专项资金拨付文件及项目预算",
		"专项资金明细账及支出凭证",
		"项目绩效评价材料",
	},
	"INS_DUPLICATE_BILLING": {
		"医保结算清单及费用明细",
		"医嘱、执行记录（核对同一项目是否重复计费）",
	},
	"INS_OVER_PRICE": {
		"医疗服务价格公示及物价审批文件",
		"超标准收费的结算清单与费用明细",
	},
	"INS_SPLIT_ADMISSION": {
		"前后两次住院病历（入出院记录、病程记录）",
		"住院登记及医保结算清单",
	},
	"INS_BED_HANGING": {
		"住院病历、医嘱及护理记录",
		"病区床位日志与患者在院核查记录",
	},
	"INS_GENDER_AGE_MISMATCH": {
		"相关结算清单、费用明细及病历",
		"患者基本信息登记",
	},
	"INS_OUTSIDE_STAY": {
		"入出院记录与费用发生日期清单",
		"医嘱及执行记录",
	},
	"INS_FREQUENCY_EXCEEDED": {
		"医嘱、执行记录及费用明细",
		"诊疗项目收费标准（限定频次）",
	},
	"INS_BILLED_OVER_PURCHASED": {
		"该品种全年采购入库单、发票及随货同行单",
		"药库、药房（耗材库）进销存台账及月末盘点表",
		"结算量最大月份的医嘱、领用出库及使用登记（高值耗材核对条码追溯）",
	},
	"INS_MARKUP": {
		"药品耗材采购发票、入库单及进价记录",
		"药品耗材收费价格设置及调价记录（核对零加成执行）",
	},
	"INS_BUNDLED_CHARGE": {
		"医疗服务价格项目内涵及除外内容",
		"同日主项目与内涵项目的医嘱、执行记录及费用明细",
	},
	"MED_HVC_OUTLIER": {
		"高值耗材出入库及使用登记、条码追溯记录",
		"使用高值耗材的手术记录与病历",
		"高值耗材采购合同及供应商信息",
	},
	"MED_PRESCRIBER_OUTLIER": {
		"该医师处方明细及处方点评记录",
		"药品采购及供应商信息",
		"医师处方权限审批",
	},
	"MED_ESSENTIAL_SHARE_LOW": {
		"药品采购明细及基本药物配备目录",
		"基本药物使用考核记录",
	},
	"HR_NO_ROTATION": {
		"重点岗位人员名册及任职文件",
		"轮岗交流制度及轮岗记录",
	},
	"SELF_COVERAGE_GAP": {
		"自查自纠报告原件及自查工作底稿",
		"未覆盖条款的相关制度与执行记录",
	},
	"SELF_CONTRADICTION": {
		"自查自纠报告中相应条目的佐证材料",
		"与数据疑点对应的原始凭证",
	},
	"RECT_OVERDUE": {
		"整改台账及逾期事项的整改佐证材料",
		"整改情况报告及销号审批",
	},
}

var onSiteByArea = map[string][]string{
	"采购":    {"采购合同与审批单", "招标及评审文件", "入库单、验收单", "付款凭证"},
	"设备与资产": {"资产台账与实物", "购置论证及审批文件", "报废审批与处置记录"},
	"薪酬":    {"绩效分配方案及职代会记录", "工资、绩效发放明细", "银行代发清单"},
	"财务":    {"总账、明细账及记账凭证", "预算批复与调整文件", "银行对账单"},
	"医保":    {"医保结算清单", "病历、医嘱及执行记录", "费用明细"},
	"药品耗材":  {"药品耗材出入库记录", "处方及处方点评记录", "采购合同"},
	"人员":    {"重点岗位人员名册", "轮岗制度及记录"},
	"自查与整改": {"自查自纠报告及底稿", "整改台账及佐证材料"},
}

// OnSiteDocuments lists what to pull on site for a rule (falling back to its area).
func OnSiteDocuments(ruleID, area string) []string {
	if d, ok := onSiteByRule[ruleID]; ok {
		return d
	}
	return onSiteByArea[area]
}
