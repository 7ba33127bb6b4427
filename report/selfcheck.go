package report

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuncha/xuncha/selfcheck"
)

// Clause statuses of a self-check.
const (
	ClauseAddressed    = "addressed"    // a row matches the clause best, confidently
	ClauseGap          = "gap"          // SELF_COVERAGE_GAP
	ClauseContradicted = "contradicted" // SELF_CONTRADICTION
)

// SelfRow is one self-inspection row as the self-check shows it.
type SelfRow struct {
	File       string  `json:"file_name"`
	Sheet      string  `json:"sheet"`
	Row        int     `json:"row_no"`
	Text       string  `json:"item_text"`
	Status     string  `json:"status"`
	Issue      string  `json:"issue"`
	Confidence float64 `json:"confidence"`
	BestClause string  `json:"best_clause,omitempty"` // unmatched rows: the weak best candidate
	Reason     string  `json:"reason,omitempty"`
}

// DataFlag is a flag of another rule bearing on a clause.
type DataFlag struct {
	Rule     string `json:"rule_id"`
	Subject  string `json:"subject"`
	Severity string `json:"severity"`
	Summary  string `json:"summary_zh"`
}

// ClauseStatus is one clause of the institution's checklist and what bears on it.
type ClauseStatus struct {
	ID        string     `json:"clause_id"`
	Area      string     `json:"area"`
	Section   string     `json:"section"`
	Text      string     `json:"clause_text"`
	Status    string     `json:"status"`
	Rows      []SelfRow  `json:"rows"`
	DataFlags []DataFlag `json:"data_flags"`
}

// Selfcheck is an institution's self-inspection report of a year read clause by clause against
// its checklist.
type Selfcheck struct {
	Institution     string         `json:"institution_code"`
	Name            string         `json:"name"`
	Year            int            `json:"year"`
	Checklist       string         `json:"checklist"`
	ChecklistSource string         `json:"checklist_source"`
	NotAssessed     string         `json:"not_assessed,omitempty"` // why no checklist applies
	Rows            int            `json:"rows"`
	Matched         int            `json:"matched_rows"`
	MinConfidence   float64        `json:"min_confidence"`
	Counts          map[string]int `json:"clause_counts"`
	Clauses         []ClauseStatus `json:"clauses"`
	Unmatched       []SelfRow      `json:"unmatched_rows"`
}

// ErrNoSelfReport means the institution has no self-inspection rows (in the year asked).
var ErrNoSelfReport = errors.New("no self-inspection report")

