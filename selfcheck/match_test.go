package selfcheck

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

func TestMatchText(t *testing.T) {
	tests := []struct {
		checklist, text string
		want            string // expected clause id
		top             int    // want it within the first top matches
		reason          string // substring of the best match's reason, if set
	}{
		// The examples in the brief, in the words of a hospital office.
		{"ZB-L", "我院严格执行药品耗材阳光平台采购，无线下采购情况", "ZB-L.2.4.6", 1, "线下采购"},
		{"ZB-L", "大型设备购置均经论证审批", "ZB-L.2.4.7", 1, "大型设备→大型医用设备"},
		{"ZB-L", "报废设备均有实物，无无实物报废现象", "ZB-L.2.4.7", 1, "实物报废"},
		{"ZB-L", "医务人员薪酬与科室检查化验收入不挂钩", "ZB-L.2.4.8", 1, ""},
		{"BN-P", "每名全科医生每月核增300元超额绩效", "BN-P.3.5.5", 1, "超额绩效"},
		// Abbreviations and short forms.
		{"BN-L", "三重一大事项经集体决策并报备", "BN-L.1.1.1", 3, "三重一大"},
		{"BN-P", "医保基金使用自查，实名就医", "BN-P.2.6.2", 1, ""},
		{"BN-L", "集采中选药品按量采购使用", "BN-L.3.1.1", 1, "集采→集中带量采购"},
		{"BN-L", "国家带量采购药品规范使用", "BN-L.3.1.1", 1, ""},
		{"ZB-L", "无小金库、账外账", "ZB-L.3.5.4", 1, "小金库"},
		{"BN-P", "严禁收受红包回扣", "BN-P.2.4.3", 3, "红包"},
		{"BN-L", "防统方措施落实", "BN-L.2.4.6", 1, "统方"},
		{"ZB-L", "九项准则纳入岗前培训", "ZB-L.1.4.4", 1, "九项准则"},
		{"BN-L", "内审科开展内控评价", "BN-L.3.5.1", 1, "内审→内部审计"},
		{"ZB-L", "飞检问题已整改", "ZB-L.3.1.7", 1, "飞检→飞行检查"},
		{"BN-P", "危化品专柜存放", "BN-P.3.6.4", 1, ""},
		// Row numbers and status words around the text.
		{"ZB-L", "(6) 已落实。高值耗材全部挂网采购", "ZB-L.2.4.6", 1, ""},
		{"BN-P", "三是 落实到位：乡村医生补助按季考核", "BN-P.3.5.6", 1, ""},
		// Full-width Latin and digits.
		{"ZB-L", "严格落实１８项医疗质量安全核心制度", "ZB-L.3.2.2", 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			ms := MatchText(tt.checklist, tt.text, 3)
			if len(ms) != 3 {
				t.Fatalf("%d matches", len(ms))
			}
			var got []string
			found := false
			for i, m := range ms {
				got = append(got, fmt.Sprintf("%s %.3f %s", m.ClauseID, m.Score, m.Reason))
				if m.ClauseID == tt.want && i < tt.top {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s in the first %d, got\n%s", tt.want, tt.top, strings.Join(got, "\n"))
			}
			if tt.top == 1 && !Confident(ms[0]) {
				t.Errorf("best match %s %.3f not confident", ms[0].ClauseID, ms[0].Score)
			}
			if tt.reason != "" && !strings.Contains(ms[0].Reason, tt.reason) {
				t.Errorf("reason %q lacks %q", ms[0].Reason, tt.reason)
			}
			if c, _ := Lookup(ms[0].ClauseID); ms[0].Text != c.Text {
				t.Errorf("match text %q is not the clause text", ms[0].Text)
			}
		})
	}
}

// Text that is not about any clause must not be matched confidently: callers list such rows
// as unmatched.
func TestMatchUnrelated(t *testing.T) {
	for _, text := range []string{
		"合计", "备注", "其他", "医院", "开展工作", "加强管理，落实制度", "食堂饭菜质量良好",
		"办公室电脑已更新", "2024年度自查自纠情况汇总表", "院办负责人签字", "本表由财务科填报",
		"停车场改造已完成", "联系人张三电话13800000000", "新购置办公桌椅20套", "科室卫生大扫除",
		"今天天气很好", "lorem ipsum dolor",
	} {
		for _, id := range ChecklistIDs() {
			ms := MatchText(id, text, 1)
			if len(ms) == 1 && Confident(ms[0]) {
				t.Errorf("%s %q: confident match %s %.3f (%s)", id, text, ms[0].ClauseID, ms[0].Score, ms[0].Reason)
			}
		}
	}
}

