package ingest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// PeriodText lets a kind's year field come from outside its columns: a budget whose year
// is only in its title (XX医院2025年度部门预算执行表), a self-report dated in its footer
// (报送日期：2025年3月). The precedence is the column, the title rows or the rows under the
// table, the sheet name, the file name, then --year.
type PeriodText struct {
	Field string `json:"field"`
	// Labels of a dated line that wins over any other year in the title or footer (报送日期:
	// a self-report's year is the year it was reported); without labels a year written as
	// 2025年度 wins.
	Labels []string `json:"labels"`
}

var (
	fiscalYearRe = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})\s*年度`)
	anyYearRe    = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)`)
)

// labelledYear finds the year of a dated line: after one of labels (报送日期：2025年3月10日).
func labelledYear(text string, labels []string) (int, bool) {
	t := cell.NormalizeText(text)
	for _, l := range labels {
		re := regexp.MustCompile(regexp.QuoteMeta(l) + `\s*[:：]?\s*(20[0-9]{2})(?:[^0-9]|$)`)
		if m := re.FindStringSubmatch(t); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y, true
		}
	}
	return 0, false
}

// yearIn finds the year a text states: one written as 2025年度, else any year not part of
// a longer number.
func yearIn(text string) (int, bool) {
	t := cell.NormalizeText(text)
	for _, re := range []*regexp.Regexp{fiscalYearRe, anyYearRe} {
		if m := re.FindStringSubmatch(t); m != nil {
			y, _ := strconv.Atoi(m[1])
			return y, true
		}
	}
	return 0, false
}

// Where a sheet's year came from, for the detection reason.
const (
	fromTitle  = "标题行"
	fromFooter = "表尾"
	fromSheet  = "工作表名"
	fromFile   = "文件名"
	fromFlag   = "--year"
)

// sheetYear decides the year of rows without one in their column once the title (and, at
// the end of the sheet, the footer) has been read. final says no more rows will come. A
// dated line (period.labels) in the title or the footer wins over any other year in them.
func (s *sheetLoader) sheetYear(final bool) (int, string, bool) {
	p := s.m.contract.Period
	title, footer := strings.Join(s.title, " "), strings.Join(s.footer, " ")
	if y, ok := labelledYear(title, p.Labels); ok {
		return y, fromTitle, true
	}
	if !final && len(p.Labels) > 0 {
		return 0, "", false // the footer may carry the report date
	}
	if y, ok := labelledYear(footer, p.Labels); ok {
		return y, fromFooter, true
	}
	if y, ok := yearIn(title); ok {
		return y, fromTitle, true
	}
	if !final {
		return 0, "", false
	}
	if y, ok := yearIn(footer); ok {
		return y, fromFooter, true
	}
	if s.bookYear > 0 {
		return s.bookYear, s.bookYearFrom, true
	}
	if y, ok := yearIn(s.sh.name); ok {
		return y, fromSheet, true
	}
	if y, ok := yearIn(strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))); ok {
		return y, fromFile, true
	}
	if s.opt.Year > 0 {
		return s.opt.Year, fromFlag, true
	}
	return 0, "", false
}

// settleYear fixes the sheet's year as soon as it is known; until then the rows wait
// (held) for the footer. It reports whether the year is settled.
func (s *sheetLoader) settleYear(final bool) bool {
	if s.yearSettled {
		return true
	}
	y, from, ok := s.sheetYear(final)
	if !ok && !final {
		return false
	}
	s.yearSettled = true
	if !ok {
		s.result.Detection += fmt.Sprintf("; %s: no year in the title, footer, sheet name or file name, pass --year", s.m.contract.Period.Field)
		return true
	}
	s.year = y
	s.result.Detection += fmt.Sprintf("; %s %d 取自%s", s.m.contract.Period.Field, y, from)
	if (from == fromTitle || from == fromFooter) && s.bookYear == 0 {
		s.bookYear, s.bookYearFrom = y, from // later sheets of the workbook without a title of their own
	}
	return true
}

// waiting says whether the rows below the header must wait for the footer: the kind takes
// its year from text and the title did not give it.
func (s *sheetLoader) waiting() bool {
	return s.m.contract.Period != nil && !s.settleYear(false)
}

// releaseHeld reads the rows that waited for the footer, in order.
func (s *sheetLoader) releaseHeld() error {
	if s.m.contract.Period == nil {
		return nil
	}
	s.settleYear(true)
	held := s.held
	s.held = nil
	for _, h := range held {
		if err := s.body(h.rowNo, h.cells); err != nil {
			return err
		}
	}
	return nil
}

// periodValue is the sheet's year as the value of the kind's period field.
func (s *sheetLoader) periodValue() any {
	if s.year == 0 {
		return nil
	}
	return float64(s.year)
}

type heldRow struct {
	rowNo int
	cells []string
}
