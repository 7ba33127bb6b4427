package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/xuncha/xuncha/ingest"
)

// FlagReview is the panel's review in force for a flag (mart_flag_review): the latest of the
// reviews ingested from returned evidence workbooks.
type FlagReview struct {
	Verdict    string // 属实 | 部分属实 | 排除 | 移交
	Note       string
	Reviewer   string
	ReviewedOn time.Time
	Confirmed  bool // 属实 or 部分属实: a finding, no longer only a signal
	Reviews    int  // how many reviews of the flag were recorded
}

// FlagSeen is where a flag stands across builds (mart_flag_history).
type FlagSeen struct {
	State      string // new | persisting (gone flags are not in a report's flag list)
	FirstBuild int64
	FirstSeen  time.Time
}

// StateZH is the state in Chinese.
func (s FlagSeen) StateZH() string {
	switch s.State {
	case "new":
		return "本次构建新出现"
	case "persisting":
		return "自构建 #" + strconv.FormatInt(s.FirstBuild, 10) + "（" + s.FirstSeen.Format("2006-01-02") + "）起持续出现"
	}
	return s.State
}

// ReviewCounts says how far the panel has got with a report's risks.
type ReviewCounts struct {
	Flags, Confirmed, Excluded, Referred, Unreviewed int
}

// Reviews counts the verdicts on the report's risks (coverage gaps left out).
func (p *Previsit) Reviews() ReviewCounts {
	var c ReviewCounts
	for _, f := range p.Risks() {
		c.Flags++
		switch r := f.Review; {
		case r == nil:
			c.Unreviewed++
		case r.Confirmed:
			c.Confirmed++
		case r.Verdict == ingest.VerdictExcluded:
			c.Excluded++
		case r.Verdict == ingest.VerdictReferred:
			c.Referred++
		}
	}
	return c
}

// attachHistory sets each flag's review in force and its state across builds.
func attachHistory(ctx context.Context, db DB, code string, year int, flags []Flag) error {
	byID := map[string]*Flag{}
	for i := range flags {
		byID[flags[i].FlagID] = &flags[i]
	}
	return scanAll(ctx, db, "flag_history", []any{code, year}, func(r *sql.Rows) error {
		var id string
		var seen FlagSeen
		var verdict, note, reviewer sql.NullString
		var on sql.NullTime
		var rv FlagReview
		if err := r.Scan(&id, &seen.State, &seen.FirstBuild, &seen.FirstSeen, &verdict, &note, &reviewer, &on, &rv.Confirmed, &rv.Reviews); err != nil {
			return err
		}
		f := byID[id]
		if f == nil {
			return nil // gone: not in the latest build's flags
		}
		f.Seen = &seen
		if verdict.Valid {
			rv.Verdict, rv.Note, rv.Reviewer, rv.ReviewedOn = verdict.String, MaskIDs(note.String), reviewer.String, on.Time
			f.Review = &rv
		}
		return nil
	})
}

// Lookback is the 回头看 section: the findings the panel confirmed for the institution's
// earlier years, and what the report's year shows of each (mart_lookback).
type Lookback struct {
	Findings []LookbackFinding
}

// LookbackFinding is one confirmed finding of an earlier year.
type LookbackFinding struct {
	FlagID, RuleID, TitleZH string
	FindingYear             int
	FindingPeriod, Subject  string
	Verdict, Note, Reviewer string
	ReviewedOn              time.Time
	// Pattern: same_subject | same_rule | same_area | not_seen | not_assessed
	Pattern        string
	PatternFlagIDs []string // the report year's flags of the rule, the same subject's first
	Rect           []RectItem
}

// PatternZH says in Chinese what the report's year shows of the finding.
func (f LookbackFinding) PatternZH() string {
	switch f.Pattern {
	case "same_subject":
		return "仍存在：同一规则对同一对象再次预警"
	case "same_rule":
		return "同类问题仍存在：同一规则对其他对象预警"
	case "same_area":
		return "同一领域其他规则有预警"
	case "not_seen":
		return "本年度数据未再出现"
	case "not_assessed":
		return "无法判断：本年度缺少该规则所需数据"
	}
	return f.Pattern
}

