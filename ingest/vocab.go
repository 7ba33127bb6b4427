package ingest

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"unicode"

	"github.com/xuncha/xuncha/ingest/cell"
)

// The vocabulary is data: vocab/*.json lists, per source system (an insurance interface,
// an accounting package, a HIS report), the names it gives to a contract's fields, with
// where the names were seen. The matcher compares every header with every name of every
// field; contracts.json headers are names too (source "contract").
//
//go:embed vocab/*.json
var vocabFS embed.FS

type vocabFile struct {
	About   string        `json:"about"`
	Sources []vocabSource `json:"sources"`
}

type vocabSource struct {
	ID     string      `json:"id"`
	Title  string      `json:"title"`
	SeenIn string      `json:"seen_in"`
	Terms  []vocabTerm `json:"terms"`
}

type vocabTerm struct {
	Kind  string   `json:"kind"`
	Field string   `json:"field"`
	Names []string `json:"names"`
	// Weak names identify the field only when nothing better does (就诊ID for a
	// settlement: a visit may be settled more than once).
	Weak bool `json:"weak"`
}

// fieldName is one known name of a field, normalised, with its provenance.
type fieldName struct {
	norm   string   // cell.NormalizeHeader form
	canon  string   // canonical(norm)
	code   string   // ASCII names: lower case without _ - . and spaces; else ""
	grams  []string // character bigrams of norm
	source string   // vocabulary source id, or "contract"
	weight float64  // 1, or less for weak names
}

// vocabSources lists the sources by id, for explanations and docs.
var vocabSources = map[string]vocabSource{}

func newFieldName(raw, source string, weight float64) fieldName {
	n, _ := cell.NormalizeHeader(raw)
	return fieldName{norm: n, canon: canonical(n), code: codeKey(n), grams: bigrams(n), source: source, weight: weight}
}

// loadVocab adds the vocabulary's names to the contracts' fields; a term naming a kind or
// field the contracts do not declare is an error, so the data cannot drift from them.
func loadVocab(fsys fs.FS) error {
	files, err := fs.Glob(fsys, "vocab/*.json")
	if err != nil {
		return err
	}
	for _, name := range files {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		var vf vocabFile
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&vf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for _, src := range vf.Sources {
			if src.ID == "" || src.Title == "" || src.SeenIn == "" {
				return fmt.Errorf("%s: every source needs id, title and seen_in", name)
			}
			if _, dup := vocabSources[src.ID]; dup {
				return fmt.Errorf("%s: source %s declared twice", name, src.ID)
			}
			vocabSources[src.ID] = src
			for _, t := range src.Terms {
				c, ok := contractByKey[t.Kind]
				if !ok {
					return fmt.Errorf("%s: %s: unknown kind %q", name, src.ID, t.Kind)
				}
				f := c.field(t.Field)
				if f == nil {
					return fmt.Errorf("%s: %s: %s has no field %q", name, src.ID, t.Kind, t.Field)
				}
				w := 1.0
				if t.Weak {
					w = weakNameWeight
				}
				for _, n := range t.Names {
					fn := newFieldName(n, src.ID, w)
					if fn.norm == "" {
						return fmt.Errorf("%s: %s: empty name for %s.%s", name, src.ID, t.Kind, t.Field)
					}
					f.addName(fn)
				}
			}
		}
	}
	return nil
}

// addName keeps one entry per normalised name: the strongest, the contract's first.
func (f *Field) addName(fn fieldName) {
	for i, n := range f.names {
		if n.norm == fn.norm {
			if fn.weight > n.weight {
				f.names[i] = fn
			}
			return
		}
	}
	f.names = append(f.names, fn)
}

// hasName reports whether n (normalised) is one of the field's names.
func (f *Field) hasName(n string) bool {
	for _, x := range f.names {
		if x.norm == n {
			return true
		}
	}
	return false
}

