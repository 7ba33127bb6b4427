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
	"total_yuan":               "采购总额（元）",
	"offline_yuan":             "线下采购金额（元）",
	"offline_share":            "线下采购占比",
	"max_orders_month":         "单月最多线下订单数",
	"worst_month":              "线下订单最多的月份",
	"listed_offline_lines":     "平台挂网品种线下采购行数",
	"listed_offline_yuan":      "平台挂网品种线下采购金额（元）",
	"max_offline_share":        "线下采购占比上限",
	"max_offline_yuan":         "线下采购金额上限（元）",
	"max_offline_orders_month": "单月线下订单数上限",
	"tender_threshold_yuan":    "招标限额（元）",
	"window_days":              "合并计算天数",
	"min_orders":               "最少订单数",
	"orders":                   "订单数",
	"amount_yuan":              "金额（元）",
	"contract_yuan":            "合同金额（元）",
	"paid_yuan":                "已付金额（元）",
	"paid_ratio":               "付款比例",
	"vendor_share":             "供应商份额",
	"r":                        "相关系数 r",
	"min_r":                    "相关系数下限",
	"ratio_cv":                 "绩效/收入比值变异系数",
	"max_ratio_cv":             "变异系数上限",
	"months":                   "月数",
	"min_months":               "最少月数",
	"gap_yuan":                 "差额（元）",
	"gap_share":                "差额占比",
	"growth":                   "同比增长",
	"max_growth":               "同比增长上限",
	"deviation":                "执行偏差",
	"max_deviation":            "执行偏差上限",
	"z":                        "z 值",
	"max_z":                    "z 值上限",
	"share":                    "占比",
	"max_share":                "占比上限",
	"years":                    "连续任职年数",
	"max_years":                "任职年限上限",
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
	case strings.Contains(k, "share"), strings.HasSuffix(k, "_ratio"), k == "max_ratio",
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
