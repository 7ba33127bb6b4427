package samples

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/xuncha/xuncha/marts/clausemap"
	"github.com/xuncha/xuncha/selfcheck"
)

// rectItem is one line of the rectification ledger (整改台账).
type rectItem struct {
	in       *inst
	year     int
	no       string
	source   string
	clause   string
	desc     string
	found    day
	deadline day // 0: none given
	owner    string
	status   string
	closed   day
}

var rectTopics = []struct{ clause, desc, owner string }{
	{"运行管理（三）预算管理", "部分科室预算执行分析不及时，预算调整审批手续不全", "财务科"},
	{"运行管理（四）招标采购", "个别零星采购项目未按规定履行询价程序", "采购中心"},
	{"运行管理（五）内部控制", "合同履约验收记录不完整", "审计科"},
	{"行业作风建设（四）行风热点", "个别医务人员接受患者锦旗后未登记", "纪检监察室"},
	{"运行管理（二）医疗质量", "部分病历书写不规范，首次病程记录不完整", "医务科"},
	{"运行管理（三）价格管理", "个别收费项目公示信息未及时更新", "价格管理办公室"},
	{"医保基金使用", "医保飞行检查发现部分项目超标准收费，已退回", "医保办"},
	{"运行管理（六）安全生产", "消防通道堆放杂物", "保卫科"},
	{"运行管理（三）资产管理", "固定资产账实不符，部分设备未贴标签", "设备科"},
	{"党建（二）干部队伍", "中层干部述职评议材料归档不全", "党委办公室"},
}

func (iy *instYear) rectFile() string { return "问题整改台账.xlsx" }