func TestMatchEdges(t *testing.T) {
	n := map[string]int{}
	for _, id := range ChecklistIDs() {
		cs, _ := Checklist(id)
		n[id] = len(cs)
	}
	tests := []struct {
		name      string
		checklist string
		text      string
		k         int
		want      int
	}{
		{"unknown checklist", "XX", "线下采购", 3, 0},
		{"lower-case id is not an id", "zb-l", "线下采购", 3, 0},
		{"empty", "ZB-L", "", 3, 0},
		{"punctuation", "ZB-L", "，。、；：", 3, 0},
		{"a lone character", "ZB-L", "党", 3, 0},
		{"only status words", "ZB-L", "已落实", 3, 0},
		{"k=1", "ZB-L", "线下采购", 1, 1},
		{"k=0 is all", "ZB-L", "线下采购", 0, n["ZB-L"]},
		{"k<0 is all", "BN-P", "线下采购", -1, n["BN-P"]},
		{"k beyond the list", "BN-L", "线下采购", 1000, n["BN-L"]},
		{"nothing in common still gives candidates", "BN-L", "今天天气很好", 3, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := MatchText(tt.checklist, tt.text, tt.k)
			if len(ms) != tt.want {
				t.Fatalf("%d matches, want %d", len(ms), tt.want)
			}
			checkOrder(t, ms)
		})
	}
}

func checkOrder(t *testing.T, ms []Match) {
	t.Helper()
	for i, m := range ms {
		if m.Rank != i+1 {
			t.Errorf("match %d has rank %d", i, m.Rank)
		}
		if math.IsNaN(m.Score) || m.Score < 0 || m.Score > 1 {
			t.Errorf("%s: score %v out of 0..1", m.ClauseID, m.Score)
		}
		if i > 0 && m.Score > ms[i-1].Score {
			t.Errorf("rank %d score %v above rank %d score %v", m.Rank, m.Score, ms[i-1].Rank, ms[i-1].Score)
		}
		if _, ok := Lookup(m.ClauseID); !ok {
			t.Errorf("unknown clause %q", m.ClauseID)
		}
		if !utf8.ValidString(m.Reason) {
			t.Errorf("reason %q is not UTF-8", m.Reason)
		}
	}
}