// LoadSelfcheck reads the self-check of one institution (code, name or alias, as
// ResolveInstitution finds it) for year, or for its latest report when year is 0.
func LoadSelfcheck(ctx context.Context, db DB, institution string, year int) (*Selfcheck, error) {
	inst, err := ResolveInstitution(ctx, db, institution)
	if errors.Is(err, ErrNoInstitution) {
		return nil, fmt.Errorf("%w: no self-inspection rows for %q: %w", ErrNoSelfReport, institution, err)
	}
	if err != nil {
		return nil, err
	}
	r := &Selfcheck{Institution: inst.Code, Name: inst.Name,
		Counts:  map[string]int{ClauseAddressed: 0, ClauseGap: 0, ClauseContradicted: 0},
		Clauses: []ClauseStatus{}, Unmatched: []SelfRow{}}

	var years []int
	if err := scanAll(ctx, db, "selfcheck_years", []any{r.Institution}, func(rows *sql.Rows) error {
		var y int
		err := rows.Scan(&y)
		years = append(years, y)
		return err
	}); err != nil {
		return nil, err
	}
	switch {
	case len(years) == 0:
		return nil, fmt.Errorf("%w: no self-inspection rows for %s (is its 自查自纠 report ingested and `xuncha build` run?)", ErrNoSelfReport, inst.Label())
	case year == 0:
		r.Year = years[len(years)-1]
	case !slices.Contains(years, year):
		ys := make([]string, len(years))
		for i, y := range years {
			ys[i] = strconv.Itoa(y)
		}
		return nil, fmt.Errorf("%w: %s has no self-inspection report of %d (it has: %s)", ErrNoSelfReport, r.Institution, year, strings.Join(ys, ", "))
	default:
		r.Year = year
	}

	if err := scanOne(ctx, db, "rule_param", []any{"SELF_COVERAGE_GAP", "min_confidence"}, &r.MinConfidence); err != nil {
		return nil, err
	}
	var checklist, source, reason sql.NullString
	if err := scanOne(ctx, db, "selfcheck_summary", []any{r.Institution, r.Year},
		&checklist, &source, &reason, &r.Rows, &r.Matched); err != nil {
		return nil, err
	}
	r.Checklist, r.ChecklistSource = checklist.String, source.String
	if !checklist.Valid {
		r.NotAssessed = reason.String
	}

	byClause := map[string][]SelfRow{}
	if err := scanAll(ctx, db, "selfcheck_rows", []any{r.Institution, r.Year}, func(rows *sql.Rows) error {
		var s SelfRow
		var clause string
		var isMatch bool
		if err := rows.Scan(&clause, &s.File, &s.Sheet, &s.Row, &s.Text, &s.Status, &s.Issue, &s.Confidence, &s.Reason, &isMatch); err != nil {
			return err
		}
		if isMatch {
			s.Reason = ""
			byClause[clause] = append(byClause[clause], s)
		} else {
			s.BestClause = clause
			r.Unmatched = append(r.Unmatched, s)
		}
		return nil
	}); err != nil {
		return nil, err
	}

	// Flags of the year: the two self-inspection rules by clause, and the data flags by clause.
	flags, err := flagRows(ctx, db, r.Institution, r.Year)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(flags, func(a, b Flag) int {
		return strings.Compare(a.RuleID+"\x00"+a.Subject, b.RuleID+"\x00"+b.Subject)
	})
	flagged := map[string]string{}
	dataByClause := map[string][]DataFlag{}
	for _, f := range flags {
		switch {
		case f.RuleID == "SELF_CONTRADICTION":
			flagged[f.Subject] = ClauseContradicted
		case f.RuleID == "SELF_COVERAGE_GAP":
			if flagged[f.Subject] == "" {
				flagged[f.Subject] = ClauseGap
			}
		case f.Area != "自查与整改":
			for _, c := range f.Clauses {
				dataByClause[c.ID] = append(dataByClause[c.ID], DataFlag{Rule: f.RuleID, Subject: f.Subject, Severity: f.Severity, Summary: f.SummaryZH})
			}
		}
	}

	if r.Checklist == "" {
		return r, nil
	}
	cl, err := selfcheck.Checklist(r.Checklist)
	if err != nil {
		return nil, err
	}
	for _, c := range cl {
		st := flagged[c.ID]
		if st == "" {
			st = ClauseAddressed
			if len(byClause[c.ID]) == 0 {
				// not flagged (e.g. built before the rule existed) and nothing matched
				st = ClauseGap
			}
		}
		cs := ClauseStatus{ID: c.ID, Area: c.AreaTitle, Section: c.SectionTitle, Text: c.Text, Status: st,
			Rows: byClause[c.ID], DataFlags: dataByClause[c.ID]}
		if cs.Rows == nil {
			cs.Rows = []SelfRow{}
		}
		if cs.DataFlags == nil {
			cs.DataFlags = []DataFlag{}
		}
		r.Counts[st]++
		r.Clauses = append(r.Clauses, cs)
	}
	return r, nil
}

// WriteSelfcheckJSON writes the self-check as indented JSON.
func WriteSelfcheckJSON(w io.Writer, r *Selfcheck) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// SelfcheckCSVHeader: one line per clause and matched row (a clause without rows once), then
// the unmatched rows with status "unmatched" and their weak best candidate as clause_id.
var SelfcheckCSVHeader = []string{"clause_id", "status", "clause_text", "file_name", "sheet", "row_no",
	"item_text", "self_status", "issue", "confidence", "data_flags"}

