package main

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/mattn/go-runewidth"

	"github.com/xuncha/xuncha/report"
)

var formats = []string{"table", "csv", "json"}

func checkFormat(f string, allowed []string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return usagef("--format %q: want one of %s", f, strings.Join(allowed, ", "))
}

// formatFromExt is the output format a file name asks for: .csv, .json or .xlsx.
func formatFromExt(path string) (string, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return "csv", nil
	case ".json":
		return "json", nil
	case ".xlsx":
		return "xlsx", nil
	}
	return "", usagef("-o %s: cannot tell the format from the name; use .csv, .json or .xlsx, or give --format", path)
}

// utf8BOM makes Excel on a Chinese Windows PC read a CSV as UTF-8 rather than GBK.
const utf8BOM = "\ufeff"

// outOpts say how writeResult renders a result set.
type outOpts struct {
	format string // table, csv, json or line
	// maxRows > 0 stops reading after that many rows and says so
	maxRows int
	// bom writes a UTF-8 byte order mark before CSV
	bom bool
}

// written is what writeResult rendered: rows, and whether more were left unread.
type written struct {
	rows      int
	truncated bool
}

// writeRows renders a whole result set.
func writeRows(w io.Writer, rows *sql.Rows, format string) (int, error) {
	r, err := writeResult(w, rows, outOpts{format: format})
	return r.rows, err
}

// writeResult streams a result set: table (aligned by display width), csv (cells a
// spreadsheet would run as formulas neutralised), json (an array of objects in column
// order, numbers as numbers) or line (one column per line, as the DuckDB shell's
// .mode line). With maxRows it stops after that many rows.
func writeResult(w io.Writer, rows *sql.Rows, o outOpts) (written, error) {
	var res written
	cols, err := rows.Columns()
	if err != nil {
		return res, err
	}
	var (
		tw  *tableWriter
		cw  *csv.Writer
		buf bytes.Buffer
	)
	switch o.format {
	case "table":
		tw = newTable(w)
		tw.row(cols)
	case "csv":
		if o.bom {
			io.WriteString(w, utf8BOM)
		}
		cw = csv.NewWriter(w)
		cw.Write(cols)
	case "json":
		io.WriteString(w, "[")
	}
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		keys[i], _ = marshalJSON(c)
	}
	nameWidth := 0
	for _, c := range cols {
		nameWidth = max(nameWidth, runewidth.StringWidth(c))
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	cells := make([]string, len(cols))
	for rows.Next() {
		if o.maxRows > 0 && res.rows == o.maxRows {
			res.truncated = true
			break
		}
		if err := rows.Scan(ptrs...); err != nil {
			return res, err
		}
		res.rows++
		switch o.format {
		case "table":
			for i, v := range vals {
				cells[i] = truncate(displayText(v), maxCellWidth)
			}
			tw.row(cells)
		case "csv":
			for i, v := range vals {
				cells[i] = report.Neutralise(text(v))
			}
			cw.Write(cells)
		case "json":
			buf.Reset()
			if res.rows > 1 {
				buf.WriteByte(',')
			}
			buf.WriteString("\n  {")
			for i, v := range vals {
				if i > 0 {
					buf.WriteString(", ")
				}
				b, err := marshalJSON(jsonValue(v))
				if err != nil {
					return res, fmt.Errorf("column %s: %w", cols[i], err)
				}
				buf.Write(keys[i])
				buf.WriteString(": ")
				buf.Write(b)
			}
			buf.WriteByte('}')
			if _, err := w.Write(buf.Bytes()); err != nil {
				return res, err
			}
		case "line":
			if res.rows > 1 {
				io.WriteString(w, "\n")
			}
			for i, v := range vals {
				fmt.Fprintf(w, "%s = %s\n", padLeft(cols[i], nameWidth), displayText(v))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	switch o.format {
	case "table":
		return res, tw.flush()
	case "csv":
		cw.Flush()
		return res, cw.Error()
	case "json":
		if res.rows > 0 {
			io.WriteString(w, "\n")
		}
		_, err := io.WriteString(w, "]\n")
		return res, err
	}
	return res, nil
}

func marshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// tableWriter aligns columns by display width, so that Chinese (two columns a
// character on a terminal) lines up; columns holding only numbers are right-aligned.
// It also accepts tab-separated lines through Write, like text/tabwriter.
type tableWriter struct {
	w       io.Writer
	rows    [][]string
	partial []byte
}

// maxCellWidth cuts long query values in a table (a summary or a JSON column).
const maxCellWidth = 60

func newTable(w io.Writer) *tableWriter { return &tableWriter{w: w} }

func (t *tableWriter) row(cells []string) {
	r := make([]string, len(cells))
	for i, c := range cells {
		r[i] = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(c)
	}
	t.rows = append(t.rows, r)
}

// Write takes lines of tab-separated cells.
func (t *tableWriter) Write(p []byte) (int, error) {
	t.partial = append(t.partial, p...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		t.row(strings.Split(string(t.partial[:i]), "\t"))
		t.partial = t.partial[i+1:]
	}
}

// Flush is flush, under the name text/tabwriter uses.
func (t *tableWriter) Flush() error { return t.flush() }

func (t *tableWriter) flush() error {
	if len(t.partial) > 0 {
		t.row(strings.Split(string(t.partial), "\t"))
		t.partial = nil
	}
	var widths []int
	var numeric []bool
	for ri, r := range t.rows {
		for i, c := range r {
			if i == len(widths) {
				widths = append(widths, 0)
				numeric = append(numeric, true)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
			if ri > 0 && c != "" && !looksNumeric(c) {
				numeric[i] = false
			}
		}
	}
	if len(t.rows) < 2 {
		clear(numeric)
	}
	var b strings.Builder
	for _, r := range t.rows {
		b.Reset()
		for i, c := range r {
			last := i == len(r)-1
			switch {
			case numeric[i]:
				b.WriteString(padLeft(c, widths[i]))
			case last:
				b.WriteString(c)
			default:
				b.WriteString(c)
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)))
			}
			if !last {
				b.WriteString("  ")
			}
		}
		if _, err := io.WriteString(t.w, strings.TrimRight(b.String(), " ")+"\n"); err != nil {
			return err
		}
	}
	t.rows = nil
	return nil
}

func padLeft(s string, width int) string {
	return strings.Repeat(" ", max(0, width-runewidth.StringWidth(s))) + s
}

// looksNumeric: digits with an optional sign, separators and decimal point.
func looksNumeric(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ',' || r == '.':
		case (r == '-' || r == '+') && i == 0:
		default:
			return false
		}
	}
	return digits > 0
}

