package selfcheck

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Plans holds the two inspection plans exactly as published (copied from the project's seeds).
// They are the single source of the checklists: every Clause is derived from them at run time.
//
//go:embed plans/*.txt
var Plans embed.FS

// Plan file names inside Plans.
const (
	BananPlanFile = "plans/banan-institution-inspection-plan-2024-2026.txt"
	ZiboPlanFile  = "plans/zibo-large-hospital-inspection-plan-2024-2026.txt"
)

// Checklist ids.
const (
	BNL = "BN-L" // Banan 附件1, large hospitals (巴南区大型医院重点巡查内容)
	BNP = "BN-P" // Banan 附件2, primary-care institutions (巴南区基层医疗卫生机构重点巡查内容)
	ZBL = "ZB-L" // Zibo 三、巡查重点, large hospitals (淄博市大型医院巡查工作方案)
)

// ChecklistIDs lists the checklist ids in a fixed order.
func ChecklistIDs() []string { return []string{BNL, BNP, ZBL} }

// Clause is one checklist item of a plan.
type Clause struct {
	ID        string // "ZB-L.2.4.6": checklist, area, section, item
	Checklist string // "BN-L", "BN-P" or "ZB-L"
	Area      int    // 1-based: 一、/（一） → 1
	Section   int    // 1-based: （一）/1. → 1
	Item      int    // 1-based: 一是/(1) → 1
	// AreaTitle is the area heading without its number, e.g. "运行管理".
	AreaTitle string
	// SectionTitle is the section heading without its number and without the trailing
	// "重点巡查：" / "主要包括：", e.g. "围绕行风热点问题，重点巡查医药领域腐败问题集中整治……落实情况".
	SectionTitle string
	// Text is the item text without its number ("一是", "(1)"), lines re-joined.
	Text string
	// SectionNote is an unnumbered paragraph that follows the items of the section, if any
	// (Zibo 三(三)1 ends with one on 中医医院 and 妇幼保健院); the same for every item of the section.
	SectionNote string
	// Line is the 1-based line of the plan file where the item starts.
	Line int
}

// ParseError is a structural error in a plan text: a heading out of sequence, an item outside a
// section, a missing block.
type ParseError struct {
	File string
	Line int // 1-based; 0 when the error concerns the whole file
	Err  error
}

func (e *ParseError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("selfcheck: %s: %v", e.File, e.Err)
	}
	return fmt.Sprintf("selfcheck: %s:%d: %v", e.File, e.Line, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Sentinel errors wrapped by ParseError and returned by Checklist.
var (
	ErrNoBlock          = errors.New("checklist block not found")
	ErrOutOfSequence    = errors.New("heading number out of sequence")
	ErrOrphan           = errors.New("heading or item outside its parent")
	ErrUnknownChecklist = errors.New("unknown checklist")
)

// scheme describes how one checklist is laid out in its plan.
type scheme struct {
	id         string
	file       string
	start, end string // exact (trimmed) lines that open and close the block
	area       *regexp.Regexp
	section    *regexp.Regexp
	item       *regexp.Regexp
}

const cnNum = `[一二三四五六七八九十]+`

var schemes = []scheme{
	{
		id: BNL, file: BananPlanFile, start: "附件1", end: "附件2",
		area:    regexp.MustCompile(`^(` + cnNum + `)、\s*(.*)$`),
		section: regexp.MustCompile(`^（(` + cnNum + `)）\s*(.*)$`),
		item:    regexp.MustCompile(`^(` + cnNum + `)是\s*(.*)$`),
	},
	{
		id: BNP, file: BananPlanFile, start: "附件2", end: "附件3",
		area:    regexp.MustCompile(`^(` + cnNum + `)、\s*(.*)$`),
		section: regexp.MustCompile(`^（(` + cnNum + `)）\s*(.*)$`),
		item:    regexp.MustCompile(`^(` + cnNum + `)是\s*(.*)$`),
	},
	{
		id: ZBL, file: ZiboPlanFile, start: "三、巡查重点", end: "四、组织实施",
		// Zibo mixes full-width and half-width brackets: "（一）…" but "(三) 运行管理", "(1) …".
		area:    regexp.MustCompile(`^[（(]\s*(` + cnNum + `)\s*[)）]\s*(.*)$`),
		section: regexp.MustCompile(`^([0-9]+)\s*[.．]\s*(.*)$`),
		item:    regexp.MustCompile(`^[（(]\s*([0-9]+)\s*[)）]\s*(.*)$`),
	},
}

// Parse derives all three checklists from the plan texts in fsys (normally Plans; a test may
// pass os.DirFS). The result maps checklist id to its clauses in plan order.
func Parse(fsys fs.FS) (map[string][]Clause, error) {
	out := make(map[string][]Clause, len(schemes))
	for _, sc := range schemes {
		b, err := fs.ReadFile(fsys, sc.file)
		if err != nil {
			return nil, err
		}
		cs, err := parseChecklist(sc, string(b))
		if err != nil {
			return nil, err
		}
		out[sc.id] = cs
	}
	return out, nil
}

// unit is one logical paragraph: a heading or item with its continuation lines re-joined.
type unit struct {
	kind int // kindArea, kindSection, kindItem, kindText
	num  int
	text string
	line int
}

const (
	kindText = iota
	kindArea
	kindSection
	kindItem
)

// parseChecklist reads the block of one checklist. The plans come from PDF conversion, so a
// paragraph is often broken over two lines, sometimes with a blank line between the halves
// ("公立医院高质\n\n量发展"). A line that is not a heading or an item continues the previous
// paragraph unless that paragraph already ends a sentence (。；！？); then it is a new unnumbered
// paragraph, kept as the section's note.
func parseChecklist(sc scheme, src string) ([]Clause, error) {
	perr := func(line int, err error) error { return &ParseError{File: sc.file, Line: line, Err: err} }

	var units []unit
	in, done := false, false
	sr := bufio.NewScanner(strings.NewReader(src))
	sr.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for ln := 1; sr.Scan(); ln++ {
		line := strings.TrimSpace(sr.Text())
		if !in {
			if line == sc.start {
				in = true
			}
			continue
		}
		if line == sc.end {
			done = true
			break
		}
		if line == "" {
			continue
		}
		u := unit{kind: kindText, text: line, line: ln}
		for _, h := range []struct {
			kind int
			re   *regexp.Regexp
		}{{kindArea, sc.area}, {kindSection, sc.section}, {kindItem, sc.item}} {
			if m := h.re.FindStringSubmatch(line); m != nil {
				n, ok := parseNum(m[1])
				if !ok {
					return nil, perr(ln, fmt.Errorf("bad number %q", m[1]))
				}
				u = unit{kind: h.kind, num: n, text: m[2], line: ln}
				break
			}
		}
		if u.kind == kindText && len(units) > 0 && !endsSentence(units[len(units)-1].text) {
			units[len(units)-1].text += line
			continue
		}
		units = append(units, u)
	}
	if err := sr.Err(); err != nil {
		return nil, perr(0, err)
	}
	if !in {
		return nil, perr(0, fmt.Errorf("%w: no line %q", ErrNoBlock, sc.start))
	}
	if !done {
		return nil, perr(0, fmt.Errorf("%w: no line %q after %q", ErrNoBlock, sc.end, sc.start))
	}

	var (
		out                 []Clause
		area, sec, item     int
		areaTitle, secTitle string
		secStart            int // index in out of the first item of the current section
	)
	for _, u := range units {
		switch u.kind {
		case kindArea:
			if u.num != area+1 {
				return nil, perr(u.line, fmt.Errorf("%w: area %d after %d", ErrOutOfSequence, u.num, area))
			}
			area, sec, item = u.num, 0, 0
			areaTitle = cleanText(u.text)
		case kindSection:
			if area == 0 {
				return nil, perr(u.line, fmt.Errorf("%w: section before any area", ErrOrphan))
			}
			if u.num != sec+1 {
				return nil, perr(u.line, fmt.Errorf("%w: section %d after %d", ErrOutOfSequence, u.num, sec))
			}
			sec, item = u.num, 0
			secTitle = sectionTitle(u.text)
			secStart = len(out)
		case kindItem:
			if sec == 0 {
				return nil, perr(u.line, fmt.Errorf("%w: item before any section", ErrOrphan))
			}
			if u.num != item+1 {
				return nil, perr(u.line, fmt.Errorf("%w: item %d after %d", ErrOutOfSequence, u.num, item))
			}
			item = u.num
			out = append(out, Clause{
				ID:           fmt.Sprintf("%s.%d.%d.%d", sc.id, area, sec, item),
				Checklist:    sc.id,
				Area:         area,
				Section:      sec,
				Item:         item,
				AreaTitle:    areaTitle,
				SectionTitle: secTitle,
				Text:         cleanText(u.text),
				Line:         u.line,
			})
		case kindText:
			// Before the first area: the block's title ("巴南区大型医院重点巡查内容"). After items:
			// a note that belongs to the whole section.
			if item == 0 {
				if area == 0 {
					continue
				}
				return nil, perr(u.line, fmt.Errorf("%w: unnumbered paragraph before the first item of a section", ErrOrphan))
			}
			note := cleanText(u.text)
			for i := secStart; i < len(out); i++ {
				if out[i].SectionNote != "" {
					out[i].SectionNote += note
				} else {
					out[i].SectionNote = note
				}
			}
		}
	}
	if len(out) == 0 {
		return nil, perr(0, fmt.Errorf("%w: no items between %q and %q", ErrNoBlock, sc.start, sc.end))
	}
	return out, nil
}

func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	switch r {
	case '。', '；', '！', '？', ';', '!', '?':
		return true
	}
	return false
}

// sectionTitle strips the trailing "重点巡查：" / "主要包括：" and final punctuation of a section heading.
func sectionTitle(s string) string {
	s = cleanText(s)
	for _, suf := range []string{"重点巡查：", "主要包括：", "主要包括:", "重点巡查:"} {
		s = strings.TrimSuffix(s, suf)
	}
	return strings.TrimRight(s, "。：:，, ")
}

// cleanText removes the spaces PDF conversion left between CJK characters ("制 度" → "制度",
// "“ 四个意识”" → "“四个意识”") and keeps spaces between Latin words and numbers.
func cleanText(s string) string {
	rs := []rune(strings.TrimSpace(s))
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if unicode.IsSpace(rs[i]) {
			j := i
			for j < len(rs) && unicode.IsSpace(rs[j]) {
				j++
			}
			if i > 0 && j < len(rs) && rs[i-1] >= 0x80 && rs[j] >= 0x80 {
				i = j - 1
				continue
			}
			b.WriteByte(' ')
			i = j - 1
			continue
		}
		b.WriteRune(rs[i])
	}
	return b.String()
}

