package selfcheck

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
)

// wantCounts is the number of items per section, read by hand from the plans (area by area).
var wantCounts = map[string][][]int{
	BNL: {{4, 6, 5, 9, 4}, {2, 2, 7, 6, 6}, {4, 7, 6, 4, 5, 4}},
	BNP: {{6, 4, 4, 7, 4}, {2, 2, 7, 5, 6, 5}, {3, 6, 7, 3, 6, 4}},
	ZBL: {{5, 6, 8, 10, 4}, {2, 2, 6, 9, 6}, {7, 8, 6, 3, 5, 4}},
}

// simpleCount counts items per area and section with nothing but line prefixes: no joining of
// broken lines, no regular expressions. It is deliberately a different reading of the text from
// the parser's.
func simpleCount(t *testing.T, id string) [][]int {
	t.Helper()
	file, start, end := BananPlanFile, "附件1", "附件2"
	switch id {
	case BNP:
		start, end = "附件2", "附件3"
	case ZBL:
		file, start, end = ZiboPlanFile, "三、巡查重点", "四、组织实施"
	}
	b, err := fs.ReadFile(Plans, file)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	i := strings.Index(src, "\n"+start+"\n")
	j := strings.Index(src[i+1:], "\n"+end+"\n")
	if i < 0 || j < 0 {
		t.Fatalf("%s: block %s…%s not found", id, start, end)
	}
	cn := "一二三四五六七八九十"
	isCN := func(r rune) bool { return strings.ContainsRune(cn, r) }
	isDigit := func(r rune) bool { return r >= '0' && r <= '9' }
	var out [][]int
	for _, line := range strings.Split(src[i+1:i+1+j], "\n") {
		rs := []rune(strings.TrimSpace(line))
		if len(rs) < 3 {
			continue
		}
		bracket := rs[0] == '（' || rs[0] == '('
		var isArea, isSection, isItem bool
		if id == ZBL {
			isArea = bracket && isCN(rs[1])
			isSection = isDigit(rs[0]) && (rs[1] == '.' || isDigit(rs[1]) && rs[2] == '.')
			isItem = bracket && (isDigit(rs[1]) || rs[1] == ' ' && isDigit(rs[2]))
		} else {
			isArea = isCN(rs[0]) && rs[1] == '、'
			isSection = rs[0] == '（' && isCN(rs[1])
			isItem = isCN(rs[0]) && (rs[1] == '是' || isCN(rs[1]) && rs[2] == '是')
		}
		switch {
		case isArea:
			out = append(out, nil)
		case isSection:
			out[len(out)-1] = append(out[len(out)-1], 0)
		case isItem:
			a := out[len(out)-1]
			a[len(a)-1]++
		}
	}
	return out
}

func countsOf(cs []Clause) [][]int {
	var out [][]int
	for _, c := range cs {
		for len(out) < c.Area {
			out = append(out, nil)
		}
		for len(out[c.Area-1]) < c.Section {
			out[c.Area-1] = append(out[c.Area-1], 0)
		}
		out[c.Area-1][c.Section-1]++
	}
	return out
}

func TestChecklistCounts(t *testing.T) {
	for _, id := range ChecklistIDs() {
		cs, err := Checklist(id)
		if err != nil {
			t.Fatal(err)
		}
		got := fmt.Sprint(countsOf(cs))
		if want := fmt.Sprint(wantCounts[id]); got != want {
			t.Errorf("%s: parsed counts %s, counted by hand %s", id, got, want)
		}
		if simple := fmt.Sprint(simpleCount(t, id)); got != simple {
			t.Errorf("%s: parsed counts %s, simple line count %s", id, got, simple)
		}
		total := 0
		for _, a := range wantCounts[id] {
			for _, n := range a {
				total += n
			}
		}
		if len(cs) != total {
			t.Errorf("%s: %d clauses, want %d", id, len(cs), total)
		}
	}
}

func TestChecklistClauses(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range ChecklistIDs() {
		cs, err := Checklist(id)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cs {
			if want := fmt.Sprintf("%s.%d.%d.%d", id, c.Area, c.Section, c.Item); c.ID != want || c.Checklist != id {
				t.Errorf("clause %d: id %q checklist %q, want %q", i, c.ID, c.Checklist, want)
			}
			if seen[c.ID] {
				t.Errorf("duplicate id %s", c.ID)
			}
			seen[c.ID] = true
			if c.AreaTitle == "" || c.SectionTitle == "" || len([]rune(c.Text)) < 8 {
				t.Errorf("%s: empty title or text: %+v", c.ID, c)
			}
			if strings.HasSuffix(c.SectionTitle, "重点巡查") || strings.HasSuffix(c.SectionTitle, "主要包括") {
				t.Errorf("%s: section title keeps its lead-in: %q", c.ID, c.SectionTitle)
			}
			for _, bad := range []string{"\n", "一是", "（1）", "(1)"} {
				if strings.HasPrefix(c.Text, bad) || strings.Contains(c.Text, "\n") {
					t.Errorf("%s: text not cleaned (%q): %q", c.ID, bad, c.Text)
				}
			}
			if !endsSentence(c.Text) && !strings.HasSuffix(c.Text, "情况") && !strings.HasSuffix(c.Text, "）") {
				t.Errorf("%s: text looks cut off: %q", c.ID, c.Text)
			}
			if got, ok := Lookup(c.ID); !ok || got != c {
				t.Errorf("Lookup(%s) = %+v, %v", c.ID, got, ok)
			}
		}
	}
}

