package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

const (
	sourceContract = "contract"
	// weakNameWeight scales vocabulary names that identify a field less surely (就诊ID for
	// a settlement); weakHeaderWeight the contract's weak headers (序号 for an issue number),
	// which map only when no column has a proper name and the values fit.
	weakNameWeight   = 0.85
	weakHeaderWeight = 0.5
	// acceptScore is the least combined score (header × values) a column needs to map.
	acceptScore = 0.45
	// kindMargin: two kinds whose scores for the same header row differ by less are a tie.
	kindMargin = 0.1
	// A wide item column and a part of a split amount add to a kind's score less than a
	// named field: they are recognised by what is left over, not by name.
	itemWeight = 0.3
	partWeight = 0.6
)

// A role is what a name says its values are, read from how it ends (…编码, …名称,
// …日期, …金额). A fuzzy match whose roles disagree (医保项目名称 for a code field) is
// no match; exact names are trusted as they are.
type role uint8

const (
	roleNone role = iota
	roleCode
	roleName
	roleDate
	roleMoney
	roleNumber
)

var roleSuffixes = []struct {
	suffix string
	role   role
}{
	{"型号", roleNone}, // a model (规格型号) names no code
	{"流水号", roleCode}, {"编码", roleCode}, {"代码", roleCode}, {"编号", roleCode}, {"号码", roleCode}, {"码", roleCode},
	{"id", roleCode}, {"code", roleCode}, {"codg", roleCode}, {"_no", roleCode}, {"_sn", roleCode}, {"号", roleCode},
	{"名称", roleName}, {"姓名", roleName}, {"name", roleName},
	{"日期", roleDate}, {"时间", roleDate}, {"年月", roleDate}, {"月份", roleDate}, {"期间", roleDate}, {"期", roleDate}, {"date", roleDate}, {"time", roleDate},
	{"金额", roleMoney}, {"总额", roleMoney}, {"费用", roleMoney}, {"单价", roleMoney}, {"价格", roleMoney}, {"总价", roleMoney}, {"价款", roleMoney}, {"合计", roleMoney},
	{"支出", roleMoney}, {"amt", roleMoney}, {"pay", roleMoney}, {"pric", roleMoney},
	{"数量", roleNumber}, {"次数", roleNumber}, {"cnt", roleNumber}, {"qty", roleNumber},
}

func headerRole(h string) role {
	for _, s := range roleSuffixes {
		if strings.HasSuffix(h, s.suffix) {
			return s.role
		}
	}
	return roleNone
}

func fieldRole(f *Field) role {
	switch f.Type {
	case TypeDate, TypeMonth:
		return roleDate
	case TypeMoney:
		return roleMoney
	case TypeNumber:
		return roleNumber
	case TypePID:
		return roleCode
	case TypePersonName:
		return roleName
	case TypeText:
		switch {
		case strings.HasSuffix(f.Name, "_code"), strings.HasSuffix(f.Name, "_no"), strings.HasSuffix(f.Name, "_id"):
			return roleCode
		case strings.HasSuffix(f.Name, "name"), f.Name == "vendor", f.Name == "payee", f.Name == "doctor":
			return roleName
		}
	}
	return roleNone
}

func rolesAgree(h, f role) bool {
	switch {
	case h == roleNone || f == roleNone || h == f:
		return true
	case (h == roleMoney && f == roleNumber) || (h == roleNumber && f == roleMoney):
		return true
	}
	return false
}

