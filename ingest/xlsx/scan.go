package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner is a minimal XML tokenizer over a stream: it finds tags and decodes the text
// between them, and nothing else (no namespaces, no DTDs, no validation). encoding/xml
// allocates per token and is an order of magnitude slower on worksheets.
type scanner struct {
	r        io.Reader
	buf      []byte
	pos, end int
	eof      bool
	err      error
}

const (
	scanBuf = 256 << 10
	maxTag  = 1 << 20 // one start tag with its attributes
)

var errTagTooLong = fmt.Errorf("%w (a tag longer than %d KiB)", ErrCorrupt, maxTag>>10)

func newScanner(r io.Reader) *scanner { return &scanner{r: r, buf: make([]byte, scanBuf)} }

// fill reads more input, keeping buf[keep:end]; false when nothing more comes.
func (s *scanner) fill(keep int) bool {
	if s.eof {
		return false
	}
	if keep > 0 {
		n := copy(s.buf, s.buf[keep:s.end])
		s.pos -= keep
		s.end = n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= maxTag {
			s.err, s.eof = errTagTooLong, true
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for tries := 0; tries < 100; tries++ {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err != nil {
			s.eof = true
			if !errors.Is(err, io.EOF) {
				s.err = err
			}
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
	s.err, s.eof = io.ErrNoProgress, true
	return false
}

// tag advances past the next tag and returns what is between < and > ; comments,
// processing instructions and CDATA met between tags are skipped. The slice is valid
// until the next call.
func (s *scanner) tag() ([]byte, bool) {
	for {
		i := bytes.IndexByte(s.buf[s.pos:s.end], '<')
		if i < 0 {
			s.pos = s.end
			if !s.fill(s.pos) {
				return nil, false
			}
			continue
		}
		s.pos += i
		j := s.tagEnd()
		if j < 0 {
			return nil, false
		}
		t := s.buf[s.pos+1 : j]
		s.pos = j + 1
		if len(t) > 0 && (t[0] == '!' || t[0] == '?') {
			if !s.skipSpecial(t) {
				return nil, false
			}
			continue
		}
		return t, true
	}
}

// tagEnd returns the index of the > closing the tag at s.pos, reading more as needed.
func (s *scanner) tagEnd() int {
	from := s.pos + 1
	var quote byte
	for {
		for k := from; k < s.end; k++ {
			c := s.buf[k]
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '>':
				return k
			}
		}
		from = s.end - s.pos
		if !s.fill(s.pos) {
			return -1
		}
		from += s.pos
	}
}

// skipSpecial moves past a comment or CDATA section whose first > was not its end.
func (s *scanner) skipSpecial(t []byte) bool {
	switch {
	case bytes.HasPrefix(t, []byte("!--")) && !(len(t) >= 5 && bytes.HasSuffix(t, []byte("--"))):
		return s.skipPast([]byte("-->"))
	case bytes.HasPrefix(t, []byte("![CDATA[")) && !bytes.HasSuffix(t, []byte("]]")):
		return s.skipPast([]byte("]]>"))
	}
	return true
}

// skipPast moves past the next occurrence of seq.
func (s *scanner) skipPast(seq []byte) bool {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], seq); i >= 0 {
			s.pos += i + len(seq)
			return true
		}
		s.pos = max(s.pos, s.end-len(seq)+1)
		if !s.fill(s.pos) {
			return false
		}
	}
}

// find moves to just after the next occurrence of seq, keeping up to 64 bytes before
// it readable in s.buf.
func (s *scanner) find(seq []byte) bool {
	for {
		if i := bytes.Index(s.buf[s.pos:s.end], seq); i >= 0 {
			s.pos += i + len(seq)
			return true
		}
		s.pos = max(s.pos, s.end-len(seq)+1)
		if !s.fill(max(0, s.pos-64)) {
			return false
		}
	}
}

// text decodes the character data up to the next tag (CDATA sections included) and
// appends at most limit bytes of it to dst; size is the full decoded size.
func (s *scanner) text(dst []byte, limit int64) (out []byte, size int64) {
	add := func(b []byte) {
		if r := limit - size; r > 0 {
			dst = append(dst, b[:min(int64(len(b)), r)]...)
		}
		size += int64(len(b))
	}
	for {
		if s.pos >= s.end && !s.fill(s.pos) {
			return dst, size
		}
		rest := s.buf[s.pos:s.end]
		i := bytes.IndexByte(rest, '<')
		chunk := rest
		if i >= 0 {
			chunk = rest[:i]
		}
		if bytes.IndexByte(chunk, '&') < 0 && bytes.IndexByte(chunk, '\r') < 0 {
			add(chunk)
			s.pos += len(chunk)
		} else {
			k := decode(chunk, i < 0 && !s.eof, add)
			s.pos += k
			if k < len(chunk) { // an entity or CR LF cut by the end of the buffer
				if !s.fill(s.pos) {
					decode(s.buf[s.pos:s.end], false, add)
					s.pos = s.end
					return dst, size
				}
				continue
			}
		}
		if i < 0 {
			continue
		}
		// at a '<': a CDATA section is text, anything else ends it
		for s.end-s.pos < 9 && s.fill(s.pos) {
		}
		if !bytes.HasPrefix(s.buf[s.pos:s.end], []byte("<![CDATA[")) {
			return dst, size
		}
		s.pos += 9
		for {
			if k := bytes.Index(s.buf[s.pos:s.end], []byte("]]>")); k >= 0 {
				add(s.buf[s.pos : s.pos+k])
				s.pos += k + 3
				break
			}
			n := max(0, s.end-s.pos-2)
			add(s.buf[s.pos : s.pos+n])
			s.pos += n
			if !s.fill(s.pos) {
				return dst, size
			}
		}
	}
}

