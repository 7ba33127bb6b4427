package selfcheck

import (
	"strings"
	"unicode"
)

// normalize folds full-width ASCII to half-width, lower-cases Latin letters, drops quotation
// marks and book-title marks (so "“三公”经费" reads "三公经费") and turns every other
// punctuation or space into a single space.
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
			r -= 0xFEE0
		case r == 0x3000:
			r = ' '
		}
		switch r {
		case '"', '\'', '“', '”', '‘', '’', '《', '》', '〈', '〉', '「', '」', '『', '』', '【', '】':
			continue
		}
		switch {
		case unicode.Is(unicode.Han, r):
			b.WriteRune(r)
			space = false
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '+'):
			b.WriteRune(unicode.ToLower(r))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// fillers are words of the self-inspection form itself (status, subject, time) that say nothing
// about which clause a row addresses. They are cut out of a row before matching, so that
// "我院已落实，无线下采购" is matched on "线下采购" alone and its confidence is not lowered by
// words no clause could contain.
var fillers = []string{
	"已落实", "基本落实", "部分落实", "未落实", "不适用", "已完成", "已整改", "整改中", "未整改",
	"落实到位", "执行到位", "无此项", "我院", "本院", "我单位", "本单位", "我中心", "本中心",
	"我卫生院", "本卫生院", "全院", "均已", "已经", "截至目前", "目前", "今年", "本年度", "全年",
	"未发现", "不存在", "无问题", "暂无", "情况良好", "符合要求", "按要求", "达到要求", "自查情况",
	"自查发现", "自查内容", "检查内容", "巡查内容", "巡查要点", "巡查重点", "重点内容", "具体内容",
	"一级指标", "二级指标",
}

// synonym expands a short or colloquial form into phrases of the plans. Every expansion must
// occur verbatim (after normalize) in a clause, section or area of some checklist; a test checks
// it, so the table can only point at the plans' own vocabulary.
type synonym struct {
	short string
	long  []string
}

