package ingest

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// WriteExplain writes, per sheet of a file, the kind taken with its score and the
// runner-up, and per column the field it took, the score and why.
func WriteExplain(w io.Writer, r FileResult) {
	for _, sh := range r.Sheets {
		if sh.Kind == "" {
			fmt.Fprintf(w, "%s [%s]: 未识别: %s\n", r.Path, sh.Sheet, sh.Detection)
			continue
		}
		fmt.Fprintf(w, "%s [%s]: %s %.2f", r.Path, sh.Sheet, sh.Kind, sh.Score)
		if sh.RunnerUp != "" {
			fmt.Fprintf(w, " (次选 %s %.2f)", sh.RunnerUp, sh.RunnerUpScore)
		}
		fmt.Fprintf(w, ", 表头第%d行", sh.HeaderRow)
		if sh.Mapping != "" {
			fmt.Fprintf(w, ", 映射文件 %s", sh.Mapping)
		}
		fmt.Fprintln(w)
		for _, c := range sh.Columns {
			field := c.Field
			if field == "" {
				field = "—"
			}
			fmt.Fprintf(w, "  %s → %s %.2f: %s\n", c.Header, field, c.Score, c.Why)
		}
		if sh.Period != "" {
			fmt.Fprintf(w, "  表外 → %s\n", sh.Period)
		}
	}
}

// ProposeMapping reads the first rows of every sheet of a file and writes a mapping-file
// section per recognised (or nearly recognised) sheet: kind, header row and every column
// with the field it was taken for, so that a person edits rather than types. kind, when
// set, forces the kind. Sheets that look like nothing are named in a comment.
func ProposeMapping(path, kind string) (string, error) {
	sheets, closeFn, err := openSheets(path, Options{}.readLimits())
	if err != nil {
		return "", &FileError{File: path, Err: err}
	}
	defer closeFn()
	var b strings.Builder
	fmt.Fprintf(&b, "# 映射建议: %s — 核对每一列后保存为 %s (与数据放在同一文件夹)\n", filepath.Base(path), MapFileName)
	bookYear := 0 // the year of an earlier sheet's title, for the months of the later ones
	for _, sh := range sheets {
		rows, first, err := headRows(sh)
		if err != nil {
			return "", &FileError{File: path, Err: fmt.Errorf("sheet %q: %w", sh.name, err)}
		}
		period := newPeriodSource(sh.name, path, rows, first, bookYear, fromTitle, 0)
		best, partial, derr := detectBest(rows, first, detectHint{kind: kind, period: period})
		m := best
		if m == nil {
			m = partial
		}
		if m == nil {
			fmt.Fprintf(&b, "\n# 工作表 %q: %v\n", sh.name, derr)
			continue
		}
		if y, ok := yearIn(period.title(m.headerTop)); ok && bookYear == 0 {
			bookYear = y
		}
		b.WriteString("\n")
		writeSection(&b, path, sh.name, len(sheets) > 1, m, derr)
	}
	return b.String(), nil
}

// headRows reads the rows header detection looks at.
func headRows(sh sheet) ([][]string, int, error) {
	var rows [][]string
	first := 0
	err := sh.rows(func(rowNo int, cells []string) bool {
		if first == 0 {
			first = rowNo
		}
		rows = append(rows, append([]string(nil), cells...))
		return len(rows) < headerScanRows
	})
	if first == 0 {
		first = 1
	}
	return forDetection(rows), first, err
}

func writeSection(b *strings.Builder, path, sheetName string, manySheets bool, m *mapping, derr error) {
	fmt.Fprintf(b, "# 工作表 %q: %s %.2f", sheetName, m.contract.Kind, m.score)
	if m.runnerUp != nil {
		fmt.Fprintf(b, " (次选 %s %.2f)", m.runnerUp.contract.Kind, m.runnerUp.score)
	}
	b.WriteString("\n")
	if derr != nil {
		fmt.Fprintf(b, "# 未完成: %v\n", derr)
	}
	fmt.Fprintf(b, "[%s]\n", globEscape(filepath.Base(path)))
	if manySheets {
		fmt.Fprintf(b, "sheet = %s\n", globEscape(sheetName))
	}
	fmt.Fprintf(b, "kind = %s\nheader_row = %d\n", m.contract.Kind, m.headerRow)
	written := map[string]bool{}
	for _, c := range m.columns {
		n, _ := cell.NormalizeHeader(c.Header)
		if written[n] {
			fmt.Fprintf(b, "# 重名列 %s (第%d列): 同名的列只映射第一列, 其余照常自动匹配\n", mapHeaderText(c.Header), c.Column+1)
			continue
		}
		written[n] = true
		if c.Part != "" {
			fmt.Fprintf(b, "# %s: %s 的分列 %s, 自动识别\n", mapHeaderText(c.Header), c.Field, c.Part)
			continue
		}
		target := c.Field
		if target == "" {
			target = targetSkip
		}
		fmt.Fprintf(b, "%s -> %s    # %.2f %s\n", mapHeaderText(c.Header), target, c.Score, c.Why)
	}
	for i, h := range m.missing {
		if fi := fieldByHeader(m.contract, h); fi >= 0 {
			name := m.contract.Fields[fi].Name
			fmt.Fprintf(b, "# 必填字段 %s (%s) 没有对应的列: 把该列写成 `列名 -> %s`", name, h, name)
		} else {
			fmt.Fprintf(b, "# 缺少: %s", h)
		}
		if i < len(m.closest) && m.closest[i] != "" {
			fmt.Fprintf(b, "; 最接近: %s", m.closest[i])
		}
		b.WriteString("\n")
	}
}

// mapHeaderText is a header as a mapping-file line can hold it: one line, no "->".
func mapHeaderText(h string) string {
	h = strings.Join(strings.Fields(h), " ")
	return strings.ReplaceAll(h, "->", "→")
}

// globEscape quotes the characters a file-name pattern treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[]\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