// text is a value as a machine reads it back (CSV): no thousands separators, no exponent.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case duckdb.Decimal:
		return decimalString(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = text(p)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any, duckdb.Map:
		b, _ := marshalJSON(jsonValue(x))
		return string(b)
	}
	return fmt.Sprint(v)
}

// displayText is a value as people write it: money and other decimals with thousands
// separators, no exponents. Integers stay as they are (years, codes, counts).
func displayText(v any) string {
	switch x := v.(type) {
	case duckdb.Decimal:
		return groupDigits(decimalString(x))
	case float64:
		return humanNumber(x)
	case float32:
		return humanNumber(float64(x))
	}
	return text(v)
}

// humanNumber prints a float with six significant digits at most, thousands
// separators and no exponent: 1e6 → 1,000,000; 0.03 → 0.03; 87.53421 → 87.5342.
func humanNumber(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'g', -1, 64)
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return groupDigits(strconv.FormatFloat(x, 'f', 0, 64))
	case math.Abs(x) < 1e-4 || math.Abs(x) >= 1e15:
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	intDigits := int(math.Floor(math.Log10(math.Abs(x)))) + 1
	s := strconv.FormatFloat(x, 'f', max(0, 6-intDigits), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return groupDigits(s)
}

// groupDigits puts commas between thousands of a plain decimal number string.
func groupDigits(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		sign, s = s[:1], s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if len(intPart) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	lead := len(intPart) % 3
	if lead > 0 {
		b.WriteString(intPart[:lead])
	}
	for i := lead; i < len(intPart); i += 3 {
		if b.Len() > len(sign) {
			b.WriteByte(',')
		}
		b.WriteString(intPart[i : i+3])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

func decimalString(d duckdb.Decimal) string {
	if d.Value == nil {
		return ""
	}
	r := new(big.Rat).SetFrac(d.Value, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Scale)), nil))
	return r.FloatString(int(d.Scale))
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case duckdb.Decimal:
		if x.Value == nil {
			return nil
		}
		return json.Number(decimalString(x)) // 240000.50 keeps its cents
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return text(x)
		}
		return x
	case time.Time:
		return text(x)
	case []byte:
		return string(x)
	case []any:
		out := make([]any, len(x))
		for i, p := range x {
			out[i] = jsonValue(p)
		}
		return out
	case duckdb.Map:
		out := map[string]any{}
		for k, val := range x {
			out[fmt.Sprint(k)] = jsonValue(val)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, val := range x {
			out[k] = jsonValue(val)
		}
		return out
	}
	return v
}

// writeXLSX renders a result set as a workbook; numbers stay numbers.
func writeXLSX(w io.Writer, rows *sql.Rows) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		rec := make([]any, len(cols))
		for i, v := range vals {
			switch x := jsonValue(v).(type) {
			case json.Number:
				rec[i], _ = x.Float64()
			case nil, float64, float32, int64, int32, int, bool:
				rec[i] = x
			default:
				rec[i] = text(v)
			}
		}
		out = append(out, rec)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return report.WriteTableXLSX(w, "查询结果", cols, out)
}

// truncate cuts s to at most n display columns, marking the cut with ….
func truncate(s string, n int) string { return runewidth.Truncate(s, n, "…") }

// isRegularFile: w is a file on disk (stdout redirected with >), not a terminal or a pipe.
func isRegularFile(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode().IsRegular()
}