// synonyms lists abbreviations and office wording seen in self-inspection reports, each mapped
// to the wording of the plans. Keep entries general (what a hospital office writes), never
// tuned to one labelled sentence.
var synonyms = []synonym{
	// procurement and consumables
	{"集采", []string{"集中带量采购", "集中采购"}},
	{"阳光采购", []string{"集中采购平台", "线下采购"}},
	{"阳光平台", []string{"集中采购平台", "线下采购"}},
	{"挂网", []string{"集中采购平台"}},
	{"网上采购", []string{"集中采购平台"}},
	{"平台外", []string{"线下采购"}},
	{"自行采购", []string{"线下采购"}},
	{"高值耗材", []string{"高值医用耗材"}},
	{"耗材", []string{"医用耗材"}},
	{"基药", []string{"基本药物"}},
	{"政采", []string{"政府采购"}},
	{"招投标", []string{"招标投标"}},
	{"大型设备", []string{"大型医用设备"}},
	{"设备论证", []string{"设备专家论证"}},
	{"先购后批", []string{"未批先购"}},
	// finance, audit, assets
	{"内审", []string{"内部审计"}},
	{"内控", []string{"内部控制"}},
	{"审计科", []string{"内部审计"}},
	{"审计处", []string{"内部审计"}},
	{"审计部", []string{"内部审计"}},
	{"预决算", []string{"预算", "决算"}},
	{"固定资产", []string{"资产管理", "国有资产"}},
	{"资产清查", []string{"资产管理"}},
	{"盘点", []string{"资产管理"}},
	{"基建", []string{"基本建设"}},
	{"改扩建", []string{"基本建设"}},
	{"新院区", []string{"基本建设"}},
	{"住院楼", []string{"基本建设"}},
	{"门诊楼", []string{"基本建设"}},
	{"综合楼", []string{"基本建设"}},
	{"账簿", []string{"账外账"}},
	{"账户", []string{"账外账"}},
	{"借款", []string{"举债"}},
	{"贷款", []string{"举债"}},
	{"资金存放", []string{"资金竞争性存放"}},
	{"存款", []string{"资金竞争性存放"}},
	{"私设", []string{"小金库"}},
	{"公务接待", []string{"三公经费", "中央八项规定"}},
	{"公车", []string{"三公经费"}},
	{"专款专用", []string{"专项资金"}},
	{"挪用", []string{"专项资金"}},
	{"奖金", []string{"薪酬", "绩效工资"}},
	{"绩效分配", []string{"绩效工资", "薪酬"}},
	{"收入分配", []string{"薪酬"}},
	{"重复收费", []string{"合理收费", "价格"}},
	{"分解收费", []string{"合理收费", "价格"}},
	{"超标准收费", []string{"合理收费", "价格"}},
	{"乱收费", []string{"合理收费", "价格"}},
	{"自立项目", []string{"新增医疗服务价格项目"}},
	{"国考", []string{"公立医院绩效考核"}},
	// medical insurance
	{"飞检", []string{"飞行检查"}},
	{"医保办", []string{"医保管理"}},
	{"医保科", []string{"医保管理"}},
	{"身份证", []string{"实名就医"}},
	{"冒名", []string{"实名就医"}},
	{"挂床", []string{"欺诈骗保", "假病人"}},
	{"虚构", []string{"欺诈骗保", "假病情"}},
	{"骗取", []string{"欺诈骗保"}},
	{"套取", []string{"欺诈骗保"}},
	// party building and culture
	{"中心组", []string{"理论学习中心组"}},
	{"思政", []string{"思想政治"}},
	{"职代会", []string{"职工代表大会"}},
	{"工会", []string{"工青妇", "群团组织"}},
	{"共青团", []string{"工青妇", "群团组织"}},
	{"团委", []string{"工青妇", "群团组织"}},
	{"妇委会", []string{"工青妇", "群团组织"}},
	{"谈心谈话", []string{"第一种形态", "四种形态"}},
	{"谈话提醒", []string{"第一种形态", "四种形态"}},
	{"医德考评", []string{"医德医风考评"}},
	{"志愿者", []string{"志愿服务"}},
	{"轮换", []string{"轮岗"}},
	{"换岗", []string{"轮岗"}},
	{"调岗", []string{"轮岗"}},
	{"岗位交流", []string{"轮岗"}},
	{"改选", []string{"换届"}},
	{"届满", []string{"换届"}},
	{"民主推荐", []string{"选拔任用", "选人用人"}},
	{"任前公示", []string{"选拔任用", "选人用人"}},
	{"党风廉政", []string{"主体责任", "一岗双责", "廉政建设"}},
	{"提拔", []string{"选拔任用"}},
	// conduct
	{"学术不端", []string{"科研诚信"}},
	{"论文造假", []string{"科研诚信"}},
	{"医药代表", []string{"接待医药生产经营企业代表"}},
	{"大处方", []string{"过度诊疗"}},
	{"自媒体", []string{"新媒体"}},
	{"公众号", []string{"新媒体"}},
	{"微信", []string{"新媒体"}},
	{"抖音", []string{"新媒体"}},
	{"视频号", []string{"新媒体"}},
	{"微博", []string{"新媒体"}},
	{"处方查询", []string{"统方"}},
	{"处方统计", []string{"统方"}},
	{"用量统计", []string{"统方"}},
	{"用药数据", []string{"统方"}},
	{"带货", []string{"直播带货"}},
	// medical operation
	{"mdt", []string{"多学科诊疗"}},
	{"住培", []string{"住院医师规范化培训"}},
	{"规培", []string{"住院医师规范化培训"}},
	{"医共体", []string{"医联体"}},
	{"医联体", []string{"医共体"}},
	{"双向转诊", []string{"分级诊疗"}},
	{"处方点评", []string{"合理用药"}},
	{"抗菌药物", []string{"抗微生物药物", "合理用药"}},
	{"抗生素", []string{"抗微生物药物", "合理用药"}},
	{"核心制度", []string{"医疗质量安全"}},
	{"毒麻精", []string{"毒麻药品", "特殊药品"}},
	{"麻精", []string{"毒麻药品", "特殊药品"}},
	{"互联网医院", []string{"互联网诊疗"}},
	{"公卫", []string{"公共卫生"}},
	{"基公卫", []string{"基本公共卫生服务"}},
	{"健康档案", []string{"基本公共卫生服务"}},
	{"健康管理率", []string{"基本公共卫生服务"}},
	{"老年人健康", []string{"基本公共卫生服务"}},
	{"慢病随访", []string{"基本公共卫生服务"}},
	{"村医", []string{"乡村医生"}},
	{"乡医", []string{"乡村医生"}},
	{"家签", []string{"家庭医生签约服务"}},
	{"下基层", []string{"服务基层"}},
	{"支医", []string{"对口支援"}},
	// safety
	{"危化品", []string{"危险化学品"}},
	{"消防演练", []string{"消防安全"}},
	{"火灾", []string{"消防安全"}},
	{"灭火", []string{"消防安全"}},
	{"电工", []string{"特种作业人员"}},
	{"焊工", []string{"特种作业人员"}},
	{"电梯", []string{"特种设备"}},
	{"锅炉", []string{"特种设备"}},
	{"压力容器", []string{"特种设备"}},
	{"保安", []string{"平安医院", "人防"}},
	{"安保", []string{"平安医院", "人防"}},
	{"监控", []string{"技防"}},
	{"一键报警", []string{"技防"}},
}

