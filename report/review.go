package report

import "time"

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
