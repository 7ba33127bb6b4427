package report

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/selfcheck"
	"github.com/xuncha/xuncha/warehouse"
)

//go:embed queries/*.sql
var queries embed.FS

// DB is what loading needs of a warehouse; *warehouse.DB and *sql.DB satisfy it.
type DB interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// ErrNotBuilt means mart_risk_flags does not exist: nothing to report on.
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
	// AllEvidence overrides it (the XLSX workbook lists every row).
	EvidencePerFlag int
	AllEvidence     bool
	// Now stamps the report; nil means time.Now.
	Now func() time.Time
}

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
	b, err := queries.ReadFile("queries/" + name + ".sql")
	if err != nil {
		panic("report: missing query " + name) // a build error in all but name
	}
	return string(b)
}

func exists(ctx context.Context, db DB, name string) (bool, error) {
	var ok bool
	err := db.QueryRowContext(ctx, queryText("relation_exists"), name).Scan(&ok)
	return ok, err
}

// scanAll runs a named query and calls fn for every row.
func scanAll(ctx context.Context, db DB, name string, args []any, fn func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, queryText(name), args...)
	if err != nil {
		return fmt.Errorf("%s.sql: %s", name, warehouse.FirstLine(err.Error()))
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("%s.sql: %w", name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s.sql: %s", name, warehouse.FirstLine(err.Error()))
	}
	return nil
}

func scanInstitution(r *sql.Rows) (Institution, error) {
	var i Institution
	err := r.Scan(&i.Code, &i.Name, &i.Tier, &i.Grade, &i.Category, &i.District, &i.City)
	return i, err
}

