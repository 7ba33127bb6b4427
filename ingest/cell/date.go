package cell

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Dates outside these years are typing errors or numbers that are not dates, whatever their shape.
const (
	minYear = 1900
	maxYear = 2200
)

// ParseDate reads a date cell and returns the date at UTC midnight. monthOnly reports that the
// cell names only a month (`2025年3月`, `2025-03`, `2025/03`, `2025.3`, `202503`); t is then the
// 1st of that month.
//
// Accepted, after full-width folding and trimming:
//   - `2025-03-07`, `2025/3/7`, `2025.03.07`, `2025年3月7日` (日 or 号 optional), `20250307`,
//     and dates in characters as in official documents, `二〇二五年三月七日`;
//   - any of these followed by a time of day, which is checked and dropped: `2025-03-07 14:03:22`,
//     `2025/3/7 9:05`, `2025-03-07T14:03:22.123Z`, `2025-03-07 14:03:22+08:00`,
//     `2025年3月7日 14:03`, and the compact HIS forms `202503071403` and `20250307140322`.
//     A zone is ignored: the calendar date is the one written;
//   - Excel serial numbers, `45723` or `45723.5`, in the 1900 date system or, when date1904 is set,
//     the 1904 system. The fraction (time of day) is dropped, rounded to the millisecond first so
//     that 45723.99999999999 is the 8th. In the 1900 system serials 1–59 are 1900-01-01…02-28 and serial 60
//     is the 29 February 1900 that Excel invents but never existed: ErrBadDate. Serial 0 is
//     ErrBadDate in both systems: it is what an empty date exports as.
//
// Years must fall in 1900…2200. A bare integer that reads as one of those years ("2025", "2025.0")
// is ErrBadDate rather than Excel serial 2025 (1905-07-17): in these extracts it is a year typed
// into a date column, and guessing a day for it would be wrong either way. Day-first or two-digit
// year forms (07/03/2025, 25-3-7) are ErrBadDate, as they are ambiguous. A blank cell or a
// placeholder ("-", "/") is ErrEmpty.
func ParseDate(s string, date1904 bool) (t time.Time, monthOnly bool, err error) {
	s = NormalizeText(s)
	// A cell that starts with a digit is no placeholder: most dates skip compact's copy.
	if s == "" || !isDigit(s[0]) && isPlaceholder(lowerASCII(compact(s))) {
		return time.Time{}, false, ErrEmpty
	}
	if t, monthOnly, ok := parseDateText(chineseNumerals(s)); ok {
		return t, monthOnly, nil
	}
	if t, ok := parseSerial(s, date1904); ok {
		return t, false, nil
	}
	return time.Time{}, false, ErrBadDate
}

// dateScanner walks a date string byte by byte; all the syntax it looks for is ASCII or a few
// Chinese characters matched as literals.
type dateScanner struct {
	s string
	i int
}

func (c *dateScanner) eof() bool { return c.i >= len(c.s) }

// digitRun counts the ASCII digits at the cursor without consuming them.
func (c *dateScanner) digitRun() int {
	n := 0
	for c.i+n < len(c.s) && '0' <= c.s[c.i+n] && c.s[c.i+n] <= '9' {
		n++
	}
	return n
}

// num consumes n digits known to be there.
func (c *dateScanner) num(n int) int {
	v := 0
	for k := 0; k < n; k++ {
		v = v*10 + int(c.s[c.i]-'0')
		c.i++
	}
	return v
}

// numIn consumes a whole run of digits if its length is within [lo, hi].
func (c *dateScanner) numIn(lo, hi int) (int, bool) {
	n := c.digitRun()
	if n < lo || n > hi {
		return 0, false
	}
	return c.num(n), true
}

func (c *dateScanner) lit(x string) bool {
	if strings.HasPrefix(c.s[c.i:], x) {
		c.i += len(x)
		return true
	}
	return false
}

func (c *dateScanner) spaces() int {
	n := 0
	for !c.eof() && c.s[c.i] == ' ' {
		c.i++
		n++
	}
	return n
}

func parseDateText(s string) (time.Time, bool, bool) {
	c := &dateScanner{s: s}
	var y, m, d int
	monthOnly := false
	needSep := true // a time of day must be set apart by a space or T, except after 日
	switch n := c.digitRun(); n {
	case 14, 12: // 20250307140322, 202503071403
		y, m, d = c.num(4), c.num(2), c.num(2)
		hh, mm, ss := c.num(2), c.num(2), 0
		if n == 14 {
			ss = c.num(2)
		}
		if hh > 23 || mm > 59 || ss > 59 {
			return time.Time{}, false, false
		}
	case 8:
		y, m, d = c.num(4), c.num(2), c.num(2)
	case 6:
		y, m = c.num(4), c.num(2)
		monthOnly = true
	case 4:
		y = c.num(4)
		save := c.i
		c.spaces()
		if c.lit("年") {
			var ok bool
			c.spaces()
			if m, ok = c.numIn(1, 2); !ok {
				return time.Time{}, false, false
			}
			c.spaces()
			if !c.lit("月") {
				return time.Time{}, false, false
			}
			c.spaces()
			if c.lit("份") || c.eof() {
				monthOnly = true
				break
			}
			if d, ok = c.numIn(1, 2); !ok {
				return time.Time{}, false, false
			}
			c.spaces()
			if c.lit("日") || c.lit("号") {
				needSep = false
			}
			break
		}
		c.i = save
		if c.eof() {
			return time.Time{}, false, false
		}
		sep := c.s[c.i]
		if sep != '-' && sep != '/' && sep != '.' {
			return time.Time{}, false, false
		}
		c.i++
		var ok bool
		if m, ok = c.numIn(1, 2); !ok {
			return time.Time{}, false, false
		}
		if c.eof() {
			monthOnly = true
			break
		}
		if !c.lit(string(sep)) {
			return time.Time{}, false, false
		}
		if d, ok = c.numIn(1, 2); !ok {
			return time.Time{}, false, false
		}
	default:
		return time.Time{}, false, false
	}
	if monthOnly {
		d = 1
		if !c.eof() {
			return time.Time{}, false, false
		}
	} else if !c.timeOfDay(needSep) {
		return time.Time{}, false, false
	}
	t, ok := civilDate(y, m, d)
	return t, monthOnly, ok
}

