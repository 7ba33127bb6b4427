package cell

import (
	"math"
	"strconv"
	"strings"
)

// Unit is the currency unit a money column is written in, read from its header or a unit line.
// Convert with ParseMoney, which applies it exactly, rather than multiplying by Multiplier.
type Unit int

const (
	UnitNone     Unit = iota // no unit known: money is taken as 元
	UnitYuan                 // 元
	UnitWanyuan              // 万元 (×10,000)
	UnitQianyuan             // 千元 (×1,000), rare in finance statements
	UnitYiyuan               // 亿元 (×100,000,000)
)

// pow10 is the power of ten that converts an amount in u to 元.
func (u Unit) pow10() int {
	switch u {
	case UnitQianyuan:
		return 3
	case UnitWanyuan:
		return 4
	case UnitYiyuan:
		return 8
	}
	return 0
}

// Multiplier is the number of 元 in one u: 1 for UnitNone and UnitYuan, 10000 for UnitWanyuan,
// 1000 for UnitQianyuan, 100000000 for UnitYiyuan, and 1 for any value not declared here.
func (u Unit) Multiplier() int64 {
	m := int64(1)
	for range u.pow10() {
		m *= 10
	}
	return m
}

func (u Unit) String() string {
	switch u {
	case UnitNone:
		return ""
	case UnitYuan:
		return "元"
	case UnitWanyuan:
		return "万元"
	case UnitQianyuan:
		return "千元"
	case UnitYiyuan:
		return "亿元"
	}
	return "Unit(" + strconv.Itoa(int(u)) + ")"
}

// moneyUnits are the unit names accepted in a header, a unit line or after an amount, compared
// after folding and lower-casing.
var moneyUnits = map[string]Unit{
	"元": UnitYuan, "圆": UnitYuan, "元整": UnitYuan, "人民币元": UnitYuan, "元人民币": UnitYuan,
	"人民币": UnitYuan, "rmb": UnitYuan, "cny": UnitYuan,
	"万元": UnitWanyuan, "万": UnitWanyuan, "人民币万元": UnitWanyuan, "万元人民币": UnitWanyuan,
	"千元": UnitQianyuan,
	"亿元": UnitYiyuan, "亿": UnitYiyuan,
}

// amountSuffixes are the units that may follow an amount in a cell, longest first.
var amountSuffixes = []string{"人民币万元", "万元人民币", "人民币元", "元人民币", "万元", "千元", "亿元", "元整", "rmb", "cny", "元", "圆", "万", "亿"}

// currencyPrefixes may precede an amount.
var currencyPrefixes = []string{"¥", "人民币", "rmb", "cny"}

// minusSigns are the other characters typed or pasted as a minus sign.
var minusSigns = strings.NewReplacer("−", "-", "﹣", "-", "–", "-")

const minusLike = "−﹣–"

// maxFen bounds amounts: 9e15 分 is 90 trillion 元, beyond any hospital and well inside int64.
const maxFen = 9_000_000_000_000_000

// ParseMoney reads an amount and returns it in fen (分, 0.01 元), exactly: the digits are scaled
// as text, so "0.1" is 10 fen and "1234.5000000001" (float noise from Excel) is 123450. Digits
// beyond the fen are rounded half away from zero.
//
// unit is the column's unit from its header or a unit line; a unit written in the cell ("3000元",
// "1.5万元", "1.5万") takes precedence. Accepted: "1234.5", "1,234.50", "¥1,234.50", "￥1,200",
// "RMB 1,234", "-12", "(1,234.50)", "（12）", "1234.50-", "１２００", "1.2E+06", ".5". Thousands
// separators must group by three. A blank cell or a placeholder ("-", "/") is ErrEmpty; any other
// text, and amounts beyond ±9e15 fen, are ErrBadAmount.
func ParseMoney(s string, unit Unit) (fen int64, err error) {
	if fen, ok := plainMoney(s, unit); ok {
		return fen, nil
	}
	return parseMoney(s, unit)
}

