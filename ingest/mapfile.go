package ingest

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// MapFileName is the mapping file looked for beside the data: in the file's folder, then
// in each parent folder; every section of the nearer file is tried before the farther.
const MapFileName = "xuncha-map.ini"

// A mapping file fixes, for files whose name matches a pattern, the kind and which column
// is which field, where detection alone gets it wrong or cannot tell. It is plain text a
// person reviews:
//
//	# 医保中心导出的费用明细
//	[医保明细*.xlsx]
//	sheet = *
//	kind = claim_lines
//	header_row = 2
//	费用发生时间 -> service_date
//	医保目录编码 -> item_code
//	备注 -> -
//
// A section opens with the file-name pattern in brackets (a glob: * ? [..]). Settings are
// `key = value` (kind, sheet, header_row); column lines are `header -> target`, where the
// target is a field of the kind, `-` (not loaded), or in wide kinds `item` or `total`.
// Columns not listed are matched as usual. `#` starts a comment, on a line of its own or
// after a target or a setting.
type mapFile struct {
	path     string
	sha256   string
	sections []*mapSection
}

type mapSection struct {
	file      *mapFile
	line      int // of the [pattern] line
	pattern   string
	sheet     string // glob on the sheet name; "" means every sheet
	kind      string
	headerRow int
	columns   []mapColumn
	text      string // the section's lines as written
}

type mapColumn struct {
	header, norm, target string
	line                 int
}

// Targets that are not fields.
const (
	targetSkip  = "-"
	targetItem  = "item"
	targetTotal = "total"
)

func (s *mapSection) String() string {
	name := MapFileName
	if s.file != nil && s.file.path != "" {
		name = filepath.Base(s.file.path)
	}
	return fmt.Sprintf("%s:%d [%s]", name, s.line, s.pattern)
}

