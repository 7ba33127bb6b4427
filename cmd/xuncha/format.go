package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"

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

// writeRows renders a result set. CSV neutralises cells that a spreadsheet would
// run as formulas; JSON keeps numbers as numbers.
func writeRows(w io.Writer, rows *sql.Rows, format string) (int, error) {
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	var (
		tw  *tabwriter.Writer
		cw  *csv.Writer
		out []map[string]any
	)
	switch format {
	case "table":
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
	case "csv":
		cw = csv.NewWriter(w)
		cw.Write(cols)
	case "json":
		out = []map[string]any{}
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
		switch format {
		case "table":
			cells := make([]string, len(cols))
			for i, v := range vals {
				cells[i] = truncate(strings.NewReplacer("\t", " ", "\n", " ").Replace(text(v)), 60)
			}
			fmt.Fprintln(tw, strings.Join(cells, "\t"))
		case "csv":
			cells := make([]string, len(cols))
			for i, v := range vals {
				cells[i] = neutralise(text(v))
			}
			cw.Write(cells)
		case "json":
			rec := make(map[string]any, len(cols))
			for i, v := range vals {
				rec[cols[i]] = jsonValue(v)
			}
			out = append(out, rec)
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	switch format {
	case "table":
		return n, tw.Flush()
	case "csv":
		cw.Flush()
		return n, cw.Error()
	default:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return n, enc.Encode(out)
	}
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// neutralise is report.Neutralise, the one formula guard of every spreadsheet the CLI writes.
func neutralise(s string) string { return report.Neutralise(s) }

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
		return fmt.Sprintf("%.6g", x)
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = text(p)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any, duckdb.Map:
		b, _ := json.Marshal(jsonValue(x))
		return string(b)
	}
	return fmt.Sprint(v)
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
		f, _ := new(big.Rat).SetFrac(x.Value, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(x.Scale)), nil)).Float64()
		return f
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
