package marts

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Helpers of the procurement, equipment, pay and people rule tests (pep).
//
// A table of cases shares one warehouse per distinct config (a build takes about a second):
// case k's rows go in under institution codes suffixed with "~k" (H3A → H3A~03, registered
// like H3A), so cases cannot see each other's rows, and each case then reads back its own
// flags with the suffix stripped. Rules that compare institutions with each other (peer
// markets) cannot be isolated this way; their tests separate cases by year instead.

// pepDB is what a case writes raw rows through: the fixture itself or a pepFx.
type pepDB interface {
	insert(kind string, row map[string]any)
	exported(sheet, kind string, fields ...string)
}

// pepFx suffixes every institution code of the rows it inserts.
type pepFx struct {
	*fixture
	suffix string
}

func (p *pepFx) insert(kind string, row map[string]any) {
	p.t.Helper()
	out := make(map[string]any, len(row))
	for k, v := range row {
		out[k] = v
	}
	if code, ok := out["institution_code"].(string); ok {
		out["institution_code"] = code + p.suffix
	}
	p.fixture.insert(kind, out)
}

// pepRegistry registers the fixture's four institutions again under suffixed codes.
func (p *pepFx) pepRegistry() {
	for _, r := range [][]string{
		{"H3A", "甲市第一人民医院", "三级甲等", "综合医院"},
		{"H3B", "甲市第二人民医院", "三级乙等", "综合医院"},
		{"H2A", "甲市中医医院", "二级甲等", "中医医院"},
		{"P1", "甲镇卫生院", "一级", "乡镇卫生院"},
	} {
		p.insert("institutions", map[string]any{"institution_code": r[0], "name": r[1] + p.suffix, "tier": r[2],
			"category": r[3], "district": "巴南区", "city": "重庆"})
	}
}

// pepCase is one row of a rule's table test: raw rows in, the flags expected out.
type pepCase struct {
	name   string
	rows   func(f pepDB)
	config []string  // optional threshold overrides ("RULE.param = v")
	want   []pepWant // nil: the rule must not flag anything
}

// pepWant is one expected flag. Severity "" and evidence 0 are not checked.
type pepWant struct {
	inst, period, subject string
	severity              string
	evidence              int
}

func (w pepWant) key() string { return w.inst + "/" + w.period + "/" + w.subject }

// pepRun runs a table of cases, sharing one warehouse among the cases of the same config.
func pepRun(t *testing.T, rule string, cases []pepCase) {
	t.Helper()
	groups := map[string][]int{}
	for i, tc := range cases {
		k := strings.Join(tc.config, "\n")
		groups[k] = append(groups[k], i)
	}
	for _, k := range slices.Sorted(maps.Keys(groups)) {
		idx := groups[k]
		name := "defaults"
		if k != "" {
			name = strings.ReplaceAll(k, "\n", "; ")
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			for _, i := range idx {
				fx := &pepFx{fixture: f, suffix: fmt.Sprintf("~%02d", i)}
				fx.pepRegistry()
				cases[i].rows(fx)
			}
			f.build(cases[idx[0]].config...)
			all := f.flags(rule)
			for _, i := range idx {
				tc, suffix := cases[i], fmt.Sprintf("~%02d", i)
				t.Run(tc.name, func(t *testing.T) {
					var got []flag
					for _, g := range all {
						if strings.HasSuffix(g.Institution, suffix) {
							g.Institution = strings.TrimSuffix(g.Institution, suffix)
							got = append(got, g)
						}
					}
					pepCompare(t, rule, got, tc.want)
				})
			}
		})
	}
}

func pepCompare(t *testing.T, rule string, got []flag, want []pepWant) {
	t.Helper()
	sort.SliceStable(got, func(i, j int) bool {
		a, b := got[i], got[j]
		return a.Institution+"/"+a.Period+"/"+a.Subject < b.Institution+"/"+b.Period+"/"+b.Subject
	})
	var gotKeys, wantKeys []string
	for _, g := range got {
		gotKeys = append(gotKeys, g.Institution+"/"+g.Period+"/"+g.Subject)
	}
	for _, w := range want {
		wantKeys = append(wantKeys, w.key())
	}
	if strings.Join(gotKeys, "\n") != strings.Join(wantKeys, "\n") {
		t.Fatalf("%s flags = %q, want %q", rule, gotKeys, wantKeys)
	}
	for i, w := range want {
		g := got[i]
		if w.severity != "" && g.Severity != w.severity {
			t.Errorf("%s: severity = %s, want %s", w.key(), g.Severity, w.severity)
		}
		if w.evidence != 0 && g.EvidenceRows != w.evidence {
			t.Errorf("%s: evidence_rows = %d, want %d", w.key(), g.EvidenceRows, w.evidence)
		}
		if g.Score < 0 || g.Score > 100 {
			t.Errorf("%s: score %v outside 0–100", w.key(), g.Score)
		}
		if g.Year == 0 || !strings.HasPrefix(g.Period, fmt.Sprint(g.Year)) {
			t.Errorf("%s: year %d does not match period %s", w.key(), g.Year, g.Period)
		}
	}
}

// pepMeasures returns the measures JSON of the one flag of rule on subject.
func (f *fixture) pepMeasures(rule, subject string) map[string]any {
	f.t.Helper()
	var raw string
	err := f.db.QueryRowContext(f.ctx, `select measures::varchar from int_risk_flags where rule_id = ? and subject = ?`, rule, subject).Scan(&raw)
	if err != nil {
		f.t.Fatalf("measures of %s %s: %v", rule, subject, err)
	}
	m := map[string]any{}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		f.t.Fatalf("measures of %s %s: %v in %s", rule, subject, err, raw)
	}
	return m
}

// pepProc inserts one procurement line.
func pepProc(f pepDB, inst, orderNo, day, vendor, category string, amount float64, channel, method string) {
	row := map[string]any{
		"institution_code": inst, "order_date": date(day), "item_name": "物品" + orderNo,
		"category": category, "vendor": vendor, "amount": amount, "channel": channel,
	}
	if orderNo != "" {
		row["order_no"] = orderNo
	}
	if method != "" {
		row["method"] = method
	}
	f.insert("procurement", row)
}