// timeOfDay checks what follows a date: nothing, or a time H:MM[:SS[.fff]] with an optional zone.
func (c *dateScanner) timeOfDay(needSep bool) bool {
	if c.eof() {
		return true
	}
	if !c.lit("T") && !c.lit("t") && c.spaces() == 0 && needSep {
		return false
	}
	hh, ok := c.numIn(1, 2)
	if !ok || !c.lit(":") {
		return false
	}
	mm, ok := c.numIn(2, 2)
	if !ok {
		return false
	}
	ss := 0
	if c.lit(":") {
		if ss, ok = c.numIn(2, 2); !ok {
			return false
		}
		if c.lit(".") || c.lit(",") {
			if c.digitRun() == 0 {
				return false
			}
			c.i += c.digitRun()
		}
	}
	if hh > 23 || mm > 59 || ss > 59 {
		return false
	}
	c.spaces()
	switch {
	case c.eof():
		return true
	case c.lit("Z") || c.lit("z"):
	case c.lit("+") || c.lit("-"):
		zh, ok := c.numIn(2, 2)
		if !ok {
			if n := c.digitRun(); n == 4 {
				zh = c.num(2)
				c.num(2)
				ok = true
			}
		} else if c.lit(":") {
			_, ok = c.numIn(2, 2)
		}
		if !ok || zh > 14 {
			return false
		}
	default:
		return false
	}
	return c.eof()
}

func civilDate(y, m, d int) (time.Time, bool) {
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2024-02-30 normalised into March
		return time.Time{}, false
	}
	return t, true
}

var (
	epoch1900 = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// parseSerial reads an Excel serial date number such as "45723" or "45723.5".
func parseSerial(s string, date1904 bool) (time.Time, bool) {
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 6 || !allDigits(intPart) || !allDigits(frac) {
		return time.Time{}, false
	}
	n, _ := strconv.Atoi(intPart)
	if strings.Trim(frac, "0") == "" {
		if n >= minYear && n <= maxYear {
			return time.Time{}, false // a year, see ParseDate
		}
	} else {
		if len(frac) > 15 {
			frac = frac[:15]
		}
		f, _ := strconv.ParseFloat("0."+frac, 64)
		if math.Round(f*86400e3) >= 86400e3 { // noise below a millisecond is midnight of the next day
			n++
		}
	}
	var t time.Time
	switch {
	case n == 0:
		return time.Time{}, false
	case date1904:
		t = epoch1904.AddDate(0, 0, n)
	case n < 60:
		t = epoch1900.AddDate(0, 0, n)
	case n == 60: // 1900-02-29, which Excel counts (Lotus 1-2-3's leap-year bug) but never was
		return time.Time{}, false
	default:
		t = epoch1900.AddDate(0, 0, n-1)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, false
	}
	return t, true
}

// cnDigits are the numerals of a date written in characters; ○ (a white circle) is often typed for 〇.
var cnDigits = map[rune]int{'〇': 0, '○': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

// chineseNumerals rewrites a date in characters as digits: 二〇二五年三月七日 → 2025年3月7日,
// 十二月三十一日 → 12月31日. A year is read digit by digit, months and days with 十.
func chineseNumerals(s string) string {
	if !strings.Contains(s, "年") {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) {
			if _, ok := cnDigits[rs[j]]; !ok {
				break
			}
			j++
		}
		if j == i {
			b.WriteRune(rs[i])
			i++
			continue
		}
		b.WriteString(cnNumber(rs[i:j]))
		i = j
	}
	return b.String()
}

// cnNumber reads a run of numerals; a malformed run is returned as it was, to fail later.
func cnNumber(run []rune) string {
	ten := -1
	for k, r := range run {
		if r == '十' {
			if ten >= 0 {
				return string(run)
			}
			ten = k
		}
	}
	if ten < 0 {
		var b strings.Builder
		for _, r := range run {
			b.WriteByte(byte('0' + cnDigits[r]))
		}
		return b.String()
	}
	tens, units := 1, 0
	switch ten {
	case 0:
	case 1:
		tens = cnDigits[run[0]]
	default:
		return string(run)
	}
	switch len(run) - ten - 1 {
	case 0:
	case 1:
		units = cnDigits[run[ten+1]]
	default:
		return string(run)
	}
	if tens == 0 {
		return string(run)
	}
	return strconv.Itoa(tens*10 + units)
}
