package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/selfcheck"
)

//go:embed templates/*.tmpl templates/style.css templates/district.js
var templateFS embed.FS

// Version is written into reports (the CLI sets it to its build version).
var Version = "dev"

var (
	tmplOnce sync.Once
	tmpl     *template.Template
	tmplErr  error
	css      template.CSS
)

func templates() (*template.Template, error) {
	tmplOnce.Do(func() {
		b, err := templateFS.ReadFile("templates/style.css")
		if err != nil {
			tmplErr = err
			return
		}
		css = template.CSS(b) // our own embedded stylesheet, not data
		tmpl, tmplErr = template.New("report").Funcs(funcs).ParseFS(templateFS, "templates/*.tmpl")
	})
	return tmpl, tmplErr
}

var funcs = template.FuncMap{
	"yuan":     yuan,
	"wan":      wan,
	"wanYuan":  wanYuan,
	"wanNum":   wanNumber,
	"sentence": sentence,
	"monthsZH": monthsZH,
	"kvLabel":  kvLabel,
	"peers": func(s Summary) int {
		for _, a := range s.Areas {
			return a.Peers
		}
		return 0
	},
	"splitIDs": func(s string) []string {
		var out []string
		for _, id := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '、' }) {
			out = append(out, id)
		}
		return out
	},
	"ruleTitle": func(id string) string {
		if r, ok := marts.RuleByID(id); ok {
			return r.TitleZH
		}
		return id
	},
	"ruleTitles": func(ids []string) string {
		out := make([]string, len(ids))
		for i, id := range ids {
			out[i] = id
			if r, ok := marts.RuleByID(id); ok {
				out[i] = r.TitleZH
			}
		}
		return strings.Join(out, "；")
	},
	"number": func(v any) string {
		switch x := v.(type) {
		case int:
			return number(float64(x))
		case int64:
			return number(float64(x))
		case float64:
			return number(x)
		}
		return fmt.Sprint(v)
	},
	"pct": func(p *float64) string {
		if p == nil {
			return "—"
		}
		return strconv.FormatFloat(*p, 'f', 0, 64)
	},
	"join":  func(s []string, sep string) string { return strings.Join(s, sep) },
	"add":   func(a, b int) int { return a + b },
	"deref": func(p *float64) float64 { return *p },
	"f": func(v float64) string {
		return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
	},
	"monthSpan":   monthSpan,
	"monthRanges": monthRanges,
	"delta": func(ys []YearStat, i int) string {
		if i == 0 {
			return "—"
		}
		return signed(ys[i].Score - ys[i-1].Score)
	},
	"pair": func(title string, flags []Flag) any {
		return struct {
			Title string
			Flags []Flag
		}{title, flags}
	},
	"ratio": func(a, b int) string {
		if b == 0 {
			return "—"
		}
		return percent(float64(a) / float64(b))
	},
	"signed":   signed,
	"minPeers": func() int { return MinPeers },
	"kindZH":   kindZH,
	"sevZH":    severityZH,
	"sevRank":  func(s string) int { return slices.Index([]string{"low", "medium", "high"}, s) },
	"inputsZH": func(inputs []string) string {
		out := make([]string, len(inputs))
		for i, in := range inputs {
			out[i] = kindZH(strings.TrimPrefix(in, "stg_"))
		}
		return strings.Join(out, "、")
	},
}

// codeRe finds what a sentence quotes as a code: checklist clause ids (and checklist ids), and
// document numbers, asset numbers and the like — runs of ASCII letters, digits and
// punctuation holding a letter (a run with no digit, such as CT, is a word and stays), and
// numbers of ten digits and more (settlement nos.).
var codeRe = regexp.MustCompile(`(?:BN-L|BN-P|ZB-L)(?:\.\d+)*|[A-Za-z0-9_\-./()]*[A-Za-z][A-Za-z0-9_\-./()]*|\d{10,}`)

// sentence is a sentence a rule wrote, for reading: numbers humanised, HTML escaped, codes set
// in small print as the codes they are.
func sentence(s string) template.HTML {
	esc := template.HTMLEscapeString(humanise(s))
	return template.HTML(codeRe.ReplaceAllStringFunc(esc, func(m string) string { // escaped above; codes are [A-Za-z0-9_-./()]
		if strings.HasPrefix(m, "BN-") || strings.HasPrefix(m, "ZB-") || strings.ContainsAny(m, "0123456789") {
			return `<span class="code">` + m + `</span>`
		}
		return m
	}))
}

// kindZH is a dataset kind's Chinese title (procurement → 采购/入库明细).
func kindZH(kind string) string {
	if kind == "" {
		return "未识别"
	}
	t, _ := contractTitle(kind)
	return t
}

func signed(v float64) string {
	if v > 0 {
		return "+" + number(v)
	}
	return number(v)
}

// monthSpan is "1–12月" (or "2024-12..2025-02" across years) for sorted months.
func monthSpan(months []string) string {
	if len(months) == 0 {
		return ""
	}
	first, last := months[0], months[len(months)-1]
	if len(first) == 7 && len(last) == 7 && first[:4] == last[:4] {
		a, _ := strconv.Atoi(first[5:])
		b, _ := strconv.Atoi(last[5:])
		if a == b {
			return fmt.Sprintf("%d月", a)
		}
		return fmt.Sprintf("%d–%d月", a, b)
	}
	return first + ".." + last
}