// Persists reports whether the data still shows the finding's rule.
func (f LookbackFinding) Persists() bool {
	return f.Pattern == "same_subject" || f.Pattern == "same_rule"
}

// RectItem is a rectification (整改) ledger item on a finding's clauses.
type RectItem struct {
	IssueNo    string     `json:"issue_no"`
	Clause     string     `json:"clause"`
	Status     string     `json:"status"`
	FoundDate  *time.Time `json:"-"`
	Deadline   *time.Time `json:"-"`
	ClosedDate *time.Time `json:"-"`
	Closed     bool       `json:"is_closed"`
}

// UnmarshalJSON reads the dates DuckDB writes as YYYY-MM-DD.
func (it *RectItem) UnmarshalJSON(b []byte) error {
	type plain RectItem
	var v struct {
		plain
		Found    string `json:"found_date"`
		Deadline string `json:"deadline"`
		ClosedOn string `json:"closed_date"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*it = RectItem(v.plain)
	it.FoundDate, it.Deadline, it.ClosedDate = jsonDate(v.Found), jsonDate(v.Deadline), jsonDate(v.ClosedOn)
	return nil
}

func jsonDate(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil
	}
	return &t
}

func loadLookback(ctx context.Context, db DB, code string, year int) (Lookback, error) {
	var lb Lookback
	err := scanAll(ctx, db, "lookback", []any{code, year}, func(r *sql.Rows) error {
		var f LookbackFinding
		var ids []any
		var rect string
		if err := r.Scan(&f.FlagID, &f.RuleID, &f.TitleZH, &f.FindingYear, &f.FindingPeriod, &f.Subject, &f.Verdict, &f.Note,
			&f.Reviewer, &f.ReviewedOn, &f.Pattern, &ids, &rect); err != nil {
			return err
		}
		for _, id := range ids {
			if s, ok := id.(string); ok {
				f.PatternFlagIDs = append(f.PatternFlagIDs, s)
			}
		}
		if err := json.Unmarshal([]byte(rect), &f.Rect); err != nil {
			return err
		}
		f.Subject, f.Note = MaskIDs(f.Subject), MaskIDs(f.Note)
		lb.Findings = append(lb.Findings, f)
		return nil
	})
	return lb, err
}

// TrendReviews sets the panel's confirmed findings apart from the signals nobody has checked
// yet, per year and per institution-year (review_counts).
type TrendReviews struct {
	Years        []ReviewYear // aligned with Trend.Years
	Institutions []ReviewYear // one per institution-year with risks or gone findings
}

// ReviewYear is one year's (or one institution-year's) counts.
type ReviewYear struct {
	Code, Name string // empty in Years
	Year       int
	ReviewCounts
	ConfirmedGone int // confirmed findings whose flag the latest build no longer produces
}

// Reviewed is how many risks have a verdict.
func (c ReviewCounts) Reviewed() int { return c.Flags - c.Unreviewed }

func loadTrendReviews(ctx context.Context, db DB, t *Trend, registry map[string]Institution) (TrendReviews, error) {
	tr := TrendReviews{Years: make([]ReviewYear, len(t.Years))}
	for i, y := range t.Years {
		tr.Years[i].Year = y
	}
	err := scanAll(ctx, db, "review_counts", []any{t.From, t.To}, func(r *sql.Rows) error {
		var y ReviewYear
		if err := r.Scan(&y.Code, &y.Year, &y.Flags, &y.Confirmed, &y.Excluded, &y.Referred, &y.Unreviewed, &y.ConfirmedGone); err != nil {
			return err
		}
		y.Name = registry[y.Code].Name
		tr.Institutions = append(tr.Institutions, y)
		tot := &tr.Years[y.Year-t.From]
		tot.Flags += y.Flags
		tot.Confirmed += y.Confirmed
		tot.Excluded += y.Excluded
		tot.Referred += y.Referred
		tot.Unreviewed += y.Unreviewed
		tot.ConfirmedGone += y.ConfirmedGone
		return nil
	})
	return tr, err
}
