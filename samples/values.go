package samples

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// day is a calendar date, counted in days since 1970-01-01.
type day int32

func mkday(y int, m time.Month, d int) day {
	return day(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func (d day) time() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func (d day) ymd() (int, time.Month, int) { return d.time().Date() }

func (d day) year() int  { y, _, _ := d.ymd(); return y }
func (d day) month() int { _, m, _ := d.ymd(); return int(m) }

// serial is the Excel (1900 date system) serial number of d.
func (d day) serial() int { return int(d) + 25569 }

// addMonths adds n calendar months, clamping the day to the end of the target month.
func (d day) addMonths(n int) day {
	y, m, dd := d.ymd()
	t := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := t.AddDate(0, 1, -1).Day()
	if dd > last {
		dd = last
	}
	return mkday(t.Year(), t.Month(), dd)
}

func (d day) iso() string { return d.time().Format("2006-01-02") }

// dateFmt is how a file writes its dates.
type dateFmt int

const (
	dISO       dateFmt = iota // 2025-03-07
	dSlash                    // 2025/3/7
	dDot                      // 2025.03.07
	dCN                       // 2025年3月7日
	dCompact                  // 20250307
	dSerial                   // an Excel date cell (serial with a date format); text 2025-03-07 in CSV
	dRawSerial                // a bare Excel serial number without a date format
	dDateTime                 // 2025-03-07 10:23:45 (time from the row)
)

func formatDate(d day, f dateFmt) string {
	y, m, dd := d.ymd()
	switch f {
	case dSlash:
		return fmt.Sprintf("%d/%d/%d", y, m, dd)
	case dDot:
		return fmt.Sprintf("%d.%02d.%02d", y, m, dd)
	case dCN:
		return fmt.Sprintf("%d年%d月%d日", y, m, dd)
	case dCompact:
		return fmt.Sprintf("%d%02d%02d", y, m, dd)
	case dRawSerial:
		return strconv.Itoa(d.serial())
	}
	return fmt.Sprintf("%d-%02d-%02d", y, m, dd)
}

// monthFmt is how a file writes a month (payroll, revenue and HIS periods).
type monthFmt int

const (
	mDash    monthFmt = iota // 2025-03
	mCN                      // 2025年3月
	mCompact                 // 202503
	mSlash                   // 2025/03
)

func formatMonth(y, m int, f monthFmt) string {
	switch f {
	case mCN:
		return fmt.Sprintf("%d年%d月", y, m)
	case mCompact:
		return fmt.Sprintf("%d%02d", y, m)
	case mSlash:
		return fmt.Sprintf("%d/%02d", y, m)
	}
	return fmt.Sprintf("%d-%02d", y, m)
}

// fen is an amount of money in fen (0.01 元), exact.
type fen int64

func yuan(v float64) fen { return fen(v*100 + 0.5) }

// roundYuan rounds to a whole yuan.
func (f fen) roundYuan() fen { return (f + 50) / 100 * 100 }

// plain writes 1234.5 style: no separators, shortest exact decimal.
func (f fen) plain() string {
	neg := f < 0
	if neg {
		f = -f
	}
	s := strconv.FormatInt(int64(f/100), 10)
	if c := f % 100; c != 0 {
		if c%10 == 0 {
			s += "." + strconv.Itoa(int(c/10))
		} else {
			s += fmt.Sprintf(".%02d", c)
		}
	}
	if neg {
		s = "-" + s
	}
	return s
}

// fixed2 writes 1234.50.
func (f fen) fixed2() string {
	neg := f < 0
	if neg {
		f = -f
	}
	s := fmt.Sprintf("%d.%02d", f/100, f%100)
	if neg {
		s = "-" + s
	}
	return s
}

// thousands writes 1,234.50 (prefix such as "¥" in front).
func (f fen) thousands(prefix string) string {
	neg := f < 0
	if neg {
		f = -f
	}
	ip := strconv.FormatInt(int64(f/100), 10)
	var b strings.Builder
	for i, c := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	s := fmt.Sprintf("%s%s.%02d", prefix, b.String(), f%100)
	if neg {
		s = "(" + s + ")"
	}
	return s
}

// wan writes the amount in 万元 with as many decimals as it needs (at most 6: exact to the fen).
func (f fen) wan() string {
	neg := f < 0
	if neg {
		f = -f
	}
	ip := int64(f) / 1000000
	frac := int64(f) % 1000000
	s := strconv.FormatInt(ip, 10)
	if frac != 0 {
		fs := strings.TrimRight(fmt.Sprintf("%06d", frac), "0")
		s += "." + fs
	}
	if neg {
		s = "-" + s
	}
	return s
}

// float is the amount in yuan as a float64 (for numeric spreadsheet cells; exact enough to
// round-trip through the shortest decimal representation).
func (f fen) float() float64 { return float64(f) / 100 }

// moneyFmt is how a file writes money.
type moneyFmt int

const (
	mfNumber    moneyFmt = iota // a numeric cell (xlsx) or 1234.5 (csv)
	mfFixed                     // text 1234.50
	mfThousands                 // text 1,234.50
	mfYen                       // text ¥1,234.50
	mfWan                       // a number in 万元 (the header or a unit line says so)
)

func itoa(i int) string { return strconv.Itoa(i) }
