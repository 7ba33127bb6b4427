package report

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
)

//go:embed templates/*.tmpl templates/style.css
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
	"yuan": yuan,
	"wan":  wan,
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
	"inputsZH": func(inputs []string) string {
		out := make([]string, len(inputs))
		for i, in := range inputs {
			out[i] = kindZH(strings.TrimPrefix(in, "stg_"))
		}
		return strings.Join(out, "、")
	},
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
	Series     map[string]Chart // flag id → the series its rule compared
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
	if len(series) == 0 {
		return Chart{}, false
	}
	if len(labels) != n {
		labels = make([]string, n)
		for i := range labels {
			labels[i] = strconv.Itoa(i + 1)
		}
	}
	return lineChartLabels(labels, series, "", "规则比较的序列（各自最大值 = 100）"), true
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
	v.Series = map[string]Chart{}
	for _, f := range p.Flags {
		if c, ok := seriesChart(f); ok {
			v.Series[f.FlagID] = c
		}
	}
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
		rows = append(rows, tr.RuleID)
		r := make([]float64, len(t.Years))
		for j, s := range tr.Years {
			r[j] = float64(s.Flags)
		}
		vals = append(vals, r)
	}
	v.RuleChart = heatmap(rows, cols, vals, "", "规则 × 年度 风险线索数")
	return tp.ExecuteTemplate(w, "trend", v)
}