func parseMoney(s string, unit Unit) (fen int64, err error) {
	t := lowerASCII(compact(s))
	// Excel's accounting format shows zero as "¥ -".
	if t == "" || isPlaceholder(t) || isPlaceholder(strings.TrimPrefix(t, "¥")) {
		return 0, ErrEmpty
	}
	if strings.ContainsAny(t, minusLike) {
		t = minusSigns.Replace(t)
	}

	neg, paren, signed := false, false, false
	if t, paren = trimParens(t); paren {
		neg = true
	}
	t, signed, neg = trimSign(t, neg)
	for _, p := range currencyPrefixes {
		if rest, ok := strings.CutPrefix(t, p); ok {
			t = rest
			break
		}
	}
	if !signed {
		t, signed, neg = trimSign(t, neg)
	}
	if !paren {
		if t, paren = trimParens(t); paren {
			if signed {
				return 0, ErrBadAmount // -(12): which sign was meant?
			}
			neg = true
		}
	}
	for _, u := range amountSuffixes {
		if rest, ok := strings.CutSuffix(t, u); ok {
			t, unit = rest, moneyUnits[u]
			break
		}
	}
	if !signed && !paren {
		if rest, ok := strings.CutSuffix(t, "-"); ok { // 1234.50- from some ledgers
			t, neg = rest, true
		}
	}
	digits, exp, ok := parseDecimal(t)
	if !ok {
		return 0, ErrBadAmount
	}
	v, ok := scaleRound(digits, exp+2+unit.pow10())
	if !ok {
		return 0, ErrBadAmount
	}
	if neg {
		return -int64(v), nil
	}
	return int64(v), nil
}