// Decorations around a known name that do not change what it names: 收费项目名称 is a
// 项目名称, 医保项目编码 a 项目编码, 供应商名称 a 供应商. Suffixes that do change it (编码 vs
// 名称) are caught by the roles.
var (
	namePrefixes = []string{"收费", "医保", "费用", "本次", "实际", "院内", "本院", "医院", "患者", "病人", "参保人", "明细", "国家"}
	nameSuffixes = []string{"名称", "姓名", "编码", "代码", "编号", "号", "金额", "时间", "日期", "信息", "描述"}
	// Words that say the same thing at the start or the end of a name: 单位全称 is a 单位名称,
	// 科目编号 a 科目编码, 职员代码 a 职工编号, 参保号 a 参保人编号, 单位类型 a 单位类别. The
	// first word of each group is the canonical one.
	sameStarts = [][]string{{"职工", "员工", "职员", "人员"}, {"机构", "单位", "组织"}, {"参保人", "参保"},
		{"身份证", "公民身份", "居民身份证", "身份"}, {"签订", "订立", "签约", "签署"}, {"整改", "改进", "纠正"},
		{"自查", "自评", "自检", "对照检查", "对照自查"}, {"存在", "主要", "发现", "查摆", "查找", "查出"}, {"启用", "开始使用", "投入使用", "投用"}, {"申请", "需求"},
		{"报废", "报损", "资产减少", "减少", "核销", "处置"}, {"批准", "批复", "审批"},
		{"药品", "药械", "物资", "物料", "材料", "耗材", "商品", "产品", "货品", "品种"}, {"挂网", "网上采购", "网采"},
		{"购置", "采购", "购入", "购进", "购买"}, {"条款", "条目"}, {"出院", "离院"},
		{"开始", "起始"}, {"结束", "终止"}, {"随货单", "随货同行单", "配送单", "送货单"}, {"诊断", "疾病"}, {"许可证", "证书"}, {"本期", "本月"}, {"上期", "上月"}, {"期初", "月初"}, {"期末", "月末"},
		// what a budget indicator has had spent on it: 已用金额 beside 指标金额 and 可用金额, 已支出数
		{"执行", "已执行", "已使用", "已用", "已支出"}}
	// a deadline (时限) and an approval's 文号 are told apart from a plain date or number first
	sameEndings = [][]string{{"时限", "期限", "截止日期", "截止时间", "到期日期", "到期时间", "到期日"}, {"审批文号", "批准文号", "批复文号", "批文号", "批文", "审批单号", "批准单号", "批复单号", "审批号", "批准号", "批复号"}, {"名称", "全称", "品名", "品种", "名"},
		{"统一社会信用代码", "社会信用代码", "信用代码"}, {"编码", "代码", "编号", "流水号", "号码", "号", "码"},
		{"日期", "时间", "日"}, {"月份", "期间", "年月", "期"}, {"类别", "类型", "分类"}, {"金额", "总价", "价款", "总额", "额"}, {"描述", "详情", "说明", "摘要"},
		{"来源", "渠道", "通道", "途径", "出处"}, {"结论", "意见", "结果", "情况", "评价", "评定"}, {"限量", "上限"}, {"部门", "科室", "主体"}, {"内容", "标准", "要点", "事项"}, {"措施", "举措", "方案", "办法"}, {"方式", "形式"}, {"领域", "方面", "板块"},
		{"单位", "企业", "公司", "对象", "方"}, {"年限", "寿命"}, {"医师", "医生"},
		{"结存", "结余"}, {"出库", "发出"}, {"等级", "等次", "级别"}}
	// bounds and checks, said the same wherever they stand: 日最高次数 is a 日最大次数, 实物清查结果
	// a 实物盘点结果
	sameAnywhere = [][]string{{"最大", "最高", "最多"}, {"最小", "最低", "最少"}, {"盘点", "清查", "核查", "核验", "核实", "核对"}, {"不得另收", "不得另行收费", "不另收费", "不另收"},
		{"完成", "办结"}}
)

// canonical rewrites the start and the ending of a name found in a group to the group's
// first word (words are listed longest first where one ends another), and a bound or a
// check word wherever it stands.
func canonical(s string) string {
	for _, g := range sameAnywhere {
		for _, w := range g[1:] {
			s = strings.ReplaceAll(s, w, g[0])
		}
	}
	// an ID after a Chinese word is its code (人员ID ~ 人员编号), not the end of a word (paid)
	if stem, ok := strings.CutSuffix(s, "id"); ok {
		if r, _ := utf8.DecodeLastRuneInString(stem); r >= 0x80 && r != utf8.RuneError {
			s = stem + "编码"
		}
	}
	// the ending first, so that a start word the ending leaves whole is rewritten too (品种名
	// is a 品种名称, then a 药品名称)
	for _, g := range sameEndings {
		if w := wordAt(s, g, strings.HasSuffix); w != "" {
			s = s[:len(s)-len(w)] + g[0]
			break
		}
	}
	for _, g := range sameStarts {
		if w := wordAt(s, g, strings.HasPrefix); w != "" {
			s = g[0] + s[len(w):]
			break
		}
	}
	return s
}

// wordAt is the first word of g at s's start or end (by has) that leaves something else.
func wordAt(s string, g []string, has func(string, string) bool) string {
	for _, w := range g {
		if len(s) > len(w) && has(s, w) {
			return w
		}
	}
	return ""
}

