package selfcheck

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// ErrFormat is returned by WriteMatches for a format other than "csv" or "table".
var ErrFormat = errors.New(`unknown format (want "csv" or "table")`)

// CSVHeader is the exact header WriteMatches writes in "csv" format. Scripts rely on it.
const CSVHeader = "rank,clause_id,score,clause_text"

// WriteMatches writes matches best first.
//
// Format "csv" is a contract for scripts: exactly the header rank,clause_id,score,clause_text
// and at most three rows, score with three decimals, RFC 4180 quoting, "\n" line ends.
//
// Format "table" is for people: every match given, one per row, with rank, clause id, score, a
// mark for matches below MinConfidence ("?"), the reason and the full clause text; columns are
// aligned by display width (a Chinese character is two columns wide).
func WriteMatches(w io.Writer, ms []Match, format string) error {
	ms = append([]Match(nil), ms...)
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Score != ms[j].Score {
			return ms[i].Score > ms[j].Score
		}
		return ms[i].Rank < ms[j].Rank
	})
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(strings.Split(CSVHeader, ",")); err != nil {
			return err
		}
		for i, m := range ms {
			if i == 3 {
				break
			}
			rec := []string{strconv.Itoa(i + 1), m.ClauseID, strconv.FormatFloat(m.Score, 'f', 3, 64), m.Text}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case "table":
		rows := [][]string{{"rank", "clause", "score", "", "reason", "clause_text"}}
		for i, m := range ms {
			mark := ""
			if !Confident(m) {
				mark = "?"
			}
			rows = append(rows, []string{strconv.Itoa(i + 1), m.ClauseID, strconv.FormatFloat(m.Score, 'f', 3, 64), mark, m.Reason, m.Text})
		}
		widths := make([]int, len(rows[0]))
		for _, r := range rows {
			for c, s := range r {
				widths[c] = max(widths[c], displayWidth(s))
			}
		}
		var b strings.Builder
		for _, r := range rows {
			for c, s := range r {
				b.WriteString(s)
				if c == len(r)-1 {
					break
				}
				b.WriteString(strings.Repeat(" ", widths[c]-displayWidth(s)+2))
			}
			b.WriteByte('\n')
		}
		if len(ms) == 0 {
			b.WriteString("(no match)\n")
		} else if !Confident(ms[0]) {
			fmt.Fprintf(&b, "? = below MinConfidence %.2f: the text is unmatched\n", MinConfidence)
		}
		_, err := io.WriteString(w, b.String())
		return err
	}
	return fmt.Errorf("selfcheck: %w: %q", ErrFormat, format)
}

// displayWidth counts Chinese characters and full-width forms as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r), r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF60,
			r >= 0xFFE0 && r <= 0xFFE6, r >= 0xFE30 && r <= 0xFE4F, r >= 0x2E80 && r <= 0x2FDF:
			n += 2
		default:
			n++
		}
	}
	return n
}
