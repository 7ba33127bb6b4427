package main

import (
	"strings"
)

// statement is one SQL statement of a script and the line it starts on.
type statement struct {
	text string
	line int
}

// splitStatements cuts a script at the semicolons DuckDB's parser would end statements
// at: not inside '…' or E'…' strings, "…" identifiers, $tag$…$tag$ bodies, -- line
// comments or (nested) /* */ comments. Pieces holding only blanks and comments are
// dropped. duckdb-go does not expose the parser's statement extraction with the text
// of each statement, so this follows its lexer.
func splitStatements(s string) []statement {
	var out []statement
	for _, p := range splitRaw(s) {
		if p.code {
			out = append(out, statement{text: strings.TrimSpace(p.text), line: p.line})
		}
	}
	return out
}

type piece struct {
	text string
	line int
	code bool // has something besides blanks and comments
}

// splitRaw cuts s at statement-ending semicolons; joining the texts with ";" gives s back.
func splitRaw(s string) []piece {
	var out []piece
	start, line, startLine := 0, 1, 1
	code := false
	firstCode := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\n':
			line++
			i++
		case c == '-' && strings.HasPrefix(s[i:], "--"):
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				i = len(s)
			} else {
				i += j
			}
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			depth := 0
			for i < len(s) {
				switch {
				case strings.HasPrefix(s[i:], "/*"):
					depth++
					i += 2
				case strings.HasPrefix(s[i:], "*/"):
					depth--
					i += 2
				default:
					if s[i] == '\n' {
						line++
					}
					i++
				}
				if depth == 0 {
					break
				}
			}
		case c == '\'' || c == '"':
			if !code {
				code, firstCode = true, line
			}
			// E'…' strings take backslash escapes
			escapes := c == '\'' && i > 0 && (s[i-1] == 'e' || s[i-1] == 'E') && (i < 2 || !isIdent(s[i-2]))
			i++
			for i < len(s) {
				if s[i] == '\n' {
					line++
				}
				if escapes && s[i] == '\\' {
					i += 2
					continue
				}
				if s[i] == c {
					// a doubled quote is a quote inside the string
					if i+1 < len(s) && s[i+1] == c {
						i += 2
						continue
					}
					i++
					break
				}
				i++
			}
		case c == '$' && (i == 0 || !isIdent(s[i-1])):
			if !code {
				code, firstCode = true, line
			}
			tag, ok := dollarTag(s[i:])
			if !ok {
				i++
				continue
			}
			i += len(tag)
			j := strings.Index(s[i:], tag)
			if j < 0 {
				j = len(s) - i
				line += strings.Count(s[i:], "\n")
				i = len(s)
				continue
			}
			line += strings.Count(s[i:i+j], "\n")
			i += j + len(tag)
		case c == ';':
			out = append(out, piece{text: s[start:i], line: pick(code, firstCode, startLine), code: code})
			i++
			start, startLine, code = i, line, false
		default:
			if !code && c != ' ' && c != '\t' && c != '\r' {
				code, firstCode = true, line
			}
			i++
		}
	}
	out = append(out, piece{text: s[start:], line: pick(code, firstCode, startLine), code: code})
	return out
}

func pick(code bool, firstCode, startLine int) int {
	if code {
		return firstCode
	}
	return startLine
}

// dollarTag is the $tag$ opening a dollar-quoted string at the start of s.
func dollarTag(s string) (string, bool) {
	for j := 1; j < len(s); j++ {
		switch {
		case s[j] == '$':
			return s[:j+1], true
		case !isIdent(s[j]) || (j == 1 && s[j] >= '0' && s[j] <= '9'):
			return "", false
		}
	}
	return "", false
}

func isIdent(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// firstKeyword is the statement's first word, lower case, after blanks, comments and
// opening parentheses: the word DuckDB's grammar tells the statement's kind by.
func firstKeyword(q string) string {
	for i := 0; i < len(q); {
		switch {
		case q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r' || q[i] == '(':
			i++
		case strings.HasPrefix(q[i:], "--"):
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				return ""
			}
			i += j
		case strings.HasPrefix(q[i:], "/*"):
			depth := 0
			for i < len(q) {
				if strings.HasPrefix(q[i:], "/*") {
					depth++
					i += 2
				} else if strings.HasPrefix(q[i:], "*/") {
					depth--
					i += 2
				} else {
					i++
				}
				if depth == 0 {
					break
				}
			}
		default:
			j := i
			for j < len(q) && isIdent(q[j]) {
				j++
			}
			return strings.ToLower(q[i:j])
		}
	}
	return ""
}
