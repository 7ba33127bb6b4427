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
	"r":                           "相关系数 r",
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
	"z":                           "z 值",
	"max_z":                       "z 值上限",
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
	"his_yuan":                    "HIS收入（元）",
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
	case strings.HasSuffix(k, "_yuan"):
		return yuan(v)
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
