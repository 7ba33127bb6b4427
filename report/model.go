// Package report turns the warehouse's marts into what people read: the pre-visit
// risk report for one institution and year (for the expert panel) and the trend
// report across institutions and years (for the commission office), each as one
// self-contained HTML file or as an evidence workbook (XLSX).
//
// Loading and rendering are separate steps:
//
//	p, err := report.LoadPrevisit(ctx, db, "H3A", 2025, report.LoadOptions{})
//	err = report.WritePrevisitHTML(w, p)   // or WritePrevisitXLSX
//
// The models are plain structs, so a renderer can be tested without a warehouse
// and a model without a renderer. Loading reads the mart_* tables a build always makes
// and nothing else (the queries in sql/report/); a mart that is missing is an error
// (ErrNotBuilt), never an empty section. A section the data leaves empty says why
// (Section.Missing).
//
// Privacy: patient identifiers are pseudonymised at ingest; the loader also masks
// anything that still looks like an ID-card number (MaskIDs) before it reaches a
// model. Renderers escape everything (html/template) and neutralise spreadsheet
// formulas (Neutralise).
package report

import "time"

// Institution is one entry of mart_institutions.
type Institution struct {
	Code     string
	Name     string // empty when the registry does not list the code
	Tier     string // 三级 / 二级 / 一级 / 基层 / 未定级
	Grade    string // 甲等 / 乙等 …
	Category string // 综合医院, 乡镇卫生院 …
	District string
	City     string
}

// Label is "name（code）", or the code alone when the name is unknown.
func (i Institution) Label() string {
	if i.Name == "" {
		return i.Code
	}
	return i.Name + "（" + i.Code + "）"
}

// Section availability: a report section the data leaves empty says why.
type Section struct {
	// Missing is empty when the section has data; otherwise a sentence in Chinese saying
	// what was not loaded.
	Missing string
}

// Previsit is the pre-visit risk report of one institution and year.
type Previsit struct {
	Institution Institution
	Year        int
	GeneratedAt time.Time

	Coverage   Coverage
	Summary    Summary
	Flags      []Flag
	OnSite     []OnSiteArea // documents to pull, by area, for the flags raised
	SelfCheck  SelfCheck
	Insurance  Insurance // 医保 totals, top departments/doctors and the settlements to pull
	Trend      InstitutionTrend
	Thresholds []RuleThreshold // thresholds in force for the rules that flagged
	Links      Links           // the district folder's index, trend report and workbook
	Lookback   Lookback        // 回头看: earlier years' confirmed findings
	// Samples are the samples `xuncha sample` drew for the institution-year, drawn again for
	// the workbook's pull list (loaded with LoadOptions.AllEvidence only).
	Samples []*Sample
}

// MinPeers is how many peers a percentile needs (RISK_RULES.md, Scoring); with fewer the
// report says so instead.
const MinPeers = 5

// Risks are the flags in the order of the mart's risk_rank, without the coverage gaps of the
// self-report (shown as coverage tables, not as risks).
func (p *Previsit) Risks() []Flag {
	var out []Flag
	for _, f := range p.Flags {
		if f.Rank != nil {
			out = append(out, f)
		}
	}
	return out
}

// Coverage says what the report is based on and, above all, what it is blind to.
type Coverage struct {
	Kinds        []KindCoverage // datasets with rows for the institution and year, in contract order
	MissingKinds []KindCoverage // datasets some rule needs but nothing was loaded for
	RowsRejected int64          // rows of the institution's files that were rejected (all years)
	// RowsAfterBuild: rows dated after the day of the build (wrong dates; the rules that judge
	// a standing state assess at the build date instead).
	RowsAfterBuild int64
	Rejects        []RejectCount // the most frequent reasons
	Rules          RuleCoverage
}

// KindCoverage is one dataset kind (contract) loaded for the institution and year.
type KindCoverage struct {
	Kind      string // contract kind, e.g. procurement
	TitleZH   string // 采购/入库明细
	Files     int
	Rows      int64
	Months    []string // YYYY-MM with rows, sorted; empty for undated kinds
	Gaps      []string // months of the year without rows, for kinds reported monthly
	Undated   bool     // the kind has no date (budget, self-inspection): counted for the year
	NeededBy  []string // rule ids that read it
	FileNames []string
}

// MonthsCovered is how many months of the year have rows.
func (k KindCoverage) MonthsCovered() int { return len(k.Months) }

// Monthly reports whether the kind is reported month by month, so that a month without rows
// is a gap (a contract register is not: a month without a contract is no gap).
func (k KindCoverage) Monthly() bool { return monthlyKinds[k.Kind] }

