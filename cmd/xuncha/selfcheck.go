package main

import (
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/xuncha/xuncha/report"
	"github.com/xuncha/xuncha/selfcheck"
	"github.com/xuncha/xuncha/transform"
)

func init() {
	register(command{name: "selfcheck",
		summary: `self-inspection against the plan: selfcheck --institution X --year Y [--format table|csv|json]; selfcheck match --checklist BN-L|BN-P|ZB-L "text"; selfcheck override --institution X --checklist ID`,
		run:     runSelfcheck})
}

const selfcheckUsage = `want one of:
  xuncha selfcheck --institution CODE|NAME [--year Y] [--format table|csv|json]
  xuncha selfcheck match --checklist BN-L|BN-P|ZB-L [--format table|csv] "item text"
  xuncha selfcheck override --institution CODE --checklist BN-L|BN-P|ZB-L|none [--note TEXT]`

func runSelfcheck(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "match":
			return runSelfcheckMatch(e, args[1:])
		case "override":
			return runSelfcheckOverride(e, args[1:])
		}
		if !strings.HasPrefix(args[0], "-") {
			return usagef("unknown selfcheck subcommand %q; %s", args[0], selfcheckUsage)
		}
	}
	return runSelfcheckReport(e, args)
}

// runSelfcheckMatch prints the top 3 clauses for one sentence. With --format csv the output is
// exactly the header rank,clause_id,score,clause_text and up to three rows, best first.
func runSelfcheckMatch(e *env, args []string) error {
	fs := e.newFlags("selfcheck match", `--checklist BN-L|BN-P|ZB-L [--format table|csv] "item text"`)
	checklist := fs.String("checklist", "", "BN-L, BN-P or ZB-L")
	format := fs.String("format", "table", "table or csv")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, []string{"table", "csv"}); err != nil {
		return err
	}
	if _, err := selfcheck.Checklist(*checklist); err != nil {
		return usagef("--checklist %q: want one of %s", *checklist, strings.Join(selfcheck.ChecklistIDs(), ", "))
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if text == "" {
		return usagef("give the self-inspection text to match")
	}
	return selfcheck.WriteMatches(e.stdout, selfcheck.MatchText(*checklist, text, 3), *format)
}

// runSelfcheckOverride sets (or with --checklist none removes) an institution's checklist.
func runSelfcheckOverride(e *env, args []string) error {
	fs := e.newFlags("selfcheck override", "--institution CODE --checklist BN-L|BN-P|ZB-L|none [--note TEXT]")
	inst := fs.String("institution", "", "institution code")
	checklist := fs.String("checklist", "", "BN-L, BN-P or ZB-L; none removes the override")
	note := fs.String("note", "", "why (kept with the override)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*inst) == "" || strings.TrimSpace(*checklist) == "" {
		return usagef("give --institution and --checklist")
	}
	id := *checklist
	if strings.EqualFold(id, "none") {
		id = ""
	} else if _, err := selfcheck.ResolveChecklist(id, "", "", ""); err != nil {
		return usagef("--checklist %q: want one of %s or none", id, strings.Join(selfcheck.ChecklistIDs(), ", "))
	}
	db, err := e.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := transform.SetChecklistOverride(e.ctx, db.DB, *inst, id, *note); err != nil {
		return err
	}
	if id == "" {
		fmt.Fprintf(e.stdout, "%s: override removed; the registry decides from the next `xuncha build`\n", *inst)
	} else {
		fmt.Fprintf(e.stdout, "%s: checklist %s from the next `xuncha build`\n", *inst, strings.ToUpper(id))
	}
	return nil
}

// ---- the checklist of one institution-year, clause by clause ----

// Clause statuses.
const (
	statusAddressed    = "addressed"    // a row matches the clause best, confidently
	statusGap          = "gap"          // SELF_COVERAGE_GAP
	statusContradicted = "contradicted" // SELF_CONTRADICTION
)

var statusZH = map[string]string{statusAddressed: "已覆盖", statusGap: "未覆盖", statusContradicted: "自查与数据矛盾"}