// monthsZH writes months as a reader would: "3月、7–9月" within one year, with the year where
// they span several ("2024年12月、2025年1–2月").
func monthsZH(months []string) string {
	oneYear := true
	for _, m := range months {
		oneYear = oneYear && m[:4] == months[0][:4]
	}
	var parts []string
	for i := 0; i < len(months); {
		j := i
		for j+1 < len(months) && nextMonth(months[j]) == months[j+1] && months[j+1][:4] == months[i][:4] {
			j++
		}
		a, _ := strconv.Atoi(months[i][5:])
		p := strconv.Itoa(a)
		if j > i {
			b, _ := strconv.Atoi(months[j][5:])
			p += "–" + strconv.Itoa(b)
		}
		if !oneYear {
			p = months[i][:4] + "年" + p
		}
		parts = append(parts, p+"月")
		i = j + 1
	}
	return strings.Join(parts, "、")
}

// monthRanges compresses sorted YYYY-MM months into runs: "2025-03、2025-07..2025-09".
func monthRanges(months []string) string {
	var parts []string
	for i := 0; i < len(months); {
		j := i
		for j+1 < len(months) && nextMonth(months[j]) == months[j+1] {
			j++
		}
		if j > i {
			parts = append(parts, months[i]+".."+months[j])
		} else {
			parts = append(parts, months[i])
		}
		i = j + 1
	}
	return strings.Join(parts, "、")
}

func nextMonth(m string) string {
	var y, mo int
	if _, err := fmt.Sscanf(m, "%d-%d", &y, &mo); err != nil {
		return ""
	}
	mo++
	if mo > 12 {
		y, mo = y+1, 1
	}
	return fmt.Sprintf("%04d-%02d", y, mo)
}

type previsitView struct {
	P          *Previsit
	CSS        template.CSS
	Version    string
	AreaChart  Chart
	TrendChart Chart
	HasTrend   bool
	Series     map[string]*Chart // flag id → the series its rule compared
	Figures    map[string][]KV   // flag id → the figures it compared, thresholds left to Thresholds
	Gaps       []gapSection      // SELF_COVERAGE_GAP flags, one table per section of the checklist
	DataUntil  string            // the last month with data for the year, e.g. 2025年12月
}

// gapSection is one section of the checklist with the clauses the self-report left out.
type gapSection struct {
	Title string
	Flags []Flag
}

// gapSections groups coverage gaps by the checklist section their clause belongs to, in the
// plan's order (flags arrive in clause order within a rule).
func gapSections(gaps []Flag) []gapSection {
	var out []gapSection
	idx := map[string]int{}
	for _, f := range gaps {
		title := "其他条款"
		if c, ok := selfcheck.Lookup(f.Subject); ok {
			title = c.AreaTitle + " · " + c.SectionTitle
		}
		i, ok := idx[title]
		if !ok {
			i = len(out)
			idx[title] = i
			out = append(out, gapSection{Title: title})
		}
		out[i].Flags = append(out[i].Flags, f)
	}
	return out
}

// kvLabel is a figure's label beside a value that carries its own unit: amounts read
// "680.00万元", so their label drops its "（元）".
func kvLabel(key, label string) string {
	if strings.HasSuffix(key, "_yuan") {
		return strings.TrimSuffix(label, "（元）")
	}
	return label
}

// valueLabels are the Chinese for the few values rules record as words.
var valueLabels = map[string]string{
	"data_last_date": "数据最后日期",
	"build_date":     "构建日期",
	"param":          "设定的评估日",
}

// figures are a flag's measures without the thresholds it also recorded (shown once, as
// thresholds), the series drawn as a chart and nested records (the workbook has them all).
func figures(f Flag) []KV {
	thr := map[string]bool{}
	for _, t := range f.Thresholds {
		thr[t.Key] = true
	}
	var out []KV
	for _, kv := range f.Measures {
		if thr[kv.Key] || kv.Series != nil || kv.Labels != nil || strings.HasPrefix(kv.Value, "{") || strings.HasPrefix(kv.Value, "[") {
			continue
		}
		if v, ok := valueLabels[kv.Value]; ok {
			kv.Value = v
		}
		kv.Label = kvLabel(kv.Key, kv.Label)
		out = append(out, kv)
	}
	return out
}

// dataUntil is the last month with rows among the year's dated datasets ("" when none).
func dataUntil(c Coverage) string {
	last := ""
	for _, k := range c.Kinds {
		if n := len(k.Months); n > 0 && k.Months[n-1] > last {
			last = k.Months[n-1]
		}
	}
	if len(last) != 7 {
		return ""
	}
	m, _ := strconv.Atoi(last[5:])
	return last[:4] + "年" + strconv.Itoa(m) + "月"
}

