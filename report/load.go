package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/selfcheck"
	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// DB is what loading needs of a warehouse; *warehouse.DB and *sql.DB satisfy it.
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// ErrNotBuilt means a mart a query reads does not exist: the warehouse was never built, or
// built by a version without that mart. The error wrapping it names the mart.
var ErrNotBuilt = errors.New("the marts are not built yet: run `xuncha build` first")

// ErrNoInstitution wraps a name that matches no institution.
var ErrNoInstitution = errors.New("no such institution")

// AmbiguousError is a name that matches more than one institution.
type AmbiguousError struct {
	Query      string
	Candidates []Institution
}

func (e *AmbiguousError) Error() string {
	names := make([]string, len(e.Candidates))
	for i, c := range e.Candidates {
		names[i] = c.Label()
	}
	return fmt.Sprintf("%q matches %d institutions: %s; give the code", e.Query, len(e.Candidates), strings.Join(names, ", "))
}

// LoadOptions for LoadPrevisit and LoadTrend. The zero value suits the HTML report.
type LoadOptions struct {
	// EvidencePerFlag is how many evidence rows each flag carries; 0 means 10.
	// AllEvidence overrides it (the XLSX workbook lists every row) and, with SampleDraws, loads
	// the samples drawn for the visit (the workbook's pull list).
	EvidencePerFlag int
	AllEvidence     bool
	// Now stamps the report; nil means time.Now.
	Now func() time.Time
	// SampleDraws reads the samples drawn for the visit (the command log: the caller's
	// warehouse.DB.SampleDraws) for the workbook's pull list; nil: none.
	SampleDraws SampleDraws
}

// SampleDraws lists the samples `xuncha sample` drew for an institution-year.
type SampleDraws func(ctx context.Context, code string, year int) ([]warehouse.SampleDraw, error)

func (o LoadOptions) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o LoadOptions) evidenceLimit() int {
	switch {
	case o.AllEvidence:
		return 0
	case o.EvidencePerFlag > 0:
		return o.EvidencePerFlag
	}
	return 10
}

func queryText(name string) string {
	b, err := fs.ReadFile(xsql.FS, "report/"+name+".sql")
	if err != nil {
		panic("report: missing query " + name) // a build error in all but name
	}
	return string(b)
}

// scanAll runs a named query and calls fn for every row. A mart the query reads that does not
// exist means the warehouse was never built, or built by a version without it: ErrNotBuilt.
func scanAll(ctx context.Context, db DB, name string, args []any, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, queryText(name), args...)
	if err != nil {
		return queryError(name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("%s.sql: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return queryError(name, err)
	}
	return nil
}

// scanOne runs a named query that returns one row.
func scanOne(ctx context.Context, db DB, name string, args []any, dest ...any) error {
	if err := db.QueryRowContext(ctx, queryText(name), args...).Scan(dest...); err != nil {
		return queryError(name, err)
	}
	return nil
}

var missingMart = regexp.MustCompile(`Catalog Error: Table with name (mart_[a-z_]+) does not exist`)

func queryError(name string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if m := missingMart.FindStringSubmatch(err.Error()); m != nil {
		return fmt.Errorf("%w (%s is missing)", ErrNotBuilt, m[1])
	}
	return fmt.Errorf("%s.sql: %s", name, warehouse.FirstLine(err.Error()))
}

// loadInstitutions reads mart_institutions by code: every institution a report can be about,
// and those the registry lists.
func loadInstitutions(ctx context.Context, db DB) (all, registry map[string]Institution, err error) {
	all, registry = map[string]Institution{}, map[string]Institution{}
	err = scanAll(ctx, db, "institutions", nil, func(r *sql.Rows) error {
		var i Institution
		var registered bool
		if err := r.Scan(&i.Code, &i.Name, &i.Tier, &i.Grade, &i.Category, &i.District, &i.City, &registered); err != nil {
			return err
		}
		all[i.Code] = i
		if registered {
			registry[i.Code] = i
		}
		return nil
	})
	return all, registry, err
}

// ResolveInstitution finds an institution of mart_institutions by code, registered name or
// alias, then by a unique part of its code, name or aliases. A part that several institutions
// share is an *AmbiguousError listing them.
func ResolveInstitution(ctx context.Context, db DB, name string) (Institution, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Institution{}, fmt.Errorf("%w: no institution given", ErrNoInstitution)
	}
	all, _, err := loadInstitutions(ctx, db)
	if err != nil {
		return Institution{}, err
	}
	for _, q := range []string{"institution", "institution_like"} {
		var found []Institution
		if err := scanAll(ctx, db, q, []any{name}, func(r *sql.Rows) error {
			var code string
			err := r.Scan(&code)
			found = append(found, all[code])
			return err
		}); err != nil {
			return Institution{}, err
		}
		if len(found) == 1 || len(found) > 1 && found[0].Code == name {
			return found[0], nil
		}
		if len(found) > 1 {
			return Institution{}, &AmbiguousError{Query: name, Candidates: found}
		}
	}
	return Institution{}, fmt.Errorf("%w %q: neither in the registry nor a code with data (mart_institutions)", ErrNoInstitution, name)
}