// plainMoney reads the common cell, digits with at most two decimals ("1234", "1234.5",
// "0.50", ".5", "5."), as ParseMoney would; ok is false for anything else, left to ParseMoney.
func plainMoney(s string, unit Unit) (int64, bool) {
	if len(s) == 0 || len(s) > 16 {
		return 0, false
	}
	var whole uint64
	i := 0
	for ; i < len(s) && isDigit(s[i]); i++ {
		whole = whole*10 + uint64(s[i]-'0')
	}
	digits := i
	var frac uint64
	scale := uint64(100)
	if i < len(s) && s[i] == '.' {
		i++
		for ; i < len(s) && isDigit(s[i]) && scale > 1; i++ {
			scale /= 10
			frac += uint64(s[i]-'0') * scale
			digits++
		}
	}
	if i != len(s) || digits == 0 || whole > maxFen/100 {
		return 0, false
	}
	v := whole*100 + frac
	for range unit.pow10() {
		v *= 10
		if v > maxFen {
			return 0, false
		}
	}
	return int64(v), v <= maxFen
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func trimParens(t string) (string, bool) {
	if len(t) >= 2 && t[0] == '(' && t[len(t)-1] == ')' {
		return t[1 : len(t)-1], true
	}
	return t, false
}

func trimSign(t string, neg bool) (rest string, signed, negOut bool) {
	if t == "" {
		return t, false, neg
	}
	switch t[0] {
	case '+':
		return t[1:], true, neg
	case '-':
		if neg {
			return t, false, neg // (-12): leave the sign for parseDecimal to reject
		}
		return t[1:], true, true
	}
	return t, false, neg
}

// parseDecimal reads an unsigned decimal such as "1,234.50", ".5", "5." or "1.2e+06" and returns
// its significant digits, without leading or trailing zeros, and the power of ten that scales
// them: "1,234.50" is ("12345", -1). Zero is ("", 0).
func parseDecimal(t string) (digits string, exp int, ok bool) {
	mant, expText, hasExp := strings.Cut(t, "e")
	if !hasExp {
		mant, expText, hasExp = strings.Cut(t, "E")
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if strings.Contains(intPart, ",") {
		if !groupedByThree(intPart) {
			return "", 0, false
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
	}
	if intPart+frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return "", 0, false
	}
	e := 0
	if hasExp {
		neg := false
		if expText != "" && (expText[0] == '+' || expText[0] == '-') {
			neg = expText[0] == '-'
			expText = expText[1:]
		}
		if expText == "" || !allDigits(expText) {
			return "", 0, false
		}
		expText = strings.TrimLeft(expText, "0")
		if len(expText) > 4 {
			return "", 0, false
		}
		e, _ = strconv.Atoi("0" + expText)
		if neg {
			e = -e
		}
	}
	all := strings.TrimLeft(intPart+frac, "0")
	digits = strings.TrimRight(all, "0")
	if digits == "" {
		return "", 0, true
	}
	return digits, e - len(frac) + len(all) - len(digits), true
}

// groupedByThree checks thousands separators: "1,234,567" but not "1,23" or ",123".
func groupedByThree(s string) bool {
	groups := strings.Split(s, ",")
	if len(groups[0]) < 1 || len(groups[0]) > 3 {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return false
		}
	}
	return true
}

// scaleRound returns digits×10^shift rounded half away from zero to an integer, or false when the
// result exceeds maxFen.
func scaleRound(digits string, shift int) (uint64, bool) {
	if digits == "" {
		return 0, true
	}
	keep := len(digits) + shift // digits left of the point
	if keep > 16 {
		return 0, false
	}
	var v uint64
	up := false
	if shift >= 0 {
		for i := 0; i < len(digits); i++ {
			v = v*10 + uint64(digits[i]-'0')
		}
		for range shift {
			v *= 10
		}
	} else {
		for i := 0; i < keep; i++ {
			v = v*10 + uint64(digits[i]-'0')
		}
		up = keep >= 0 && digits[keep] >= '5'
	}
	if up {
		v++
	}
	return v, v <= maxFen
}

// FormatFen renders fen as 元 with two decimals: -123450 → "-1234.50". ParseMoney reads it back.
func FormatFen(fen int64) string {
	u := uint64(fen)
	if fen < 0 {
		u = -u
	}
	b := make([]byte, 0, 24)
	if fen < 0 {
		b = append(b, '-')
	}
	b = strconv.AppendUint(b, u/100, 10)
	c := u % 100
	return string(append(b, '.', byte('0'+c/10), byte('0'+c%10)))
}

// ParseNumber reads a quantity, rate or count: "1,234.5", "１２", "-3", "(3)", "1.2E+06", and
// percentages "12.5%" → 0.125 (‰ too). It does not take currency signs or units. A blank cell or a
// placeholder ("-", "/") is ErrEmpty; anything else that is not a finite number is ErrBadNumber.
func ParseNumber(s string) (float64, error) {
	if plainNumber(s) {
		// the same correctly rounded value as parseNumber's digits and exponent
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f, nil
		}
	}
	return parseNumber(s)
}

func parseNumber(s string) (float64, error) {
	t := lowerASCII(compact(s))
	if t == "" || isPlaceholder(t) {
		return 0, ErrEmpty
	}
	if strings.ContainsAny(t, minusLike) {
		t = minusSigns.Replace(t)
	}
	t, neg := trimParens(t)
	scale := 0
	if rest, ok := strings.CutSuffix(t, "%"); ok {
		t, scale = rest, 2
	} else if rest, ok := strings.CutSuffix(t, "‰"); ok {
		t, scale = rest, 3
	}
	t, _, neg = trimSign(t, neg)
	digits, exp, ok := parseDecimal(t)
	if !ok {
		return 0, ErrBadNumber
	}
	if digits == "" {
		return 0, nil
	}
	// Shifting the exponent in the text rounds once; parsing and then dividing by 100 rounds twice.
	f, err := strconv.ParseFloat(digits+"e"+strconv.Itoa(exp-scale), 64)
	if err != nil || math.IsInf(f, 0) {
		return 0, ErrBadNumber
	}
	if neg {
		f = -f
	}
	return f, nil
}

// plainNumber: digits with at most one decimal point, at least one digit, short enough
// that strconv reads them as they are ("12", "0.5", "3.").
func plainNumber(s string) bool {
	if len(s) == 0 || len(s) > 24 {
		return false
	}
	dot, digits := false, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}
