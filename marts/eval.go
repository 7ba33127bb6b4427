package marts

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// RuleScore is one rule's agreement with the ground truth.
type RuleScore struct {
	Rule                  string
	Implemented           bool
	Truth, Flagged, Found int // Found = flags that are in the truth
	Precision, Recall     float64
	Missed, Extra         []string // "INST/YEAR/subject", first few
}

// Evaluation compares mart_risk_flags with truth.csv (rule_id, institution_code, year, subject)
// and the rejected rows (stg_rejected) with truth_rejects.csv (file, sheet, row, reason).
type Evaluation struct {
	Rules                            []RuleScore
	RejectsTruth, RejectsGot, Agreed int
	MissedRejects, ExtraRejects      []string
}

// Evaluate scores the warehouse's flags against the truth files; dataDir is where the
// ingested files were (truth_rejects paths are relative to it).
func Evaluate(ctx context.Context, db *warehouse.DB, truthPath string) (*Evaluation, error) {
	truth, err := readCSV(truthPath, []string{"rule_id", "institution_code", "year", "subject"})
	if err != nil {
		return nil, err
	}
	want := map[string]map[string]bool{}
	for _, r := range truth {
		key := r[1] + "/" + r[2] + "/" + r[3]
		if want[r[0]] == nil {
			want[r[0]] = map[string]bool{}
		}
		want[r[0]][key] = true
	}
	got := map[string]map[string]bool{}
	q, err := fs.ReadFile(xsql.FS, "eval/flags.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, string(q))
	if err != nil {
		return nil, fmt.Errorf("read flags (run `xuncha build` first): %w", err)
	}
	for rows.Next() {
		var rule, inst, subject string
		var year int
		if err := rows.Scan(&rule, &inst, &year, &subject); err != nil {
			rows.Close()
			return nil, err
		}
		if got[rule] == nil {
			got[rule] = map[string]bool{}
		}
		got[rule][fmt.Sprintf("%s/%d/%s", inst, year, subject)] = true
	}
	rows.Close()
	ev := &Evaluation{}
	for _, r := range Catalog {
		s := RuleScore{Rule: r.ID, Implemented: r.Implemented(), Truth: len(want[r.ID]), Flagged: len(got[r.ID])}
		for k := range got[r.ID] {
			if want[r.ID][k] {
				s.Found++
			} else {
				s.Extra = append(s.Extra, k)
			}
		}
		for k := range want[r.ID] {
			if !got[r.ID][k] {
				s.Missed = append(s.Missed, k)
			}
		}
		sort.Strings(s.Missed)
		sort.Strings(s.Extra)
		s.Precision, s.Recall = ratio(s.Found, s.Flagged), ratio(s.Found, s.Truth)
		ev.Rules = append(ev.Rules, s)
	}
	return ev, ev.rejects(ctx, db, filepath.Join(filepath.Dir(truthPath), "truth_rejects.csv"))
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (ev *Evaluation) rejects(ctx context.Context, db *warehouse.DB, path string) error {
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	truth, err := readCSV(path, []string{"file", "sheet", "row"})
	if err != nil {
		return err
	}
	base, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return err
	}
	want := map[string]bool{}
	for _, r := range truth {
		want[filepath.ToSlash(filepath.Join(base, r[0]))+"|"+r[1]+"|"+r[2]] = true
	}
	q, err := fs.ReadFile(xsql.FS, "eval/rejects.sql")
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, string(q))
	if err != nil {
		return err
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var p, sheet string
		var row int
		if err := rows.Scan(&p, &sheet, &row); err != nil {
			return err
		}
		got[filepath.ToSlash(filepath.Clean(p))+"|"+sheet+"|"+strconv.Itoa(row)] = true
	}
	// a CSV has no sheet: truth may leave it empty, the ledger names the file
	for k := range got {
		parts := strings.SplitN(k, "|", 3)
		if alt := parts[0] + "||" + parts[2]; want[alt] && !want[k] {
			delete(got, k)
			got[alt] = true
		}
	}
	for k := range got {
		if want[k] {
			ev.Agreed++
		} else {
			ev.ExtraRejects = append(ev.ExtraRejects, k)
		}
	}
	for k := range want {
		if !got[k] {
			ev.MissedRejects = append(ev.MissedRejects, k)
		}
	}
	sort.Strings(ev.MissedRejects)
	sort.Strings(ev.ExtraRejects)
	ev.RejectsTruth, ev.RejectsGot = len(want), len(got)
	return rows.Err()
}

func readCSV(path string, header []string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, h := range header {
		if i >= len(head) || strings.TrimPrefix(head[i], "\ufeff") != h {
			return nil, fmt.Errorf("%s: want header %s", path, strings.Join(header, ","))
		}
	}
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) < len(header) {
			return nil, fmt.Errorf("%s: line %d has %d fields", path, len(out)+2, len(rec))
		}
		out = append(out, rec)
	}
}

// Failing lists implemented rules below the bars, in catalog order.
func (ev *Evaluation) Failing(minRecall, minPrecision float64) []RuleScore {
	var out []RuleScore
	for _, s := range ev.Rules {
		if s.Implemented && s.Truth > 0 && (s.Recall < minRecall || s.Precision < minPrecision) {
			out = append(out, s)
		}
	}
	return out
}