// decode resolves entities and turns CR LF and lone CR into LF, as XML prescribes; it
// returns how much of b it consumed, stopping before an undecided tail when more input
// follows.
func decode(b []byte, more bool, add func([]byte)) int {
	var tmp [utf8.UTFMax]byte
	k := 0
	for k < len(b) {
		j := k
		for j < len(b) && b[j] != '&' && b[j] != '\r' {
			j++
		}
		add(b[k:j])
		k = j
		if k == len(b) {
			break
		}
		if b[k] == '\r' {
			if k+1 == len(b) && more {
				return k // the next byte decides between CR LF and a lone CR
			}
			add([]byte{'\n'})
			k++
			if k < len(b) && b[k] == '\n' {
				k++
			}
			continue
		}
		semi := bytes.IndexByte(b[k:min(len(b), k+12)], ';')
		if semi < 0 {
			if len(b)-k < 12 && more {
				return k // the entity continues in the next read
			}
			add(b[k : k+1]) // a stray & is kept as written
			k++
			continue
		}
		if r, ok := entity(b[k+1 : k+semi]); ok {
			add(tmp[:utf8.EncodeRune(tmp[:], r)])
		} else {
			add(b[k : k+semi+1])
		}
		k += semi + 1
	}
	return k
}

func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "amp":
		return '&', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) > 1 && name[0] == '#' {
		var n uint64
		var err error
		if name[1] == 'x' || name[1] == 'X' {
			n, err = strconv.ParseUint(string(name[2:]), 16, 32)
		} else {
			n, err = strconv.ParseUint(string(name[1:]), 10, 32)
		}
		if err == nil && utf8.ValidRune(rune(n)) {
			return rune(n), true
		}
	}
	return 0, false
}

// tagName is the local name of a tag (without prefix), whether it closes an element
// (</x>) and whether it is empty (<x/>).
func tagName(t []byte) (local []byte, closing, empty bool) {
	if len(t) > 0 && t[0] == '/' {
		closing = true
		t = t[1:]
	}
	if len(t) > 0 && t[len(t)-1] == '/' {
		empty = true
		t = t[:len(t)-1]
	}
	n := 0
	for n < len(t) && t[n] != ' ' && t[n] != '\t' && t[n] != '\n' && t[n] != '\r' {
		n++
	}
	local = t[:n]
	if c := bytes.LastIndexByte(local, ':'); c >= 0 {
		local = local[c+1:]
	}
	return local, closing, empty
}

// attrs calls fn with each attribute's local name and raw value.
func attrs(t []byte, fn func(name, value []byte)) {
	i := 0
	for i < len(t) && t[i] != ' ' && t[i] != '\t' && t[i] != '\n' && t[i] != '\r' {
		i++
	}
	for i < len(t) {
		for i < len(t) && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r' || t[i] == '/') {
			i++
		}
		ns := i
		for i < len(t) && t[i] != '=' && t[i] != ' ' {
			i++
		}
		name := t[ns:i]
		for i < len(t) && (t[i] == ' ' || t[i] == '=') {
			i++
		}
		if i >= len(t) || (t[i] != '"' && t[i] != '\'') {
			return
		}
		q := t[i]
		vs := i + 1
		ve := bytes.IndexByte(t[vs:], q)
		if ve < 0 {
			return
		}
		if c := bytes.LastIndexByte(name, ':'); c >= 0 {
			name = name[c+1:]
		}
		fn(name, t[vs:vs+ve])
		i = vs + ve + 1
	}
}

// cellRef parses an A1 reference into a 0-based column and a row (0 when absent).
func cellRef(b []byte) (col, row int, ok bool) {
	i := 0
	for i < len(b) && i < 4 {
		c := b[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 {
		return 0, 0, false
	}
	for ; i < len(b); i++ {
		if b[i] < '0' || b[i] > '9' || row > maxRows {
			return 0, 0, false
		}
		row = row*10 + int(b[i]-'0')
	}
	return col - 1, row, true
}

func atoi(b []byte) (int, bool) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || len(b) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// unescapeBstr resolves the _xHHHH_ escapes Excel writes for control characters
// (_x000D_ is a carriage return, _x005F_ a literal underscore).
func unescapeBstr(b []byte) []byte {
	if bytes.Index(b, []byte("_x")) < 0 {
		return b
	}
	out := b[:0:0]
	for i := 0; i < len(b); {
		if i+7 <= len(b) && b[i] == '_' && b[i+1] == 'x' && b[i+6] == '_' {
			if n, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 32); err == nil {
				if n == 0x5F {
					out = append(out, '_')
				} else {
					out = utf8.AppendRune(out, rune(n))
				}
				i += 7
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return out
}

// prefixLen is how much of an over-large value is kept, cut at a rune boundary.
const prefixLen = 256

// CutPrefix is the part of an over-large value that is kept.
func CutPrefix(b []byte) []byte {
	if len(b) <= prefixLen {
		return b
	}
	n := prefixLen
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return b[:n]
}
