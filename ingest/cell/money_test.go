package cell

import (
	"errors"
	"math"
	"strconv"
	"testing"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		unit Unit
		want int64
		err  error
	}{
		// Plain numbers in 元.
		{in: "0", want: 0},
		{in: "1234.5", want: 123450},
		{in: "1234.50", want: 123450},
		{in: "0.01", want: 1},
		{in: "0.1", want: 10},
		{in: ".5", want: 50},
		{in: "5.", want: 500},
		{in: "007", want: 700},
		{in: "+12", want: 1200},
		{in: "1234.5000000001", want: 123450}, // float noise from Excel
		{in: "0.30000000000000004", want: 30},
		{in: "  1234.5 ", want: 123450},
		{in: "1234.5", unit: UnitYuan, want: 123450},

		// Rounding beyond the fen, half away from zero.
		{in: "0.005", want: 1},
		{in: "0.0049", want: 0},
		{in: "-0.005", want: -1},
		{in: "2.675", want: 268}, // 2.675 as float64 is 2.67499…; the text is not
		{in: "0.000001", want: 0},
		{in: "-0.000001", want: 0},

		// Thousands separators and currency signs.
		{in: "1,234.50", want: 123450},
		{in: "1,234,567.89", want: 123456789},
		{in: "¥1,234.50", want: 123450},
		{in: "￥1,200", want: 120000},
		{in: "¥ 1,234.50", want: 123450},
		{in: "RMB 1,234", want: 123400},
		{in: "rmb1234", want: 123400},
		{in: "CNY1234", want: 123400},
		{in: "人民币1234", want: 123400},
		{in: "1 234 567", want: 123456700},
		{in: "1,23", err: ErrBadAmount},
		{in: "1,2345", err: ErrBadAmount},
		{in: ",123", err: ErrBadAmount},
		{in: "1,,234", err: ErrBadAmount},
		{in: "1.234,50", err: ErrBadAmount},
		{in: "$12", err: ErrBadAmount},

		// Negatives.
		{in: "-12", want: -1200},
		{in: "−12", want: -1200},
		{in: "(1,234.50)", want: -123450},
		{in: "（12）", want: -1200},
		{in: "(¥1,234.50)", want: -123450},
		{in: "¥(1,234.50)", want: -123450},
		{in: "-¥1,234.50", want: -123450},
		{in: "¥-1,234.50", want: -123450},
		{in: "1234.50-", want: -123450},
		{in: "-0", want: 0},
		{in: "(-12)", err: ErrBadAmount},
		{in: "-(12)", err: ErrBadAmount},
		{in: "--12", err: ErrBadAmount},
		{in: "(12", err: ErrBadAmount},
		{in: "12)", err: ErrBadAmount},

		// Full-width digits and punctuation.
		{in: "１２００", want: 120000},
		{in: "１，２００．５０", want: 120050},
		{in: "－１２", want: -1200},

		// Scientific notation from Excel.
		{in: "1.2E+06", want: 120000000},
		{in: "1.2e6", want: 120000000},
		{in: "1.5E-02", want: 2},
		{in: "1E", err: ErrBadAmount},
		{in: "1E+", err: ErrBadAmount},
		{in: "E5", err: ErrBadAmount},
		{in: "1e99999", err: ErrBadAmount},
		{in: "0e99999", err: ErrBadAmount},
		{in: "1e-9999", want: 0},

		// 万元 from the header (unit) or in the cell (suffix wins).
		{in: "1.5", unit: UnitWanyuan, want: 1500000},
		{in: "1,234.5678", unit: UnitWanyuan, want: 1234567800},
		{in: "0.000001", unit: UnitWanyuan, want: 1},
		{in: "0.0000005", unit: UnitWanyuan, want: 1},
		{in: "0.0000004", unit: UnitWanyuan, want: 0},
		{in: "1.5万元", want: 1500000},
		{in: "1.5万", want: 1500000},
		{in: "1.5 万元", unit: UnitYuan, want: 1500000},
		{in: "3000元", want: 300000},
		{in: "3000元", unit: UnitWanyuan, want: 300000},
		{in: "3000元整", want: 300000},
		{in: "3000 RMB", want: 300000},
		{in: "¥3,000.00元", unit: UnitWanyuan, want: 300000},
		{in: "(1.5万元)", want: -1500000},
		{in: "-1.5万元", want: -1500000},
		{in: "2亿元", want: 20000000000},
		{in: "2", unit: UnitQianyuan, want: 200000},
		{in: "2", unit: UnitYiyuan, want: 20000000000},
		{in: "2", unit: Unit(99), want: 200},
		{in: "万元", err: ErrBadAmount},
		{in: "元", err: ErrBadAmount},
		{in: "¥", err: ErrBadAmount},

		// Overflow at ±9e15 fen.
		{in: "90000000000000", want: 9_000_000_000_000_000},
		{in: "-90000000000000", want: -9_000_000_000_000_000},
		{in: "90000000000000.01", err: ErrBadAmount},
		{in: "9000000000", unit: UnitWanyuan, want: 9_000_000_000_000_000},
		{in: "9000000000.000001", unit: UnitWanyuan, err: ErrBadAmount},
		{in: "900000000", unit: UnitWanyuan, want: 900_000_000_000_000},
		{in: "99999999999999999999", err: ErrBadAmount},
		{in: "1e14", err: ErrBadAmount},

		// Text.
		{in: "abc", err: ErrBadAmount},
		{in: "12%", err: ErrBadAmount},
		{in: "1.2.3", err: ErrBadAmount},
		{in: "12元5角", err: ErrBadAmount},
		{in: "#VALUE!", err: ErrBadAmount},
		{in: "Inf", err: ErrBadAmount},
		{in: "NaN", err: ErrEmpty},
		{in: "0x10", err: ErrBadAmount},
		{in: "1_000", err: ErrBadAmount},

		// Nothing written.
		{in: "", err: ErrEmpty},
		{in: "   ", err: ErrEmpty},
		{in: "\u3000", err: ErrEmpty},
		{in: "-", err: ErrEmpty},
		{in: "--", err: ErrEmpty},
		{in: "—", err: ErrEmpty},
		{in: "/", err: ErrEmpty},
		{in: "null", err: ErrEmpty},
		{in: " ¥ -   ", err: ErrEmpty},
	}
	for _, tt := range tests {
		got, err := ParseMoney(tt.in, tt.unit)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseMoney(%q, %v) = %d, %v; want error %v", tt.in, tt.unit, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseMoney(%q, %v) = %d, %v; want %d", tt.in, tt.unit, got, err, tt.want)
		}
	}
}