// rectification writes the rectification ledger (整改台账) of the year. In the background every
// item is closed before its deadline (the given one, or found + 30 days in Banan / + 2 months in
// Zibo when none is given), except items found so late in the latest year that their deadline
// falls after the assessment date (31 December of the latest year).
func (iy *instYear) rectification() error {
	g, in, y := iy.g, iy.in, iy.year
	r := iy.rng("rect")
	A := g.assess
	n := map[string]int{"三级": 8, "二级": 6, "基层": 4}[in.tier]
	var items []*rectItem
	seq := 0
	no := func() string {
		seq++
		return fmt.Sprintf("ZG-%d-%03d", y, seq)
	}
	defaultDeadline := func(found day) day {
		if in.zibo {
			return found.addMonths(2)
		}
		return found + 30
	}
	for i := 0; i < n; i++ {
		t := rectTopics[(i+in.idx*3)%len(rectTopics)]
		found := mkday(y, 1, 10) + day(int(float64(i)*335/float64(n))+r.intn(20))
		it := &rectItem{in: in, year: y, no: no(), source: pick(r, []string{"自查", "巡查", "审计", "医保飞检", "自查"}),
			clause: t.clause, desc: t.desc, found: found, owner: t.owner}
		due := defaultDeadline(found)
		if r.chance(0.6) {
			it.deadline = found + day(pick(r, []int{30, 45, 60}))
			due = it.deadline
		}
		if due > A {
			it.status = pick(r, []string{"整改中", "整改中", "已完成"})
		} else {
			it.status = "已完成"
		}
		if it.status == "已完成" {
			// closed within 30 days and before the due date (whichever rule a reader applies)
			c := found + day(5+r.intn(20))
			if c > A {
				c = A
			}
			it.closed = c
		}
		items = append(items, it)
	}
	last := y == g.years[len(g.years)-1]
	switch {
	case iy.at("rm", 1):
		// RECT_OVERDUE (planted): found 15 April, deadline 15 July, still 整改中
		it := &rectItem{in: in, year: y, no: fmt.Sprintf("ZG-%d-%03d", y, 7+50), source: "审计", clause: "运行管理（五）内部控制",
			desc: "部分合同先付款后验收，内控流程执行不到位", found: mkday(y, 4, 15), deadline: mkday(y, 7, 15), owner: "财务科", status: "整改中"}
		items = append(items, it)
		iy.truth("RECT_OVERDUE", it.no, "deadline "+it.deadline.iso()+", still open", iy.ev(iy.rectFile(), it.no))
	case iy.at("zc", -1) && last:
		// RECT_OVERDUE (planted, Zibo default deadline): found 112 days before the assessment
		// date, no deadline → found + 2 months, long past; 未整改
		it := &rectItem{in: in, year: y, no: fmt.Sprintf("ZG-%d-%03d", y, 60), source: "巡查", clause: "运行管理（三）资产管理",
			desc: "大型医用设备配置许可手续不全", found: A - 112, owner: "设备科", status: "未整改"}
		items = append(items, it)
		iy.truth("RECT_OVERDUE", it.no, "no deadline; found "+it.found.iso()+" + 2 months (Zibo) passed", iy.ev(iy.rectFile(), it.no))
		// decoy: found 46 days before the assessment date, no deadline: + 2 months has not
		// passed (+30 days would have)
		items = append(items, &rectItem{in: in, year: y, no: fmt.Sprintf("ZG-%d-%03d", y, 61), source: "自查", clause: "运行管理（二）医疗质量",
			desc: "部分科室交接班记录不完整", found: A - 46, owner: "医务科", status: "整改中"})
	}
	if iy.at("jj", -1) && last {
		// RECT_OVERDUE (planted, Banan default deadline): found 56 days before the assessment
		// date, no deadline → found + 30 days passed; 整改中
		it := &rectItem{in: in, year: y, no: fmt.Sprintf("ZG-%d-%03d", y, 60), source: "巡查", clause: "运行管理（五）乡村医生补助",
			desc: "乡村医生补助未按季度及时结算", found: A - 56, owner: "财务室", status: "整改中"}
		items = append(items, it)
		iy.truth("RECT_OVERDUE", it.no, "no deadline; found "+it.found.iso()+" + 30 days (Banan) passed", iy.ev(iy.rectFile(), it.no))
	}
	if iy.at("ey", -1) && last {
		// decoy: found 21 days before the assessment date, no deadline (+30 days not passed)
		items = append(items, &rectItem{in: in, year: y, no: fmt.Sprintf("ZG-%d-%03d", y, 60), source: "自查", clause: "运行管理（三）价格管理",
			desc: "门诊收费公示屏信息未更新", found: A - 21, owner: "价格管理办公室", status: "整改中"})
	}
	if iy.at("rm", -1) && last {
		// decoy: the deadline is the assessment date itself (not past it)
		items = append(items, &rectItem{in: in, year: y, no: fmt.Sprintf("ZG-%d-%03d", y, 60), source: "审计", clause: "运行管理（三）预算管理",
			desc: "预算绩效目标设置不够细化", found: A - 40, deadline: A, owner: "财务科", status: "整改中"})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].found < items[j].found })
	for _, it := range items {
		g.observe(it)
	}
	v := in.look("rect", 2)
	h := []string{in.syn("rectification", 0, "问题编号", "编号"), in.syn("rectification", 1, "问题来源", "来源"),
		in.syn("rectification", 2, "对应条款", "巡查条款"), in.syn("rectification", 3, "问题描述", "存在问题"),
		in.syn("rectification", 4, "发现日期", "反馈日期"), in.syn("rectification", 5, "整改时限", "整改期限"),
		in.syn("rectification", 6, "责任科室", "责任部门"), in.syn("rectification", 7, "整改状态", "整改进展", "完成情况"),
		in.syn("rectification", 8, "完成日期", "销号日期")}
	lay := layout{titles: []string{iy.title("巡查及自查问题整改台账")}, dates: dCN}
	if v == 1 {
		lay = layout{dates: dSerial, footer: []string{"备注：整改时限未填写的，按发现之日起30日内完成。"}}
		if in.zibo {
			lay.footer = []string{"备注：整改时限未填写的，按发现之日起2个月内完成。"}
		}
	}
	numbered := g.d != nil && g.d.rectSeq
	if numbered {
		h = append([]string{"序号"}, h...)
	}
	t, done := iy.open(iy.rectFile(), "rectification", "整改台账", encUTF8, ',', lay, h)
	for i, it := range items {
		row := []cell{tx(it.no), tx(it.source), tx(it.clause), tx(it.desc), dt(it.found), optDate(it.deadline), tx(it.owner), tx(it.status), optDate(it.closed)}
		if numbered {
			row = append([]cell{num(float64(i + 1))}, row...)
		}
		t.add(row...)
	}
	return done()
}

// ---- self-inspection ----

// selfYear is the year of an institution's self-inspection report (the year of its visit in
// the 2024–2026 cycle): a year slot.
var selfYear = map[string]int{"rm": 1, "ey": 1, "js": 1, "zy": 1, "fy": 2, "jj": 1, "jw": 2, "lz": 2, "zc": 2}