// selfRow is one self-inspection row as the report shows it.
type selfRow struct {
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

// dataFlag is a flag of another rule bearing on a clause.
type dataFlag struct {
	Rule     string `json:"rule_id"`
	Subject  string `json:"subject"`
	Severity string `json:"severity"`
	Summary  string `json:"summary_zh"`
}

type clauseStatus struct {
	ID        string     `json:"clause_id"`
	Area      string     `json:"area"`
	Section   string     `json:"section"`
	Text      string     `json:"clause_text"`
	Status    string     `json:"status"`
	Rows      []selfRow  `json:"rows"`
	DataFlags []dataFlag `json:"data_flags"`
}

type selfcheckReport struct {
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
	Clauses         []clauseStatus `json:"clauses"`
	Unmatched       []selfRow      `json:"unmatched_rows"`
}

func runSelfcheckReport(e *env, args []string) error {
	fs := e.newFlags("selfcheck", "--institution CODE|NAME [--year Y] [--format table|csv|json]")
	inst := fs.String("institution", "", "institution code or name (substring)")
	year := fs.Int("year", 0, "year of the self-report (default: the latest)")
	format := fs.String("format", "table", "table, csv or json")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return usagef("unexpected %q; %s", fs.Args()[0], selfcheckUsage)
	}
	if strings.TrimSpace(*inst) == "" {
		return usagef("give --institution; %s", selfcheckUsage)
	}
	if err := checkFormat(*format, formats); err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := loadSelfcheckReport(e, db.DB, strings.TrimSpace(*inst), *year)
	if err != nil {
		return err
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(e.stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	case "csv":
		return writeSelfcheckCSV(e.stdout, r)
	}
	return writeSelfcheckTable(e.stdout, r)
}

func loadSelfcheckReport(e *env, db *sql.DB, inst string, year int) (*selfcheckReport, error) {
	ctx := e.ctx
	// The institution: a code, else a unique name substring.
	var codes, names []string
	rows, err := db.QueryContext(ctx, `
		select distinct m.institution_code, coalesce(i.name, '')
		from mart_self_inspection_match m
		left join stg_institutions i using (institution_code)
		where m.institution_code = ? or i.name like '%' || ? || '%'
		order by 1`, inst, inst)
	if err != nil {
		if strings.Contains(err.Error(), "mart_self_inspection_match") {
			return nil, errNotBuilt
		}
		return nil, err
	}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			rows.Close()
			return nil, err
		}
		codes, names = append(codes, c), append(names, n)
	}
	rows.Close()
	r := &selfcheckReport{Counts: map[string]int{statusAddressed: 0, statusGap: 0, statusContradicted: 0},
		Clauses: []clauseStatus{}, Unmatched: []selfRow{}}
	switch {
	case len(codes) == 0:
		return nil, fmt.Errorf("no self-inspection rows for %q (is its 自查自纠 report ingested and `xuncha build` run?)", inst)
	case len(codes) > 1:
		for i, c := range codes {
			if c == inst {
				codes, names = codes[i:i+1], names[i:i+1]
				break
			}
		}
		if len(codes) > 1 {
			var both []string
			for i := range codes {
				both = append(both, codes[i]+" "+names[i])
			}
			return nil, usagef("--institution %q names %d institutions: %s", inst, len(codes), strings.Join(both, ", "))
		}
	}
	r.Institution, r.Name = codes[0], names[0]

	// The year: given, else the latest report.
	var years []int
	rows, err = db.QueryContext(ctx, `select distinct year from mart_self_inspection_match where institution_code = ? and year is not null order by 1`, r.Institution)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			rows.Close()
			return nil, err
		}
		years = append(years, y)
	}
	rows.Close()
	if len(years) == 0 {
		return nil, fmt.Errorf("%s: the self-inspection rows have no year", r.Institution)
	}
	r.Year = years[len(years)-1]
	if year != 0 {
		found := false
		for _, y := range years {
			found = found || y == year
		}
		if !found {
			return nil, fmt.Errorf("%s has no self-inspection report of %d (it has: %s)", r.Institution, year, joinInts(years))
		}
		r.Year = year
	}

	// The threshold the coverage rule used.
	r.MinConfidence = selfcheck.MinConfidence
	var mc sql.NullFloat64
	if err := db.QueryRowContext(ctx, `select max(value) from meta.rule_param where rule_id = 'SELF_COVERAGE_GAP' and param = 'min_confidence'`).Scan(&mc); err == nil && mc.Valid {
		r.MinConfidence = mc.Float64
	}

	// Checklist, rows, and what matched.
	var checklist, source, reason sql.NullString
	err = db.QueryRowContext(ctx, `
		select max(checklist), max(checklist_source), max(reason) filter (where checklist is null),
		       count(distinct (file_id, sheet, row_no)),
		       count(distinct (file_id, sheet, row_no)) filter (where rank = 1 and confidence >= ?)
		from mart_self_inspection_match where institution_code = ? and year = ?`,
		r.MinConfidence, r.Institution, r.Year).Scan(&checklist, &source, &reason, &r.Rows, &r.Matched)
	if err != nil {
		return nil, err
	}
	r.Checklist, r.ChecklistSource = checklist.String, source.String
	if !checklist.Valid {
		r.NotAssessed = reason.String
	}

	byClause := map[string][]selfRow{}
	rows, err = db.QueryContext(ctx, `
		select coalesce(clause_id, ''), coalesce(file_name, ''), sheet, row_no, coalesce(item_text, ''),
		       coalesce(status, ''), coalesce(issue, ''), confidence, coalesce(reason, ''),
		       rank = 1 and confidence >= ? as is_match
		from mart_self_inspection_match
		where institution_code = ? and year = ? and (rank = 1 or rank is null)
		order by file_id, sheet, row_no`, r.MinConfidence, r.Institution, r.Year)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s selfRow
		var clause string
		var isMatch sql.NullBool
		if err := rows.Scan(&clause, &s.File, &s.Sheet, &s.Row, &s.Text, &s.Status, &s.Issue, &s.Confidence, &s.Reason, &isMatch); err != nil {
			rows.Close()
			return nil, err
		}
		if isMatch.Bool {
			s.Reason = ""
			byClause[clause] = append(byClause[clause], s)
		} else {
			s.BestClause = clause
			r.Unmatched = append(r.Unmatched, s)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Flags of the year: the two self-inspection rules by clause, and the data flags by clause.
	flagged := map[string]string{}
	dataByClause := map[string][]dataFlag{}
	rows, err = db.QueryContext(ctx, `
		select f.rule_id, f.subject, f.severity, f.summary_zh, coalesce(f.clause_ids, []::varchar[]), coalesce(c.area, '')
		from mart_risk_flags f
		left join meta.rule_catalog c using (rule_id)
		where f.institution_code = ? and f.year = ?
		order by f.rule_id, f.subject`, r.Institution, r.Year)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var d dataFlag
		var clauses []any // VARCHAR[]
		var area string
		if err := rows.Scan(&d.Rule, &d.Subject, &d.Severity, &d.Summary, &clauses, &area); err != nil {
			rows.Close()
			return nil, err
		}
		switch {
		case d.Rule == "SELF_CONTRADICTION":
			flagged[d.Subject] = statusContradicted
		case d.Rule == "SELF_COVERAGE_GAP":
			if flagged[d.Subject] == "" {
				flagged[d.Subject] = statusGap
			}
		case area != "自查与整改":
			for _, c := range clauses {
				if id, ok := c.(string); ok && id != "" {
					dataByClause[id] = append(dataByClause[id], d)
				}
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
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
			st = statusAddressed
			if len(byClause[c.ID]) == 0 {
				// not flagged (e.g. built before the rule existed) and nothing matched
				st = statusGap
			}
		}
		cs := clauseStatus{ID: c.ID, Area: c.AreaTitle, Section: c.SectionTitle, Text: c.Text, Status: st,
			Rows: byClause[c.ID], DataFlags: dataByClause[c.ID]}
		if cs.Rows == nil {
			cs.Rows = []selfRow{}
		}
		if cs.DataFlags == nil {
			cs.DataFlags = []dataFlag{}
		}
		r.Counts[st]++
		r.Clauses = append(r.Clauses, cs)
	}
	return r, nil
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = fmt.Sprint(x)
	}
	return strings.Join(parts, ", ")
}

