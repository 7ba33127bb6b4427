package selfcheck

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// MinConfidence is the score below which a match is not trusted: the row is "unmatched" and
// belongs on the list of rows a person places by hand. It was chosen on the labelled sets (see
// docs/SELFCHECK.md): 94 % of correct best matches score above it, and the unrelated sentences
// of TestMatchUnrelated (合计, 食堂饭菜质量良好, 院办负责人签字 …) score below it.
const MinConfidence = 0.30

// Match is one candidate clause for a self-inspection row.
type Match struct {
	ClauseID string
	Rank     int     // 1 = best
	Score    float64 // confidence in 0..1; see Confident
	Text     string  // the clause text
	Reason   string  // why, e.g. "共同关键词: 线下采购, 高值医用耗材"
}

// Confident reports whether m is trusted as a match (Score ≥ MinConfidence). A row whose best
// match is not confident is unmatched; list it, do not drop it.
func Confident(m Match) bool { return m.Score >= MinConfidence }

// Scoring parameters (documented in docs/SELFCHECK.md).
const (
	weightItem      = 1.0  // a term in the item text
	weightSection   = 0.35 // … in the section heading, shared by all its items
	weightArea      = 0.2  // … in the area heading
	weightNote      = 0.3  // … in the section's unnumbered note
	weightExpandMin = 0.25 // least weight of a feature that comes from a synonym expansion
	weightGeneric   = 0.3  // a term that is a generic word of official prose (see generic)
	weightRepeat    = 0.5  // each repetition of a term in the row adds this share of its weight
	bm25K1          = 1.2
	bm25B           = 0.5
	evidenceTau     = 6.0 // idf mass at which evidence reaches 1-1/e
	contextWeight   = 0.2 // < MinConfidence: headings alone never make a confident match
)

type posting struct {
	doc int
	tf  float64
}

type index struct {
	post    map[string][]posting
	idf     map[string]float64
	lenNorm []float64
	maxIDF  float64
}

// Matcher matches free text against one checklist. It is safe for concurrent use.
type Matcher struct {
	checklist string
	clauses   []Clause
	norm      []string // normalized item text + headings, for reasons
	main      index    // item text weighted over headings
	ctx       index    // headings weighted over item text, for MatchRow's area/section cells
}

// NewMatcher builds a matcher for checklist id ("BN-L", "BN-P", "ZB-L").
func NewMatcher(id string) (*Matcher, error) {
	cs, err := Checklist(id)
	if err != nil {
		return nil, err
	}
	m := &Matcher{checklist: id, clauses: cs, norm: make([]string, len(cs))}
	type fieldText struct {
		s string
		w float64
	}
	mainFields := make([][]fieldText, len(cs))
	ctxFields := make([][]fieldText, len(cs))
	for i, c := range cs {
		item, sec, area, note := normalize(c.Text), normalize(c.SectionTitle), normalize(c.AreaTitle), normalize(c.SectionNote)
		m.norm[i] = strings.Join([]string{item, sec, area, note}, " ")
		mainFields[i] = []fieldText{{item, weightItem}, {sec, weightSection}, {area, weightArea}, {note, weightNote}}
		ctxFields[i] = []fieldText{{item, 0.2}, {sec, 1}, {area, 1}, {note, 0.5}}
	}
	build := func(fields [][]fieldText) index {
		ix := index{post: map[string][]posting{}, idf: map[string]float64{}, lenNorm: make([]float64, len(fields))}
		lens := make([]float64, len(fields))
		total := 0.0
		for doc, fs := range fields {
			tf := map[string]float64{}
			for _, f := range fs {
				grams(f.s, func(g string) {
					tf[g] += f.w
					lens[doc] += f.w
				})
			}
			total += lens[doc]
			keys := make([]string, 0, len(tf))
			for g := range tf {
				keys = append(keys, g)
			}
			sort.Strings(keys)
			for _, g := range keys {
				ix.post[g] = append(ix.post[g], posting{doc, tf[g]})
			}
		}
		avg := total / float64(len(fields))
		for doc := range fields {
			ix.lenNorm[doc] = 1 - bm25B + bm25B*lens[doc]/avg
		}
		n := float64(len(fields))
		for g, ps := range ix.post {
			df := float64(len(ps))
			ix.idf[g] = math.Log(1 + (n-df+0.5)/(df+0.5))
			ix.maxIDF = math.Max(ix.maxIDF, ix.idf[g])
		}
		return ix
	}
	m.main = build(mainFields)
	m.ctx = build(ctxFields)
	return m, nil
}

