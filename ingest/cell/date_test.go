package cell

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in        string
		date1904  bool
		want      time.Time
		monthOnly bool
		err       error
	}{
		// Written dates.
		{in: "2025-03-07", want: day(2025, 3, 7)},
		{in: "2025/3/7", want: day(2025, 3, 7)},
		{in: "2025.03.07", want: day(2025, 3, 7)},
		{in: "2025-3-7", want: day(2025, 3, 7)},
		{in: "2025年3月7日", want: day(2025, 3, 7)},
		{in: "2025年03月07日", want: day(2025, 3, 7)},
		{in: "2025 年 3 月 7 日", want: day(2025, 3, 7)},
		{in: "2025年3月7号", want: day(2025, 3, 7)},
		{in: "2025年3月7", want: day(2025, 3, 7)},
		{in: "20250307", want: day(2025, 3, 7)},
		{in: "  2025-03-07\u3000", want: day(2025, 3, 7)},
		{in: "２０２５－０３－０７", want: day(2025, 3, 7)},
		{in: "２０２５年３月７日", want: day(2025, 3, 7)},
		{in: "\u200b2025-03-07_x000D_\n", want: day(2025, 3, 7)},
		{in: "二〇二五年三月七日", want: day(2025, 3, 7)},
		{in: "二○二五年十二月三十一日", want: day(2025, 12, 31)},
		{in: "二零二五年十月二十日", want: day(2025, 10, 20)},
		{in: "二〇二五年三月", want: day(2025, 3, 1), monthOnly: true},
		{in: "二〇二五年十三月", err: ErrBadDate},
		{in: "二〇二五年三月三十二日", err: ErrBadDate},
		{in: "二〇二五年三月十十日", err: ErrBadDate},
		{in: "二〇二五年三月一十一百日", err: ErrBadDate},
		{in: "三月七日", err: ErrBadDate},
		{in: "2024-02-29", want: day(2024, 2, 29)},
		{in: "2000-02-29", want: day(2000, 2, 29)},
		{in: "1900-01-01", want: day(1900, 1, 1)},
		{in: "2200-12-31", want: day(2200, 12, 31)},

		// Datetimes: the time is checked and dropped.
		{in: "2025-03-07 14:03:22", want: day(2025, 3, 7)},
		{in: "2025-03-07  14:03:22", want: day(2025, 3, 7)},
		{in: "2025/3/7 9:05", want: day(2025, 3, 7)},
		{in: "2025-03-07T14:03:22", want: day(2025, 3, 7)},
		{in: "2025-03-07T14:03:22Z", want: day(2025, 3, 7)},
		{in: "2025-03-07T14:03:22.123456Z", want: day(2025, 3, 7)},
		{in: "2025-03-07 14:03:22.000", want: day(2025, 3, 7)},
		{in: "2025-03-07T23:59:59+08:00", want: day(2025, 3, 7)},
		{in: "2025-03-07T23:59:59-0500", want: day(2025, 3, 7)},
		{in: "2025-03-07 00:00:00", want: day(2025, 3, 7)},
		{in: "2025年3月7日 14:03", want: day(2025, 3, 7)},
		{in: "2025年3月7日14:03:22", want: day(2025, 3, 7)},
		{in: "20250307 14:03:22", want: day(2025, 3, 7)},
		{in: "20250307140322", want: day(2025, 3, 7)},
		{in: "202503071403", want: day(2025, 3, 7)},
		{in: "2025-03-07 24:00:00", err: ErrBadDate},
		{in: "2025-03-07 14:60", err: ErrBadDate},
		{in: "2025-03-07 14:03:61", err: ErrBadDate},
		{in: "2025-03-07 14", err: ErrBadDate},
		{in: "2025-03-07 14:3", err: ErrBadDate},
		{in: "2025-03-0714:03", err: ErrBadDate},
		{in: "20250307250000", err: ErrBadDate},
		{in: "2025-03-07 下午", err: ErrBadDate},

		// Months.
		{in: "2025年3月", want: day(2025, 3, 1), monthOnly: true},
		{in: "2025年03月份", want: day(2025, 3, 1), monthOnly: true},
		{in: "2025-03", want: day(2025, 3, 1), monthOnly: true},
		{in: "2025/03", want: day(2025, 3, 1), monthOnly: true},
		{in: "2025/3", want: day(2025, 3, 1), monthOnly: true},
		{in: "2025.3", want: day(2025, 3, 1), monthOnly: true},
		{in: "2025.10", want: day(2025, 10, 1), monthOnly: true},
		{in: "202503", want: day(2025, 3, 1), monthOnly: true},
		{in: "2025年13月", err: ErrBadDate},
		{in: "202513", err: ErrBadDate},
		{in: "2025-03 14:00", err: ErrBadDate},

		// Excel serials, 1900 date system.
		{in: "45723", want: day(2025, 3, 7)},
		{in: "45723.5", want: day(2025, 3, 7)},
		{in: "45723.999999", want: day(2025, 3, 7)},      // 23:59:59.9
		{in: "45723.99999999999", want: day(2025, 3, 8)}, // float noise for midnight
		{in: "45723.0", want: day(2025, 3, 7)},
		{in: "１２３４５", want: day(1933, 10, 18)},
		{in: "1", want: day(1900, 1, 1)},
		{in: "59", want: day(1900, 2, 28)},
		{in: "60", err: ErrBadDate}, // Excel's 1900-02-29
		{in: "61", want: day(1900, 3, 1)},
		{in: "0", err: ErrBadDate},
		{in: "109574", want: day(2199, 12, 31)},
		{in: "110000", err: ErrBadDate},
		{in: "-45723", err: ErrBadDate},
		{in: "4.5723E+04", err: ErrBadDate},

		// Excel serials, 1904 date system.
		{in: "44261", date1904: true, want: day(2025, 3, 7)},
		{in: "44261.25", date1904: true, want: day(2025, 3, 7)},
		{in: "1", date1904: true, want: day(1904, 1, 2)},
		{in: "60", date1904: true, want: day(1904, 3, 1)},
		{in: "0", date1904: true, err: ErrBadDate},
		{in: "2025-03-07", date1904: true, want: day(2025, 3, 7)},

		// A bare year is not a serial.
		{in: "2025", err: ErrBadDate},
		{in: "2025.0", err: ErrBadDate},
		{in: "1899", want: day(1905, 3, 13)},

		// Impossible or ambiguous dates.
		{in: "2024-13-99", err: ErrBadDate},
		{in: "2024.02.30", err: ErrBadDate},
		{in: "2023-02-29", err: ErrBadDate},
		{in: "1900-02-29", err: ErrBadDate},
		{in: "2025-04-31", err: ErrBadDate},
		{in: "2025-00-10", err: ErrBadDate},
		{in: "2025-03-00", err: ErrBadDate},
		{in: "20250230", err: ErrBadDate},
		{in: "1899-12-31", err: ErrBadDate},
		{in: "2201-01-01", err: ErrBadDate},
		{in: "07/03/2025", err: ErrBadDate},
		{in: "25-3-7", err: ErrBadDate},
		{in: "2025-03/07", err: ErrBadDate},
		{in: "2025-003-07", err: ErrBadDate},
		{in: "2025年3月7日星期五", err: ErrBadDate},
		{in: "明天", err: ErrBadDate},
		{in: "2025-03-07x", err: ErrBadDate},
		{in: "14:03:22", err: ErrBadDate},
		{in: ".", err: ErrBadDate},

		// Nothing written.
		{in: "", err: ErrEmpty},
		{in: " \t\r\n\u3000", err: ErrEmpty},
		{in: "-", err: ErrEmpty},
		{in: "/", err: ErrEmpty},
		{in: "——", err: ErrEmpty},
		{in: "NULL", err: ErrEmpty},
	}
	for _, tt := range tests {
		got, monthOnly, err := ParseDate(tt.in, tt.date1904)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseDate(%q, %v) = %v, %v; want error %v", tt.in, tt.date1904, got, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || monthOnly != tt.monthOnly || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q, %v) = %v, %v, %v; want %v, %v", tt.in, tt.date1904, got, monthOnly, err, tt.want, tt.monthOnly)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-03-07", "2025/3/7 9:05", "2025年3月", "20250307140322", "45723.5",
		"60", "2025-03-07T14:03:22.5+08:00", "２０２５年３月７日", "2025"} {
		f.Add(s, false)
	}
	f.Add("44261", true)
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		d, monthOnly, err := ParseDate(s, date1904)
		if err != nil {
			if err != ErrEmpty && err != ErrBadDate {
				t.Fatalf("ParseDate(%q) error %v is not a sentinel", s, err)
			}
			return
		}
		if d.Year() < minYear || d.Year() > maxYear {
			t.Fatalf("ParseDate(%q) = %v: year out of range", s, d)
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Fatalf("ParseDate(%q) = %v: not UTC midnight", s, d)
		}
		if monthOnly && d.Day() != 1 {
			t.Fatalf("ParseDate(%q) = %v: month not on the 1st", s, d)
		}
		// The canonical spelling of the result reads back as the same date.
		layout := "2006-01-02"
		if monthOnly {
			layout = "2006-01"
		}
		d2, m2, err := ParseDate(d.Format(layout), date1904)
		if err != nil || !d2.Equal(d) || m2 != monthOnly {
			t.Fatalf("ParseDate(%q) = %v; reading %q back gives %v, %v, %v", s, d, d.Format(layout), d2, m2, err)
		}
	})
}