func TestFormatFen(t *testing.T) {
	tests := []struct {
		fen  int64
		want string
	}{
		{0, "0.00"},
		{1, "0.01"},
		{-1, "-0.01"},
		{10, "0.10"},
		{123450, "1234.50"},
		{-123450, "-1234.50"},
		{9_000_000_000_000_000, "90000000000000.00"},
		{math.MaxInt64, "92233720368547758.07"},
		{math.MinInt64, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		if got := FormatFen(tt.fen); got != tt.want {
			t.Errorf("FormatFen(%d) = %q; want %q", tt.fen, got, tt.want)
		}
	}
}

func TestUnit(t *testing.T) {
	tests := []struct {
		u    Unit
		mult int64
		name string
	}{
		{UnitNone, 1, ""},
		{UnitYuan, 1, "元"},
		{UnitWanyuan, 10000, "万元"},
		{UnitQianyuan, 1000, "千元"},
		{UnitYiyuan, 100000000, "亿元"},
		{Unit(-1), 1, "Unit(-1)"},
	}
	for _, tt := range tests {
		if got := tt.u.Multiplier(); got != tt.mult {
			t.Errorf("%v.Multiplier() = %d; want %d", tt.u, got, tt.mult)
		}
		if got := tt.u.String(); got != tt.name {
			t.Errorf("Unit(%d).String() = %q; want %q", int(tt.u), got, tt.name)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  error
	}{
		{in: "0", want: 0},
		{in: "12", want: 12},
		{in: "12.5", want: 12.5},
		{in: "-3", want: -3},
		{in: "(3)", want: -3},
		{in: "+3", want: 3},
		{in: "1,234.5", want: 1234.5},
		{in: "１２", want: 12},
		{in: "１，２３４．５", want: 1234.5},
		{in: " 7 ", want: 7},
		{in: "1.2E+06", want: 1.2e6},
		{in: "1e-3", want: 0.001},
		{in: "12.5%", want: 0.125},
		{in: "12.5 %", want: 0.125},
		{in: "１２．５％", want: 0.125},
		{in: "7%", want: 0.07},
		{in: "-7%", want: -0.07},
		{in: "(7%)", want: -0.07},
		{in: "100%", want: 1},
		{in: "0.07%", want: 0.0007},
		{in: "5‰", want: 0.005},
		{in: "1e-400", want: 0},
		{in: "1e400", err: ErrBadNumber},
		{in: "%", err: ErrBadNumber},
		{in: "12%%", err: ErrBadNumber},
		{in: "1,23", err: ErrBadNumber},
		{in: "¥12", err: ErrBadNumber},
		{in: "12台", err: ErrBadNumber},
		{in: "inf", err: ErrBadNumber},
		{in: "0x1p3", err: ErrBadNumber},
		{in: "1_000", err: ErrBadNumber},
		{in: "abc", err: ErrBadNumber},
		{in: "(-3)", err: ErrBadNumber},
		{in: "", err: ErrEmpty},
		{in: "\t", err: ErrEmpty},
		{in: "-", err: ErrEmpty},
		{in: "N/A", err: ErrEmpty},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseNumber(%q) = %v, %v; want error %v", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1,234.50", "￥1,200", "(1,234.50)", "1.5万元", "3000元", "１２００", "1.2E+06",
		"90000000000000", "0.005", "-", "1234.50-", "¥-1e-3"} {
		f.Add(s, int(UnitNone))
	}
	f.Add("1.5", int(UnitWanyuan))
	f.Add(FormatFen(-9_000_000_000_000_000), int(UnitYuan))
	f.Fuzz(func(t *testing.T, s string, unit int) {
		u := Unit(unit)
		fen, err := ParseMoney(s, u)
		if err != nil {
			if err != ErrEmpty && err != ErrBadAmount {
				t.Fatalf("ParseMoney(%q) error %v is not a sentinel", s, err)
			}
			return
		}
		if fen > maxFen || fen < -maxFen {
			t.Fatalf("ParseMoney(%q) = %d, beyond ±9e15", s, fen)
		}
		// The canonical text reads back to the same amount, in 元 whatever the column's unit.
		back, err := ParseMoney(FormatFen(fen), UnitNone)
		if err != nil || back != fen {
			t.Fatalf("ParseMoney(%q) = %d; ParseMoney(%q) = %d, %v", s, fen, FormatFen(fen), back, err)
		}
		// A plain decimal agrees with float parsing to within rounding.
		if allDigits(s) && len(s) > 0 && len(s) < 12 && u == UnitNone {
			n, _ := strconv.ParseInt(s, 10, 64)
			if fen != n*100 {
				t.Fatalf("ParseMoney(%q) = %d; want %d", s, fen, n*100)
			}
		}
	})
}

func FuzzFormatFen(f *testing.F) {
	for _, x := range []int64{0, 1, -1, 99, -100, 123450, 9_000_000_000_000_000, -9_000_000_000_000_000} {
		f.Add(x)
	}
	f.Fuzz(func(t *testing.T, x int64) {
		s := FormatFen(x)
		got, err := ParseMoney(s, UnitNone)
		if x > maxFen || x < -maxFen {
			if err != ErrBadAmount {
				t.Fatalf("ParseMoney(%q) = %d, %v; want ErrBadAmount", s, got, err)
			}
			return
		}
		if err != nil || got != x {
			t.Fatalf("ParseMoney(FormatFen(%d) = %q) = %d, %v", x, s, got, err)
		}
		// Under 万元 the same text is 10,000 times more, when that fits.
		if x%100 == 0 && x/100 < maxFen/1e6 && x/100 > -maxFen/1e6 {
			got, err := ParseMoney(s, UnitWanyuan)
			if err != nil || got != x*10000 {
				t.Fatalf("ParseMoney(%q, UnitWanyuan) = %d, %v; want %d", s, got, err, x*10000)
			}
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12.5%", "1,234.5", "(3)", "１２", "1e-3", "5‰", "1e400", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseNumber(s)
		if err != nil {
			if err != ErrEmpty && err != ErrBadNumber {
				t.Fatalf("ParseNumber(%q) error %v is not a sentinel", s, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		// Its shortest decimal form reads back exactly.
		text := strconv.FormatFloat(v, 'g', -1, 64)
		back, err := ParseNumber(text)
		if err != nil || back != v {
			t.Fatalf("ParseNumber(%q) = %v; ParseNumber(%q) = %v, %v", s, v, text, back, err)
		}
		// Money parsing of the same text, where it succeeds, agrees to the fen.
		if fen, err := ParseMoney(s, UnitNone); err == nil && math.Abs(float64(fen)-v*100) > 1+math.Abs(v)*1e-12 {
			t.Fatalf("ParseMoney(%q) = %d fen but ParseNumber = %v", s, fen, v)
		}
	})
}

// FuzzPlainFastPaths: the fast paths for plain digits give what the general parsers give.
func FuzzPlainFastPaths(f *testing.F) {
	for _, s := range []string{"1234", "1234.5", "0.50", ".5", "5.", ".", "", "00", "1.005", "9999999999999999",
		"90000000000000.01", "1.2.3", "12a", "0", "000.000"} {
		f.Add(s, int(UnitNone))
	}
	f.Add("1.5", int(UnitWanyuan))
	f.Add("900000000000", int(UnitYiyuan))
	f.Fuzz(func(t *testing.T, s string, unit int) {
		u := Unit(unit)
		if fen, ok := plainMoney(s, u); ok {
			want, err := parseMoney(s, u)
			if err != nil || fen != want {
				t.Fatalf("plainMoney(%q, %v) = %d; parseMoney = %d, %v", s, u, fen, want, err)
			}
		}
		got, gotErr := ParseNumber(s)
		want, wantErr := parseNumber(s)
		if gotErr != wantErr || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("ParseNumber(%q) = %v, %v; parseNumber = %v, %v", s, got, gotErr, want, wantErr)
		}
	})
}

func TestPlainFastPaths(t *testing.T) {
	for _, tt := range []struct {
		in   string
		unit Unit
		fen  int64
		ok   bool
	}{
		{"1234", UnitNone, 123400, true},
		{"1.50", UnitNone, 150, true},
		{".5", UnitNone, 50, true},
		{"5.", UnitNone, 500, true},
		{"1.5", UnitWanyuan, 1500000, true},
		{"1.005", UnitNone, 0, false}, // rounding: left to ParseMoney
		{".", UnitNone, 0, false},
		{"1,234", UnitNone, 0, false},
		{"90000000000000.01", UnitNone, 0, false},
		{"900000000000", UnitYiyuan, 0, false}, // beyond ±9e15 fen
	} {
		fen, ok := plainMoney(tt.in, tt.unit)
		if fen != tt.fen || ok != tt.ok {
			t.Errorf("plainMoney(%q, %v) = %d, %v; want %d, %v", tt.in, tt.unit, fen, ok, tt.fen, tt.ok)
		}
	}
}
