package cell

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// foldRune maps a full-width form to its ASCII twin and the ideographic space to a space. It
// returns -1 for characters that are invisible in a spreadsheet but break comparisons: zero-width
// spaces and joiners, the byte-order mark, the soft hyphen and emoji variation selectors (“✔️”).
func foldRune(r rune) rune {
	switch {
	case r < 0x80:
		return r
	case r >= 0xFF01 && r <= 0xFF5E: // ！ … ～
		return r - 0xFEE0
	}
	switch r {
	case 0x3000: // ideographic space
		return ' '
	case 0xFFE5: // ￥ fullwidth yen sign
		return '¥'
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xFE0E, 0xFE0F:
		return -1
	}
	return r
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// excelEscapes are the _xHHHH_ escapes Excel uses for control characters in shared strings.
// Readers that do not decode them leave "_x000D_" before every line break of a multi-line cell.
var excelEscapes = [...]struct{ esc, repl string }{
	{"_x000d_", ""},
	{"_x000a_", " "},
	{"_x0009_", " "},
}

// unescapeExcel removes the escapes, replacing line feeds and tabs with a space unless drop is
// set. An escape uncovered by removing another ("_x000_x000D_D_") is removed too, so the result
// holds none.
func unescapeExcel(s string, drop bool) string {
	if strings.IndexByte(s, '_') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		out = append(out, s[i])
		if s[i] != '_' || len(out) < 7 {
			continue
		}
		// Every escape ends in '_': checking the tail each time one is written also catches
		// those that a removal joins together.
		tail := out[len(out)-7:]
		for _, e := range excelEscapes {
			if equalFoldASCII(tail, e.esc) {
				out = out[:len(out)-7]
				if !drop {
					out = append(out, e.repl...)
				}
				break
			}
		}
	}
	return string(out)
}

// equalFoldASCII compares b with the lower-case ASCII string lower, ignoring ASCII case.
func equalFoldASCII(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// NormalizeText prepares a name, code or vendor for storage and comparison: it folds full-width
// ASCII to half-width, removes zero-width characters and Excel's _x000D_ escapes, turns line
// breaks, tabs and runs of spaces into one space and trims both ends. Chinese punctuation other
// than the full-width ASCII forms is kept.
//
//	"  巴南区\u3000人民医院\r\n" → "巴南区 人民医院"
//	"ＡＢＣ－１２３"          → "ABC-123"
func NormalizeText(s string) string {
	if alreadyNormal(s) {
		return s
	}
	return normalizeText(s)
}

func normalizeText(s string) string {
	s = unescapeExcel(strings.Map(foldRune, s), false)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// alreadyNormal: NormalizeText would return s as it is (most cells): nothing to fold or
// drop, no escape, single spaces between words only. It spares the copy.
func alreadyNormal(s string) bool {
	space := true // a leading space is not normal
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == ' ':
				if space {
					return false
				}
				space = true
			case c < ' ' || c == 0x7F || c == '_':
				return false
			default:
				space = false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !(r >= 0x4E00 && r <= 0x9FFF) && (r == utf8.RuneError || foldRune(r) != r || isSpace(r)) {
			return false
		}
		space = false
		i += n
	}
	return !space || s == ""
}

// compact is what the parsers read: folded, unescaped, with every space and control character
// removed ("1 234,50" thousands written with spaces, "2025 年 3 月", "是 ").
func compact(s string) string {
	if plainASCII(s) {
		return s
	}
	s = strings.Map(func(r rune) rune {
		r = foldRune(r)
		if r < 0 || isSpace(r) {
			return -1
		}
		return r
	}, s)
	return unescapeExcel(s, true)
}

// plainASCII: printable ASCII without spaces or underscores (no escape), which compact keeps
// as it is.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7F || c == '_' {
			return false
		}
	}
	return true
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// placeholders are what people write in a cell to say “nothing here”. Excel's accounting format
// also shows a zero as "-". Compared after compact and lowerASCII.
var placeholders = map[string]bool{
	"null": true, "nil": true, "none": true, "nan": true, "n/a": true, "na": true,
}

func isPlaceholder(t string) bool {
	if t == "" {
		return false
	}
	if placeholders[t] {
		return true
	}
	for _, r := range t {
		switch r {
		case '-', '/', '\\', '—', '–', '−', '─', '_':
		default:
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