// sameWords reports whether h and n name the same thing once their starts and endings are
// put in canonical form (职员代码 ~ 职工编号, 设备品名 ~ 设备名称, 工资期间 ~ 工资月份).
func sameWords(h header, n fieldName) (string, bool) {
	if h.norm != n.norm && h.canon == n.canon {
		return h.norm + "≈" + n.norm, true
	}
	return "", false
}

// headerMatch is how well one header names one field, and why.
type headerMatch struct {
	score float64
	why   string
}

// header is a normalised header cell with what the matcher needs of it.
type header struct {
	norm  string
	canon string   // canonical(norm)
	alts  []string // the name without its brackets: 区(县) is a 区县, and also a 区
	code  string
	grams []string
	role  role
	runes int
}

func newHeader(norm string) header {
	return header{norm: norm, canon: canonical(norm), alts: unbracketed(norm), code: codeKey(norm), grams: bigrams(norm), role: headerRole(norm), runes: utf8.RuneCountInString(norm)}
}

// unbracketed is a name with a bracketed group kept without its brackets, and dropped.
func unbracketed(s string) []string {
	i := strings.IndexByte(s, '(')
	j := strings.IndexByte(s, ')')
	if i < 0 || j < i {
		return nil
	}
	joined := s[:i] + s[i+1:j] + s[j+1:]
	dropped := s[:i] + s[j+1:]
	var out []string
	for _, a := range []string{joined, dropped} {
		if utf8.RuneCountInString(a) >= 2 && !strings.ContainsAny(a, "()") {
			out = append(out, a)
		}
	}
	return out
}

// matchField scores a header against every name of a field: the same name (1), an
// interface code in another spelling (1), a known name with decorations (0.9), a header
// containing a name or contained in one, and character-bigram similarity. Weak names
// scale their score. Fuzzy matches need the roles to agree.
func matchField(f *Field, h header) headerMatch {
	best := headerMatch{}
	consider := func(s float64, n fieldName, why string) {
		s *= n.weight
		if s > best.score {
			best = headerMatch{s, why + sourceTag(n.source)}
		}
	}
	fr := fieldRole(f)
	for _, n := range f.names {
		if h.norm == n.norm {
			consider(1, n, "同名 "+n.norm)
			continue
		}
		if n.code != "" && h.code == n.code {
			consider(1, n, "接口字段名 "+n.norm)
			continue
		}
		for _, a := range h.alts {
			if a == n.norm || canonical(a) == n.canon {
				consider(0.9, n, "去括号 "+a+"≈"+n.norm)
			}
		}
		if !rolesAgree(h.role, fr) {
			continue
		}
		nr := utf8.RuneCountInString(n.norm)
		if n.code == "" && nr >= 2 {
			if a, ok := affixed(h.norm, n.norm); ok {
				consider(0.9, n, "词缀 "+a)
				continue
			}
			if a, ok := sameWords(h, n); ok {
				consider(0.85, n, "同义词形 "+a)
				continue
			}
			if a, tail, ok := infixed(h.norm, n.norm); ok && !namesOtherField(f, tail) {
				consider(0.8, n, "插词 "+a)
				continue
			}
			// a quantity's name without the word 数量 (本期发出 is a 本期发出数量 ~ 本期出库数量)
			if stem, ok := strings.CutSuffix(n.norm, "数量"); ok && h.role == roleNone && h.runes >= 3 && utf8.RuneCountInString(stem) == h.runes && canonical(stem) == h.canon {
				consider(0.8, n, "省尾 "+h.norm+"≈"+n.norm)
				continue
			}
			// the name with a word left out: 入库[数]量 is an 入库量, 采购[单]价 a 采购价
			if a, _, ok := infixed(n.norm, h.norm); ok && h.runes >= 3 {
				consider(0.75, n, "省词 "+a)
				continue
			}
			if strings.Contains(h.norm, n.norm) {
				consider(0.55+0.35*float64(nr)/float64(h.runes), n, "包含 "+n.norm)
				continue
			}
			// a header that is part of a name must say the same kind of thing (日期 in 凭证日期)
			if h.runes >= 2 && h.code == "" && h.role != roleNone && h.role == headerRole(n.norm) && strings.Contains(n.norm, h.norm) {
				consider(0.25+0.35*float64(h.runes)/float64(nr), n, "被包含于 "+n.norm)
				continue
			}
		}
		if d := dice(h.grams, n.grams); d >= 0.5 {
			consider(0.85*d, n, fmt.Sprintf("近似 %s %.2f", n.norm, d))
		}
		// the same shapes once both names' words are in canonical form (最低适用年龄 is a
		// 最小[适用]年龄, 日最高次数 part of 每日最大次数), a little less sure
		if hc := h.canon; h.code == "" && n.code == "" && nr >= 2 {
			for _, nc := range []string{n.norm, n.canon} {
				if hc == h.norm && nc == n.norm {
					continue
				}
				hcr, ncr := utf8.RuneCountInString(hc), utf8.RuneCountInString(nc)
				switch a, tail, ok := infixed(hc, nc); {
				case ok && !namesOtherField(f, tail):
					consider(0.75, n, "同义插词 "+a)
				case strings.Contains(hc, nc):
					consider(0.5+0.35*float64(ncr)/float64(hcr), n, "同义包含 "+n.norm)
				case hcr >= 3 && h.role != roleNone && h.role == headerRole(nc) && strings.Contains(nc, hc):
					consider(0.25+0.35*float64(hcr)/float64(ncr), n, "同义被包含于 "+n.norm)
				}
			}
		}
	}
	// the one text field of its kind whose names end in the header's last word, where that
	// word says nothing of a type (承办科室 → the department, 履约意见 → the acceptance
	// result); amounts and dates are not named this loosely (药品收入 is an item, not the amount)
	if best.score < headScore && h.role == roleNone && fr == roleNone && (f.Type == TypeText || f.Type == TypeBool || f.enum != "") && h.code == "" {
		if w := headWord(h.canon); w != "" {
			if fs := names.heads[names.kind[f]][w]; len(fs) == 1 && fs[0] == f {
				best = headerMatch{headScore, "同尾词 " + w}
			}
		}
	}
	return best
}