// selfcheckCSVHeader: one line per clause and matched row (a clause without rows once), then
// the unmatched rows with status "unmatched" and their weak best candidate as clause_id.
var selfcheckCSVHeader = []string{"clause_id", "status", "clause_text", "file_name", "sheet", "row_no",
	"item_text", "self_status", "issue", "confidence", "data_flags"}

func writeSelfcheckCSV(w io.Writer, r *selfcheckReport) error {
	cw := csv.NewWriter(w)
	cw.Write(selfcheckCSVHeader)
	line := func(clause, status, text string, s *selfRow, flags []dataFlag) {
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
			rec[i] = report.Neutralise(rec[i])
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

func writeSelfcheckTable(w io.Writer, r *selfcheckReport) error {
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
			len(r.Clauses), r.Counts[statusAddressed], r.Counts[statusGap], r.Counts[statusContradicted])
	}
	fmt.Fprintln(w)
	area := ""
	for _, c := range r.Clauses {
		if c.Area != area {
			area = c.Area
			fmt.Fprintf(w, "\n%s\n", area)
		}
		mark := map[string]string{statusAddressed: "  ", statusGap: "△ ", statusContradicted: "✗ "}[c.Status]
		fmt.Fprintf(w, "%s%-11s %-12s %s\n", mark, c.ID, c.Status, clip(c.Text, 50))
		for _, s := range c.Rows {
			fmt.Fprintf(w, "      ← %s %s!%d  %s  %s%s  (%.2f)\n", s.File, s.Sheet, s.Row, orDash(s.Status),
				clip(s.Text, 40), issueNote(s.Issue), s.Confidence)
		}
		if c.Status != statusAddressed {
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

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	return truncate(s, n)
}

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
