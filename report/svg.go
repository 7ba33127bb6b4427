package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Charts are drawn in Go as a handful of SVG primitives and written by the HTML
// templates, so they are escaped like every other value and need no script, no
// font and no network.

// Chart is one inline SVG.
type Chart struct {
	Width, Height float64
	Label         string // aria-label
	Rects         []Rect
	Lines         []Line
	Polylines     []Polyline
	Circles       []Circle
	Texts         []Text
}

// Rect is a bar or a heatmap cell; Title becomes its tooltip.
type Rect struct {
	X, Y, W, H  float64
	Fill, Title string
}

// Line is an axis or grid line.
type Line struct {
	X1, Y1, X2, Y2 float64
	Stroke         string
	Dash           string
}

// Polyline is a series of a line chart.
type Polyline struct {
	Points string
	Stroke string
}

// Circle is a point of a line chart.
type Circle struct {
	CX, CY, R   float64
	Fill, Title string
}

// Text is a label.
type Text struct {
	X, Y   float64
	Anchor string // start | middle | end
	Size   float64
	Fill   string
	Bold   bool
	S      string
}

// palette gives each area its colour, in catalog order.
var palette = []string{"#c0392b", "#d35400", "#8e44ad", "#2c3e50", "#16a085", "#2980b9", "#7f8c8d", "#b7950b", "#6d4c41", "#1e8449"}

func areaColor(areas []string, area string) string {
	for i, a := range areas {
		if a == area {
			return palette[i%len(palette)]
		}
	}
	return "#95a5a6"
}

// grid draws the value axis of a plot: five horizontal lines from 0 to max, labelled in unit.
func (c *Chart) grid(left, top, plotW, plotH, max float64, unit string) {
	for i := 0; i <= 4; i++ {
		y := top + plotH - plotH*float64(i)/4
		c.Lines = append(c.Lines, Line{X1: left, Y1: y, X2: left + plotW, Y2: y, Stroke: "#ddd"})
		c.text(left-4, y+3, "end", 10, axisNumber(max*float64(i)/4, unit))
	}
}

func (c *Chart) text(x, y float64, anchor string, size float64, s string) {
	c.Texts = append(c.Texts, Text{X: x, Y: y, Anchor: anchor, Size: size, Fill: "#222", S: s})
}

// niceMax rounds a maximum up to 1, 2 or 5 × 10^k for axis ticks.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// areaScoreChart: one horizontal bar per area, its weighted score, with the peer
// percentile written beside it.
func areaScoreChart(s Summary, areas []string) Chart {
	const left, right, rowH, top = 96.0, 150.0, 26.0, 10.0
	width := 640.0
	c := Chart{Width: width, Height: top*2 + rowH*float64(len(s.Areas)) + 18, Label: "各领域风险加权分与同级百分位"}
	max := 0.0
	for _, a := range s.Areas {
		max = math.Max(max, a.Score)
	}
	max = niceMax(max)
	plotW := width - left - right
	for i := 0; i <= 4; i++ {
		x := left + plotW*float64(i)/4
		c.Lines = append(c.Lines, Line{X1: x, Y1: top, X2: x, Y2: c.Height - 18, Stroke: "#ddd"})
		c.text(x, c.Height-4, "middle", 10, number(max*float64(i)/4))
	}
	for i, a := range s.Areas {
		y := top + rowH*float64(i)
		c.text(left-6, y+rowH/2+4, "end", 12, a.Area)
		w := plotW * a.Score / max
		c.Rects = append(c.Rects, Rect{X: left, Y: y + 4, W: math.Max(w, 0.5), H: rowH - 8, Fill: areaColor(areas, a.Area),
			Title: fmt.Sprintf("%s：%d 项风险（高%d 中%d 低%d），加权分 %s", a.Area, a.Flags, a.High, a.Medium, a.Low, number(a.Score))})
		label := number(a.Score)
		if a.Percentile != nil && a.Flags > 0 {
			label += fmt.Sprintf("  同级第%.0f百分位", *a.Percentile)
		}
		c.text(left+w+6, y+rowH/2+4, "start", 11, label)
	}
	return c
}