// headScore is what a shared last word gives: enough to map a column whose values fit, never
// enough to beat a name.
const headScore = 0.5

// affixed reports whether h is name n with a known prefix and/or suffix, and names them.
func affixed(h, n string) (string, bool) {
	i := strings.Index(h, n)
	if i < 0 || h == n {
		return "", false
	}
	pre, suf := h[:i], h[i+len(n):]
	if (pre == "" || contains(namePrefixes, pre)) && (suf == "" || contains(nameSuffixes, suf)) {
		return pre + "[" + n + "]" + suf, true
	}
	return "", false
}

// infixed reports whether h is name n with a word of at most three characters put inside
// it, both sides of the cut at least two characters (or the right one 号, 码, 价, 额 or 量):
// 招标[文件]编号 is a 招标编号, 合同[登记]号 a 合同号, 挂网[采购]价 a 挂网价. tail is h from
// the inserted word on.
func infixed(h, n string) (a, tail string, ok bool) {
	extra := utf8.RuneCountInString(h) - utf8.RuneCountInString(n)
	if extra < 1 || extra > 3 {
		return "", "", false
	}
	hr, nr := []rune(h), []rune(n)
	for k := 2; k <= len(nr)-1; k++ {
		if len(nr)-k == 1 && !strings.ContainsRune("号码价额量", nr[k]) {
			continue
		}
		if string(hr[:k]) == string(nr[:k]) && string(hr[k+extra:]) == string(nr[k:]) && !namesOther(string(hr[k:k+extra])) {
			return string(hr[:k]) + "[" + string(hr[k:k+extra]) + "]" + string(nr[k:]), string(hr[k:]), true
		}
	}
	return "", "", false
}

// namesOtherField: the inserted word and what follows it are the whole name of another field
// of f's kind, which the header then names with a modifier in front — 购置[审批日期] is the
// approval's date, not a 购置日期 with 审批 put inside.
func namesOtherField(f *Field, tail string) bool {
	k := names.kind[f]
	for _, key := range []string{tail, "\x01" + canonical(tail)} {
		for _, g := range names.exact[key] {
			if g != f && names.kind[g] == k {
				return true
			}
		}
	}
	return false
}

// namesOther: a word that, put inside a name, makes it name something else — 就诊[机构]编码
// is the institution's code, not the 就诊编码; 项目[归类]名称 a class, not the item.
func namesOther(w string) bool {
	for _, o := range []string{"机构", "医院", "单位", "科室", "部门", "类", "厂", "企业", "公司", "医生", "医师", "诊断"} {
		if strings.Contains(w, o) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sourceTag(src string) string {
	if src == sourceContract {
		return ""
	}
	return " [" + src + "]"
}

// noItemsMissing names what a wide sheet without a single amount column lacks.
const noItemsMissing = "至少一个金额项目列"
