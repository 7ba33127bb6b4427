package marts

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// pepCase (pep: procurement, equipment, pay) is one row of a rule's table test: raw rows in, the flags expected out.
type pepCase struct {
	name   string
	rows   func(f *fixture)
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

// pepRun builds one fixture per case (in parallel) and compares the rule's flags.
func pepRun(t *testing.T, rule string, cases []pepCase) {
	t.Helper()
	for _, tc := range cases {
		tc := tc
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			tc.rows(f)
			f.build(tc.config...)
			pepCheck(t, f, rule, tc.want)
		})
	}
}

func pepCheck(t *testing.T, f *fixture, rule string, want []pepWant) {
	t.Helper()
	got := f.flags(rule)
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
func pepProc(f *fixture, inst, orderNo, day, vendor, category string, amount float64, channel, method string) {
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