// LoadPrevisit reads the pre-visit report of one institution (code, name or alias)
// and year.
func LoadPrevisit(ctx context.Context, db DB, institution string, year int, opt LoadOptions) (*Previsit, error) {
	inst, err := ResolveInstitution(ctx, db, institution)
	if err != nil {
		return nil, err
	}
	p := &Previsit{Institution: inst, Year: year, GeneratedAt: opt.now()}
	if p.Flags, err = loadFlags(ctx, db, inst.Code, year, opt.evidenceLimit()); err != nil {
		return nil, err
	}
	if err := attachHistory(ctx, db, inst.Code, year, p.Flags); err != nil {
		return nil, err
	}
	if p.Lookback, err = loadLookback(ctx, db, inst.Code, year); err != nil {
		return nil, err
	}
	if p.Coverage, err = loadCoverage(ctx, db, inst.Code, year, p.GeneratedAt); err != nil {
		return nil, err
	}
	if p.Coverage.Rules, err = loadRuleCoverage(ctx, db, inst.Code, year); err != nil {
		return nil, err
	}
	if p.Summary, err = loadSummary(ctx, db, inst.Code, year, p.Risks()); err != nil {
		return nil, err
	}
	p.OnSite = onSiteAreas(p.Risks())
	if p.SelfCheck, err = loadSelfCheck(ctx, db, inst.Code, year, p.Flags); err != nil {
		return nil, err
	}
	if p.Insurance, err = loadInsurance(ctx, db, inst.Code, year); err != nil {
		return nil, err
	}
	if p.Trend, err = loadInstitutionTrend(ctx, db, inst.Code, year); err != nil {
		return nil, err
	}
	if p.Thresholds, err = loadThresholds(ctx, db, p.Flags); err != nil {
		return nil, err
	}
	if opt.AllEvidence {
		if p.Samples, err = loadSampleDraws(ctx, db, inst, year, opt.SampleDraws); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// flagRows reads the flags of the institution-year, without their context and evidence.
func flagRows(ctx context.Context, db DB, code string, year int) ([]Flag, error) {
	var flags []Flag
	err := scanAll(ctx, db, "flags", []any{code, year}, func(r *sql.Rows) error {
		var f Flag
		var amount sql.NullFloat64
		var clauses []any // VARCHAR[]
		if err := r.Scan(&f.FlagID, &f.RuleID, &f.TitleZH, &f.Area, &f.Year, &f.Period, &f.Subject,
			&f.Severity, &f.Score, &amount, &f.EvidenceRows, &clauses, &f.SummaryZH, &f.Rank); err != nil {
			return err
		}
		if amount.Valid {
			v := amount.Float64
			f.AmountYuan = &v
		}
		if rule, ok := marts.RuleByID(f.RuleID); ok {
			if f.TitleZH == "" {
				f.TitleZH = rule.TitleZH
			}
			if f.Area == "" {
				f.Area = rule.Area
			}
		}
		f.Subject, f.SummaryZH = MaskIDs(f.Subject), MaskIDs(f.SummaryZH)
		for _, c := range clauses {
			if id, ok := c.(string); ok && id != "" {
				f.Clauses = append(f.Clauses, clauseOf(id))
			}
		}
		f.OnSite = OnSiteDocuments(f.RuleID, f.Area)
		flags = append(flags, f)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return flags, nil
}

func loadFlags(ctx context.Context, db DB, code string, year, evidenceLimit int) ([]Flag, error) {
	flags, err := flagRows(ctx, db, code, year)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*Flag, len(flags))
	for i := range flags {
		byID[flags[i].FlagID] = &flags[i]
	}
	err = scanAll(ctx, db, "flag_context", []any{code, year}, func(r *sql.Rows) error {
		var id, measures, thresholds string
		if err := r.Scan(&id, &measures, &thresholds); err != nil {
			return err
		}
		if f := byID[id]; f != nil {
			f.Measures = parseFigures(measures)
			f.Thresholds = parseFigures(thresholds)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = scanAll(ctx, db, "evidence", []any{code, year, evidenceLimit}, func(r *sql.Rows) error {
		e, err := scanEvidence(r)
		if f := byID[e.FlagID]; f != nil && err == nil {
			f.Evidence = append(f.Evidence, e)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return flags, nil
}

func scanEvidence(r *sql.Rows) (Evidence, error) {
	var e Evidence
	var date sql.NullTime
	var amount sql.NullFloat64
	err := r.Scan(&e.FlagID, &e.RuleID, &e.Dataset, &e.FileName, &e.FilePath, &e.Sheet, &e.RowNo, &e.Detail,
		&date, &e.DocumentNo, &amount)
	e.Detail, e.DocumentNo = MaskIDs(e.Detail), MaskIDs(e.DocumentNo)
	if date.Valid {
		e.Date = &date.Time
	}
	e.AmountYuan = nullFloat(amount)
	return e, err
}

func clauseOf(id string) Clause {
	c := Clause{ID: id}
	if pc, ok := selfcheck.Lookup(id); ok {
		c.Text, c.Area = pc.Text, pc.AreaTitle
	}
	return c
}

// parseFigures reads a JSON object of figures in its own key order.
func parseFigures(s string) []KV {
	s = strings.TrimSpace(s)
	if s == "" || s == "null" {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return []KV{{Key: "value", Label: "value", Value: MaskIDs(s)}}
	}
	var out []KV
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		kv := KV{Key: key, Label: measureLabel(key)}
		switch x := v.(type) {
		case nil:
			kv.Value = "—"
		case json.Number:
			if f, err := x.Float64(); err == nil {
				kv.Number = &f
				kv.Value = formatMeasure(key, f)
			} else {
				kv.Value = x.String()
			}
		case string:
			kv.Value = MaskIDs(x)
		case bool:
			kv.Value = map[bool]string{true: "是", false: "否"}[x]
		case []any:
			kv.Series, kv.Labels = splitArray(x)
			kv.Value = arraySummary(key, x)
		default:
			b, _ := json.Marshal(x)
			kv.Value = MaskIDs(truncateRunes(string(b), 300))
		}
		out = append(out, kv)
	}
	return out
}

// splitArray reads an array of numbers, or of text, into Series or Labels.
func splitArray(a []any) (series []float64, labels []string) {
	for _, v := range a {
		switch x := v.(type) {
		case json.Number:
			f, err := x.Float64()
			if err != nil || labels != nil {
				return nil, nil
			}
			series = append(series, f)
		case string:
			if series != nil {
				return nil, nil
			}
			labels = append(labels, MaskIDs(x))
		default:
			return nil, nil
		}
	}
	return series, labels
}

// arraySummary shows an array in a table cell: its first and last items and length.
func arraySummary(key string, a []any) string {
	item := func(v any) string {
		switch x := v.(type) {
		case json.Number:
			if f, err := x.Float64(); err == nil {
				return formatMeasure(strings.TrimSuffix(key, "_series"), f)
			}
			return x.String()
		case string:
			return MaskIDs(x)
		}
		b, _ := json.Marshal(v)
		return MaskIDs(truncateRunes(string(b), 40))
	}
	switch len(a) {
	case 0:
		return "—"
	case 1, 2, 3:
		parts := make([]string, len(a))
		for i, v := range a {
			parts[i] = item(v)
		}
		return strings.Join(parts, "，")
	}
	return fmt.Sprintf("%s，%s … %s（共%d项）", item(a[0]), item(a[1]), item(a[len(a)-1]), len(a))
}

// monthlyKinds are reported month by month: a month without rows is a gap. Event
// kinds (contracts, payments) may well have quiet months.
var monthlyKinds = map[string]bool{
	"procurement": true, "payroll": true, "dept_revenue": true, "ledger": true,
	"his_income": true, "claims": true, "claim_lines": true,
}

// nonReference maps kind → contract for kinds with institutions (not district lists).
func contractTitle(kind string) (string, bool) {
	c, ok := ingest.ContractFor(kind)
	if !ok {
		return kind, false
	}
	return c.Title, c.Reference
}

func loadCoverage(ctx context.Context, db DB, code string, year int, now time.Time) (Coverage, error) {
	var cov Coverage
	type acc struct {
		files  map[int64]string
		months map[string]bool
		rows   int64
		dated  bool
	}
	kinds := map[string]*acc{}
	collect := func(r *sql.Rows) error {
		var kind, fileName string
		var fileID, n, after int64
		var month sql.NullString
		if err := r.Scan(&kind, &fileID, &fileName, &month, &n, &after); err != nil {
			return err
		}
		cov.RowsAfterBuild += after
		a := kinds[kind]
		if a == nil {
			a = &acc{files: map[int64]string{}, months: map[string]bool{}}
			kinds[kind] = a
		}
		a.files[fileID] = fileName
		a.rows += n
		if month.Valid {
			a.dated = true
			a.months[month.String] = true
		}
		return nil
	}
	if err := scanAll(ctx, db, "data_coverage", []any{code, year}, collect); err != nil {
		return cov, err
	}
	needed := neededBy()
	lastMonth := 12
	if year == now.Year() {
		lastMonth = int(now.Month())
	} else if year > now.Year() {
		lastMonth = 0
	}
	for _, c := range ingest.Contracts() {
		if c.Reference {
			continue
		}
		a := kinds[c.Kind]
		kc := KindCoverage{Kind: c.Kind, TitleZH: c.Title, NeededBy: needed[c.Kind]}
		if a == nil {
			if len(kc.NeededBy) > 0 {
				cov.MissingKinds = append(cov.MissingKinds, kc)
			}
			continue
		}
		kc.Rows = a.rows
		kc.Files = len(a.files)
		names := map[string]bool{}
		for _, name := range a.files {
			if !names[name] {
				names[name] = true
				kc.FileNames = append(kc.FileNames, name)
			}
		}
		sort.Strings(kc.FileNames)
		for m := range a.months {
			kc.Months = append(kc.Months, m)
		}
		sort.Strings(kc.Months)
		kc.Undated = !a.dated
		if a.dated && monthlyKinds[c.Kind] {
			for m := 1; m <= lastMonth; m++ {
				if key := fmt.Sprintf("%04d-%02d", year, m); !a.months[key] {
					kc.Gaps = append(kc.Gaps, key)
				}
			}
		}
		cov.Kinds = append(cov.Kinds, kc)
	}
	err := scanAll(ctx, db, "rejected", []any{code}, func(r *sql.Rows) error {
		var rc RejectCount
		if err := r.Scan(&rc.Kind, &rc.Reason, &rc.Rows); err != nil {
			return err
		}
		cov.RowsRejected += rc.Rows
		if len(cov.Rejects) < 10 {
			rc.Reason = MaskIDs(truncateRunes(ingest.ReasonZH(rc.Reason), 200))
			cov.Rejects = append(cov.Rejects, rc)
		}
		return nil
	})
	return cov, err
}

// neededBy maps a dataset kind to the implemented rules that read its staging table.
func neededBy() map[string][]string {
	out := map[string][]string{}
	for _, r := range marts.Catalog {
		if !r.Implemented() {
			continue
		}
		for _, in := range r.Inputs {
			kind := strings.TrimPrefix(in, "stg_")
			out[kind] = append(out[kind], r.ID)
		}
	}
	return out
}

func loadRuleCoverage(ctx context.Context, db DB, code string, year int) (RuleCoverage, error) {
	var rc RuleCoverage
	byRule := map[string]RuleStatus{}
	err := scanAll(ctx, db, "rule_coverage", []any{code, year}, func(r *sql.Rows) error {
		var s RuleStatus
		var missing []any // VARCHAR[]
		if err := r.Scan(&s.RuleID, &s.Status, &missing, &s.Note); err != nil {
			return err
		}
		s.Note = MaskIDs(s.Note)
		for _, m := range missing {
			if in, ok := m.(string); ok && in != "" {
				s.MissingInputs = append(s.MissingInputs, in)
			}
		}
		byRule[s.RuleID] = s
		return nil
	})
	if err != nil {
		return rc, err
	}
	seen := map[string]bool{}
	add := func(s RuleStatus) {
		if rule, ok := marts.RuleByID(s.RuleID); ok {
			s.TitleZH, s.Area = rule.TitleZH, rule.Area
		}
		switch s.Status {
		case "flagged":
			rc.Flagged++
		case "assessed":
			rc.Assessed++
		case "not_assessed":
			rc.NotAssessed++
		case "not_applicable":
			rc.NotApplicable++
		case "not_implemented":
			rc.NotImplemented++
		}
		rc.Rules = append(rc.Rules, s)
	}
	for _, r := range marts.Catalog {
		if s, ok := byRule[r.ID]; ok {
			add(s)
			seen[r.ID] = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(byRule)) {
		if !seen[id] {
			add(byRule[id])
		}
	}
	return rc, nil
}

// areaOrder is the catalog's areas, then any others the warehouse names.
func areaOrder(extra ...string) []string {
	areas := marts.Areas()
	seen := map[string]bool{}
	for _, a := range areas {
		seen[a] = true
	}
	sort.Strings(extra)
	for _, a := range extra {
		if a != "" && !seen[a] {
			seen[a] = true
			areas = append(areas, a)
		}
	}
	return areas
}

// loadSummary reads the institution-year's areas from mart_institution_profile; flags (its
// ranked risks) give each area's rules, in report order.
func loadSummary(ctx context.Context, db DB, code string, year int, flags []Flag) (Summary, error) {
	var s Summary
	byArea := map[string]*AreaSummary{}
	var extra []string
	for _, f := range flags {
		if _, ok := byArea[f.Area]; !ok {
			byArea[f.Area] = &AreaSummary{Area: f.Area}
			extra = append(extra, f.Area)
		}
	}
	for _, a := range areaOrder(extra...) {
		if byArea[a] == nil {
			byArea[a] = &AreaSummary{Area: a}
		}
		byArea[a].WhatToCheck = onSiteByArea[a]
	}
	for _, f := range flags {
		if a := byArea[f.Area]; !contains(a.TopRuleIDs, f.RuleID) {
			a.TopRuleIDs = append(a.TopRuleIDs, f.RuleID)
		}
	}
	err := scanAll(ctx, db, "profile", []any{code, year}, func(r *sql.Rows) error {
		var p AreaSummary
		var pct sql.NullFloat64
		if err := r.Scan(&p.Area, &p.Flags, &p.High, &p.Medium, &p.Low, &p.Score, &p.AmountYuan, &pct, &p.Peers); err != nil {
			return err
		}
		if a := byArea[p.Area]; a != nil {
			a.Flags, a.High, a.Medium, a.Low, a.Score, a.AmountYuan = p.Flags, p.High, p.Medium, p.Low, p.Score, p.AmountYuan
			a.Peers, a.Percentile = p.Peers, nullFloat(pct)
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	for _, a := range areaOrder(extra...) {
		as := *byArea[a]
		s.Areas = append(s.Areas, as)
		s.Flags += as.Flags
		s.High += as.High
		s.AmountYuan += as.AmountYuan
		s.Score += as.Score
	}
	return s, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func onSiteAreas(flags []Flag) []OnSiteArea {
	byArea := map[string]*OnSiteArea{}
	var order []string
	for _, f := range flags {
		a := byArea[f.Area]
		if a == nil {
			a = &OnSiteArea{Area: f.Area}
			byArea[f.Area] = a
			order = append(order, f.Area)
		}
		for _, d := range f.OnSite {
			if !contains(a.Documents, d) {
				a.Documents = append(a.Documents, d)
			}
		}
		a.Subjects = append(a.Subjects, f.RuleID+"："+f.Subject)
	}
	var out []OnSiteArea
	for _, a := range areaOrder(order...) {
		if byArea[a] != nil {
			out = append(out, *byArea[a])
		}
	}
	return out
}

// loadSelfCheck lists the flags of the three self-inspection rules and the matching of the
// institution's self-report (mart_self_inspection_match).
func loadSelfCheck(ctx context.Context, db DB, code string, year int, flags []Flag) (SelfCheck, error) {
	var sc SelfCheck
	for _, f := range flags {
		switch f.RuleID {
		case "SELF_COVERAGE_GAP":
			sc.Gaps = append(sc.Gaps, f)
		case "SELF_CONTRADICTION":
			sc.Contradictions = append(sc.Contradictions, f)
		case "RECT_OVERDUE":
			sc.Overdue = append(sc.Overdue, f)
		}
	}
	if err := scanOne(ctx, db, "self_inspection", []any{code, year}, &sc.Rows, &sc.Matched, &sc.Checklist); err != nil {
		return sc, err
	}
	sc.Unmatched = sc.Rows - sc.Matched
	if sc.Rows == 0 {
		sc.Missing = "未导入该机构本年度的自查自纠情况表。"
	}
	return sc, nil
}

type trendRow struct {
	code, rule, title, area string
	year                    int
	Stat
}

func loadTrendRows(ctx context.Context, db DB, from, to int, code string) ([]trendRow, error) {
	var out []trendRow
	err := scanAll(ctx, db, "trend_stats", []any{from, to, code}, func(r *sql.Rows) error {
		var t trendRow
		if err := r.Scan(&t.code, &t.year, &t.rule, &t.title, &t.area, &t.Flags, &t.High, &t.Medium, &t.Low, &t.Score, &t.AmountYuan); err != nil {
			return err
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

func (s *Stat) add(o Stat) {
	s.Flags += o.Flags
	s.High += o.High
	s.Medium += o.Medium
	s.Low += o.Low
	s.Score += o.Score
	s.AmountYuan += o.AmountYuan
}

// loadInstitutionTrend covers the report year and up to ten years before it.
func loadInstitutionTrend(ctx context.Context, db DB, code string, year int) (InstitutionTrend, error) {
	var t InstitutionTrend
	rows, err := loadTrendRows(ctx, db, year-10, year, code)
	if err != nil {
		return t, err
	}
	years := map[int]bool{year: true}
	var extra []string
	for _, r := range rows {
		years[r.year] = true
		extra = append(extra, r.area)
	}
	// Years before the first one with flags or data say nothing: start at the first.
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	t.Areas = areaOrder(extra...)
	idx := map[int]int{}
	for i, y := range ys {
		idx[y] = i
		t.Years = append(t.Years, YearStat{Year: y})
	}
	ai := map[string]int{}
	t.ByArea = make([][]Stat, len(t.Areas))
	for i, a := range t.Areas {
		ai[a] = i
		t.ByArea[i] = make([]Stat, len(ys))
	}
	for _, r := range rows {
		t.Years[idx[r.year]].add(r.Stat)
		t.ByArea[ai[r.area]][idx[r.year]].add(r.Stat)
	}
	if len(ys) == 1 {
		t.Missing = "仅有本年度数据，暂无往年可比。"
	}
	return t, nil
}

func loadThresholds(ctx context.Context, db DB, flags []Flag) ([]RuleThreshold, error) {
	want := map[string]bool{}
	for _, f := range flags {
		want[f.RuleID] = true
	}
	var out []RuleThreshold
	err := scanAll(ctx, db, "rule_params", nil, func(r *sql.Rows) error {
		var t RuleThreshold
		if err := r.Scan(&t.RuleID, &t.Param, &t.Value, &t.Source); err != nil {
			return err
		}
		if !want[t.RuleID] {
			return nil
		}
		if rule, ok := marts.RuleByID(t.RuleID); ok {
			for _, p := range rule.Params {
				if p.Name == t.Param {
					t.Doc = p.Doc
				}
			}
		}
		t.Label, t.Display = measureLabel(t.Param), formatMeasure(t.Param, t.Value)
		if t.Label == t.Param && t.Doc != "" {
			t.Label = t.Doc
		}
		out = append(out, t)
		return nil
	})
	return out, err
}

// LoadTrend reads the trend report over years from..to, every institution.
func LoadTrend(ctx context.Context, db DB, from, to int, opt LoadOptions) (*Trend, error) {
	if from > to {
		from, to = to, from
	}
	t := &Trend{From: from, To: to, GeneratedAt: opt.now()}
	for y := from; y <= to; y++ {
		t.Years = append(t.Years, y)
	}
	rows, err := loadTrendRows(ctx, db, from, to, "")
	if err != nil {
		return nil, err
	}
	_, registry, err := loadInstitutions(ctx, db)
	if err != nil {
		return nil, err
	}
	var extra []string
	for _, r := range rows {
		extra = append(extra, r.area)
	}
	t.Areas = areaOrder(extra...)
	yi := func(y int) int { return y - from }
	n := len(t.Years)
	t.Totals = make([]YearStat, n)
	for i, y := range t.Years {
		t.Totals[i].Year = y
	}
	ai := map[string]int{}
	t.ByArea = make([][]Stat, len(t.Areas))
	for i, a := range t.Areas {
		ai[a] = i
		t.ByArea[i] = make([]Stat, n)
	}
	insts := map[string]*TrendInstitution{}
	rules := map[string]*TrendRule{}
	ruleInst := map[string]map[int]map[string]bool{}
	for _, r := range rows {
		j := yi(r.year)
		t.Totals[j].add(r.Stat)
		t.ByArea[ai[r.area]][j].add(r.Stat)
		ti := insts[r.code]
		if ti == nil {
			inst, ok := registry[r.code]
			if !ok {
				inst = Institution{Code: r.code}
			}
			ti = &TrendInstitution{Institution: inst, Years: make([]Stat, n)}
			insts[r.code] = ti
		}
		ti.Years[j].add(r.Stat)
		ti.Total.add(r.Stat)
		tr := rules[r.rule]
		if tr == nil {
			tr = &TrendRule{RuleID: r.rule, TitleZH: r.title, Area: r.area, Years: make([]Stat, n), Institutions: make([]int, n)}
			rules[r.rule] = tr
			ruleInst[r.rule] = map[int]map[string]bool{}
		}
		tr.Years[j].add(r.Stat)
		tr.Total.add(r.Stat)
		if ruleInst[r.rule][j] == nil {
			ruleInst[r.rule][j] = map[string]bool{}
		}
		ruleInst[r.rule][j][r.code] = true
	}
	// Institutions of the registry without flags belong in the picture too.
	for code, inst := range registry {
		if insts[code] == nil {
			insts[code] = &TrendInstitution{Institution: inst, Years: make([]Stat, n)}
		}
	}
	for _, code := range slices.Sorted(maps.Keys(insts)) {
		t.Institutions = append(t.Institutions, *insts[code])
	}
	sort.SliceStable(t.Institutions, func(i, j int) bool { return t.Institutions[i].Total.Score > t.Institutions[j].Total.Score })
	for _, r := range marts.Catalog {
		if tr := rules[r.ID]; tr != nil {
			tr.TitleZH, tr.Area = r.TitleZH, r.Area
		}
	}
	for _, id := range slices.Sorted(maps.Keys(rules)) {
		tr := rules[id]
		for j, m := range ruleInst[id] {
			tr.Institutions[j] = len(m)
		}
		t.Rules = append(t.Rules, *tr)
	}
	sort.SliceStable(t.Rules, func(i, j int) bool { return t.Rules[i].Total.Score > t.Rules[j].Total.Score })
	t.MoversUp, t.MoversDown = movers(t, 5)
	if t.Rect, err = loadRectification(ctx, db, from, to, registry); err != nil {
		return nil, err
	}
	if t.Reviews, err = loadTrendReviews(ctx, db, t, registry); err != nil {
		return nil, err
	}
	if t.Coverage, err = loadTrendCoverage(ctx, db, from, to); err != nil {
		return nil, err
	}
	return t, nil
}

// movers compares each institution's weighted score in the last year of the range
// with the first year (or the latest earlier year with data).
func movers(t *Trend, k int) (up, down []Mover) {
	if len(t.Years) < 2 {
		return nil, nil
	}
	last := len(t.Years) - 1
	var all []Mover
	for _, ti := range t.Institutions {
		prev := -1
		for j := last - 1; j >= 0; j-- {
			if ti.Years[j].Flags > 0 || j == 0 {
				prev = j
				break
			}
		}
		m := Mover{Institution: ti.Institution, FromYear: t.Years[prev], ToYear: t.Years[last],
			Before: ti.Years[prev].Score, After: ti.Years[last].Score}
		m.Delta = m.After - m.Before
		if m.Delta != 0 {
			all = append(all, m)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Delta > all[j].Delta })
	for _, m := range all {
		if m.Delta > 0 && len(up) < k {
			up = append(up, m)
		}
	}
	for i := len(all) - 1; i >= 0; i-- {
		if all[i].Delta < 0 && len(down) < k {
			down = append(down, all[i])
		}
	}
	return up, down
}

func loadRectification(ctx context.Context, db DB, from, to int, registry map[string]Institution) (Rectification, error) {
	var r Rectification
	err := scanAll(ctx, db, "rectification", []any{from, to}, func(rows *sql.Rows) error {
		var row RectRow
		if err := rows.Scan(&row.Code, &row.Total, &row.Closed, &row.Open, &row.Overdue); err != nil {
			return err
		}
		if inst, ok := registry[row.Code]; ok {
			row.Institution = inst
		}
		r.Rows = append(r.Rows, row)
		return nil
	})
	if len(r.Rows) == 0 {
		r.Missing = "尚未导入整改台账。"
	}
	return r, err
}

func loadTrendCoverage(ctx context.Context, db DB, from, to int) (TrendCoverage, error) {
	var c TrendCoverage
	byYear := map[int]*CoverageYear{}
	err := scanAll(ctx, db, "rule_coverage_years", []any{from, to}, func(r *sql.Rows) error {
		var y, n int
		var status string
		if err := r.Scan(&y, &status, &n); err != nil {
			return err
		}
		cy := byYear[y]
		if cy == nil {
			cy = &CoverageYear{Year: y}
			byYear[y] = cy
		}
		switch status {
		case "flagged":
			cy.Flagged += n
		case "assessed":
			cy.Assessed += n
		case "not_assessed":
			cy.NotAssessed += n
		case "not_applicable":
			cy.NotApplicable += n
		case "not_implemented":
			cy.NotImplemented += n
		}
		return nil
	})
	for y := from; y <= to; y++ {
		if cy := byYear[y]; cy != nil {
			c.Years = append(c.Years, *cy)
		}
	}
	return c, err
}

func sharePct(p *float64) string {
	if p == nil {
		return "—"
	}
	return strconv.FormatFloat(*p*100, 'f', 2, 64) + "%"
}

func nullFloat(v sql.NullFloat64) *float64 {
	if !v.Valid {
		return nil
	}
	x := v.Float64
	return &x
}

// loadInsurance reads the insurance marts of the institution-year.
func loadInsurance(ctx context.Context, db DB, code string, year int) (Insurance, error) {
	var ins Insurance
	err := scanAll(ctx, db, "insurance_summary", []any{code, year}, func(r *sql.Rows) error {
		var ir InsuranceRule
		var share, fund sql.NullFloat64
		if err := r.Scan(&ir.RuleID, &ir.TitleZH, &ir.Flags, &ir.HighFlags, &ir.FlaggedSettlements, &ir.FlaggedYuan,
			&share, &fund, &ins.Settlements); err != nil {
			return err
		}
		ir.Share = nullFloat(share)
		ins.FundPaidYuan = nullFloat(fund)
		ins.Rules = append(ins.Rules, ir)
		return nil
	})
	if err != nil {
		return ins, err
	}
	if len(ins.Rules) == 0 {
		ins.Missing = "未导入该机构本年度的医保结算数据。"
	}
	err = scanAll(ctx, db, "insurance_top", []any{code, year}, func(r *sql.Rows) error {
		var kind string
		var t InsuranceTop
		if err := r.Scan(&kind, &t.Rank, &t.Name, &t.Flags, &t.Settlements, &t.FlaggedYuan); err != nil {
			return err
		}
		t.Name = MaskIDs(t.Name)
		if kind == "department" {
			ins.Departments = append(ins.Departments, t)
		} else {
			ins.Doctors = append(ins.Doctors, t)
		}
		return nil
	})
	if err != nil {
		return ins, err
	}
	ins.Pull, err = loadPull(ctx, db, code, year)
	return ins, err
}

func loadPull(ctx context.Context, db DB, code string, year int) (InsurancePull, error) {
	var p InsurancePull
	err := scanAll(ctx, db, "settlements_to_pull", []any{code, year}, func(r *sql.Rows) error {
		var s PullSettlement
		var amount, fund sql.NullFloat64
		var seed int64
		if err := r.Scan(&s.SettlementID, &s.Reason, &s.RuleIDs, &amount, &fund, &s.Department, &s.Doctor, &seed); err != nil {
			return err
		}
		s.AmountYuan, s.FundPaidYuan = nullFloat(amount), nullFloat(fund)
		s.SettlementID, s.Department, s.Doctor = MaskIDs(s.SettlementID), MaskIDs(s.Department), MaskIDs(s.Doctor)
		p.Seed = &seed
		if s.Reason == "high" {
			p.High++
		} else {
			p.Sampled++
		}
		p.Rows = append(p.Rows, s)
		return nil
	})
	if err == nil && len(p.Rows) == 0 {
		p.Missing = "该机构本年度无医保结算，无需调阅结算单。"
	}
	return p, err
}
