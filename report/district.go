package report

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/xuncha/xuncha/ingest"
)

// A district in one run: the pre-visit report and evidence workbook of every institution of a
// year, the trend report, and an index page linking them, written into one folder.
//
//	d, err := report.WriteDistrict(ctx, db, report.DistrictOptions{Year: 2025}, writeFile)

// IndexFile is the index page's name in a district folder.
const IndexFile = "index.html"

// Links are the pages of a district folder a report links to; WriteDistrict sets them, a
// report written on its own has none.
type Links struct {
	Index        string            // the district's index page
	Trend        string            // the trend report
	Workbook     string            // the institution's evidence workbook (in a pre-visit report)
	Institutions map[string]string // institution code → its pre-visit report (in the trend report)
}

// District is the index of a district folder: the institutions of one year.
type District struct {
	Year         int
	GeneratedAt  time.Time
	Selection    string // which institutions: 全部机构, 级别：三级, or 指定机构
	Areas        []string
	Institutions []DistrictInstitution // by weighted score, highest first
	Flags        []DistrictFlag        // every risk of the year, institution by institution
	Total        Stat
	WithData     int    // institutions with rows for the year
	Trend        string // the trend report's file
	TrendFrom    int
	TrendTo      int
}

// DistrictInstitution is one institution's row of the index.
type DistrictInstitution struct {
	Institution
	HasData  bool   // rows loaded for the year; without them no report is written
	Report   string // its pre-visit report's file; "" without data
	Workbook string // its evidence workbook's file
	Stat
	ByArea       []Stat   // aligned with District.Areas
	Datasets     int      // dataset kinds with rows for the year
	MissingKinds []string // datasets some rule needs but nothing was loaded for
	GapMonths    int      // months without rows, over the kinds reported monthly
	NotAssessed  int      // rules not assessed for want of data
	RowsRejected int64
	DataUntil    string // the last month with data, e.g. 2025年12月
	Review       ReviewProgress
}

// MissingSummary names the first datasets missing, and how many there are in all.
func (i DistrictInstitution) MissingSummary() string {
	const shown = 3
	if len(i.MissingKinds) <= shown {
		return strings.Join(i.MissingKinds, "、")
	}
	return strings.Join(i.MissingKinds[:shown], "、") + "等" + strconv.Itoa(len(i.MissingKinds)) + "类"
}

// ReviewProgress counts the panel's verdicts on an institution's risks.
type ReviewProgress struct {
	Reviewed  int // risks with a verdict
	Confirmed int // 属实 or 部分属实
	Excluded  int // 排除
	Referred  int // 移交
}

// DistrictFlag is one risk in the index's table of risks.
type DistrictFlag struct {
	Flag
	Institution Institution
	Href        string // the flag in its institution's pre-visit report
	Verdict     string // the panel's verdict; "" when not reviewed
}

// DistrictOptions choose the year and institutions of WriteDistrict.
type DistrictOptions struct {
	Year            int      // 0: the last year with data
	Institutions    []string // codes, registered names or aliases; none: every institution
	Tiers           []string // keep only institutions of these tiers (三级, 二级, 一级, 基层, 未定级)
	EvidencePerFlag int      // evidence rows per flag in the HTML reports; 0 means 10 (workbooks have all)
	Now             func() time.Time
	// SampleDraws reads the samples drawn for each institution's pull list (LoadOptions).
	SampleDraws SampleDraws
	// Progress is called before each institution's reports are written.
	Progress func(done, total int, inst Institution)
}

// WriteFile writes one file of the folder by its name; the caller decides where and how.
type WriteFile func(name string, write func(io.Writer) error) error

// NoDataError is a year without data.
type NoDataError struct {
	Year  int
	Years []int // the years with data, ascending
}

func (e *NoDataError) Error() string {
	if len(e.Years) == 0 {
		return "no data in the warehouse: nothing has been ingested and built (xuncha ingest PATH, then xuncha build)"
	}
	ys := make([]string, len(e.Years))
	for i, y := range e.Years {
		ys[i] = strconv.Itoa(y)
	}
	return fmt.Sprintf("no data in %d (years with data: %s)", e.Year, strings.Join(ys, ", "))
}