// codeKey folds an interface field name (fee_ocur_time, FEE-OCUR-TIME, FeeOcurTime) to one
// key; names with any non-ASCII character have none.
func codeKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x80:
			return ""
		case r == '_' || r == '-' || r == '.' || r == ' ':
		case 'A' <= r && r <= 'Z':
			b.WriteRune(r + 'a' - 'A')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// bigrams returns the character bigrams of s (a one-character s is its own gram).
func bigrams(s string) []string {
	rs := []rune(s)
	if len(rs) < 2 {
		return nil
	}
	out := make([]string, 0, len(rs)-1)
	for i := 0; i+1 < len(rs); i++ {
		out = append(out, string(rs[i:i+2]))
	}
	return out
}

// dice is the Sørensen–Dice coefficient of two bigram lists (as multisets).
func dice(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	used := make([]bool, len(b))
	common := 0
	for _, x := range a {
		for j, y := range b {
			if !used[j] && x == y {
				used[j] = true
				common++
				break
			}
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// nameIndex finds, for a header, the fields any of whose names it could match: the same
// name, the same interface code, the same canonical words, or a shared character bigram (containment and similarity
// both need one). Most cells of data rows share none, and are not scored at all.
type nameIndex struct {
	exact map[string][]*Field
	grams map[string][]*Field
	kind  map[*Field]*Contract
	// heads: per kind, the fields whose names end in a two-character word (科室, 意见)
	heads map[*Contract]map[string][]*Field
}

var names nameIndex

func buildNameIndex() {
	names = nameIndex{exact: map[string][]*Field{}, grams: map[string][]*Field{}, kind: map[*Field]*Contract{},
		heads: map[*Contract]map[string][]*Field{}}
	add := func(m map[string][]*Field, k string, f *Field) {
		for _, x := range m[k] {
			if x == f {
				return
			}
		}
		m[k] = append(m[k], f)
	}
	for _, c := range contracts {
		names.heads[c] = map[string][]*Field{}
		for i := range c.Fields {
			f := &c.Fields[i]
			names.kind[f] = c
			for _, n := range f.names {
				if end := headWord(n.canon); end != "" {
					add(names.heads[c], end, f)
				}
				add(names.exact, n.norm, f)
				if n.code != "" {
					add(names.exact, "\x00"+n.code, f)
				}
				add(names.exact, "\x01"+n.canon, f)
				for _, g := range n.grams {
					add(names.grams, g, f)
				}
			}
		}
	}
}

// fieldsFor returns the fields a header may name.
func (ix nameIndex) fieldsFor(h header) map[*Field]bool {
	out := map[*Field]bool{}
	for _, f := range ix.exact[h.norm] {
		out[f] = true
	}
	if h.code != "" {
		for _, f := range ix.exact["\x00"+h.code] {
			out[f] = true
		}
	}
	for _, f := range ix.exact["\x01"+h.canon] {
		out[f] = true
	}
	for _, a := range h.alts {
		for _, k := range []string{a, "\x01" + canonical(a)} {
			for _, f := range ix.exact[k] {
				out[f] = true
			}
		}
	}
	grams := h.grams
	if h.canon != h.norm {
		// 报告期 is a 报告月份: a name its canonical form contains
		grams = append(slices.Clip(grams), bigrams(h.canon)...)
	}
	for _, g := range grams {
		for _, f := range ix.grams[g] {
			out[f] = true
		}
	}
	// 主办部门 shares no character pair with 归口科室, but its last word is the department's
	if w := headWord(h.canon); w != "" {
		for _, heads := range ix.heads {
			if fs := heads[w]; len(fs) == 1 {
				out[fs[0]] = true
			}
		}
	}
	return out
}

// headWord is the last two characters of a Chinese name of three or more, the word that says
// what it names (承办科室 is a 科室); "" for other names.
func headWord(s string) string {
	r := []rune(s)
	if len(r) < 3 || !unicode.Is(unicode.Han, r[len(r)-1]) || !unicode.Is(unicode.Han, r[len(r)-2]) {
		return ""
	}
	return string(r[len(r)-2:])
}
