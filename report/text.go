package report

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Neutralise keeps a spreadsheet from running a text cell as a formula: text that
// starts with = + - @ (or a tab or carriage return, which some spreadsheets strip
// before looking) gets a leading apostrophe. Plain numbers such as -12.5 are left
// alone; they are not formulas.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return s
		}
		return "'" + s
	}
	return s
}

// idCardRe matches mainland resident ID numbers (18 characters, or the old 15 digits).
var idCardRe = regexp.MustCompile(`\b[1-9]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]\b|\b[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}\b`)

// MaskIDs hides anything that still looks like an ID-card number. Ingest already
// pseudonymises patient identifiers; this is the second lock on the door, for text
// (details, reasons, subjects) that reached the warehouse another way.
func MaskIDs(s string) string {
	if !strings.ContainsAny(s, "0123456789") {
		return s
	}
	return idCardRe.ReplaceAllStringFunc(s, func(id string) string {
		return id[:3] + strings.Repeat("*", len(id)-4) + id[len(id)-1:]
	})
}

func severityZH(s string) string {
	switch s {
	case "high":
		return "高"
	case "medium":
		return "中"
	case "low":
		return "低"
	}
	return s
}

func statusZH(s string) string {
	switch s {
	case "flagged":
		return "发现风险"
	case "assessed":
		return "已评估，未发现"
	case "not_assessed":
		return "未评估（缺少数据）"
	case "not_applicable":
		return "不适用"
	case "not_implemented":
		return "规则尚未实现"
	}
	return s
}

// yuan formats an amount in 元 with thousands separators: 1,234,567.89.
func yuan(v float64) string {
	neg := v < 0
	v = math.Abs(v)
	s := strconv.FormatFloat(v, 'f', 2, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	s = groupThousands(intPart) + "." + frac
	if neg {
		s = "-" + s
	}
	return s
}

// wanYuan is an amount as people write it in a report: from 10,000 元 in 万元 with separators
// and two decimals (64,832.05万元), below in 元 (1,075.01元).
func wanYuan(v float64) string {
	if math.Abs(v) >= 1e4 {
		return wanNumber(v) + "万元"
	}
	return yuan(v) + "元"
}

// wanNumber is an amount in 万元, with separators and two decimals, for a column headed （万元）.
func wanNumber(v float64) string { return yuan(v / 1e4) }

// plainNum matches a number written without separators, as SQL writes it into sentences.
var plainNum = regexp.MustCompile(`\d+(?:\.\d+)?`)

// humanise rewrites the numbers in a sentence the way a reader expects them: amounts of
// 10,000 元 and more in 万元 with separators (6800000.00元 → 680.00万元), other numbers of
// five digits or more with separators. Digits that are part of a code (BNRM-ZC-2025-0901,
// 记-05-0002, JS2026000123, a date) or a number of ten digits and more without decimals (a
// settlement no.) are left alone.
func humanise(s string) string {
	var b strings.Builder
	last := 0
	for _, m := range plainNum.FindAllStringIndex(s, -1) {
		i, j := m[0], m[1]
		const ident = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.:#"
		sign := i > 0 && s[i-1] == '-' && (i == 1 || !strings.ContainsRune(ident, rune(s[i-2])))
		if i > 0 && !sign && strings.ContainsRune(ident, rune(s[i-1])) ||
			j < len(s) && strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-/:#", rune(s[j])) {
			continue
		}
		intPart, frac, _ := strings.Cut(s[i:j], ".")
		if len(intPart) < 5 || frac == "" && len(intPart) >= 10 { // ten digits and no decimals: an id (a settlement no.)
			continue
		}
		v, err := strconv.ParseFloat(s[i:j], 64)
		if err != nil {
			continue
		}
		b.WriteString(s[last:i])
		if strings.HasPrefix(s[j:], "元") {
			b.WriteString(wanNumber(v) + "万")
		} else {
			b.WriteString(number(v))
		}
		last = j
	}
	b.WriteString(s[last:])
	return b.String()
}