// WriteDistrict writes the folder of a district's year through write: for each chosen
// institution with data its pre-visit report (HTML) and evidence workbook (XLSX), the trend
// report from the first year with data to the year, and last the index (IndexFile), so that an
// index is there only when everything it links to is. A name that matches no institution is
// ErrNoInstitution (or *AmbiguousError); a year without data is *NoDataError.
func WriteDistrict(ctx context.Context, db DB, opt DistrictOptions, write WriteFile) (*District, error) {
	years, err := DataYears(ctx, db, "")
	if err != nil {
		return nil, err
	}
	year := opt.Year
	if year == 0 && len(years) > 0 {
		year = years[len(years)-1]
	}
	if !slices.Contains(years, year) {
		return nil, &NoDataError{Year: year, Years: years}
	}
	lo := LoadOptions{Now: opt.Now, EvidencePerFlag: opt.EvidencePerFlag, SampleDraws: opt.SampleDraws}
	d := &District{Year: year, GeneratedAt: lo.now(), TrendFrom: years[0], TrendTo: year}
	d.Trend = fmt.Sprintf("trend-%d-%d.html", d.TrendFrom, d.TrendTo)
	insts, withData, err := districtInstitutions(ctx, db, year, opt)
	if err != nil {
		return nil, err
	}
	d.Selection = selection(opt, len(insts))
	verdicts, err := loadReviews(ctx, db, year)
	if err != nil {
		return nil, err
	}
	names := fileNames{}
	byArea := make([]map[string]Stat, len(insts))
	var extra []string
	for i, inst := range insts {
		if opt.Progress != nil {
			opt.Progress(i, len(insts), inst)
		}
		row := DistrictInstitution{Institution: inst, HasData: withData[inst.Code]}
		if row.HasData {
			base := names.unique(fmt.Sprintf("previsit-%s-%d", fileSafe(inst.Code), year))
			row.Report, row.Workbook = base+".html", base+".xlsx"
			p, err := writeInstitution(ctx, db, inst, year, lo, Links{Index: IndexFile, Trend: d.Trend, Workbook: row.Workbook}, row.Report, write)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", inst.Label(), err)
			}
			byArea[i] = map[string]Stat{}
			for _, a := range p.Summary.Areas {
				st := Stat{Flags: a.Flags, High: a.High, Medium: a.Medium, Low: a.Low, Score: a.Score, AmountYuan: a.AmountYuan}
				byArea[i][a.Area] = st
				row.Stat.add(st)
				if a.Flags > 0 {
					extra = append(extra, a.Area)
				}
			}
			for _, f := range p.Risks() {
				df := DistrictFlag{Flag: f, Institution: inst, Href: row.Report + "#flag-" + f.FlagID, Verdict: verdicts[f.FlagID]}
				df.Evidence, df.Measures, df.Thresholds = nil, nil, nil
				d.Flags = append(d.Flags, df)
				if v, ok := verdicts[f.FlagID]; ok {
					row.Review.count(v)
				}
			}
			row.Datasets = len(p.Coverage.Kinds)
			for _, k := range p.Coverage.MissingKinds {
				row.MissingKinds = append(row.MissingKinds, k.TitleZH)
			}
			for _, k := range p.Coverage.Kinds {
				row.GapMonths += len(k.Gaps)
			}
			row.NotAssessed = p.Coverage.Rules.NotAssessed
			row.RowsRejected = p.Coverage.RowsRejected
			row.DataUntil = dataUntil(p.Coverage)
			d.WithData++
		}
		d.Total.add(row.Stat)
		d.Institutions = append(d.Institutions, row)
	}
	for _, a := range areaOrder(extra...) {
		if slices.Contains(extra, a) { // an area without risks anywhere would be a column of dashes
			d.Areas = append(d.Areas, a)
		}
	}
	for i := range d.Institutions {
		d.Institutions[i].ByArea = make([]Stat, len(d.Areas))
		for j, a := range d.Areas {
			d.Institutions[i].ByArea[j] = byArea[i][a]
		}
	}
	sort.SliceStable(d.Institutions, func(i, j int) bool { return d.Institutions[i].Score > d.Institutions[j].Score })

	t, err := LoadTrend(ctx, db, d.TrendFrom, d.TrendTo, lo)
	if err != nil {
		return nil, fmt.Errorf("trend: %w", err)
	}
	t.Links = Links{Index: IndexFile, Institutions: map[string]string{}}
	for _, r := range d.Institutions {
		if r.Report != "" {
			t.Links.Institutions[r.Code] = r.Report
		}
	}
	if err := write(d.Trend, func(w io.Writer) error { return WriteTrendHTML(w, t) }); err != nil {
		return nil, err
	}
	if err := write(IndexFile, func(w io.Writer) error { return WriteDistrictHTML(w, d) }); err != nil {
		return nil, err
	}
	return d, nil
}