// candid says, for the default district, on which flagged clauses an institution admits the
// problem (部分落实 / 未落实 with the issue) instead of reporting 已落实.
var candid = map[string]map[string]bool{
	"rm": {"BN-L.3.4.3": true, "BN-L.2.4.3": true},
	"ey": {"BN-L.3.5.5": true},
	"zy": {"BN-L.3.3.6": true},
	"jw": {"BN-L.2.4.3": true},
	"zc": {"ZB-L.2.4.6": true},
}

var issueByPrefix = map[string][2]string{
	"PROC":  {"个别物资存在线下采购、合同付款与验收衔接不够规范的情况", "严格执行平台采购和合同验收付款流程，开展专项清理"},
	"EQUIP": {"个别设备购置论证、报废处置手续不够完善", "完善设备购置论证和报废处置流程，开展账实核对"},
	"PAY":   {"部分科室绩效分配与业务收入关联度偏高", "修订绩效考核分配方案，切断与业务收入的直接挂钩"},
	"FIN":   {"部分收入核算、预算执行存在不规范情况", "加强收入核对和预算执行分析，按月对账"},
	"INS":   {"医保飞检发现部分项目存在重复收费、超标准收费", "开展医保违规收费专项整治，退回违规费用"},
	"MED":   {"高值耗材和重点药品使用监测有待加强", "建立高值耗材点评和重点药品监控机制"},
	"HR":    {"个别重点岗位人员未按期轮岗", "制定重点岗位轮岗计划并按期实施"},
}

func (g *gen) selfFile() string { return "巡查自查自纠情况表.xlsx" }

// selfInspection writes an institution's self-inspection workbook in the year of its visit: one
// row per clause of its checklist, paraphrased as an office would, except a few clauses it
// leaves out (SELF_COVERAGE_GAP); where a data flag of the same year bears on a clause, the row
// either admits the problem or says 已落实 (SELF_CONTRADICTION).
func (g *gen) selfInspection(in *inst, y int) error {
	slot, ok := selfYear[in.key]
	if !ok {
		slot = int(labelHash([]any{"selfyear", in.key}) % 3)
	}
	sy, ok := g.slotYear(slot)
	if !ok {
		sy = g.years[len(g.years)-1]
	}
	if y != sy {
		return nil
	}
	id := in.checklist()
	clauses, err := selfcheck.Checklist(id)
	if err != nil {
		return fmt.Errorf("samples: checklist %s: %w", id, err)
	}
	r := newRNG(g.seed, "self", in.key, y)
	rel := g.rel(in, y, g.selfFile())
	// clauses of the checklist the year's data flags bear on (clause_map.csv): a flag is direct
	// evidence against its primary clauses, so only those can be contradicted
	related := map[string]bool{}
	flagged := map[string]string{} // primary clause → rule prefix
	for _, t := range g.truth {
		if t.code != in.code || t.year != y || strings.HasPrefix(t.rule, "SELF_") || t.rule == "RECT_OVERDUE" {
			continue
		}
		cs, err := clausemap.Clauses(t.rule, id, false)
		if err != nil {
			return err
		}
		prim, _ := clausemap.Clauses(t.rule, id, true)
		for _, c := range cs {
			related[c] = true
		}
		for _, c := range prim {
			flagged[c] = t.rule[:strings.IndexByte(t.rule, '_')]
		}
	}
	// gaps: 3–5 clauses left out, never one a data flag bears on
	var free []int
	for i, c := range clauses {
		if !related[c.ID] && !isTCMOnly(c.Text) {
			free = append(free, i)
		}
	}
	ngap := 3 + int(labelHash([]any{"gaps", in.key})%3)
	gap := map[int]bool{}
	for _, j := range r.perm(len(free))[:ngap] {
		gap[free[j]] = true
	}
	v := in.look("self", 3)
	var rows []*selfRow
	for i, c := range clauses {
		if gap[i] {
			g.addTruth("SELF_COVERAGE_GAP", in, y, c.ID, "no self-inspection row for "+c.ID, evidence{file: rel, needle: ""})
			continue
		}
		sr := &selfRow{in: in, year: y, clause: c, area: areaLabel(c, v), section: sectionLabel(c), text: paraphrase(c, in, r)}
		switch {
		case isTCMOnly(c.Text) && in.category != "中医医院":
			sr.status = "不适用"
		case flagged[c.ID] != "":
			p := flagged[c.ID]
			if candid[in.key][c.ID] || in.extra && r.chance(0.5) {
				sr.status = "部分落实"
				sr.issue, sr.measure = issueByPrefix[p][0], issueByPrefix[p][1]
				sr.deadline = mkday(y, 12, 31)
				sr.owner = ownerFor(p, in)
			} else {
				sr.status = "已落实"
				if r.chance(0.5) {
					sr.issue = "无"
				}
				g.addTruth("SELF_CONTRADICTION", in, y, c.ID, "self-report 已落实 on "+c.ID+" while a "+p+"_* flag of the same year bears on it",
					evidence{file: rel, needle: sr.text})
			}
		case r.chance(0.1):
			sr.status = "部分落实"
			sr.issue, sr.measure = "相关制度执行不够到位，个别环节记录不完整", "进一步完善制度，加强督导检查，定期通报"
			sr.deadline = mkday(y, 12, 31)
			sr.owner = "党政办公室"
		default:
			sr.status = "已落实"
			if r.chance(0.3) {
				sr.issue = "无"
			}
		}
		rows = append(rows, sr)
	}
	for _, sr := range rows {
		g.observe(sr)
	}
	return g.writeSelf(in, y, rel, rows, v)
}