// ResolveInstitution finds an institution by code, registered name or alias, then
// by a unique part of its name.
func ResolveInstitution(ctx context.Context, db DB, name string) (Institution, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Institution{}, fmt.Errorf("%w: no institution given", ErrNoInstitution)
	}
	hasRegistry, err := exists(ctx, db, "stg_institutions")
	if err != nil {
		return Institution{}, err
	}
	if hasRegistry {
		for _, q := range []string{"institution", "institution_like"} {
			var found []Institution
			if err := scanAll(ctx, db, q, []any{name}, func(r *sql.Rows) error {
				i, err := scanInstitution(r)
				found = append(found, i)
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
	}
	// No registry, or not in it: a code that flags name is still reportable.
	if ok, _ := exists(ctx, db, "mart_risk_flags"); ok {
		var flagged bool
		if err := db.QueryRowContext(ctx, queryText("flag_institution"), name).Scan(&flagged); err == nil && flagged {
			return Institution{Code: name}, nil
		}
	}
	if !hasRegistry {
		return Institution{}, fmt.Errorf("%w %q (the institution registry is not loaded; give the code)", ErrNoInstitution, name)
	}
	return Institution{}, fmt.Errorf("%w %q in the registry (stg_institutions)", ErrNoInstitution, name)
}

// LoadPrevisit reads the pre-visit report of one institution (code, name or alias)
// and year.
func LoadPrevisit(ctx context.Context, db DB, institution string, year int, opt LoadOptions) (*Previsit, error) {
	if ok, err := exists(ctx, db, "mart_risk_flags"); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotBuilt
	}
	inst, err := ResolveInstitution(ctx, db, institution)
	if err != nil {
		return nil, err
	}
	p := &Previsit{Institution: inst, Year: year, GeneratedAt: opt.now()}
	if p.Flags, err = loadFlags(ctx, db, inst.Code, year, opt.evidenceLimit()); err != nil {
		return nil, err
	}
	if p.Coverage, err = loadCoverage(ctx, db, inst.Code, year, p.GeneratedAt); err != nil {
		return nil, err
	}
	p.Coverage.Rules = loadRuleCoverage(ctx, db, inst.Code, year, p.Flags, p.Coverage)
	if p.Summary, err = loadSummary(ctx, db, inst.Code, year, p.Risks()); err != nil {
		return nil, err
	}
	p.OnSite = onSiteAreas(p.Risks())
	p.SelfCheck = loadSelfCheck(ctx, db, inst.Code, year, p.Flags)
	p.Insurance = loadInsurance(ctx, db, inst.Code, year)
	p.Trend = loadInstitutionTrend(ctx, db, inst.Code, year)
	if p.Thresholds, err = loadThresholds(ctx, db, p.Flags); err != nil {
		return nil, err
	}
	return p, nil
}

func loadFlags(ctx context.Context, db DB, code string, year, evidenceLimit int) ([]Flag, error) {
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
	byID := make(map[string]*Flag, len(flags))
	for i := range flags {
		byID[flags[i].FlagID] = &flags[i]
	}
	hasContext, err := exists(ctx, db, "mart_flag_context")
	if err != nil {
		return nil, err
	}
	if hasContext {
		err := scanAll(ctx, db, "flag_context", []any{code, year}, func(r *sql.Rows) error {
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
	}
	hasEvidence, err := exists(ctx, db, "mart_flag_evidence")
	if err != nil {
		return nil, err
	}
	if hasEvidence {
		if err := scanAll(ctx, db, "evidence", []any{code, year, evidenceLimit}, func(r *sql.Rows) error {
			e, err := scanEvidence(r)
			if f := byID[e.FlagID]; f != nil && err == nil {
				f.Evidence = append(f.Evidence, e)
			}
			return err
		}); err != nil {
			return nil, err
		}
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
		var fileID, n int64
		var month sql.NullString
		if err := r.Scan(&kind, &fileID, &fileName, &month, &n); err != nil {
			return err
		}
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
	if err := scanAll(ctx, db, "coverage_rows", []any{code, year}, collect); err != nil {
		kinds = map[string]*acc{}
		if err2 := scanAll(ctx, db, "coverage_files", []any{code, year}, collect); err2 != nil {
			cov.Missing = "数据覆盖情况暂不可用：" + warehouse.FirstLine(err2.Error())
			return cov, nil
		}
		cov.Missing = "未能按月统计数据覆盖（" + warehouse.FirstLine(err.Error()) + "），下表按导入台账中文件的期间统计。"
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
			rc.Reason = MaskIDs(truncateRunes(rc.Reason, 200))
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

func loadRuleCoverage(ctx context.Context, db DB, code string, year int, flags []Flag, cov Coverage) RuleCoverage {
	var rc RuleCoverage
	byRule := map[string]RuleStatus{}
	ok, _ := exists(ctx, db, "mart_rule_coverage")
	var err error
	if ok {
		err = scanAll(ctx, db, "rule_coverage", []any{code, year}, func(r *sql.Rows) error {
			rec, err := scanRecord(r)
			if err != nil {
				return err
			}
			s := RuleStatus{RuleID: text(rec["rule_id"]), Status: text(rec["status"]), Note: MaskIDs(text(rec["note"]))}
			s.MissingInputs = listOf(rec["missing_inputs"])
			if s.RuleID == "" || s.Status == "" {
				return errors.New("mart_rule_coverage lacks rule_id or status")
			}
			byRule[s.RuleID] = s
			return nil
		})
	}
	if !ok || err != nil {
		// Inferred from the coverage above: a rule whose input has no rows for the
		// institution-year is not assessed. Never read as a clean bill.
		reason := "规则覆盖表（mart_rule_coverage）尚未构建"
		if err != nil {
			reason = "规则覆盖表读取失败（" + warehouse.FirstLine(err.Error()) + "）"
		}
		rc.Missing = reason + "：下表由本报告按数据覆盖推断，仅供参考。"
		loaded := map[string]bool{}
		for _, k := range cov.Kinds {
			loaded[k.Kind] = true
		}
		flagged := map[string]bool{}
		for _, f := range flags {
			flagged[f.RuleID] = true
		}
		byRule = map[string]RuleStatus{}
		for _, r := range marts.Catalog {
			s := RuleStatus{RuleID: r.ID}
			switch {
			case !r.Implemented():
				s.Status = "not_implemented"
			case flagged[r.ID]:
				s.Status = "flagged"
			default:
				for _, in := range r.Inputs {
					kind := strings.TrimPrefix(in, "stg_")
					if _, ref := contractTitle(kind); !ref && !loaded[kind] {
						s.MissingInputs = append(s.MissingInputs, in)
					}
				}
				s.Status = "assessed"
				if len(s.MissingInputs) > 0 {
					s.Status = "not_assessed"
				}
			}
			byRule[r.ID] = s
		}
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
	return rc
}

// scanRecord reads a row of any shape into column → value.
func scanRecord(r *sql.Rows) (map[string]any, error) {
	cols, err := r.Columns()
	if err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := r.Scan(ptrs...); err != nil {
		return nil, err
	}
	rec := make(map[string]any, len(cols))
	for i, c := range cols {
		rec[strings.ToLower(c)] = vals[i]
	}
	return rec, nil
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// listOf reads a LIST column, or text such as "a,b" or "[a, b]".
func listOf(v any) []string {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			if s := text(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return x
	}
	return splitList(text(v))
}

// splitList reads "[a, b]", "a,b" or "a;b" into its items.
func splitList(s string) []string {
	s = strings.Trim(strings.TrimSpace(s), "[]")
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '，' }) {
		if p = strings.Trim(strings.TrimSpace(p), `'"`); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func weight(severity string) float64 {
	switch severity {
	case "high":
		return 3
	case "medium":
		return 2
	}
	return 1
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
		a := byArea[f.Area]
		a.Flags++
		switch f.Severity {
		case "high":
			a.High++
		case "medium":
			a.Medium++
		default:
			a.Low++
		}
		a.Score += weight(f.Severity)
		if f.AmountYuan != nil {
			a.AmountYuan += *f.AmountYuan
		}
		if !contains(a.TopRuleIDs, f.RuleID) {
			a.TopRuleIDs = append(a.TopRuleIDs, f.RuleID)
		}
	}
	if !applyProfile(ctx, db, code, year, byArea) {
		s.PeerSource = "report"
		err := scanAll(ctx, db, "area_scores", []any{code, year}, func(r *sql.Rows) error {
			var area string
			var score float64
			var pct sql.NullFloat64
			var peers int
			if err := r.Scan(&area, &score, &pct, &peers); err != nil {
				return err
			}
			if a := byArea[area]; a != nil {
				a.Peers = peers
				if pct.Valid {
					v := pct.Float64
					a.Percentile = &v
				}
			}
			return nil
		})
		if err != nil {
			return s, err
		}
	} else {
		s.PeerSource = "mart_institution_profile"
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

// applyProfile reads peer percentiles from mart_institution_profile when it is
// built in the long shape (one row per area). Column names are matched loosely
// (…percentile…/…pctl…, …peer…) so that the report follows the mart as it settles.
func applyProfile(ctx context.Context, db DB, code string, year int, byArea map[string]*AreaSummary) bool {
	if ok, _ := exists(ctx, db, "mart_institution_profile"); !ok {
		return false
	}
	rows, err := db.QueryContext(ctx, queryText("profile"), code, year)
	if err != nil {
		return false
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return false
	}
	areaCol, pctCol, peerCol := -1, -1, -1
	for i, c := range cols {
		c = strings.ToLower(c)
		switch {
		case c == "area":
			areaCol = i
		case pctCol < 0 && (strings.Contains(c, "percentile") || strings.Contains(c, "pctl") || strings.Contains(c, "pct_rank")):
			pctCol = i
		case peerCol < 0 && strings.Contains(c, "peer") && !strings.Contains(c, "percent"):
			peerCol = i
		}
	}
	if areaCol < 0 || pctCol < 0 {
		return false
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	found := false
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return false
		}
		area, _ := vals[areaCol].(string)
		a := byArea[area]
		if a == nil {
			continue
		}
		if v, ok := toFloat(vals[pctCol]); ok { // 0–100, as the mart defines it
			a.Percentile = &v
			found = true
		}
		if peerCol >= 0 {
			if v, ok := toFloat(vals[peerCol]); ok {
				a.Peers = int(v)
			}
		}
	}
	return found && rows.Err() == nil
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int:
		return float64(x), true
	case interface{ Float64() float64 }:
		return x.Float64(), true
	}
	return 0, false
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

var selfRules = map[string]bool{"SELF_COVERAGE_GAP": true, "SELF_CONTRADICTION": true, "RECT_OVERDUE": true}

// loadSelfCheck is the hook for the self-inspection section: flags of the three
// self-inspection rules are always listed; the match statistics appear once
// mart_self_inspection_match is built.
func loadSelfCheck(ctx context.Context, db DB, code string, year int, flags []Flag) SelfCheck {
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
	if ok, _ := exists(ctx, db, "mart_self_inspection_match"); !ok {
		sc.Missing = "自查自纠匹配表（mart_self_inspection_match）尚未构建：暂不能列出自查报告与巡查条款的对应情况。"
		return sc
	}
	var checklists string
	err := db.QueryRowContext(ctx, queryText("self_inspection"), code, year).
		Scan(&sc.Rows, &sc.Matched, &checklists)
	if err != nil {
		sc.Missing = "自查自纠匹配表读取失败：" + warehouse.FirstLine(err.Error())
		return sc
	}
	sc.Unmatched = sc.Rows - sc.Matched
	sc.Checklist = checklists
	if sc.Rows == 0 {
		sc.Missing = "未导入该机构本年度的自查自纠情况表。"
	}
	return sc
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
func loadInstitutionTrend(ctx context.Context, db DB, code string, year int) InstitutionTrend {
	var t InstitutionTrend
	rows, err := loadTrendRows(ctx, db, year-10, year, code)
	if err != nil {
		t.Missing = "历年趋势暂不可用：" + err.Error()
		return t
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
	return t
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
	if ok, err := exists(ctx, db, "mart_risk_flags"); err != nil {
		return nil, err
	} else if !ok {
		return nil, ErrNotBuilt
	}
	for y := from; y <= to; y++ {
		t.Years = append(t.Years, y)
	}
	rows, err := loadTrendRows(ctx, db, from, to, "")
	if err != nil {
		return nil, err
	}
	registry := map[string]Institution{}
	hasRegistry, err := exists(ctx, db, "stg_institutions")
	if err != nil {
		return nil, err
	}
	if hasRegistry {
		if err := scanAll(ctx, db, "institutions", nil, func(r *sql.Rows) error {
			i, err := scanInstitution(r)
			registry[i.Code] = i
			return err
		}); err != nil {
			return nil, err
		}
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
	t.Rect = loadRectification(ctx, db, from, to, registry)
	t.Coverage = loadTrendCoverage(ctx, db, from, to)
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

func loadRectification(ctx context.Context, db DB, from, to int, registry map[string]Institution) Rectification {
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
	switch {
	case err != nil:
		r.Missing = "整改台账暂不可用：" + warehouse.FirstLine(err.Error())
	case len(r.Rows) == 0:
		r.Missing = "尚未导入整改台账（rectification）。"
	}
	return r
}

func loadTrendCoverage(ctx context.Context, db DB, from, to int) TrendCoverage {
	var c TrendCoverage
	if ok, _ := exists(ctx, db, "mart_rule_coverage"); !ok {
		c.Missing = "规则覆盖表（mart_rule_coverage）尚未构建：暂不能统计未评估的规则。"
		return c
	}
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
	if err != nil {
		c.Missing = "规则覆盖表读取失败：" + warehouse.FirstLine(err.Error())
		return c
	}
	for y := from; y <= to; y++ {
		if cy := byYear[y]; cy != nil {
			c.Years = append(c.Years, *cy)
		}
	}
	return c
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

// loadInsurance reads the insurance marts; a mart not built leaves its part saying so.
func loadInsurance(ctx context.Context, db DB, code string, year int) Insurance {
	var ins Insurance
	if ok, _ := exists(ctx, db, "mart_insurance_summary"); !ok {
		ins.Missing = "医保汇总表（mart_insurance_summary）尚未构建：暂不能给出各医保规则涉及金额占基金支付的比例。"
	} else if err := ins.loadSummary(ctx, db, code, year); err != nil {
		ins.Missing = "医保汇总表读取失败：" + warehouse.FirstLine(err.Error())
	}
	if ok, _ := exists(ctx, db, "mart_insurance_top"); ok {
		rows, err := db.QueryContext(ctx, `select kind, rank, name, flags, settlements, flagged_yuan::double
			from mart_insurance_top where institution_code = ? and year = ? order by kind, rank`, code, year)
		if err == nil {
			for rows.Next() {
				var kind string
				var t InsuranceTop
				if rows.Scan(&kind, &t.Rank, &t.Name, &t.Flags, &t.Settlements, &t.FlaggedYuan) != nil {
					break
				}
				t.Name = MaskIDs(t.Name)
				if kind == "department" {
					ins.Departments = append(ins.Departments, t)
				} else {
					ins.Doctors = append(ins.Doctors, t)
				}
			}
			rows.Close()
		}
	}
	ins.Pull = loadPull(ctx, db, code, year)
	return ins
}

func (ins *Insurance) loadSummary(ctx context.Context, db DB, code string, year int) error {
	rows, err := db.QueryContext(ctx, `select rule_id, coalesce(title_zh, rule_id), flags, high_flags, flagged_settlements,
			flagged_yuan::double, share_of_fund_paid, fund_paid_yuan::double, settlements
		from mart_insurance_summary where institution_code = ? and year = ? order by rule_id`, code, year)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r InsuranceRule
		var share, fund sql.NullFloat64
		if err := rows.Scan(&r.RuleID, &r.TitleZH, &r.Flags, &r.HighFlags, &r.FlaggedSettlements, &r.FlaggedYuan, &share, &fund, &ins.Settlements); err != nil {
			return err
		}
		r.Share = nullFloat(share)
		ins.FundPaidYuan = nullFloat(fund)
		ins.Rules = append(ins.Rules, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(ins.Rules) == 0 {
		ins.Missing = "未导入该机构本年度的医保结算数据。"
	}
	return nil
}

func loadPull(ctx context.Context, db DB, code string, year int) InsurancePull {
	var p InsurancePull
	if ok, _ := exists(ctx, db, "mart_settlements_to_pull"); !ok {
		p.Missing = "现场调阅结算单清单（mart_settlements_to_pull）尚未构建。"
		return p
	}
	rows, err := db.QueryContext(ctx, `select settlement_id, reason, coalesce(rule_ids, ''), amount_yuan::double, fund_paid_yuan::double,
			coalesce(department, ''), coalesce(doctor, ''), seed
		from mart_settlements_to_pull where institution_code = ? and year = ?
		order by reason, draw_key`, code, year)
	if err != nil {
		p.Missing = "现场调阅结算单清单读取失败：" + warehouse.FirstLine(err.Error())
		return p
	}
	defer rows.Close()
	for rows.Next() {
		var s PullSettlement
		var amount, fund sql.NullFloat64
		var seed int64
		if err := rows.Scan(&s.SettlementID, &s.Reason, &s.RuleIDs, &amount, &fund, &s.Department, &s.Doctor, &seed); err != nil {
			p.Missing = "现场调阅结算单清单读取失败：" + warehouse.FirstLine(err.Error())
			return p
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
	}
	if len(p.Rows) == 0 && p.Missing == "" {
		p.Missing = "该机构本年度无医保结算，无需调阅结算单。"
	}
	return p
}