var matchers sync.Map // checklist id → *Matcher

func cachedMatcher(id string) *Matcher {
	if v, ok := matchers.Load(id); ok {
		return v.(*Matcher)
	}
	m, err := NewMatcher(id)
	if err != nil {
		return nil
	}
	v, _ := matchers.LoadOrStore(id, m)
	return v.(*Matcher)
}

// MatchText returns up to k candidate clauses of checklist for one self-inspection sentence,
// best first (k ≤ 0: all clauses). It returns nil for an unknown checklist or a text with
// nothing to match (empty, punctuation, a lone character). Candidates are returned even when
// none is confident; see Confident.
//
// (The function cannot be called Match: that is the name of the result type.)
func MatchText(checklist, text string, k int) []Match {
	m := cachedMatcher(checklist)
	if m == nil {
		return nil
	}
	return m.Match(text, k)
}

// MatchRow is MatchText for a row of a self-inspection workbook whose area and section cells
// (often merged down from a heading row) give weaker context: they are matched against the
// plans' area and section headings, and a clause whose headings do not match them loses up to
// a fifth of its score. Context re-ranks; it never makes a row confident on its own. Any of
// the three may be empty; with no text the best score is at most 0.2, below MinConfidence.
func MatchRow(checklist, area, section, text string, k int) []Match {
	m := cachedMatcher(checklist)
	if m == nil {
		return nil
	}
	return m.MatchRow(area, section, text, k)
}

// Match is MatchText on this matcher's checklist.
func (m *Matcher) Match(text string, k int) []Match { return m.MatchRow("", "", text, k) }

// MatchRow is the package-level MatchRow on this matcher's checklist.
func (m *Matcher) MatchRow(area, section, text string, k int) []Match {
	q := parseQuery(text)
	ctx := parseQuery(strings.TrimSpace(area + " " + section))
	var textScores, textRaw, ctxScores []float64
	if len(q.terms) > 0 {
		textScores, textRaw, _ = m.score(&m.main, q, false)
	}
	if ctx.specific > 0 || len(ctx.expansion) > 0 {
		// For the cells only coverage counts: how much of "运行管理" or "（五）经济运行风险管理"
		// a clause's headings explain. Area names are common words by design, so evidence and
		// wording (lang) would only blur it.
		_, _, ctxScores = m.score(&m.ctx, ctx, true)
		// Relative to the best-matching headings, and only when some headings explain at
		// least half of the cells: a cell that names no heading ("食堂", or only generic words
		// such as "重点工作") leaves the scores alone instead of lowering them all.
		best := slices.Max(ctxScores)
		if best < 0.5 {
			ctxScores = nil
		} else if textScores != nil {
			for i := range ctxScores {
				ctxScores[i] /= best
			}
		}
	}
	if textScores == nil && ctxScores == nil {
		return nil
	}
	type cand struct {
		doc        int
		score, raw float64
	}
	cands := make([]cand, len(m.clauses))
	for i := range m.clauses {
		c := cand{doc: i}
		switch {
		case textScores != nil && ctxScores != nil:
			// Context re-ranks but never raises confidence: a clause whose headings match the
			// cells less well than the best ones loses up to contextWeight of its score.
			c.score = textScores[i] * (1 - contextWeight + contextWeight*ctxScores[i])
			c.raw = textRaw[i]
		case textScores != nil:
			c.score, c.raw = textScores[i], textRaw[i]
		default:
			// Only headings, no item text: rank by them, but never confidently.
			c.score = contextWeight * ctxScores[i]
		}
		// Round so that ties are ties on every platform and the order is deterministic.
		c.score = math.Round(c.score*1e6) / 1e6
		cands[i] = c
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.raw, a.raw); c != 0 {
			return c
		}
		return cmp.Compare(a.doc, b.doc)
	})
	if k <= 0 || k > len(cands) {
		k = len(cands)
	}
	out := make([]Match, k)
	for r := 0; r < k; r++ {
		c := cands[r]
		cl := m.clauses[c.doc]
		out[r] = Match{
			ClauseID: cl.ID,
			Rank:     r + 1,
			Score:    c.score,
			Text:     cl.Text,
			Reason:   m.reason(c.doc, q, ctx, ctxScores != nil),
		}
	}
	return out
}

