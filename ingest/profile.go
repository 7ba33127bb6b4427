package ingest

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuncha/xuncha/ingest/cell"
)

// sampleRows is how many data rows under a candidate header are profiled.
const sampleRows = 30

// profile says what the values of one column look like, as shares of its non-empty sample
// values. A header that fits a field only maps when the values fit it too.
type profile struct {
	n                                 int
	date, month, money, number, bool_ float64
	year                              float64 // whole numbers 1990…2100, or 2025年 / 2025年度
	code, id18, personName, cjk       float64
	inst                              float64 // health institutions' names or 医保定点 codes
	prose                             float64 // sentences: long, or Chinese with sentence punctuation
	distinct, avgLen                  float64
	values                            []string // the non-empty values, for enum shares
	seen                              *valueCache
}

var (
	id18Re     = regexp.MustCompile(`^\d{17}[\dXx]$`)
	yearlessOK = func(s string) bool { _, err := dateInYear(s, 2000); return err == nil }
)

// valueCache is what a detector found out about each distinct value: its traits, and
// whether it is in a set (an enum's spellings, a pattern's matches). The same rows are
// sampled under every candidate header row and scored for every field and kind.
type valueCache struct {
	traits map[string]traits
	in     map[setValue]bool
}

type setValue struct {
	set any // *Enum or *regexp.Regexp
	v   string
}

func newValueCache() *valueCache {
	return &valueCache{traits: map[string]traits{}, in: map[setValue]bool{}}
}

// traits are what one value looks like; a detector parses each distinct value once.
type traits struct {
	date, month, money, number, year, boolean, cjk, code, id18, personName, prose, inst bool
	runes                                                                               int
}

