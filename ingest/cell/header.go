package cell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// headerRune folds a header character: full-width to ASCII, CJK brackets to square brackets,
// ASCII to lower case; whitespace of any kind (line breaks inside the cell included) is dropped.
func headerRune(r rune) rune {
	r = foldRune(r)
	switch {
	case r < 0 || isSpace(r):
		return -1
	case 'A' <= r && r <= 'Z':
		return r + 'a' - 'A'
	}
	switch r {
	case '【', '〔', '［':
		return '['
	case '】', '〕', '］':
		return ']'
	}
	return r
}

// countUnits are non-money units dropped from a header in brackets ("使用年限(年)", "数量（台）"),
// so the name matches; they carry nothing the parsers need. Percent is kept: "增长率(%)" says the
// values are percentages.
var countUnits = map[string]bool{
	"年": true, "月": true, "天": true, "日": true, "小时": true,
	"个": true, "台": true, "件": true, "套": true, "人": true, "人次": true, "次": true, "岁": true,
	"张": true, "床": true, "盒": true, "支": true, "平方米": true, "㎡": true, "m2": true, "m²": true,
}

// NormalizeHeader reduces a header cell to the key that contract synonyms are matched against, and
// returns the money unit the header named (UnitNone if none). It removes all whitespace (line
// breaks and full-width spaces too), folds full-width to half-width (（）→(), ：→:, 【】→[]),
// lower-cases ASCII, strips leading * (required-field markers) and trailing colons, and strips the
// unit: (元), （万元）, [万元], 【元】, (单位:万元) anywhere, or a trailing /元, _元, 单位:元. Count
// units in brackets such as (年) or (台) are stripped too and return UnitNone.
//
//	"金额\n（万元）" → "金额", UnitWanyuan
//	" 采购 日期 "    → "采购日期", UnitNone
//	"*供应商名称："  → "供应商名称", UnitNone
//	"单价(元/盒)"    → "单价", UnitYuan
//	"金额(含税)"     → "金额(含税)", UnitNone
//	"金额(万元)(含税)" → "金额(含税)", UnitWanyuan
//
// Only named units are stripped, so qualifiers that change the meaning stay. The result is its
// own normal form: NormalizeHeader(name) returns name again.
func NormalizeHeader(s string) (name string, unit Unit) {
	name = unescapeExcel(strings.Map(headerRune, s), true)
	for {
		prev := name
		name = strings.TrimLeft(name, "*")
		name = strings.TrimRight(name, ":")
		if rest, u, ok := cutHeaderUnit(name); ok {
			name = rest
			if unit == UnitNone {
				unit = u
			}
		}
		if name == prev {
			return name, unit
		}
	}
}

var closing = [256]byte{'(': ')', '[': ']', '{': '}', '<': '>'}

// cutHeaderUnit strips one unit from a normalised header: the last bracketed group that names a
// unit, wherever it stands ("金额(万元)(含税)" → "金额(含税)"), else a trailing 单位:元, /元 or _元.
func cutHeaderUnit(name string) (string, Unit, bool) {
	for end := len(name); end > 0; {
		i := strings.LastIndexAny(name[:end], "([{<")
		if i < 0 {
			break
		}
		end = i
		j := strings.IndexByte(name[i+1:], closing[name[i]])
		if j < 0 {
			continue
		}
		j += i + 1
		unit := name[i+1 : j]
		for _, label := range []string{"金额单位", "货币单位", "单位"} {
			if rest, ok := strings.CutPrefix(unit, label); ok {
				unit = strings.TrimPrefix(rest, ":")
				break
			}
		}
		if u, ok := moneyUnitName(unit); ok {
			return name[:i] + name[j+1:], u, true
		}
		if countUnits[unit] {
			return name[:i] + name[j+1:], UnitNone, true
		}
	}
	if i := strings.LastIndex(name, "单位:"); i >= 0 {
		if u, ok := moneyUnitName(name[i+len("单位:"):]); ok {
			return strings.TrimRight(name[:i], ",;、"), u, true
		}
	}
	for _, sep := range []string{"/", "_"} {
		if i := strings.LastIndex(name, sep); i >= 0 {
			if u, ok := moneyUnits[name[i+1:]]; ok {
				return name[:i], u, true
			}
		}
	}
	return name, UnitNone, false
}