// query is a row prepared for matching.
type query struct {
	norm      string           // normalized, fillers removed
	terms     map[string]qterm // feature → weights
	expansion []synonym        // synonyms found in the row
	specific  int              // features of the row that are not generic words
	lang      float64          // share of the row's characters that are plan vocabulary
}

// qterm weighs one feature of a row: w when a clause has it, n in the row's total (the
// denominator of coverage). They differ for synonym expansions with several alternatives: a
// clause needs only one of them, so each counts for a share of the total.
type qterm struct{ w, n float64 }

func parseQuery(text string) query {
	q := query{terms: map[string]qterm{}}
	q.norm = strings.Join(strings.Fields(stripFillers(normalize(stripLeadingNumber(text)))), " ")
	for _, g := range rowGrams(q.norm) {
		w := 1.0
		if g.generic {
			w = weightGeneric
		} else {
			q.specific++
		}
		if t, ok := q.terms[g.s]; ok {
			// A word the row repeats is its topic ("…统方权限…非法统方").
			w = t.w + weightRepeat*w
		}
		q.terms[g.s] = qterm{w, w}
	}
	for _, s := range synonyms {
		if !strings.Contains(q.norm, s.short) {
			continue
		}
		q.expansion = append(q.expansion, s)
		nShort := 0
		grams(s.short, func(string) { nShort++ })
		for _, l := range s.long {
			var gs []string
			grams(normalize(l), func(g string) { gs = append(gs, g) })
			// The expansion stands for the short form: together its features weigh about as
			// much as the short form's own, at most 1 each.
			w := math.Max(weightExpandMin, math.Min(1, float64(max(nShort, 1))/float64(len(gs))))
			for _, g := range gs {
				gw := w
				if generic[g] {
					gw = weightGeneric * w
				}
				t := q.terms[g]
				t.w = math.Max(t.w, gw)
				t.n = math.Max(t.n, gw/float64(len(s.long)))
				q.terms[g] = t
			}
		}
	}
	q.lang = languageShare(q.norm, q.expansion)
	return q
}

// planVocab is every feature of every clause and heading of the plans.
var planVocab = sync.OnceValue(func() map[string]bool {
	v := map[string]bool{}
	for _, id := range ChecklistIDs() {
		cs, _ := Checklist(id)
		for _, c := range cs {
			for _, s := range []string{c.Text, c.SectionTitle, c.AreaTitle, c.SectionNote} {
				grams(normalize(s), func(g string) { v[g] = true })
			}
		}
	}
	return v
})

// languageShare is the share of the row's characters covered by a bigram (or word) that occurs
// in the plans or by a known abbreviation: near 1 for a row written in the plans' language, low
// for text about something else ("食堂饭菜质量").
func languageShare(norm string, exp []synonym) float64 {
	vocab := planVocab()
	rs := []rune(norm)
	covered := make([]bool, len(rs))
	total := 0
	for i, r := range rs {
		if r != ' ' && !isJoiner(r) {
			total++
		}
		if i+1 < len(rs) && unicode.Is(unicode.Han, r) && vocab[string(rs[i:i+2])] {
			covered[i], covered[i+1] = true, true
		}
	}
	for _, s := range exp {
		short := []rune(s.short)
		for i := 0; i+len(short) <= len(rs); i++ {
			if string(rs[i:i+len(short)]) == s.short {
				for j := i; j < i+len(short); j++ {
					covered[j] = true
				}
			}
		}
	}
	for _, w := range strings.Fields(norm) {
		if r, _ := utf8.DecodeRuneInString(w); r < 0x80 && vocab[w] {
			i := strings.Index(norm, w)
			for j := utf8.RuneCountInString(norm[:i]); j < utf8.RuneCountInString(norm[:i+len(w)]); j++ {
				covered[j] = true
			}
		}
	}
	if total == 0 {
		return 0
	}
	n := 0
	for i, c := range covered {
		if c && rs[i] != ' ' {
			n++
		}
	}
	return math.Min(1, float64(n)/float64(total))
}

