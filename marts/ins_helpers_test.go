package marts

import (
	"sort"
	"strings"
	"testing"
)

// Helpers shared by the insurance, finance and drug rule tests: tiny builders for raw rows
// and a by-subject view of one rule's flags.

// imClaim is one settlement of raw.claims; zero fields stay NULL.
type imClaim struct {
	inst, id, patient, gender, visit string
	birth, admit, discharge          string
	age                              float64
	dx, dept, doctor                 string
	total, fund                      float64
}

func (f *fixture) imClaim(c imClaim) {
	f.t.Helper()
	row := map[string]any{"institution_code": c.inst, "settlement_id": c.id, "patient_id": c.patient}
	set := func(k string, v any, ok bool) {
		if ok {
			row[k] = v
		}
	}
	set("gender", c.gender, c.gender != "")
	set("visit_type", c.visit, c.visit != "")
	set("birth_date", imDate(c.birth), c.birth != "")
	set("admit_date", imDate(c.admit), c.admit != "")
	set("discharge_date", imDate(c.discharge), c.discharge != "")
	set("age", c.age, c.age != 0)
	set("diagnosis_code", c.dx, c.dx != "")
	set("department", c.dept, c.dept != "")
	set("doctor", c.doctor, c.doctor != "")
	set("total_amount", c.total, c.total != 0)
	set("fund_paid", c.fund, c.fund != 0)
	f.insert("claims", row)
}

// imLine is one charge line of raw.claim_lines.
type imLine struct {
	inst, settlement, day, item, name, class string
	qty, price                               float64
	doctor, dept                             string
}

func (f *fixture) imLine(l imLine) {
	f.t.Helper()
	row := map[string]any{"institution_code": l.inst, "settlement_id": l.settlement, "service_date": date(l.day),
		"item_code": l.item, "qty": l.qty, "unit_price": l.price, "amount": l.qty * l.price}
	if l.name != "" {
		row["item_name"] = l.name
	}
	if l.class != "" {
		row["item_class"] = l.class
	}
	if l.doctor != "" {
		row["doctor"] = l.doctor
	}
	if l.dept != "" {
		row["department"] = l.dept
	}
	f.insert("claim_lines", row)
}

// imPrice is one item of raw.price_list; negative limits stay NULL.
type imPrice struct {
	item, name     string
	max            float64
	gender         string
	ageMin, ageMax float64 // -1: none
	maxQty         float64 // 0: none
}

func (f *fixture) imPrice(p imPrice) {
	f.t.Helper()
	row := map[string]any{"item_code": p.item, "item_name": p.name, "max_price": p.max}
	if p.gender != "" {
		row["gender_limit"] = p.gender
	}
	if p.ageMin >= 0 {
		row["age_min"] = p.ageMin
	}
	if p.ageMax >= 0 {
		row["age_max"] = p.ageMax
	}
	if p.maxQty > 0 {
		row["max_qty_per_day"] = p.maxQty
	}
	f.insert("price_list", row)
}

// imStandardPrices is a small price list in the national coding (医疗服务价格项目规范).
func (f *fixture) imStandardPrices() {
	for _, p := range []imPrice{
		{"110900001", "普通病房床位费", 50, "", -1, -1, 1},
		{"111000002", "二级护理", 30, "", -1, -1, 1},
		{"110200005", "住院诊查费", 20, "", -1, -1, 1},
		{"250101015", "血细胞分析", 25, "", -1, -1, 2},
		{"210300001", "CT平扫", 160, "", -1, -1, 0},
		{"311201001", "产前检查", 20, "女", 15, 55, 1},
		{"311000020", "前列腺按摩", 20, "男", -1, -1, 0},
		{"450000013", "小儿推拿", 35, "", 0, 14, 2},
		{"220800012", "新生儿听力筛查", 60, "", 0, 0, 1},
	} {
		f.imPrice(p)
	}
}

func imDate(s string) any {
	if s == "" {
		return nil
	}
	return date(s)
}

// imBySubject returns one rule's flags keyed by subject; a subject flagged twice fails the test.
func (f *fixture) imBySubject(rule string) map[string]flag {
	f.t.Helper()
	out := map[string]flag{}
	for _, fl := range f.flags(rule) {
		if _, dup := out[fl.Subject]; dup {
			f.t.Fatalf("%s: subject %q flagged twice", rule, fl.Subject)
		}
		out[fl.Subject] = fl
	}
	return out
}

// imExpect is one row of a table-driven rule test: a subject and what its flag must look like
// (flagged = false: no flag at all). Zero evidence / empty severity are not checked.
type imExpect struct {
	name     string
	subject  string
	flagged  bool
	evidence int
	severity string
}

func imCheck(t *testing.T, rule string, got map[string]flag, want []imExpect) {
	t.Helper()
	seen := map[string]bool{}
	for _, w := range want {
		seen[w.subject] = true
		fl, ok := got[w.subject]
		switch {
		case ok != w.flagged:
			t.Errorf("%s %s (%s): flagged = %v, want %v", rule, w.subject, w.name, ok, w.flagged)
		case !ok:
		case w.evidence != 0 && fl.EvidenceRows != w.evidence:
			t.Errorf("%s %s (%s): evidence_rows = %d, want %d", rule, w.subject, w.name, fl.EvidenceRows, w.evidence)
		case w.severity != "" && fl.Severity != w.severity:
			t.Errorf("%s %s (%s): severity = %s, want %s", rule, w.subject, w.name, fl.Severity, w.severity)
		}
		if ok && (fl.Score < 0 || fl.Score > 100) {
			t.Errorf("%s %s: score %v outside 0–100", rule, w.subject, fl.Score)
		}
	}
	var extra []string
	for s := range got {
		if !seen[s] {
			extra = append(extra, s)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		t.Errorf("%s: unexpected flags %s", rule, strings.Join(extra, ", "))
	}
}

// imDump logs one rule's flags with their summaries and evidence (visible with go test -v).
func (f *fixture) imDump(rule string) {
	f.t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `select r.subject, r.period, r.severity, r.score, r.amount_yuan::varchar, r.summary_zh,
			c.measures::varchar, coalesce(string_agg(e.detail, ' | ' order by e.row_no), '')
		from mart_risk_flags r
		left join mart_flag_context c using (flag_id)
		left join mart_flag_evidence e using (flag_id)
		where r.rule_id = ?
		group by all order by r.subject`, rule)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var subject, period, severity, summary, measures, evidence string
		var amount *string
		var score float64
		if err := rows.Scan(&subject, &period, &severity, &score, &amount, &summary, &measures, &evidence); err != nil {
			f.t.Fatal(err)
		}
		a := "NULL"
		if amount != nil {
			a = *amount
		}
		f.t.Logf("%s %s [%s %.1f ¥%s] %s\n    measures %s\n    evidence %s", subject, period, severity, score, a, summary, measures, evidence)
	}
}

// imLedger adds one ledger line.
func (f *fixture) imLedger(inst, day, voucher, code, name, summary string, debit, credit float64, counterparty string) {
	f.t.Helper()
	row := map[string]any{"institution_code": inst, "voucher_date": date(day), "voucher_no": voucher,
		"account_code": code, "account_name": name, "summary": summary, "debit": debit, "credit": credit}
	if counterparty != "" {
		row["counterparty"] = counterparty
	}
	f.insert("ledger", row)
}
