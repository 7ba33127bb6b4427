package ingest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuncha/xuncha/ingest/cell"
)

// PeriodText lets a kind's year or month field come from outside its columns: a budget
// whose year is only in its title (XX医院2025年度部门预算执行表), a self-report dated in its
// footer (报送日期：2025年3月), a payroll whose month is its sheet name (3月) or its file name
// (2025年03月绩效.xlsx). The precedence is the column, the title rows (for a year also the
// rows under the table), the sheet name, the file name, the folder name, then --year.
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
	// 2025年3月, 2025年03月, 2025.03, 2025-03, 2025_03
	yearMonthRe = regexp.MustCompile(`(?:^|[^0-9])(20[0-9]{2})\s*(?:年|[-./_])\s*(0?[1-9]|1[0-2])(?:[^0-9]|$)`)
	monthOnlyRe = regexp.MustCompile(`(?:^|[^0-9])(0?[1-9]|1[0-2])\s*月`)
	// 1-3月, 1月至3月, 第一季度: several months, not one
	monthRangeRe = regexp.MustCompile(`[0-9]\s*月?\s*(?:-|~|～|至|—|－)\s*[0-9]{1,2}\s*月|季度`)
	// a folder named for a period: 2025, 2025年, 2025年03月, 2025-03, 3月
	periodFolderRe = regexp.MustCompile(`^[0-9]{1,4}(?:[0-9年月度份.\-_ ])*$`)
)

// monthIn finds the one month a text states (2025年3月, 2025.03, 3月) and its year when it
// gives one; a text naming a range of months (1-3月, 第一季度) states none.
func monthIn(text string) (year, month int, ok bool) {
	t := cell.NormalizeText(text)
	if monthRangeRe.MatchString(t) {
		return 0, 0, false
	}
	if m := yearMonthRe.FindStringSubmatch(t); m != nil {
		year, _ = strconv.Atoi(m[1])
		month, _ = strconv.Atoi(m[2])
		return year, month, true
	}
	if m := monthOnlyRe.FindStringSubmatch(t); m != nil {
		month, _ = strconv.Atoi(m[1])
		return 0, month, true
	}
	return 0, 0, false
}

// periodFolders are the names of the folders holding a file that name a period (2025,
// 2025年03月), nearest first; other folders of the path say nothing of it.
func periodFolders(path string) []string {
	var out []string
	dir := filepath.Dir(path)
	for i := 0; i < 2; i++ {
		name := filepath.Base(dir)
		if periodFolderRe.MatchString(cell.NormalizeText(name)) {
			out = append(out, name)
		}
		next := filepath.Dir(dir)
		if next == dir {
			break
		}
		dir = next
	}
	return out
}

func baseName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// sheetName is the name of a workbook's sheet; a CSV's one sheet, named for its file,
// names nothing the file name does not.
func sheetName(sheet, path string) string {
	if sheet == baseName(path) || sheet == filepath.Base(path) {
		return ""
	}
	return sheet
}

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
	fromFolder = "文件夹名"
	fromFlag   = "--year"
)

// periodSource is what outside a sheet's table may give its month: the rows above the
// header, the sheet, file and folder names, the year a workbook's title gave, --year.
type periodSource struct {
	rows               []string // each row above the header joined, with its 1-based number in rowNos
	rowNos             []int
	sheet, path        string
	bookYear, flagYear int
	bookYearFrom       string
	// months found, by header top: every candidate header row asks for each of its kinds
	months map[int]periodMonth
}

type periodMonth struct {
	at   time.Time
	from string
	ok   bool
}

// newPeriodSource: the first rows of a sheet (rows, numbered from first) and what
// surrounds it.
func newPeriodSource(sheet, path string, rows [][]string, first, bookYear int, bookYearFrom string, flagYear int) *periodSource {
	p := &periodSource{sheet: sheet, path: path, bookYear: bookYear, bookYearFrom: bookYearFrom, flagYear: flagYear}
	for i, r := range rows {
		if nonEmpty(r) > 0 {
			p.rows, p.rowNos = append(p.rows, strings.Join(r, " ")), append(p.rowNos, first+i)
		}
	}
	return p
}