type selfRow struct {
	in                            *inst
	year                          int
	clause                        selfcheck.Clause
	area, section, text           string
	status, issue, measure, owner string
	deadline                      day
}

func isTCMOnly(text string) bool {
	return strings.HasPrefix(text, "中医医院") || strings.HasPrefix(text, "中医") && strings.Contains(text, "中医药")
}

func ownerFor(prefix string, in *inst) string {
	m := map[string]string{"PROC": "采购中心", "EQUIP": "设备科", "PAY": "人事科", "FIN": "财务科", "INS": "医保办", "MED": "药剂科", "HR": "组织人事科"}
	if in.primary() {
		m = map[string]string{"PROC": "院办公室", "EQUIP": "院办公室", "PAY": "财务室", "FIN": "财务室", "INS": "医保办", "MED": "药房", "HR": "院办公室"}
	}
	return m[prefix]
}

var cnNum = []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

func areaLabel(c selfcheck.Clause, v int) string {
	if v == 2 {
		return c.AreaTitle
	}
	return cnNum[c.Area] + "、" + c.AreaTitle
}

// sectionLabel shortens a section heading the way an office does: "（四）行风热点问题".
func sectionLabel(c selfcheck.Clause) string {
	t := c.SectionTitle
	t = strings.TrimPrefix(t, "围绕")
	if i := strings.Index(t, "，"); i > 0 {
		t = t[:i]
	}
	if i := strings.Index(t, ","); i > 0 {
		t = t[:i]
	}
	t = strings.TrimPrefix(t, "加强")
	if len([]rune(t)) > 18 {
		t = string([]rune(t)[:18])
	}
	return "（" + cnNum[min(c.Section, 10)] + "）" + t
}

// paraphrase turns a clause into an office's self-inspection item: the question form dropped,
// "医院"/"机构" made "我院"/"本院", cut at a clause boundary, sometimes prefixed.
func paraphrase(c selfcheck.Clause, in *inst, r *rng) string {
	t := c.Text
	t = strings.TrimPrefix(t, "是否")
	t = strings.ReplaceAll(t, "是否", "")
	self := "我院"
	if in.primary() {
		self = "本院"
	}
	t = selfRef(t, self)
	// cut after the first or second sentence part, at most ~60 characters
	rs := []rune(t)
	cut := len(rs)
	for i, ch := range rs {
		if (ch == '。' || ch == '；') && i >= 12 {
			cut = i
			break
		}
	}
	if cut > 60 {
		cut = 60
		for i := 60; i > 24; i-- {
			if rs[i] == '，' || rs[i] == '、' {
				cut = i
				break
			}
		}
	}
	t = strings.TrimRight(string(rs[:cut]), "，、。；：")
	switch r.intn(4) {
	case 0:
		switch {
		case hasAnyPrefix(t, "建立", "健全", "制定", "开展", "完善"):
			t = "已" + t
		case hasAnyPrefix(t, "落实", "执行", "遵守", "规范"):
			t = "严格" + t
		default:
			t += "情况"
		}
	case 1:
		t += "情况"
	case 2:
		t = "按要求" + t
	}
	return t
}

