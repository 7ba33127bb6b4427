package marts

import (
	"bufio"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/xuncha/xuncha/transform"
)

// Thresholds holds the parameters in force: rule id → param → value, and where each came from.
type Thresholds struct {
	values map[string]map[string]float64
	source map[string]map[string]string
	// VendorSplits are the pairs of spellings the config file keeps apart in the vendor master.
	VendorSplits []transform.VendorSplit
}

// DefaultThresholds returns the catalog defaults.
func DefaultThresholds() *Thresholds {
	t := &Thresholds{values: map[string]map[string]float64{}, source: map[string]map[string]string{}}
	for _, r := range Catalog {
		t.values[r.ID], t.source[r.ID] = map[string]float64{}, map[string]string{}
		for _, p := range r.Params {
			t.values[r.ID][p.Name], t.source[r.ID][p.Name] = p.Default, "default"
		}
	}
	return t
}

// Value returns a threshold in force.
func (t *Thresholds) Value(rule, param string) (float64, string) {
	return t.values[rule][param], t.source[rule][param]
}

// ParseConfig overrides thresholds from a config file of lines
//
//	# comment
//	PROC_OFF_PLATFORM.max_offline_share = 0.03
//	vendor.split = 重庆康华医药有限公司 | 重庆康华医药股份有限公司
//
// A vendor.split line keeps two spellings apart that the vendor master would join (see
// mart_vendor_spellings for what it joined).
// An unknown rule or parameter is an error naming the line, so a typo cannot
// silently leave a default in force.
func (t *Thresholds) ParseConfig(name string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = strings.TrimSpace(text[:i])
		}
		if text == "" {
			continue
		}
		key, val, ok := strings.Cut(text, "=")
		if !ok {
			return fmt.Errorf("%s:%d: want RULE_ID.param = value", name, line)
		}
		if strings.EqualFold(strings.TrimSpace(key), "vendor.split") {
			a, b, ok := strings.Cut(val, "|")
			a, b = strings.TrimSpace(a), strings.TrimSpace(b)
			if !ok || a == "" || b == "" || strings.Contains(b, "|") {
				return fmt.Errorf("%s:%d: want vendor.split = 名称A | 名称B (two spellings)", name, line)
			}
			t.VendorSplits = append(t.VendorSplits, transform.VendorSplit{a, b})
			continue
		}
		rule, param, ok := strings.Cut(strings.TrimSpace(key), ".")
		if !ok {
			return fmt.Errorf("%s:%d: want RULE_ID.param = value", name, line)
		}
		rule = strings.ToUpper(rule)
		if _, known := t.values[rule]; !known {
			return fmt.Errorf("%s:%d: unknown rule %q (see `xuncha rules`)", name, line, rule)
		}
		if _, known := t.values[rule][param]; !known {
			return fmt.Errorf("%s:%d: rule %s has no parameter %q (has: %s)", name, line, rule, param, strings.Join(slices.Sorted(maps.Keys(t.values[rule])), ", "))
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s:%d: %q is not a number", name, line, strings.TrimSpace(val))
		}
		t.values[rule][param], t.source[rule][param] = v, name
	}
	return sc.Err()
}