// flagChart is the chart of a flag: Benford's two distributions, or the series its rule compared.
func flagChart(f Flag) (Chart, bool) {
	if f.RuleID == "FIN_BENFORD_DEVIATION" {
		var observed, expected []float64
		for _, kv := range f.Measures {
			switch kv.Key {
			case "observed":
				observed = kv.Series
			case "expected":
				expected = kv.Series
			}
		}
		return benfordChart(observed, expected)
	}
	return seriesChart(f)
}

// seriesChart draws the numeric series a rule recorded (e.g. monthly pay against
// monthly revenue), each scaled to its own maximum so that co-movement shows.
func seriesChart(f Flag) (Chart, bool) {
	var labels []string
	var series []Series
	n := 0
	for _, kv := range f.Measures {
		if kv.Labels != nil && labels == nil {
			labels = kv.Labels
		}
		if len(kv.Series) >= 2 && (n == 0 || len(kv.Series) == n) && len(series) < len(palette) {
			n = len(kv.Series)
			max := 0.0
			for _, v := range kv.Series {
				max = math.Max(max, math.Abs(v))
			}
			vals := make([]float64, n)
			for i, v := range kv.Series {
				if max > 0 {
					vals[i] = 100 * v / max
				}
			}
			series = append(series, Series{Name: kv.Label, Color: palette[(len(series)*3+3)%len(palette)], Values: vals})
		}
	}
	if len(series) < 2 { // one series has nothing to move with: its figures are listed instead
		return Chart{}, false
	}
	if len(labels) != n {
		labels = make([]string, n)
		for i := range labels {
			labels[i] = strconv.Itoa(i + 1)
		}
	}
	return lineChartLabels(labels, series, "", "按月变化（纵轴：各序列以本序列最大值为100折算，只比较走势，不比较大小）"), true
}

// WritePrevisitHTML writes the pre-visit report as one self-contained HTML page.
func WritePrevisitHTML(w io.Writer, p *Previsit) error {
	t, err := templates()
	if err != nil {
		return err
	}
	v := previsitView{P: p, CSS: css, Version: Version}
	areas := make([]string, len(p.Summary.Areas))
	for i, a := range p.Summary.Areas {
		areas[i] = a.Area
	}
	v.AreaChart = areaScoreChart(p.Summary, areas)
	v.Series = map[string]*Chart{}
	v.Figures = map[string][]KV{}
	for _, f := range p.Flags {
		if c, ok := flagChart(f); ok {
			v.Series[f.FlagID] = &c
		}
		v.Figures[f.FlagID] = figures(f)
	}
	v.Gaps = gapSections(p.SelfCheck.Gaps)
	v.DataUntil = dataUntil(p.Coverage)
	if len(p.Trend.Years) > 0 {
		years := make([]int, len(p.Trend.Years))
		for i, y := range p.Trend.Years {
			years[i] = y.Year
		}
		v.HasTrend = len(years) > 1
		v.TrendChart = stackedYears(years, p.Trend.Areas, p.Trend.ByArea, func(s Stat) float64 { return s.Score }, "",
			"历年各领域风险加权分")
	}
	return t.ExecuteTemplate(w, "previsit", v)
}

type trendView struct {
	T           *Trend
	CSS         template.CSS
	Version     string
	Total       Stat
	FlagsChart  Chart
	AmountChart Chart
	InstChart   Chart
	RuleChart   Chart
}

// WriteTrendHTML writes the trend report as one self-contained HTML page.
func WriteTrendHTML(w io.Writer, t *Trend) error {
	tp, err := templates()
	if err != nil {
		return err
	}
	v := trendView{T: t, CSS: css, Version: Version}
	for _, y := range t.Totals {
		v.Total.add(y.Stat)
	}
	v.FlagsChart = stackedYears(t.Years, t.Areas, t.ByArea, func(s Stat) float64 { return float64(s.Flags) }, "", "各年度风险线索数（按领域）")
	v.AmountChart = stackedYears(t.Years, t.Areas, t.ByArea, func(s Stat) float64 { return s.AmountYuan }, "yuan", "各年度涉及金额（按领域）")
	cols := make([]string, len(t.Years))
	for i, y := range t.Years {
		cols[i] = strconv.Itoa(y)
	}
	var rows []string
	var vals [][]float64
	for _, ti := range t.Institutions {
		label := ti.Name // the code is in the table below; names read better in a chart
		if label == "" {
			label = ti.Code
		}
		rows = append(rows, label)
		r := make([]float64, len(t.Years))
		for j, s := range ti.Years {
			r[j] = s.Score
		}
		vals = append(vals, r)
	}
	v.InstChart = heatmap(rows, cols, vals, "", "机构 × 年度 风险加权分")
	rows, vals = nil, nil
	for _, tr := range t.Rules {
		label := tr.TitleZH
		if label == "" {
			label = tr.RuleID
		}
		rows = append(rows, label)
		r := make([]float64, len(t.Years))
		for j, s := range tr.Years {
			r[j] = float64(s.Flags)
		}
		vals = append(vals, r)
	}
	v.RuleChart = heatmap(rows, cols, vals, "", "规则 × 年度 风险线索数")
	return tp.ExecuteTemplate(w, "trend", v)
}