// parseMapFile reads a mapping file; any line it cannot read is an error naming the line.
func parseMapFile(text string) (*mapFile, error) {
	mf := &mapFile{}
	var cur *mapSection
	var lines []string
	flush := func() {
		if cur != nil {
			cur.text = strings.TrimRight(strings.Join(lines, "\n"), "\n ") + "\n"
		}
		lines = nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for no := 1; sc.Scan(); no++ {
		raw := sc.Text()
		line := strings.TrimSpace(strings.TrimPrefix(raw, "\uFEFF"))
		if line == "" || strings.HasPrefix(line, "#") {
			if cur != nil {
				lines = append(lines, raw)
			}
			continue
		}
		fail := func(format string, a ...any) error {
			return fmt.Errorf("line %d: %s", no, fmt.Sprintf(format, a...))
		}
		if strings.HasPrefix(line, "[") {
			if !strings.HasSuffix(line, "]") {
				return nil, fail("a section opens with [file-name pattern]")
			}
			flush()
			pat := strings.TrimSpace(line[1 : len(line)-1])
			if pat == "" {
				return nil, fail("empty file-name pattern")
			}
			if _, err := filepath.Match(pat, ""); err != nil {
				return nil, fail("bad file-name pattern %q", pat)
			}
			cur = &mapSection{file: mf, line: no, pattern: pat}
			mf.sections = append(mf.sections, cur)
			lines = append(lines, raw)
			continue
		}
		if cur == nil {
			return nil, fail("settings before the first [file-name pattern]")
		}
		lines = append(lines, raw)
		if i := strings.Index(line, "->"); i >= 0 {
			target, _, _ := strings.Cut(line[i+2:], "#")
			header, target := strings.TrimSpace(line[:i]), strings.TrimSpace(target)
			norm, _ := cell.NormalizeHeader(header)
			if norm == "" || target == "" {
				return nil, fail("a column line is `header -> field`")
			}
			cur.columns = append(cur.columns, mapColumn{header: header, norm: norm, target: target, line: no})
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			return nil, fail("expected `key = value` or `header -> field`, got %q", line)
		}
		if j := strings.Index(val, " #"); j >= 0 {
			val = val[:j]
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "kind":
			if _, ok := ContractFor(val); !ok {
				return nil, fail("unknown kind %q (known: %s)", val, strings.Join(Kinds(), ", "))
			}
			cur.kind = val
		case "sheet":
			if _, err := filepath.Match(val, ""); err != nil || val == "" {
				return nil, fail("bad sheet pattern %q", val)
			}
			cur.sheet = val
		case "header_row":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 || n > 1_000_000 {
				return nil, fail("header_row must be a row number, got %q", val)
			}
			cur.headerRow = n
		default:
			return nil, fail("unknown setting %q (kind, sheet, header_row)", key)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	for _, s := range mf.sections {
		if err := s.check(); err != nil {
			return nil, err
		}
	}
	return mf, nil
}

// check validates column targets against the section's kind.
func (s *mapSection) check() error {
	seenField := map[string]int{}
	seenHeader := map[string]int{}
	for _, c := range s.columns {
		if prev, dup := seenHeader[c.norm]; dup {
			return fmt.Errorf("line %d: column %q is already mapped on line %d", c.line, c.header, prev)
		}
		seenHeader[c.norm] = c.line
		if c.target == targetSkip {
			continue
		}
		if s.kind == "" {
			return fmt.Errorf("line %d: mapping a column to %q needs the section's kind", c.line, c.target)
		}
		ct, _ := ContractFor(s.kind)
		if ct.fieldIndex(c.target) < 0 { // a field's name wins over the item and total words (budget has an item field)
			switch {
			case (c.target == targetItem || c.target == targetTotal) && ct.Wide == nil:
				return fmt.Errorf("line %d: %s is not a wide kind: no %q columns", c.line, s.kind, c.target)
			case c.target == targetItem || c.target == targetTotal:
				continue
			}
			return fmt.Errorf("line %d: %s has no field %q (fields: %s)", c.line, s.kind, c.target, strings.Join(fieldNames(ct), ", "))
		}
		if prev, dup := seenField[c.target]; dup {
			return fmt.Errorf("line %d: field %s is already mapped on line %d", c.line, c.target, prev)
		}
		seenField[c.target] = c.line
	}
	return nil
}

func fieldNames(c *Contract) []string {
	out := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		out[i] = f.Name
	}
	return out
}

// pin returns the columns of a header row the section names: column → target. A field
// takes the first column with its header; `-`, item and total apply to every such column.
func (s *mapSection) pin(cells []string) map[int]string {
	out := map[int]string{}
	taken := map[string]bool{}
	for col, h := range cells {
		n, _ := cell.NormalizeHeader(h)
		if n == "" {
			continue
		}
		for _, c := range s.columns {
			if c.norm != n {
				continue
			}
			switch {
			case c.target == targetSkip || s.wideTarget(c.target):
				out[col] = c.target
			default:
				if !taken[c.target] {
					taken[c.target] = true
					out[col] = c.target
				}
			}
			break
		}
	}
	return out
}

// wideTarget: item or total in a wide kind, where no field has that name.
func (s *mapSection) wideTarget(t string) bool {
	ct, ok := ContractFor(s.kind)
	return ok && ct.Wide != nil && (t == targetItem || t == targetTotal) && ct.fieldIndex(t) < 0
}

// matches reports whether the section applies to a file name and sheet.
func (s *mapSection) matches(file, sheet string) bool {
	if ok, _ := filepath.Match(s.pattern, file); !ok {
		return false
	}
	if s.sheet == "" {
		return true
	}
	ok, _ := filepath.Match(s.sheet, sheet)
	return ok
}

// mappings are the mapping files that apply to one data file, nearest first.
type mappings []*mapFile

// section returns the first section matching the file and sheet, or nil.
func (ms mappings) section(path, sheet string) *mapSection {
	base := filepath.Base(path)
	for _, mf := range ms {
		for _, s := range mf.sections {
			if s.matches(base, sheet) {
				return s
			}
		}
	}
	return nil
}

// findMappings reads the mapping file named with --mapping, else every xuncha-map.ini in the
// data file's folder and its parents.
func findMappings(dataPath, explicit string) (mappings, error) {
	if explicit != "" {
		mf, err := readMapFile(explicit)
		if err != nil {
			return nil, err
		}
		return mappings{mf}, nil
	}
	var out mappings
	dir, err := filepath.Abs(filepath.Dir(dataPath))
	if err != nil {
		return nil, err
	}
	for {
		p := filepath.Join(dir, MapFileName)
		if _, err := os.Stat(p); err == nil {
			mf, err := readMapFile(p)
			if err != nil {
				return nil, err
			}
			out = append(out, mf)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return out, nil
		}
		dir = parent
	}
}

func readMapFile(path string) (*mapFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("mapping file: %w", err)
	}
	if len(b) > 1<<20 {
		return nil, errors.New("mapping file " + path + ": larger than 1 MiB")
	}
	mf, err := parseMapFile(string(b))
	if err != nil {
		return nil, fmt.Errorf("mapping file %s: %w", path, err)
	}
	sum := sha256.Sum256(b)
	mf.path, mf.sha256 = path, hex.EncodeToString(sum[:])
	return mf, nil
}

// recordMapping keeps the section that fixed a sheet with the file's ledger rows.
func (l *fileLoader) recordMapping(s SheetResult) error {
	sec := s.section
	if sec == nil {
		return nil
	}
	_, err := l.conn.ExecContext(l.ctx, `insert into meta.ingest_mapping values (?, ?, ?, ?, ?)`,
		l.fileID, s.Sheet, absPath(sec.file.path), sec.file.sha256, sec.text)
	return err
}

// explain copies a detection's scores and per-column reasons into the sheet's result.
func (r *SheetResult) explain(m *mapping) {
	r.HeaderRow, r.Score, r.Columns = m.headerRow, m.score, m.columns
	if u := m.runnerUp; u != nil {
		r.RunnerUp, r.RunnerUpScore = u.contract.Kind, u.score
		if len(u.missing) > 0 {
			r.RunnerUp += " (缺必填列)"
		}
	}
	if m.section != nil {
		r.Mapping, r.section = m.section.String(), m.section
	}
}
