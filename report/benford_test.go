package report

import (
	"math"
	"strings"
	"testing"
)

func TestBenfordChart(t *testing.T) {
	expected := make([]float64, 9)
	observed := make([]float64, 9)
	for d := range 9 {
		expected[d] = math.Log10(1 + 1/float64(d+1))
		observed[d] = 1.0 / 9
	}
	f := Flag{RuleID: "FIN_BENFORD_DEVIATION", Measures: []KV{
		{Key: "mad", Value: "0.06"}, {Key: "observed", Series: observed}, {Key: "expected", Series: expected}}}
	c, ok := flagChart(f)
	if !ok {
		t.Fatal("no chart for a Benford flag")
	}
	var bars []Rect
	for _, r := range c.Rects {
		if strings.HasPrefix(r.Title, "首位数字") {
			bars = append(bars, r)
		}
	}
	if len(bars) != 9 || len(c.Polylines) != 1 || len(c.Circles) != 9 {
		t.Fatalf("%d bars, %d lines, %d points; want 9, 1, 9", len(bars), len(c.Polylines), len(c.Circles))
	}
	// one scale for both: the bar of a digit and the expected point of a digit with the same
	// share sit at the same height (digit 1: expected 30.1 % is above the uniform 11.1 % bar)
	if !(c.Circles[0].CY < bars[0].Y) || !(c.Circles[8].CY > bars[8].Y) {
		t.Errorf("digit 1 expected above its bar and digit 9 below: circles %v / %v, bars %v / %v",
			c.Circles[0].CY, c.Circles[8].CY, bars[0].Y, bars[8].Y)
	}
	if !strings.Contains(bars[0].Title, "实际11.1%，期望30.1%") {
		t.Errorf("bar title %q", bars[0].Title)
	}
	if _, ok := flagChart(Flag{RuleID: "FIN_BENFORD_DEVIATION", Measures: []KV{{Key: "observed", Series: observed}}}); ok {
		t.Error("a chart without the expected distribution")
	}
}