// RejectCount is how many rows of one kind were rejected for one reason.
type RejectCount struct {
	Kind   string
	Reason string
	Rows   int64
}

// RuleCoverage is the status of every rule of the catalog for the institution-year
// (from mart_rule_coverage).
type RuleCoverage struct {
	Rules          []RuleStatus
	Flagged        int
	Assessed       int // assessed, nothing found
	NotAssessed    int // inputs missing: a blind spot, never a clean bill
	NotApplicable  int // the plan limits the rule to another kind of institution
	NotImplemented int
}

// RuleStatus is one rule's coverage.
type RuleStatus struct {
	RuleID        string
	TitleZH       string
	Area          string
	Status        string   // flagged | assessed | not_assessed | not_applicable | not_implemented
	MissingInputs []string // staging tables without rows, for not_assessed
	Note          string   // the coverage mart's explanation, in Chinese
}

// StatusZH is the status in Chinese.
func (r RuleStatus) StatusZH() string { return statusZH(r.Status) }

// Summary is the risk summary by area.
type Summary struct {
	Areas      []AreaSummary
	Flags      int
	High       int
	AmountYuan float64
	Score      float64 // Σ area scores
}

// AreaSummary is one area's flags for the institution-year and its standing among
// peers: institutions of the same tier under the same plan in the same year.
type AreaSummary struct {
	Area        string
	Flags       int
	High        int
	Medium      int
	Low         int
	AmountYuan  float64
	Score       float64  // Σ severity weights: high 3, medium 2, low 1
	Percentile  *float64 // 0–100 among peers (share of peers scoring lower); nil when unknown or fewer than MinPeers
	Peers       int      // other institutions of the same tier under the same plan
	TopRuleIDs  []string
	WhatToCheck []string // documents to pull for the area
}

// Flag is one row of mart_risk_flags with what the report needs around it.
type Flag struct {
	FlagID       string
	RuleID       string
	TitleZH      string
	Area         string
	Year         int
	Period       string
	Subject      string
	Severity     string // high | medium | low
	Score        float64
	AmountYuan   *float64
	EvidenceRows int
	SummaryZH    string
	Clauses      []Clause
	Measures     []KV // the figures the rule compared
	Thresholds   []KV // the thresholds in force
	Evidence     []Evidence
	OnSite       []string    // what to pull on site for this rule
	Rank         *int        // mart_risk_flags.risk_rank; nil for a coverage gap, which is not a risk to rank
	Review       *FlagReview // the panel's review in force; nil while unreviewed
	Seen         *FlagSeen   // since which build the data shows it
}

// SeverityZH is 高 / 中 / 低.
func (f Flag) SeverityZH() string { return severityZH(f.Severity) }

// MoreEvidence is how many evidence rows the model does not carry.
func (f Flag) MoreEvidence() int {
	if n := f.EvidenceRows - len(f.Evidence); n > 0 {
		return n
	}
	return 0
}

// Clause is a checklist clause with its text when the plans define it.
type Clause struct {
	ID   string
	Text string // empty when unknown
	Area string // the plan's area heading, e.g. 运行管理
}

// KV is one named figure; Value is formatted for reading, Number kept for sheets.
type KV struct {
	Key    string
	Label  string // Chinese label when known, else Key
	Value  string
	Number *float64
	Series []float64 // an array of numbers (e.g. the monthly pay series)
	Labels []string  // an array of text (e.g. the months of a series)
}

// Evidence is one source row behind a flag.
type Evidence struct {
	FlagID   string
	RuleID   string
	Dataset  string
	FileName string
	FilePath string
	Sheet    string
	RowNo    int
	Detail   string
	// The row's own figures, from its staging table (mart_flag_evidence): a finance
	// specialist sums these, not the flag's total.
	Date       *time.Time
	DocumentNo string
	AmountYuan *float64
}

// RuleThreshold is one threshold in force.
type RuleThreshold struct {
	RuleID  string
	Param   string
	Label   string // Chinese label when known, else the catalog's doc
	Value   float64
	Display string // Value formatted by what the parameter is (元, %, …)
	Source  string // default | the config file
	Doc     string // the catalog's description (English)
}

// OnSiteArea lists what to pull on site for one area, and for which flags.
type OnSiteArea struct {
	Area      string
	Documents []string
	Subjects  []string // "RULE_ID：subject" of the flags that call for them
}