// WriteSelfcheckCSV writes the self-check as CSV, formulas neutralised.
func WriteSelfcheckCSV(w io.Writer, r *Selfcheck) error {
	cw := csv.NewWriter(w)
	cw.Write(SelfcheckCSVHeader)
	line := func(clause, status, text string, s *SelfRow, flags []DataFlag) {
		var rules []string
		for _, d := range flags {
			rules = append(rules, d.Rule+" "+d.Subject)
		}
		rec := []string{clause, status, text, "", "", "", "", "", "", "", strings.Join(rules, "; ")}
		if s != nil {
			rec[3], rec[4], rec[5], rec[6], rec[7], rec[8] = s.File, s.Sheet, fmt.Sprint(s.Row), s.Text, s.Status, s.Issue
			rec[9] = fmt.Sprintf("%.3f", s.Confidence)
		}
		for i := range rec {
			rec[i] = Neutralise(rec[i])
		}
		cw.Write(rec)
	}
	for _, c := range r.Clauses {
		if len(c.Rows) == 0 {
			line(c.ID, c.Status, c.Text, nil, c.DataFlags)
		}
		for i := range c.Rows {
			line(c.ID, c.Status, c.Text, &c.Rows[i], c.DataFlags)
		}
	}
	for i := range r.Unmatched {
		line(r.Unmatched[i].BestClause, "unmatched", "", &r.Unmatched[i], nil)
	}
	cw.Flush()
	return cw.Error()
}

// WriteSelfcheckTable writes the self-check for a terminal: the checklist area by area, each
// clause with its status, the rows that address it and the data flags that contradict it.
func WriteSelfcheckTable(w io.Writer, r *Selfcheck) error {
	name := r.Institution
	if r.Name != "" {
		name = r.Name + "（" + r.Institution + "）"
	}
	fmt.Fprintf(w, "%s · %d年自查自纠 · ", name, r.Year)
	if r.Checklist == "" {
		fmt.Fprintf(w, "无适用清单\n%s\n", r.NotAssessed)
		fmt.Fprintf(w, "use `xuncha selfcheck override --institution %s --checklist BN-L|BN-P|ZB-L` and rebuild to read it against a checklist\n", r.Institution)
	} else {
		fmt.Fprintf(w, "清单 %s（%s）\n", r.Checklist, map[string]string{"override": "人工指定", "registry": "按机构名录"}[r.ChecklistSource])
	}
	fmt.Fprintf(w, "自查条目 %d 条：匹配 %d，未匹配 %d（置信度 < %.2f）", r.Rows, r.Matched, r.Rows-r.Matched, r.MinConfidence)
	if r.Checklist != "" {
		fmt.Fprintf(w, " · 条款 %d：addressed 已覆盖 %d，gap 未覆盖 %d，contradicted 矛盾 %d",
			len(r.Clauses), r.Counts[ClauseAddressed], r.Counts[ClauseGap], r.Counts[ClauseContradicted])
	}
	fmt.Fprintln(w)
	area := ""
	for _, c := range r.Clauses {
		if c.Area != area {
			area = c.Area
			fmt.Fprintf(w, "\n%s\n", area)
		}
		mark := map[string]string{ClauseAddressed: "  ", ClauseGap: "△ ", ClauseContradicted: "✗ "}[c.Status]
		fmt.Fprintf(w, "%s%-11s %-12s %s\n", mark, c.ID, c.Status, clip(c.Text, 50))
		for _, s := range c.Rows {
			fmt.Fprintf(w, "      ← %s %s!%d  %s  %s%s  (%.2f)\n", s.File, s.Sheet, s.Row, orDash(s.Status),
				clip(s.Text, 40), issueNote(s.Issue), s.Confidence)
		}
		if c.Status != ClauseAddressed {
			for _, d := range c.DataFlags {
				fmt.Fprintf(w, "      ! %s %s [%s] %s\n", d.Rule, d.Subject, d.Severity, clip(d.Summary, 60))
			}
		}
	}
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(w, "\n未匹配的自查条目（%d 条，请人工对照）\n", len(r.Unmatched))
		for _, s := range r.Unmatched {
			best := "无候选"
			if s.BestClause != "" {
				best = fmt.Sprintf("最接近 %s (%.2f)", s.BestClause, s.Confidence)
			}
			fmt.Fprintf(w, "  ? %s %s!%d  %s  — %s\n", s.File, s.Sheet, s.Row, clip(s.Text, 40), best)
		}
	}
	return nil
}

// clip joins s's whitespace runs and cuts it to n display columns.
func clip(s string, n int) string { return truncateWidth(strings.Join(strings.Fields(s), " "), n) }

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func issueNote(issue string) string {
	if strings.TrimSpace(issue) == "" {
		return ""
	}
	return "｜存在问题：" + clip(issue, 30)
}