// stackedYears: one stacked bar per year, one segment per area, of metric.
func stackedYears(years []int, areas []string, byArea [][]Stat, metric func(Stat) float64, unit string, label string) Chart {
	const left, top, bottom, legendW = 56.0, 12.0, 28.0, 120.0
	width := math.Max(360, math.Min(760, 120+float64(len(years))*90)) + legendW
	height := 240.0
	c := Chart{Width: width, Height: height, Label: label}
	totals := make([]float64, len(years))
	for i := range areas {
		for j := range years {
			totals[j] += metric(byArea[i][j])
		}
	}
	max := 0.0
	for _, t := range totals {
		max = math.Max(max, t)
	}
	max = niceMax(max)
	plotW := width - left - legendW - 10
	plotH := height - top - bottom
	c.grid(left, top, plotW, plotH, max, unit)
	slot := plotW / float64(max1(len(years)))
	barW := math.Min(48, slot*0.6)
	for j, y := range years {
		x := left + slot*float64(j) + (slot-barW)/2
		base := top + plotH
		for i, a := range areas {
			v := metric(byArea[i][j])
			if v <= 0 {
				continue
			}
			h := plotH * v / max
			base -= h
			c.Rects = append(c.Rects, Rect{X: x, Y: base, W: barW, H: h, Fill: areaColor(areas, a),
				Title: fmt.Sprintf("%d年 %s：%s", y, a, axisNumber(v, unit))})
		}
		c.text(x+barW/2, top+plotH+16, "middle", 11, strconv.Itoa(y))
		if totals[j] > 0 {
			c.text(x+barW/2, base-4, "middle", 10, axisNumber(totals[j], unit))
		}
	}
	c.legend(areas, width-legendW+8, top)
	return c
}

func (c *Chart) legend(areas []string, x, y float64) {
	for i, a := range areas {
		yy := y + float64(i)*17
		c.Rects = append(c.Rects, Rect{X: x, Y: yy, W: 11, H: 11, Fill: areaColor(areas, a), Title: a})
		c.text(x+16, yy+10, "start", 11, a)
	}
}

func axisNumber(v float64, unit string) string {
	if unit == "yuan" {
		return wan(v)
	}
	return number(math.Round(v*10) / 10)
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// Series is one line of a line chart.
type Series struct {
	Name   string
	Color  string
	Values []float64
}

// lineChart: one line per series over the years.
func lineChart(years []int, series []Series, unit, label string) Chart {
	labels := make([]string, len(years))
	for i, y := range years {
		labels[i] = strconv.Itoa(y) + "年"
	}
	return lineChartLabels(labels, series, unit, label)
}

// lineChartLabels: one line per series over labelled points (years, months …).
func lineChartLabels(xs []string, series []Series, unit, label string) Chart {
	const left, top, bottom, legendW = 64.0, 12.0, 28.0, 170.0
	width := math.Max(360, math.Min(700, 120+float64(len(xs))*60)) + legendW
	height := 220.0
	c := Chart{Width: width, Height: height, Label: label}
	max := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			max = math.Max(max, v)
		}
	}
	max = niceMax(max)
	plotW := width - left - legendW - 10
	plotH := height - top - bottom
	c.grid(left, top, plotW, plotH, max, unit)
	step := plotW / float64(max1(len(xs)))
	xOf := func(j int) float64 { return left + step*float64(j) + step/2 }
	every := 1 + len(xs)/14 // keep labels from overlapping
	for j, x := range xs {
		if j%every == 0 {
			c.text(xOf(j), top+plotH+16, "middle", 10, x)
		}
	}
	var names []string
	for _, s := range series {
		names = append(names, s.Name)
		var pts []string
		for j, v := range s.Values {
			x, y := xOf(j), top+plotH-plotH*v/max
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x, y))
			c.Circles = append(c.Circles, Circle{CX: x, CY: y, R: 3.5, Fill: s.Color,
				Title: fmt.Sprintf("%s %s：%s", xs[j], s.Name, axisNumber(v, unit))})
		}
		c.Polylines = append(c.Polylines, Polyline{Points: strings.Join(pts, " "), Stroke: s.Color})
	}
	for i, s := range series {
		yy := top + float64(i)*17
		c.Rects = append(c.Rects, Rect{X: width - legendW + 8, Y: yy, W: 11, H: 11, Fill: s.Color, Title: s.Name})
		c.text(width-legendW+24, yy+10, "start", 11, s.Name)
	}
	return c
}