// SelfCheck is the self-inspection section: the hook for the self-inspection
// issue: the matching of the self-report (mart_self_inspection_match) and the flags of the
// 自查与整改 area. Missing says so when no self-report was loaded.
type SelfCheck struct {
	Section
	Checklist      string // BN-L / BN-P / ZB-L
	Rows           int    // self-inspection rows read
	Matched        int    // rows matched to a clause with confidence
	Unmatched      int
	Gaps           []Flag // SELF_COVERAGE_GAP
	Contradictions []Flag // SELF_CONTRADICTION
	Overdue        []Flag // RECT_OVERDUE
}

// InstitutionTrend is the institution's flags in the report year and the years
// before it.
type InstitutionTrend struct {
	Section
	Years []YearStat // ascending
	Areas []string
	// ByArea[i][j] is area i in Years[j].
	ByArea [][]Stat
}

// Stat is a count of flags with their weighted score and amount.
type Stat struct {
	Flags      int
	High       int
	Medium     int
	Low        int
	Score      float64
	AmountYuan float64
}

// YearStat is a Stat for a year.
type YearStat struct {
	Year int
	Stat
}

// Trend is the commission office's report: every institution across years.
type Trend struct {
	From, To    int
	Years       []int
	Areas       []string
	GeneratedAt time.Time

	Totals       []YearStat // all institutions, per year
	ByArea       [][]Stat   // [area][year]
	Institutions []TrendInstitution
	Rules        []TrendRule
	MoversUp     []Mover
	MoversDown   []Mover
	Rect         Rectification
	Coverage     TrendCoverage
	Links        Links // the district folder's index and pre-visit reports
	Reviews      TrendReviews
}

// TrendInstitution is one institution's flags per year (aligned with Trend.Years).
type TrendInstitution struct {
	Institution
	Years []Stat
	Total Stat
}

// TrendRule is one rule's flags per year (aligned with Trend.Years).
type TrendRule struct {
	RuleID       string
	TitleZH      string
	Area         string
	Years        []Stat
	Institutions []int // institutions flagged per year
	Total        Stat
}

// Mover is an institution whose weighted score changed most between two years.
type Mover struct {
	Institution
	FromYear, ToYear int
	Before, After    float64
	Delta            float64
}

// Rectification is the rectification (整改) follow-up per institution.
type Rectification struct {
	Section
	Rows []RectRow
}

// RectRow counts one institution's rectification items.
type RectRow struct {
	Institution
	Total   int
	Closed  int
	Open    int
	Overdue int // open past the deadline, or closed after it
}

// TrendCoverage counts rule statuses across the range (from mart_rule_coverage).
type TrendCoverage struct {
	// Per year: rule-institution pairs by status.
	Years []CoverageYear
}

// CoverageYear is one year's rule coverage across institutions.
type CoverageYear struct {
	Year                                                          int
	Flagged, Assessed, NotAssessed, NotApplicable, NotImplemented int
}

// Insurance is the insurance (医保) section: what the INS_* rules flagged as a share of the
// fund paid, the departments and doctors behind it, and the settlements to pull on site
// (mart_insurance_summary, mart_insurance_top, mart_settlements_to_pull).
type Insurance struct {
	Section
	FundPaidYuan *float64 // Σ fund_paid of the institution-year; nil when unknown
	Settlements  int
	Rules        []InsuranceRule
	Departments  []InsuranceTop
	Doctors      []InsuranceTop
	Pull         InsurancePull
}

// InsuranceRule is one INS_* rule's totals for the institution-year.
type InsuranceRule struct {
	RuleID             string
	TitleZH            string
	Flags              int
	HighFlags          int
	FlaggedSettlements int
	FlaggedYuan        float64
	Share              *float64 // flagged / fund paid, a fraction; nil when no fund paid
}

// SharePct is Share in percent for display ("—" when unknown).
func (r InsuranceRule) SharePct() string { return sharePct(r.Share) }

// InsuranceTop is one department or doctor ranked by flagged amount.
type InsuranceTop struct {
	Rank        int
	Name        string
	Flags       int
	Settlements int
	FlaggedYuan float64
}

// InsurancePull is the list of settlements to pull on site.
type InsurancePull struct {
	Section
	Seed    *int64 // the seed the sample was drawn with; redrawing with it gives the same list
	High    int
	Sampled int
	Rows    []PullSettlement
}

// PullSettlement is one settlement on the pull list.
type PullSettlement struct {
	SettlementID string
	Reason       string // high | sample
	RuleIDs      string
	AmountYuan   *float64 // largest amount among its INS flags
	FundPaidYuan *float64
	Department   string
	Doctor       string
}

// ReasonZH is the reason in Chinese.
func (s PullSettlement) ReasonZH() string {
	if s.Reason == "high" {
		return "高风险线索"
	}
	return "随机抽样"
}
