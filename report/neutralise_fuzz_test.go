package report

import (
	"strconv"
	"strings"
	"testing"
)

// Whatever a cell holds, what a spreadsheet receives is either the text unchanged or the
// text behind an apostrophe, and it starts with a formula character only when it is a
// plain number.
func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"", "=1+2", "-12.5", "-1+cmd|' /C calc'!A0", "@SUM(A1)", "\t=x", "+1e3", "阿莫西林 =1", "\r-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Neutralise(s)
		if got != s && got != "'"+s {
			t.Fatalf("Neutralise(%q) = %q: neither the text nor the text behind an apostrophe", s, got)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			if _, err := strconv.ParseFloat(got, 64); err != nil {
				t.Fatalf("Neutralise(%q) = %q starts with a formula character", s, got)
			}
		}
		if Neutralise(got) != got && got != s {
			t.Fatalf("Neutralise is not stable on its own output %q", got)
		}
	})
}