func traitsOf(v string) traits {
	var t traits
	t.runes = utf8.RuneCountInString(v)
	_, monthOnly, err := cell.ParseDate(v, false)
	switch {
	case err == nil:
		t.month, t.date = true, !monthOnly
	case yearlessOK(v):
		t.month, t.date = true, true
	}
	_, err = cell.ParseMoney(v, cell.UnitNone)
	t.money = err == nil
	_, err = cell.ParseNumber(v)
	t.number = err == nil
	// a year: 2025, 2025年, 2025年度 — not an amount that happens to be a number
	if y, err := cell.ParseNumber(strings.TrimSuffix(strings.TrimSuffix(v, "度"), "年")); err == nil {
		t.year = y == float64(int(y)) && y >= 1990 && y <= 2100
	}
	_, err = cell.ParseBool(v)
	t.boolean = err == nil
	han := 0
	for _, r := range v {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	t.cjk = han > 0
	t.code = codeLike(v, han)
	t.id18 = id18Re.MatchString(v)
	t.personName = han >= 2 && t.runes <= 4 && han+strings.Count(v, "*") == t.runes
	t.prose = t.runes > 40 || (han >= 8 && strings.ContainsAny(v, "，。；！？,;"))
	t.inst = insuranceCodeRe.MatchString(v) || han >= 5 && hospitalSuffix.MatchString(v)
	return t
}

// profileOf profiles a column's sample values; seen caches what is known of values met before.
func profileOf(values []string, seen *valueCache) profile {
	p := profile{seen: seen}
	distinct := map[string]bool{}
	var runes int
	for _, raw := range values {
		v := strings.TrimSpace(raw)
		if v == "" || isNullWord(v) {
			continue
		}
		t, ok := seen.traits[v]
		if !ok {
			t = traitsOf(v)
			seen.traits[v] = t
		}
		p.n++
		p.values = append(p.values, v)
		distinct[v] = true
		runes += t.runes
		for _, x := range []struct {
			on  bool
			sum *float64
		}{{t.date, &p.date}, {t.month, &p.month}, {t.money, &p.money}, {t.number, &p.number}, {t.year, &p.year}, {t.boolean, &p.bool_},
			{t.cjk, &p.cjk}, {t.code, &p.code}, {t.id18, &p.id18}, {t.personName, &p.personName}, {t.prose, &p.prose}, {t.inst, &p.inst}} {
			if x.on {
				*x.sum++
			}
		}
	}
	if p.n == 0 {
		return p
	}
	n := float64(p.n)
	for _, x := range []*float64{&p.date, &p.month, &p.money, &p.number, &p.year, &p.bool_, &p.code, &p.id18, &p.personName, &p.cjk, &p.prose, &p.inst} {
		*x /= n
	}
	p.distinct = float64(len(distinct)) / n
	p.avgLen = float64(runes) / n
	return p
}

// codeLike: an identifier — no spaces, at most 40 characters, at least one digit, and at
// most two Chinese characters (记-0001, 银付12).
func codeLike(v string, han int) bool {
	if len(v) > 40 || strings.ContainsAny(v, " \t") || han > 2 {
		return false
	}
	return strings.ContainsAny(v, "0123456789")
}

// longTextFields hold sentences (an inspection point, a problem, a summary) rather than labels.
var longTextFields = map[string]bool{"item_text": true, "description": true, "issue": true, "measure": true,
	"summary": true, "subject": true, "disposal": true}

// institutionFields may hold institutions' names and codes: the registry's fields (a
// category, 社区卫生服务中心, reads like a name) and a payee or a vendor, which may be another
// hospital.
var institutionFields = map[string]bool{"institution_code": true, "name": true, "aliases": true, "insurance_code": true,
	"credit_code": true, "org_code": true, "category": true, "tier": true, "district": true, "city": true,
	"vendor": true, "payee": true}

// valueFit says how well a column's values fit a field (0…1) and why; reject means they do
// not have the field's type at all (a date field whose values are not dates).
func valueFit(f *Field, p profile) (fit float64, why string, reject bool) {
	if p.n == 0 {
		return 0.75, "无样本值", false
	}
	pct := func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
	typed := func(share float64, what string) (float64, string, bool) {
		if share < 0.5 {
			return share, "值不像" + what + " (" + pct(share) + ")", true
		}
		return share, "值为" + what + " " + pct(share), false
	}
	switch f.Type {
	case TypeDate:
		return typed(p.date, "日期")
	case TypeMonth:
		return typed(p.month, "月份")
	case TypeMoney:
		return typed(p.money, "金额")
	case TypeNumber:
		if f.Name == "year" {
			return typed(p.year, "年份")
		}
		return typed(p.number, "数值")
	case TypeBool:
		return typed(p.bool_, "是/否")
	case TypePID:
		if p.personName > 0.5 {
			return 0, "值像姓名而非编号 (" + pct(p.personName) + ")", true
		}
		share := max(p.code, p.id18)
		return share, "值为编号 " + pct(share), false
	case TypePersonName:
		if p.number > 0.8 {
			return 0, "值为数字而非姓名", true
		}
		return 0.5 + 0.5*p.personName, "值像姓名 " + pct(p.personName), false
	case TypeInstitution:
		return 0.8, "机构名称或编码", false
	}
	if p.inst > 0.9 && !institutionFields[f.Name] {
		// 就诊机构编码 holding H500113XC101 names the institution, not the settlement
		return 0, "值为医疗机构名称或医保定点编码 (" + pct(p.inst) + ")", true
	}
	if f.enum != "" {
		e := enums[f.enum]
		share := p.enumShare(e)
		if e.Strict && share < 0.5 {
			return share, "值不在取值表 " + f.enum + " 内 (" + pct(share) + ")", true
		}
		return 0.5 + 0.5*share, "取值表 " + f.enum + " " + pct(share), false
	}
	switch {
	case fieldRole(f) == roleCode:
		if p.prose > 0.5 {
			return 0.1, "值为句子而非编号", true
		}
		return 0.4 + 0.6*p.code, "值像编号 " + pct(p.code), false
	case longTextFields[f.Name]:
		if p.money > 0.8 || p.date > 0.8 {
			return 0.1, "值为数字或日期而非文本", true
		}
		fit := min(1, p.avgLen/12) * (0.4 + 0.6*p.distinct)
		return fit, fmt.Sprintf("长文本: 平均%.0f字, 不重复%s", p.avgLen, pct(p.distinct)), false
	case p.money > 0.8:
		// 岗位工资 is an amount, not the 岗位 its name contains
		return 0.3, "值为金额而非文本", true
	}
	return 0.9, "文本", false
}

// matching is the share of values re matches.
func (p profile) matching(re *regexp.Regexp) float64 {
	return p.share(re, re.MatchString)
}

// enumShare is the share of values that are spellings of the enum's values.
func (p profile) enumShare(e *Enum) float64 {
	return p.share(e, func(v string) bool {
		_, known := e.Normalise(v)
		return known
	})
}

// share is the share of values in set, as in says.
func (p profile) share(set any, in func(string) bool) float64 {
	if p.n == 0 {
		return 0
	}
	n := 0
	for _, v := range p.values {
		k := setValue{set, v}
		is, ok := p.seen.in[k]
		if !ok {
			is = in(v)
			p.seen.in[k] = is
		}
		if is {
			n++
		}
	}
	return float64(n) / float64(p.n)
}