// wan formats an amount in 万元 for charts and summaries: 123.5万.
func wan(v float64) string {
	switch a := math.Abs(v); {
	case a >= 1e8:
		return strconv.FormatFloat(v/1e8, 'f', 2, 64) + "亿"
	case a >= 1e4:
		return strconv.FormatFloat(v/1e4, 'f', 1, 64) + "万"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func groupThousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// number formats a figure for reading: integers as integers, others with up to 4
// significant decimals, thousands grouped.
func number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		s := strconv.FormatInt(int64(math.Abs(v)), 10)
		if v < 0 {
			return "-" + groupThousands(s)
		}
		return groupThousands(s)
	}
	prec := 2
	if math.Abs(v) < 1 {
		prec = 4
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	intPart, frac, ok := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	out := groupThousands(intPart)
	if ok {
		out += "." + frac
	}
	if v < 0 {
		out = "-" + out
	}
	return out
}

func percent(v float64) string {
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// measureLabels are Chinese labels of the figures rules commonly record; keys not
// listed are shown as the rule wrote them.
var measureLabels = map[string]string{
	"pairs":                       "重复付款对数",
	"same_invoice_pairs":          "其中同一发票号",
	"duplicated_yuan":             "重复付款金额（元）",
	"max_days_apart":              "无发票号时的间隔天数上限",
	"mad":                         "首位数字平均绝对偏差",
	"max_mad":                     "首位数字平均绝对偏差上限",
	"min_amount_yuan":             "计入的最小金额（元）",
	"min_rows":                    "最少笔数",
	"n":                           "笔数",
	"observed":                    "实际首位数字占比",
	"expected":                    "本福特定律期望占比",
	"top_first_two":               "偏多最明显的首两位数字",
	"top_excess":                  "其超出期望的占比",
	"max_number":                  "当月最大凭证号",
	"n_missing":                   "缺号数",
	"missing":                     "缺少的凭证号",
	"duplicated":                  "重复使用的凭证号",
	"total_yuan":                  "采购总额（元）",
	"offline_yuan":                "线下采购金额（元）",
	"offline_share":               "线下采购占比",
	"max_orders_month":            "单月最多线下订单数",
	"worst_month":                 "线下订单最多的月份",
	"listed_offline_lines":        "平台挂网品种线下采购行数",
	"listed_offline_yuan":         "平台挂网品种线下采购金额（元）",
	"max_offline_share":           "线下采购占比上限",
	"max_offline_yuan":            "线下采购金额上限（元）",
	"max_offline_orders_month":    "单月线下订单数上限",
	"tender_threshold_yuan":       "招标限额（元）",
	"window_days":                 "合并计算天数",
	"min_orders":                  "最少订单数",
	"orders":                      "订单数",
	"amount_yuan":                 "金额（元）",
	"contract_yuan":               "合同金额（元）",
	"paid_yuan":                   "已付金额（元）",
	"paid_ratio":                  "付款比例",
	"vendor_share":                "供应商份额",
	"r":                           "相关系数",
	"min_r":                       "相关系数下限",
	"ratio_cv":                    "绩效/收入比值变异系数",
	"max_ratio_cv":                "变异系数上限",
	"months":                      "月数",
	"min_months":                  "最少月数",
	"gap_yuan":                    "差额（元）",
	"gap_share":                   "差额占比",
	"growth":                      "同比增长",
	"max_growth":                  "同比增长上限",
	"deviation":                   "执行偏差",
	"max_deviation":               "执行偏差上限",
	"z":                           "标准分",
	"max_z":                       "标准分上限",
	"share":                       "占比",
	"max_share":                   "占比上限",
	"years":                       "连续任职年数",
	"max_years":                   "任职年限上限",
	"pay_series":                  "绩效工资（按月）",
	"revenue_series":              "科室收入（按月）",
	"ratio_series":                "绩效/收入比值（按月）",
	"month_series":                "月份",
	"pay_yuan":                    "绩效工资合计（元）",
	"revenue_yuan":                "科室收入合计（元）",
	"mean_ratio":                  "绩效/收入平均比值",
	"days_after_scrap":            "报废至重购天数",
	"life_end_date":               "使用年限届满日",
	"life_used":                   "已使用年限占比",
	"rebuy_asset_nos":             "重购资产编号",
	"rebuy_yuan":                  "重购金额（元）",
	"scrap_date":                  "报废日期",
	"useful_life_years":           "使用年限（年）",
	"purchase_date":               "购置日期",
	"disposal":                    "处置记录",
	"no_disposal":                 "无处置记录",
	"no_physical":                 "未核验实物",
	"no_scrap_approval":           "无报废批复",
	"original_value_yuan":         "资产原值（元）",
	"physical_verified":           "已核验实物",
	"scrap_approval_no":           "报废批复文号",
	"scrapped_early":              "提前报废",
	"approval_date":               "批复日期",
	"approval_no":                 "批复文号",
	"approved_after_contract":     "合同签订后才批复",
	"approved_after_purchase":     "购置后才批复",
	"asset_class":                 "资产类别",
	"contract_no":                 "合同号",
	"contract_sign_date":          "合同签订日期",
	"expert_review":               "经专家论证",
	"no_approval":                 "无批复",
	"no_expert_review":            "未经专家论证",
	"actual_yuan":                 "执行数（元）",
	"budget_yuan":                 "预算数（元）",
	"assets_yuan":                 "资产总额（元）",
	"construction_loans":          "基建借款笔数",
	"construction_loans_yuan":     "基建借款（元）",
	"liabilities_yuan":            "负债总额（元）",
	"opening_ratio":               "年初资产负债率",
	"over_ratio":                  "超过负债率上限",
	"over_rise":                   "上升超过上限",
	"ratio":                       "资产负债率",
	"rise_points":                 "上升百分点",
	"his_yuan":                    "信息系统收入（元）",
	"ledger_rows":                 "账务行数",
	"ledger_yuan":                 "账面收入（元）",
	"threshold_yuan":              "阈值（元）",
	"over_budget":                 "超预算",
	"over_growth":                 "增长超限",
	"previous_actual_yuan":        "上年执行数（元）",
	"area":                        "岗位领域",
	"as_of":                       "统计截止日",
	"stint_end":                   "任职结束",
	"stint_start":                 "任职开始",
	"tenure_years":                "连续任职年数",
	"bed_only_days":               "仅收床位护理伙食费天数",
	"longest_run_days":            "最长连续天数",
	"run_from":                    "起",
	"run_to":                      "止",
	"run_yuan":                    "期间费用（元）",
	"runs":                        "次数",
	"diagnosis_3":                 "诊断类目",
	"fund_paid_yuan":              "基金支付（元）",
	"gap_days":                    "间隔天数",
	"previous_settlement":         "前次结算号",
	"previous_stay":               "前次住院期间",
	"drug_yuan":                   "药品采购额（元）",
	"essential_lines":             "基本药物行数",
	"essential_yuan":              "基本药物金额（元）",
	"floor":                       "占比下限",
	"lines":                       "行数",
	"tier":                        "级别",
	"cases":                       "病例数",
	"department":                  "科室",
	"peer_doctors":                "同级对照医师数",
	"peer_mean":                   "同级均值",
	"peer_sd":                     "同级标准差",
	"peer_tier":                   "对照级别",
	"previous_rate":               "上年使用率",
	"rate":                        "每例使用量",
	"uses":                        "使用次数",
	"prescribers":                 "开具医师数",
	"total_volume":                "总用量",
	"volume":                      "该医师用量",
	"gp_months":                   "全科医生在岗月数",
	"missing_months":              "缺失月份",
	"paid_in_missing_months":      "缺失月份实发金额（元）",
	"shortfall_yuan":              "少发金额（元）",
	"late_quarters":               "延迟结算季度",
	"method":                      "采购方式",
	"source":                      "来源",
	"tender_no":                   "招标编号",
	"vendor":                      "供应商",
	"acceptance_date":             "验收日期",
	"acceptance_result":           "验收结论",
	"overpaid":                    "超合同付款",
	"paid_before_acceptance":      "验收前付款",
	"paid_before_acceptance_yuan": "验收前付款金额（元）",
	"paid_before_share":           "验收前付款比例",
	"paid_without_acceptance":     "未验收即付款",
	"payments":                    "付款笔数",
	"category":                    "类别",
	"first_date":                  "首笔日期",
	"last_date":                   "末笔日期",
	"max_order_yuan":              "最大单笔（元）",
	"order_amounts_yuan":          "各笔金额（元）",
	"order_nos":                   "订单号",
	"categories":                  "品类明细",
	"forbidden_rows":              "禁止用途行数",
	"fund":                        "专项资金",
	"fund_debits_yuan":            "专项支出（元）",
	"misused_rows":                "挪用行数",
	"misused_yuan":                "挪用金额（元）",
	"day_limit":                   "每日限量",
	"days":                        "天数",
	"overbilled_yuan":             "多收金额（元）",
	"worst_date":                  "最严重日期",
	"worst_item":                  "最严重项目",
	"worst_qty":                   "当日数量",
	// thresholds of the catalog (every parameter has a label: TestEveryParamHasALabel)
	"default_days_banan":  "未填整改时限时的默认期限（巴南，天）",
	"default_months_zibo": "未填整改时限时的默认期限（淄博，月）",
	"early_life_share":    "提前报废判定：已用年限占比低于",
	"high_overdue_days":   "逾期达到此天数为高风险",
	"hvc_min_unit_yuan":   "采购目录未列明时按高值耗材计的单价下限（元）",
	"large_value_yuan":    "须经批准的设备原值下限（元）",
	"max_flag_evidence":   "每条数据预警复制的证据行数上限",
	"max_gap_days":        "出院后再次入院间隔上限（天）",
	"max_paid_ratio":      "累计付款占合同金额上限",
	"max_prepay_share":    "未验收可付款比例上限",
	"max_ratio":           "资产负债率上限",
	"max_rise_points":     "年内上升上限（百分点）",
	"max_settle_days":     "季度结算最迟天数（季末后）",
	"max_vendor_share":    "单一供应商份额上限",
	"min_bed_only_days":   "仅收床位护理伙食费连续天数下限",
	"min_category_yuan":   "适用本规则的品类年采购额下限（元）",
	"min_confidence":      "自查条目对应条款的置信度下限",
	"min_gap_share":       "差额占信息系统收入比例下限",
	"min_gap_yuan":        "差额下限（元）",
	"min_line_yuan":       "适用本规则的预算项目金额下限（元）",
	"min_market_vendors":  "市场供应商数下限",
	"min_prescribers":     "开具医师数下限",
	"min_share_primary":   "基本药物占比下限（基层）",
	"min_share_secondary": "基本药物占比下限（二级）",
	"min_share_tertiary":  "基本药物占比下限（三级）",
	"min_supplement_yuan": "每月全科医生补助标准（元）",
	"pull_sample_size":    "每年随机抽取调阅的结算单数",
	"pull_seed":           "抽样种子",
	"rebuy_days":          "报废后重购间隔上限（天）",
	"as_of_source":        "评估日来源",
	"days_overdue":        "逾期天数",
	"due_date":            "整改期限",
	"deadline":            "填报的整改时限",
	"default_deadline":    "按默认期限",
	"found_date":          "发现日期",
	"closed_date":         "完成日期",
	"status":              "整改状态",
	"admit_date":          "入院日期",
	"discharge_date":      "出院日期",
	"age":                 "年龄",
	"age_lines":           "年龄不符的明细行数",
	"gender":              "性别",
	"gender_lines":        "性别不符的明细行数",
	"lines_yuan":          "不符明细金额（元）",
	"category_yuan":       "品类年采购额（元）",
	"vendor_yuan":         "该供应商采购额（元）",
	"market_vendors":      "市场供应商数",
	"procurement":         "采购数据",
	"checklist":           "适用清单",
	"report_rows":         "自查报告条目数",
	"near_misses":         "接近本条款的自查条目数",
	"data_rules":          "涉及的数据规则",
	"data_flags":          "涉及的数据预警数",
	"self_rows":           "自查称已落实的条目数",
	"max_flag_score":      "数据预警最高评分",
	"commission_yuan":     "提成类金额（元）",
	"payroll_yuan":        "科室薪酬合计（元）",
	"items":               "薪酬项目",
	"staff":               "涉及人数",
	"max_days_outside":    "距住院期最远天数",
	"outside_yuan":        "住院期外收费金额（元）",
	"max_price":           "限价（元）",
	"over_yuan":           "超标准金额（元）",
	"worst_unit_price":    "最高收费单价（元）",
	"item_code":           "项目编码",
	"qty":                 "加价收费数量",
	"excess_yuan":         "高于进价多收金额（元）",
	"purchase_price":      "12个月内最高采购单价（元）",
	"markup_factor":       "收费单价高于最高采购单价的容差倍数",
	"min_excess_yuan":     "每品种每年多收金额下限（元）",
	"bundled_days":        "重复收费的项目日数",
	"included_yuan":       "另收的内涵项目金额（元）",
	"included_item":       "内涵项目",
	"main_item":           "主项目",
	// severity bands and score scales of the catalog
	"high_factor":              "判为高风险的阈值倍数",
	"high_missing_months":      "判为高风险的未发放月数",
	"high_share_of_floor":      "判为高风险的占比（相对下限）",
	"score_claims_share":       "评分金额满分对应的医保结算总额占比",
	"score_full_yuan":          "评分金额满分对应金额（元）",
	"score_full_share":         "评分满分对应的提成占科室薪酬比例",
	"score_full_months":        "评分满分对应的未发放月数（逾期季度按2计）",
	"score_full_month_share":   "评分金额满分对应的差额占当月收入比例",
	"score_full_points":        "评分满分对应的负债率超限或上升幅度",
	"score_full_loans_share":   "评分满分对应的基建借款占资产比例",
	"score_full_fund_share":    "评分满分对应的挪用占该资金全年支出比例",
	"score_full_drug_share":    "评分金额满分对应的基本药物缺口占药品采购比例",
	"score_half_factor":        "评分75分对应的重复金额（最小比较金额的倍数）",
	"score_full_markup":        "评分满分对应的加成幅度",
	"score_full_excess_factor": "评分金额满分对应的多收金额（下限的倍数）",
	"score_full_days":          "评分满分对应天数",
	"score_half_days":          "评分半分对应的住院期外天数",
	"score_half_years":         "评分半分对应的超出年龄限定年数",

	// INS_BILLED_OVER_PURCHASED
	"spec":                  "规格",
	"units_per_pack":        "每包装计费单位数（按规格）",
	"billed_units_per_pack": "结算所用每包装计费单位数",
	"billed_qty":            "医保结算数量（计费单位）",
	"billed_packs":          "医保结算数量（折合包装）",
	"purchased_packs":       "本年采购数量（包装）",
	"opening_stock_packs":   "年初库存（包装；无进销存数据为空）",
	"excess_packs":          "超出采购与库存的数量（包装）",
	"billed_over_yuan":      "超出采购与库存部分的结算金额（元）",
	"busiest_months":        "结算量最大的月份",
	"tolerance":             "结算数量超过采购与库存的容差倍数",
}

func measureLabel(key string) string {
	if l, ok := measureLabels[key]; ok {
		return l
	}
	return key
}

// formatMeasure formats a figure by what its name says it is.
func formatMeasure(key string, v float64) string {
	k := strings.ToLower(key)
	switch {
	case k == "as_of" && v == 0:
		return "数据最后日期"
	case k == "pull_seed":
		return strconv.FormatFloat(v, 'f', 0, 64)
	case strings.HasSuffix(k, "_yuan"):
		return wanYuan(v)
	case strings.Contains(k, "share"), strings.HasSuffix(k, "_ratio"), k == "max_ratio", k == "ratio", k == "floor", k == "life_used",
		strings.HasSuffix(k, "_rate"), strings.Contains(k, "growth"), strings.Contains(k, "deviation"):
		return percent(v)
	}
	return number(v)
}

// displayWidth counts East Asian characters as two columns, for sheet column widths.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
			(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) ||
			(r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)):
			w += 2
		default:
			w++
		}
	}
	return w
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// truncateWidth cuts s to at most w display columns (East Asian characters count two).
func truncateWidth(s string, w int) string {
	if displayWidth(s) <= w {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		rw := displayWidth(string(r))
		if n+rw > w-1 {
			break
		}
		b.WriteRune(r)
		n += rw
	}
	return b.String() + "…"
}
