package ingest

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// trimCell must trim as strings.TrimSpace does, whatever rune starts or ends the cell.
func TestTrimCellAsTrimSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		c := string(r)
		for _, s := range []string{c, c + "院", "院" + c, c + "a" + c, "a" + c + "b"} {
			if got, want := trimCell(s), strings.TrimSpace(s); got != want {
				t.Fatalf("trimCell(%q) = %q, want %q", s, got, want)
			}
		}
	}
	for _, s := range []string{"", " ", "\u3000甲\u3000", "\xff", "甲\xe3\x80", "\xe3\x80\x80"} {
		if got, want := trimCell(s), strings.TrimSpace(s); got != want {
			t.Errorf("trimCell(%q) = %q, want %q", s, got, want)
		}
	}
}