// generic are words of official prose that every section uses (实行, 安排, 要求 …). A row's
// bigram that is one of them counts for weightGeneric of a topical one, so that "制度安排" does
// not pull "每周安排医生下村巡诊" away from 巡诊.
var generic = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`实行 安排 要求 内容 纳入 开展 落实 加强 建立 健全 完善 推进 规范
		制度 工作 管理 情况 相关 有关 按照 明确 严格 执行 实施 组织 提升 持续 进行 定期 及时 认真
		积极 有效 全面 坚持 贯彻 结合 实际 具体 措施 机制 体系 方面 各项 重点 问题 保障 发挥 作用
		推动 强化 注重 确保 符合 根据 规定 程序 标准 达到 完成 人员 单位 机构 每月 每年 每周 每季
		季度 年度 是否 以及 按规 形成 做到 做好 切实 进一步 深入 充分 不断 主要 重要 必须 同时
		其他 医院 医疗 卫生 科室 部门`) {
		generic[w] = true
	}
}

// stripFillers replaces filler words by a space.
func stripFillers(s string) string {
	for _, f := range fillers {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, " ")
		}
	}
	return s
}

// leadingNumber matches item numbers a row may start with: "1.", "(3)", "一是", "（二）", "2、".
func stripLeadingNumber(s string) string {
	s = strings.TrimSpace(s)
	rs := []rune(s)
	i := 0
	open := i < len(rs) && (rs[i] == '(' || rs[i] == '（')
	if open {
		i++
	}
	j := i
	for j < len(rs) && (rs[j] >= '0' && rs[j] <= '9' || strings.ContainsRune("一二三四五六七八九十", rs[j])) {
		j++
	}
	if j == i || j-i > 3 {
		return s
	}
	if open {
		if j < len(rs) && (rs[j] == ')' || rs[j] == '）') {
			return strings.TrimSpace(string(rs[j+1:]))
		}
		return s
	}
	if j < len(rs) && strings.ContainsRune(".．、是", rs[j]) {
		// "一是" but not "一是否…"? The plans never start a row with 是否 after a number.
		return strings.TrimSpace(string(rs[j+1:]))
	}
	return s
}

// grams calls fn for every feature of normalized text: the character bigrams of each run of Han
// characters, and each Latin/digit word as a whole. Runs are split at 的, 和, 了, which only join
// phrases. A single Han character on its own yields nothing.
func grams(s string, fn func(g string)) {
	var run []rune
	han := false
	flush := func() {
		if han {
			for k := 0; k+1 < len(run); k++ {
				fn(string(run[k : k+2]))
			}
		} else if len(run) > 0 && strings.Trim(string(run), "+") != "" {
			fn(string(run))
		}
		run = run[:0]
	}
	for _, r := range s {
		if r == ' ' || isJoiner(r) {
			flush()
			continue
		}
		h := unicode.Is(unicode.Han, r)
		if len(run) > 0 && h != han {
			flush()
		}
		han = h
		run = append(run, r)
	}
	flush()
}

func isJoiner(r rune) bool { return r == '的' || r == '和' || r == '了' }

type rowGram struct {
	s       string
	generic bool
}

// rowGrams is grams for a row, marking the bigrams that are generic words or that straddle
// one ("开展工作" → 开展 and 工作 generic, and 展工, which is no word at all, generic too).
func rowGrams(norm string) []rowGram {
	var out []rowGram
	for _, field := range strings.Fields(norm) {
		rs := []rune(field)
		gen := make([]bool, len(rs)) // rs[i] is part of a generic word
		for i := 0; i+1 < len(rs); i++ {
			if generic[string(rs[i:i+2])] {
				gen[i], gen[i+1] = true, true
			}
		}
		i := 0
		grams(field, func(g string) {
			// grams visits bigrams left to right; find g's position in field from i on.
			gr := []rune(g)
			for i < len(rs) && string(rs[i:min(i+len(gr), len(rs))]) != g {
				i++
			}
			isGen := generic[g]
			if len(gr) == 2 && i+1 < len(rs) && (gen[i] || gen[i+1]) {
				isGen = true
			}
			out = append(out, rowGram{g, isGen})
			i++
		})
	}
	return out
}