func TestAnchors(t *testing.T) {
	tests := []struct {
		id          string
		area, title string
		contains    []string
	}{
		{"ZB-L.2.4.6", "行业作风建设", "行风热点问题", []string{"集中采购平台", "线下采购金额过大"}},
		{"ZB-L.2.4.7", "行业作风建设", "行风热点问题", []string{"未批先购", "无实物报废", "大型医用设备必须经过"}},
		{"ZB-L.2.4.8", "行业作风建设", "行风热点问题", []string{"创收指标", "业务收入挂钩"}},
		{"BN-P.3.5.5", "运行管理", "经济运行风险管理", []string{"全科医生每月核增300元超额绩效", "两个允许"}},
		{"BN-L.3.1.1", "运行管理", "医院高质量发展", []string{"公立医院高质量发展、公立医院运营管理"}}, // joined across a blank line
		{"BN-L.1.1.1", "医院党建", "全面领导", []string{"三重一大"}},
		{"BN-L.1.4.9", "医院党建", "医德医风", []string{"大医精诚"}},
		{"BN-P.1.3.4", "党的建设", "基层党组织建设", []string{"换届"}},
		{"BN-P.2.6.4", "行业作风建设", "规范医保基金使用", []string{"假病人"}},
		{"BN-P.1.1.2", "党的建设", "全面领导", []string{"议事决策制度，并有效落实"}}, // "制 度" re-joined
		{"ZB-L.1.4.10", "公立医院党建", "医德医风", []string{"职工代表大会"}},
		{"ZB-L.3.6.2", "运行管理", "安全生产", []string{"规培生、合同制人员"}},
		{"ZB-L.3.6.4", "运行管理", "安全生产", []string{"菌毒(株)"}}, // half-width item "(4)加强…"
	}
	for _, tt := range tests {
		c, ok := Lookup(tt.id)
		if !ok {
			t.Errorf("%s: not found", tt.id)
			continue
		}
		if c.AreaTitle != tt.area || !strings.Contains(c.SectionTitle, tt.title) {
			t.Errorf("%s: area %q section %q, want %q / …%s…", tt.id, c.AreaTitle, c.SectionTitle, tt.area, tt.title)
		}
		for _, s := range tt.contains {
			if !strings.Contains(c.Text, s) {
				t.Errorf("%s: text %q lacks %q", tt.id, c.Text, s)
			}
		}
	}
	// The one unnumbered paragraph inside a checklist block: Zibo 三(三)1 on 中医医院/妇幼保健院.
	for _, id := range ChecklistIDs() {
		cs, _ := Checklist(id)
		for _, c := range cs {
			hasNote := c.SectionNote != ""
			if want := id == ZBL && c.Area == 3 && c.Section == 1; hasNote != want {
				t.Errorf("%s: note %q", c.ID, c.SectionNote)
			}
		}
	}
	if c, _ := Lookup("ZB-L.3.1.1"); !strings.HasPrefix(c.SectionNote, "中医医院同时重点巡查") {
		t.Errorf("ZB-L.3.1 note = %q", c.SectionNote)
	}
	if _, ok := Lookup("ZB-L.2.4.10"); ok {
		t.Error("ZB-L.2.4.10 should not exist")
	}
	if _, err := Checklist("ZB-P"); !errors.Is(err, ErrUnknownChecklist) {
		t.Errorf("Checklist(ZB-P) err = %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	good, err := fs.ReadFile(Plans, ZiboPlanFile)
	if err != nil {
		t.Fatal(err)
	}
	banan, err := fs.ReadFile(Plans, BananPlanFile)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		zibo string
		want error
	}{
		{"ok", string(good), nil},
		{"no block", strings.Replace(string(good), "三、巡查重点", "三、巡查要点", 1), ErrNoBlock},
		{"no end", string(good)[:strings.Index(string(good), "四、组织实施")], ErrNoBlock},
		{"item skipped", strings.Replace(string(good), "(7) 规范设备配备", "(8) 规范设备配备", 1), ErrOutOfSequence},
		{"section skipped", strings.Replace(string(good), "3. 围绕行风工作机制", "4. 围绕行风工作机制", 1), ErrOutOfSequence},
		{"area skipped", strings.Replace(string(good), "(三) 运行管理", "(四) 运行管理", 1), ErrOutOfSequence},
		{"item before section", strings.Replace(string(good), "1. 围绕加强党对公立医院", "围绕加强党对公立医院", 1), ErrOrphan},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				ZiboPlanFile:  {Data: []byte(tt.zibo)},
				BananPlanFile: {Data: banan},
			}
			all, err := Parse(fsys)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.File != ZiboPlanFile {
					t.Errorf("err %v is not a ParseError on %s", err, ZiboPlanFile)
				}
				return
			}
			if len(all[ZBL]) != 91 {
				t.Errorf("%d ZB-L clauses", len(all[ZBL]))
			}
		})
	}
}

func TestParseNum(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"一", 1, true}, {"九", 9, true}, {"十", 10, true}, {"十一", 11, true}, {"二十", 20, true},
		{"二十三", 23, true}, {"7", 7, true}, {"10", 10, true}, {"0", 0, false}, {"甲", 0, false},
		{"十甲", 10, false},
	}
	for _, tt := range tests {
		if got, ok := parseNum(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("parseNum(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"议事决策制 度，并", "议事决策制度，并"},
		{"增强“ 四个意识”", "增强“四个意识”"},
		{"行动计划 2021-2024 年", "行动计划 2021-2024 年"},
		{"  a  b ", "a b"},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