func TestMatchDeterministic(t *testing.T) {
	texts := []string{"我院严格执行药品耗材阳光平台采购，无线下采购情况", "加强管理", "党支部按期换届", "今天天气很好"}
	want := map[string][]Match{}
	for _, s := range texts {
		want[s] = MatchText("BN-P", s, 0)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for range 8 {
		wg.Go(func() {
			for _, s := range texts {
				if got := MatchText("BN-P", s, 0); !reflect.DeepEqual(got, want[s]) {
					errs <- s
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("%q: result differs between calls", s)
	}
}

func TestMatchRow(t *testing.T) {
	// A merged area cell re-ranks an ambiguous row: 满意度测评 is asked both under 医德医风
	// (1.4.4) and under 医院高质量发展 (3.1.3).
	const text = "开展满意度测评"
	plain := MatchText("BN-L", text, 3)
	inParty := MatchRow("BN-L", "一、医院党建", "医德医风建设", text, 3)
	inOps := MatchRow("BN-L", "三、运行管理", "（一）医院高质量发展", text, 3)
	if inParty[0].ClauseID != "BN-L.1.4.4" {
		t.Errorf("with 医院党建 context: %s, want BN-L.1.4.4", inParty[0].ClauseID)
	}
	if inOps[0].ClauseID != "BN-L.3.1.3" {
		t.Errorf("with 运行管理 context: %s, want BN-L.3.1.3", inOps[0].ClauseID)
	}
	if !strings.Contains(inOps[0].Reason, "上下文: ") {
		t.Errorf("reason %q does not name the context", inOps[0].Reason)
	}
	// Context never raises a score above the text's own.
	scores := map[string]float64{}
	for _, m := range MatchText("BN-L", text, 0) {
		scores[m.ClauseID] = m.Score
	}
	for _, m := range MatchRow("BN-L", "三、运行管理", "医院高质量发展", text, 0) {
		if m.Score > scores[m.ClauseID]+1e-9 {
			t.Errorf("%s: context raised %.3f to %.3f", m.ClauseID, scores[m.ClauseID], m.Score)
		}
	}
	_ = plain
	// Headings alone rank the section first but are never a confident match.
	ms := MatchRow("BN-P", "三、运行管理", "（五）经济运行风险管理", "", 3)
	if len(ms) != 3 {
		t.Fatalf("%d matches for a row with headings only", len(ms))
	}
	if c, _ := Lookup(ms[0].ClauseID); c.Area != 3 || c.Section != 5 {
		t.Errorf("headings only: best %s, want a clause of BN-P.3.5", ms[0].ClauseID)
	}
	if Confident(ms[0]) {
		t.Errorf("headings only: confident %.3f", ms[0].Score)
	}
	checkOrder(t, ms)
	// No context is plain matching.
	if got := MatchRow("ZB-L", "", "", "线下采购", 3); !reflect.DeepEqual(got, MatchText("ZB-L", "线下采购", 3)) {
		t.Errorf("MatchRow without context differs from MatchText")
	}
}

func TestConfident(t *testing.T) {
	for _, tt := range []struct {
		score float64
		want  bool
	}{{0, false}, {MinConfidence - 0.001, false}, {MinConfidence, true}, {1, true}} {
		if got := Confident(Match{Score: tt.score}); got != tt.want {
			t.Errorf("Confident(%v) = %v", tt.score, got)
		}
	}
}

// Every synonym must lead to the plans' own words.
func TestSynonymsInPlans(t *testing.T) {
	var all strings.Builder
	for _, id := range ChecklistIDs() {
		cs, _ := Checklist(id)
		for _, c := range cs {
			for _, s := range []string{c.Text, c.SectionTitle, c.AreaTitle, c.SectionNote} {
				all.WriteString(normalize(s) + "|")
			}
		}
	}
	text := all.String()
	seen := map[string]bool{}
	for _, s := range synonyms {
		if seen[s.short] {
			t.Errorf("duplicate synonym %q", s.short)
		}
		seen[s.short] = true
		if normalize(s.short) != s.short {
			t.Errorf("synonym %q is not normalized", s.short)
		}
		for _, l := range s.long {
			if l == s.short || !strings.Contains(text, normalize(l)) {
				t.Errorf("synonym %q → %q: not a phrase of the plans", s.short, l)
			}
		}
	}
	for _, f := range fillers {
		for _, s := range synonyms {
			if strings.Contains(f, s.short) {
				t.Errorf("filler %q hides synonym %q", f, s.short)
			}
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"“三公”经费", "三公经费"},
		{"《九项准则》、统方", "九项准则 统方"},
		{"ＨＩＳ系统１８项", "his系统18项"},
		{"  MDT，多学科  ", "mdt 多学科"},
		{"互联网+服务", "互联网+服务"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalize(tt.in); got != tt.want {
			t.Errorf("normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripLeadingNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1. 线下采购", "线下采购"},
		{"（6）线下采购", "线下采购"},
		{"(10) 线下采购", "线下采购"},
		{"三是乡村医生补助", "乡村医生补助"},
		{"二、行业作风", "行业作风"},
		{"三重一大", "三重一大"},
		{"十八项核心制度", "十八项核心制度"},
		{"2024年度预算", "2024年度预算"},
		{"(线下)", "(线下)"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := stripLeadingNumber(tt.in); got != tt.want {
			t.Errorf("stripLeadingNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRowGrams(t *testing.T) {
	var got []string
	for _, g := range rowGrams(normalize("开展工作的线下采购，HIS")) {
		s := g.s
		if g.generic {
			s += "*"
		}
		got = append(got, s)
	}
	want := "开展* 展工* 工作* 线下 下采 采购 his"
	if strings.Join(got, " ") != want {
		t.Errorf("rowGrams = %q, want %q", strings.Join(got, " "), want)
	}
}

func FuzzMatch(f *testing.F) {
	for _, s := range []string{
		"我院严格执行药品耗材阳光平台采购，无线下采购情况", "", "党", "(6) 已落实", "ＨＩＳ统方",
		"\xff\xfe", "一是是否", "阳光平台阳光平台阳光平台", "1.2.3", "（", "mdt+", "的的的和了",
	} {
		f.Add(s, "")
	}
	f.Add("线下采购", "行业作风建设")
	f.Fuzz(func(t *testing.T, text, area string) {
		for _, id := range ChecklistIDs() {
			ms := MatchText(id, text, 3)
			if len(ms) > 3 {
				t.Fatalf("%d matches for k=3", len(ms))
			}
			checkOrder(t, ms)
			rs := MatchRow(id, area, area, text, 5)
			if len(rs) > 5 {
				t.Fatalf("%d matches for k=5", len(rs))
			}
			checkOrder(t, rs)
		}
	})
}

// Cells that name no heading of the checklist leave the scores as they are.
func TestMatchRowNoiseContext(t *testing.T) {
	const text = "我院严格执行药品耗材阳光平台采购，无线下采购情况"
	want := MatchText("ZB-L", text, 3)
	for _, cell := range []string{"自查内容", "重点工作", "其他", "食堂管理", "（一）", "1"} {
		got := MatchRow("ZB-L", cell, cell, text, 3)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("cell %q changed the result:\n got %+v\nwant %+v", cell, got[0], want[0])
		}
	}
	if ms := MatchRow("ZB-L", "重点工作", "", "", 3); ms != nil {
		t.Errorf("a generic cell and no text: %d matches, want none", len(ms))
	}
}