// writeInstitution writes one institution's workbook (every evidence row) and pre-visit report
// (the first rows of each flag) from one load.
func writeInstitution(ctx context.Context, db DB, inst Institution, year int, lo LoadOptions, links Links, report string, write WriteFile) (*Previsit, error) {
	all := lo
	all.AllEvidence = true
	p, err := LoadPrevisit(ctx, db, inst.Code, year, all)
	if err != nil {
		return nil, err
	}
	p.Links = links
	if err := write(links.Workbook, func(w io.Writer) error { return WritePrevisitXLSX(w, p) }); err != nil {
		return nil, err
	}
	limit := lo.evidenceLimit()
	for i := range p.Flags {
		if len(p.Flags[i].Evidence) > limit { // the loader orders evidence as a limited load would
			p.Flags[i].Evidence = p.Flags[i].Evidence[:limit]
		}
	}
	if err := write(report, func(w io.Writer) error { return WritePrevisitHTML(w, p) }); err != nil {
		return nil, err
	}
	return p, nil
}

// districtInstitutions are the institutions asked for (every one of the registry and any other
// with data in the year when none is named), kept to the tiers asked for, and which of them have
// data in the year.
func districtInstitutions(ctx context.Context, db DB, year int, opt DistrictOptions) ([]Institution, map[string]bool, error) {
	withData := map[string]bool{}
	if err := scanAll(ctx, db, "district_institutions", []any{year}, func(r *sql.Rows) error {
		var code string
		err := r.Scan(&code)
		withData[code] = true
		return err
	}); err != nil {
		return nil, nil, err
	}
	var insts []Institution
	seen := map[string]bool{}
	keep := func(i Institution) {
		if !seen[i.Code] {
			seen[i.Code] = true
			insts = append(insts, i)
		}
	}
	if len(opt.Institutions) > 0 {
		for _, name := range opt.Institutions {
			i, err := ResolveInstitution(ctx, db, name)
			if err != nil {
				return nil, nil, err
			}
			keep(i)
		}
	} else {
		_, registry, err := loadInstitutions(ctx, db)
		if err != nil {
			return nil, nil, err
		}
		for _, code := range slices.Sorted(maps.Keys(registry)) {
			keep(registry[code])
		}
		for _, code := range slices.Sorted(maps.Keys(withData)) {
			keep(Institution{Code: code})
		}
	}
	if len(opt.Tiers) == 0 {
		return insts, withData, nil
	}
	var kept []Institution
	tiers := map[string]bool{}
	for _, i := range insts {
		if slices.Contains(opt.Tiers, i.Tier) {
			kept = append(kept, i)
		}
		if i.Tier != "" {
			tiers[i.Tier] = true
		}
	}
	if len(kept) == 0 {
		return nil, nil, fmt.Errorf("%w of tier %s (tiers in the registry: %s)", ErrNoInstitution,
			strings.Join(opt.Tiers, ", "), strings.Join(sortTiers(slices.Collect(maps.Keys(tiers))), ", "))
	}
	return kept, withData, nil
}

// tierOrder is the order of the registry's tiers (stg_institutions), highest first.
var tierOrder = []string{"三级", "二级", "一级", "基层", "未定级"}

// sortTiers sorts tiers highest first, any the registry does not know last.
func sortTiers(tiers []string) []string {
	rank := func(t string) int {
		if i := slices.Index(tierOrder, t); i >= 0 {
			return i
		}
		return len(tierOrder)
	}
	slices.SortFunc(tiers, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	return tiers
}

func selection(opt DistrictOptions, n int) string {
	var parts []string
	if len(opt.Institutions) > 0 {
		parts = append(parts, fmt.Sprintf("指定机构%d家", n))
	} else {
		parts = append(parts, "全部机构")
	}
	if len(opt.Tiers) > 0 {
		parts = append(parts, "级别："+strings.Join(opt.Tiers, "、"))
	}
	return strings.Join(parts, " · ")
}

func (r *ReviewProgress) count(verdict string) {
	r.Reviewed++
	switch verdict {
	case ingest.VerdictConfirmed, ingest.VerdictPartly:
		r.Confirmed++
	case ingest.VerdictExcluded:
		r.Excluded++
	case ingest.VerdictReferred:
		r.Referred++
	}
}

// loadReviews reads the panel's verdicts on the risks of a year, by flag id, from
// mart_flag_review; a risk without one is unreviewed (the index shows 0 / N before any review).
func loadReviews(ctx context.Context, db DB, year int) (map[string]string, error) {
	verdicts := map[string]string{}
	err := scanAll(ctx, db, "district_reviews", []any{year}, func(r *sql.Rows) error {
		var id, verdict string
		err := r.Scan(&id, &verdict)
		verdicts[id] = verdict
		return err
	})
	return verdicts, err
}

// fileNames hands out file names once each.
type fileNames map[string]bool

func (n fileNames) unique(base string) string {
	name := base
	for i := 2; n[name]; i++ {
		name = base + "-" + strconv.Itoa(i)
	}
	n[name] = true
	return name
}

// fileSafe is an institution code as part of a file name: letters, digits, - and _ kept,
// anything else (a path separator above all) as _.
func fileSafe(code string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, code)
}