// selfRef makes the plan's third person the office's first: "医院" → "我院", "本机构"/"机构…"
// → "本院", leaving compounds alone (公立医院, 中医医院, 平安医院, 内设机构, 审计机构 …).
func selfRef(t, self string) string {
	rs := []rune(t)
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		switch {
		case i+1 < len(rs) && rs[i] == '医' && rs[i+1] == '院' && (i == 0 || !strings.ContainsRune("立医型安慧级好大", rs[i-1])):
			b.WriteString(self)
			i++
		case i+2 < len(rs) && rs[i] == '本' && rs[i+1] == '机' && rs[i+2] == '构':
			b.WriteString("本院")
			i += 2
		case i == 0 && i+1 < len(rs) && rs[i] == '机' && rs[i+1] == '构':
			b.WriteString("本院")
			i++
		default:
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

func hasAnyPrefix(s string, ps ...string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func (g *gen) writeSelf(in *inst, y int, rel string, rows []*selfRow, v int) error {
	b := g.newBook(rel, "self_inspection", in.short+"党政办公室", mkday(y, 11, 10))
	titles := []string{in.short + "巡查自查自纠情况表", fmt.Sprintf("填报单位：%s　　　　报送日期：%d年11月10日", in.name, y)}
	footer := []string{"单位主要负责人（签字）：　　　　　　　　　填表人：　　　　　　　联系电话："}
	if g.d != nil && g.d.selfDateFoot {
		// the report date only under the table, beside the signature
		titles = titles[:1]
		footer = []string{"填报单位（盖章）：" + in.name, fmt.Sprintf("报送日期：%d年11月10日", y), footer[0]}
	}
	statusH, issueH := "自查情况", "存在问题"
	var header []string
	switch v {
	case 0:
		header = []string{"序号", "巡查内容", "重点内容", "自查内容", "自查情况", "存在问题", "整改措施", "整改时限", "责任科室"}
	case 1:
		header = []string{"编号", "一级指标", "二级指标", "巡查要点", "落实情况", "发现问题", "整改措施", "完成时限", "责任部门"}
		statusH, issueH = "落实情况", "发现问题"
	default:
		header = []string{"序号", "类别", "具体内容", "自查结果", "问题描述", "整改措施", "责任人"}
	}
	_, _ = statusH, issueH
	lay := layout{titles: titles, dates: dCN, mergeCols: []int{1, 2}, footer: footer}
	if v == 2 {
		lay.mergeCols = []int{1}
	}
	if v == 1 {
		// one sheet per area
		byArea := map[int][]*selfRow{}
		var areas []int
		for _, sr := range rows {
			if _, ok := byArea[sr.clause.Area]; !ok {
				areas = append(areas, sr.clause.Area)
			}
			byArea[sr.clause.Area] = append(byArea[sr.clause.Area], sr)
		}
		for _, a := range areas {
			rs := byArea[a]
			l := lay
			if a != areas[0] {
				l.titles = nil
			}
			if a != areas[len(areas)-1] {
				l.footer = nil
			}
			s := b.sheet(cnNum[a]+"、"+rs[0].clause.AreaTitle, l, header)
			for i, sr := range rs {
				s.add(tx(fmt.Sprintf("%d.%d", a, i+1)), tx(sr.area), tx(sr.section), tx(sr.text), tx(sr.status), tx(sr.issue),
					tx(sr.measure), optDate(sr.deadline), tx(sr.owner))
			}
			if err := s.end(); err != nil {
				return err
			}
		}
		return b.close()
	}
	s := b.sheet("自查自纠情况", lay, header)
	for i, sr := range rows {
		if v == 2 {
			s.add(num(float64(i+1)), tx(sr.area), tx(sr.text), tx(sr.status), tx(sr.issue), tx(sr.measure), tx(sr.owner))
			continue
		}
		s.add(num(float64(i+1)), tx(sr.area), tx(sr.section), tx(sr.text), tx(sr.status), tx(sr.issue), tx(sr.measure),
			optDate(sr.deadline), tx(sr.owner))
	}
	if err := s.end(); err != nil {
		return err
	}
	return b.close()
}

var _ = time.January