// moneyUnitName recognises a unit name, also as a per-item price: 元/盒, 万元/台.
func moneyUnitName(s string) (Unit, bool) {
	if u, ok := moneyUnits[s]; ok {
		return u, true
	}
	if before, after, ok := strings.Cut(s, "/"); ok && after != "" && !strings.Contains(after, "/") {
		u, ok := moneyUnits[before]
		return u, ok
	}
	return UnitNone, false
}

// unitLineTokens are the units a unit line may name, longest first.
var unitLineTokens = []string{"人民币万元", "万元人民币", "人民币元", "元人民币", "万元", "千元", "亿元", "rmb", "cny", "元", "万", "亿"}

// UnitLine recognises a unit line written above or below a table, or as one cell of a title row:
// "单位：万元", "金额单位:元", "（单位：万元）", "编制单位：某医院    单位：元". ok is false for any
// other cell, including 编制单位：某医院 alone, a bare "万元" and amounts such as "1.5万元".
func UnitLine(s string) (unit Unit, ok bool) {
	t := strings.Map(func(r rune) rune {
		if isSpace(foldRune(r)) {
			return ' '
		}
		return headerRune(r)
	}, unescapeExcel(s, false))
	for from := 0; from < len(t); {
		i := strings.Index(t[from:], "单位")
		if i < 0 {
			return UnitNone, false
		}
		i += from
		from = i + len("单位")
		if !unitLabelStart(t[:i]) {
			continue
		}
		rest := strings.TrimLeft(t[from:], " ")
		rest = strings.TrimLeft(strings.TrimPrefix(rest, ":"), " ")
		for _, tok := range unitLineTokens {
			after, ok := strings.CutPrefix(rest, tok)
			if !ok {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(after); after == "" || strings.ContainsRune(" )]}>,;、。.(", r) {
				return moneyUnits[tok], true
			}
			break
		}
	}
	return UnitNone, false
}

// unitLabelStart reports whether 单位 preceded by before is a unit label rather than part of a
// word such as 编制单位 or 填报单位.
func unitLabelStart(before string) bool {
	for _, p := range []string{"金额", "货币", "计量", "币种", "计价"} {
		if b, ok := strings.CutSuffix(before, p); ok {
			before = b
			break
		}
	}
	if before == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(before)
	return r == ' ' || strings.ContainsRune("([{<,;:、。", r)
}

// totalWords start a total row; totalPrefixes may precede them (本月合计, 本年累计, 总合计).
var (
	totalWords    = []string{"合计", "总计", "小计", "共计", "累计"}
	totalPrefixes = []string{"本页", "本月", "本期", "本年", "本季度", "本季", "全年", "年度", "当月", "当期", "总", "全院"}
)

// IsTotalRow reports whether a row is a 合计/总计/小计/共计/累计 row (also 本页合计, 本月合计, 本年累计,
// 总合计, "合 计", "合计："), judged by its first non-empty cell, which must start with such a word.
// A row that mentions 合计 in a later cell is data. 累计 alone is a total only when no Chinese
// follows it, because 累计折旧 and 累计摊销 are ledger accounts.
func IsTotalRow(cells []string) bool {
	for _, c := range cells {
		if !strings.Contains(c, "计") && strings.IndexByte(c, '_') < 0 && hasASCIIAlnum(c) {
			return false // not blank (only an _xHHHH_ escape could vanish), and every total word has 计
		}
		t := strings.Map(headerRune, compact(c))
		if t == "" {
			continue
		}
		t = strings.TrimLeft(t, "([{<")
		if isTotalLabel(t, false) {
			return true
		}
		for _, p := range totalPrefixes {
			if rest, ok := strings.CutPrefix(t, p); ok && isTotalLabel(rest, true) {
				return true
			}
		}
		return false
	}
	return false
}

func hasASCIIAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; 'a' <= c && c <= 'z' || '0' <= s[i] && s[i] <= '9' {
			return true
		}
	}
	return false
}

func isTotalLabel(t string, prefixed bool) bool {
	for _, w := range totalWords {
		rest, ok := strings.CutPrefix(t, w)
		if !ok {
			continue
		}
		if w == "累计" && !prefixed && rest != "" {
			r, _ := utf8.DecodeRuneInString(rest)
			return !unicode.Is(unicode.Han, r)
		}
		return true
	}
	return false
}