// parseNum reads "一".."九十九" or an Arabic number.
func parseNum(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n > 0
	}
	digit := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	rs := []rune(s)
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10, true
	case len(rs) == 1:
		d, ok := digit[rs[0]]
		return d, ok
	case len(rs) == 2 && rs[0] == '十':
		d, ok := digit[rs[1]]
		return 10 + d, ok
	case len(rs) == 2 && rs[1] == '十':
		d, ok := digit[rs[0]]
		return d * 10, ok
	case len(rs) == 3 && rs[1] == '十':
		a, ok1 := digit[rs[0]]
		b, ok2 := digit[rs[2]]
		return a*10 + b, ok1 && ok2
	}
	return 0, false
}

var loaded = sync.OnceValues(func() (map[string][]Clause, error) { return Parse(Plans) })

var byID = sync.OnceValue(func() map[string]Clause {
	all, err := loaded()
	if err != nil {
		return nil
	}
	m := make(map[string]Clause)
	for _, cs := range all {
		for _, c := range cs {
			m[c.ID] = c
		}
	}
	return m
})

// Checklist returns the clauses of checklist id ("BN-L", "BN-P", "ZB-L") in plan order. The
// slice is a copy; callers may modify it.
func Checklist(id string) ([]Clause, error) {
	all, err := loaded()
	if err != nil {
		return nil, err
	}
	cs, ok := all[id]
	if !ok {
		return nil, fmt.Errorf("%w %q (want BN-L, BN-P or ZB-L)", ErrUnknownChecklist, id)
	}
	return append([]Clause(nil), cs...), nil
}

// Lookup returns the clause with the given id, e.g. "BN-P.3.5.5".
func Lookup(clauseID string) (Clause, bool) {
	c, ok := byID()[clauseID]
	return c, ok
}