// score returns each clause's confidence, raw BM25 mass and coverage for q:
//
//	coverage = Σ matched w·idf·sat / Σ w·idf   (how much of the row the clause explains)
//	evidence = 1 − exp(−Σ matched w·idf·sat / τ) (how much specific vocabulary is shared)
//	score    = min(1, coverage) · evidence · lang
//
// With strict, features the index does not know count in the denominator too (at the highest
// idf), so coverage is the share of the whole text that the clause explains.
func (m *Matcher) score(ix *index, q query, strict bool) (scores, raw, coverage []float64) {
	raw = make([]float64, len(m.clauses))
	norm := 0.0
	keys := make([]string, 0, len(q.terms))
	for g := range q.terms {
		keys = append(keys, g)
	}
	sort.Strings(keys) // fixed summation order: deterministic floating point
	for _, g := range keys {
		t := q.terms[g]
		idf, ok := ix.idf[g]
		if !ok {
			if strict {
				norm += t.n * ix.maxIDF
			}
			continue
		}
		w := t.w * idf
		norm += t.n * idf
		for _, p := range ix.post[g] {
			sat := p.tf * (bm25K1 + 1) / (p.tf + bm25K1*ix.lenNorm[p.doc])
			raw[p.doc] += w * sat
		}
	}
	scores = make([]float64, len(m.clauses))
	coverage = make([]float64, len(m.clauses))
	if norm == 0 {
		return scores, raw, coverage
	}
	for i, r := range raw {
		coverage[i] = math.Min(1, r/norm)
		scores[i] = coverage[i] * (1 - math.Exp(-r/evidenceTau)) * q.lang
	}
	return scores, raw, coverage
}

// reason names the longest stretches of the row found in the clause (and its headings), most
// specific first, the abbreviations that led there, and the context cell that matched the
// clause's headings when the context was used.
func (m *Matcher) reason(doc int, q, ctx query, useCtx bool) string {
	target := m.norm[doc]
	type term struct {
		s   string
		idf float64
	}
	var terms []term
	seen := map[string]bool{}
	add := func(s string) {
		if seen[s] {
			return
		}
		best := 0.0
		for _, g := range rowGrams(s) {
			if !g.generic {
				best = math.Max(best, m.main.idf[g.s])
			}
		}
		if best < 1.5 { // only generic or common words such as 落实, 健全, 管理
			return
		}
		seen[s] = true
		terms = append(terms, term{s, best})
	}
	for _, piece := range strings.Fields(q.norm) {
		rs := []rune(piece)
		for i := 0; i < len(rs); {
			// Grow the stretch while the clause still contains it.
			l := 0
			for j := i + 2; j <= len(rs) && strings.Contains(target, string(rs[i:j])); j++ {
				l = j - i
			}
			if l == 0 {
				i++
				continue
			}
			add(string(rs[i : i+l]))
			i += l
		}
	}
	for _, s := range q.expansion {
		for _, l := range s.long {
			if strings.Contains(target, normalize(l)) && !seen[s.short+"→"+l] {
				seen[s.short+"→"+l] = true
				terms = append(terms, term{s.short + "→" + l, 10})
				break
			}
		}
	}
	sort.SliceStable(terms, func(a, b int) bool { return terms[a].idf > terms[b].idf })
	if len(terms) > 4 {
		terms = terms[:4]
	}
	var parts []string
	for _, t := range terms {
		parts = append(parts, t.s)
	}
	var b strings.Builder
	if len(parts) > 0 {
		b.WriteString("共同关键词: " + strings.Join(parts, ", "))
	} else if len(q.terms) > 0 {
		b.WriteString("无共同关键词")
	}
	if useCtx {
		c := m.clauses[doc]
		hit := ""
		heads := normalize(c.SectionTitle + " " + c.AreaTitle)
		for _, piece := range strings.Fields(ctx.norm) {
			if utf8.RuneCountInString(piece) >= 2 && len(piece) > len(hit) && strings.Contains(heads, piece) {
				hit = piece
			}
		}
		if hit != "" {
			if b.Len() > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "上下文: %s", hit)
		}
	}
	return b.String()
}