// heatmap: rows × columns of values, darker is higher; cells carry their value.
func heatmap(rows, cols []string, values [][]float64, unit, label string) Chart {
	const left, top, cellH = 190.0, 24.0, 20.0
	cellW := math.Max(44, math.Min(90, 560/float64(max1(len(cols)))))
	c := Chart{Width: left + cellW*float64(len(cols)) + 10, Height: top + cellH*float64(len(rows)) + 6, Label: label}
	max := 0.0
	for _, r := range values {
		for _, v := range r {
			max = math.Max(max, v)
		}
	}
	for j, col := range cols {
		c.text(left+cellW*float64(j)+cellW/2, top-8, "middle", 11, col)
	}
	for i, row := range rows {
		y := top + cellH*float64(i)
		c.text(left-6, y+cellH/2+4, "end", 11, truncateWidth(row, 30))
		for j := range cols {
			v := values[i][j]
			c.Rects = append(c.Rects, Rect{X: left + cellW*float64(j), Y: y, W: cellW - 2, H: cellH - 2,
				Fill: heat(v, max), Title: fmt.Sprintf("%s %s：%s", row, cols[j], axisNumber(v, unit))})
			if v > 0 {
				t := Text{X: left + cellW*float64(j) + cellW/2 - 1, Y: y + cellH/2 + 3, Anchor: "middle", Size: 10, S: axisNumber(v, unit), Fill: "#222"}
				if max > 0 && v/max > 0.55 {
					t.Fill = "#fff"
				}
				c.Texts = append(c.Texts, t)
			}
		}
	}
	return c
}

// heat maps 0..max to white..deep red.
func heat(v, max float64) string {
	if v <= 0 || max <= 0 {
		return "#f4f6f7"
	}
	t := math.Sqrt(v / max)
	r := 255 - t*(255-150)
	g := 235 - t*(235-20)
	b := 225 - t*(225-20)
	return fmt.Sprintf("#%02x%02x%02x", int(r), int(g), int(b))
}

// benfordChart: the observed share of each first digit 1…9 as bars and the share Benford's
// law expects as a line, on one scale (FIN_BENFORD_DEVIATION's measures observed/expected).
func benfordChart(observed, expected []float64) (Chart, bool) {
	if len(observed) != 9 || len(expected) != 9 {
		return Chart{}, false
	}
	const left, top, bottom, width, height = 48.0, 12.0, 44.0, 460.0, 230.0
	c := Chart{Width: width, Height: height, Label: "首位数字分布：柱为实际占比，折线为本福特定律的期望占比"}
	max := 0.0
	for i := range 9 {
		max = math.Max(max, math.Max(observed[i], expected[i]))
	}
	max = niceMax(max)
	plotW, plotH := width-left-10, height-top-bottom
	for i := 0; i <= 4; i++ {
		y := top + plotH - plotH*float64(i)/4
		c.Lines = append(c.Lines, Line{X1: left, Y1: y, X2: left + plotW, Y2: y, Stroke: "#ddd"})
		c.text(left-4, y+3, "end", 10, fmt.Sprintf("%.0f%%", 100*max*float64(i)/4))
	}
	step := plotW / 9
	var pts []string
	for i := range 9 {
		x := left + step*float64(i)
		h := plotH * observed[i] / max
		c.Rects = append(c.Rects, Rect{X: x + step*0.15, Y: top + plotH - h, W: step * 0.7, H: math.Max(h, 0.5), Fill: palette[5],
			Title: fmt.Sprintf("首位数字%d：实际%.1f%%，期望%.1f%%", i+1, 100*observed[i], 100*expected[i])})
		cx, cy := x+step/2, top+plotH-plotH*expected[i]/max
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", cx, cy))
		c.Circles = append(c.Circles, Circle{CX: cx, CY: cy, R: 3, Fill: palette[0], Title: fmt.Sprintf("首位数字%d：期望%.1f%%", i+1, 100*expected[i])})
		c.text(cx, top+plotH+14, "middle", 11, strconv.Itoa(i+1))
	}
	c.Polylines = append(c.Polylines, Polyline{Points: strings.Join(pts, " "), Stroke: palette[0]})
	c.Rects = append(c.Rects, Rect{X: left, Y: height - 16, W: 11, H: 11, Fill: palette[5], Title: "实际占比"})
	c.text(left+16, height-6, "start", 11, "实际占比")
	c.Rects = append(c.Rects, Rect{X: left + 100, Y: height - 16, W: 11, H: 11, Fill: palette[0], Title: "本福特定律期望占比"})
	c.text(left+116, height-6, "start", 11, "本福特定律期望占比")
	return c, true
}