// month is the period of a sheet whose header starts at row top, and where it came from:
// the first of the title, the sheet name, the file name and the folder names that names a
// month; a month given without its year (3月) takes the first year of the title, the
// workbook's title, the sheet name, the file name, the folders and --year.
func (p *periodSource) month(top int) (time.Time, string, bool) {
	if p == nil {
		return time.Time{}, "", false
	}
	m, ok := p.months[top]
	if !ok {
		m.at, m.from, m.ok = p.findMonth(top)
		if p.months == nil {
			p.months = map[int]periodMonth{}
		}
		p.months[top] = m
	}
	return m.at, m.from, m.ok
}

func (p *periodSource) findMonth(top int) (time.Time, string, bool) {
	srcs := []periodText{{p.title(top), fromTitle}, {sheetName(p.sheet, p.path), fromSheet}, {baseName(p.path), fromFile}}
	for _, f := range periodFolders(p.path) {
		srcs = append(srcs, periodText{f, fromFolder})
	}
	for _, src := range srcs {
		y, mo, ok := monthIn(src.text)
		if !ok {
			continue
		}
		from := src.from
		if y == 0 {
			var yfrom string
			if y, yfrom, ok = p.yearOf(srcs); !ok {
				return time.Time{}, "", false
			}
			if yfrom != src.from {
				from += "，年份取自" + yfrom
			}
		}
		return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, time.UTC), from, true
	}
	return time.Time{}, "", false
}

// title is the text of the rows above a header starting at row top.
func (p *periodSource) title(top int) string {
	var title []string
	for i, r := range p.rows {
		if p.rowNos[i] < top {
			title = append(title, r)
		}
	}
	return strings.Join(title, " ")
}

// yearOf is the year of a month written without one: the first of the title, the
// workbook's title, the other sources and --year that names a year.
func (p *periodSource) yearOf(srcs []periodText) (int, string, bool) {
	if y, ok := yearIn(srcs[0].text); ok {
		return y, srcs[0].from, true
	}
	if p.bookYear > 0 {
		return p.bookYear, p.bookYearFrom, true
	}
	for _, src := range srcs[1:] {
		if y, ok := yearIn(src.text); ok {
			return y, src.from, true
		}
	}
	if p.flagYear > 0 {
		return p.flagYear, fromFlag, true
	}
	return 0, "", false
}

// periodText is a text that may name a period and where it is.
type periodText struct{ text, from string }

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
	if y, ok := yearIn(sheetName(s.sh.name, s.path)); ok {
		return y, fromSheet, true
	}
	if y, ok := yearIn(baseName(s.path)); ok {
		return y, fromFile, true
	}
	for _, f := range periodFolders(s.path) {
		if y, ok := yearIn(f); ok {
			return y, fromFolder, true
		}
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
	if s.m.contract.monthPeriod() {
		s.settleMonth()
		return true
	}
	y, from, ok := s.sheetYear(final)
	if !ok && !final {
		return false
	}
	s.yearSettled = true
	if !ok {
		s.result.Detection += fmt.Sprintf("; %s: no year in the title, footer, sheet name, file name or folder name, pass --year", s.m.contract.Period.Field)
		return true
	}
	s.period = float64(y)
	s.result.Period = fmt.Sprintf("%s %d 取自%s", s.m.contract.Period.Field, y, from)
	s.result.Detection += "; " + s.result.Period
	if (from == fromTitle || from == fromFooter) && s.bookYear == 0 {
		s.bookYear, s.bookYearFrom = y, from // later sheets of the workbook without a title of their own
	}
	return true
}

// settleMonth takes the month detection read outside the table, if any; a workbook whose
// title gave a year lends it to the months of its later sheets (3月, 4月).
func (s *sheetLoader) settleMonth() {
	s.yearSettled = true
	if y, ok := yearIn(strings.Join(s.title, " ")); ok && s.bookYear == 0 {
		s.bookYear, s.bookYearFrom = y, fromTitle
	}
	s.m.readPeriod()
	if s.m.periodFrom == "" {
		return
	}
	s.period = s.m.period
	s.result.Period = fmt.Sprintf("%s %s 取自%s", s.m.contract.Period.Field, s.m.period.Format("2006-01"), s.m.periodFrom)
	s.result.Detection += "; " + s.result.Period
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

// monthPeriod: the kind's period is a month (payroll, income), read from outside the table
// when no column has it; a year period may also come from the footer.
func (c *Contract) monthPeriod() bool {
	if c.Period == nil {
		return false
	}
	f := c.field(c.Period.Field)
	return f != nil && f.Type == TypeMonth
}

type heldRow struct {
	rowNo int
	cells []string
}
