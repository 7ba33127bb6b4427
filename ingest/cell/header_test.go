package cell

import (
	"strings"
	"testing"
)

func TestNormalizeHeader(t *testing.T) {
	tests := []struct {
		in   string
		name string
		unit Unit
	}{
		{"金额\n（万元）", "金额", UnitWanyuan},
		{"金额(元)", "金额", UnitYuan},
		{"金额（元）", "金额", UnitYuan},
		{"金额[万元]", "金额", UnitWanyuan},
		{"金额【万元】", "金额", UnitWanyuan},
		{"金额〔元〕", "金额", UnitYuan},
		{"金额/元", "金额", UnitYuan},
		{"金额_元", "金额", UnitYuan},
		{"金额/万元", "金额", UnitWanyuan},
		{"金额单位:元", "金额", UnitYuan},
		{"金额,单位：万元", "金额", UnitWanyuan},
		{"合同金额（单位：万元）", "合同金额", UnitWanyuan},
		{"合同金额(单位万元)", "合同金额", UnitWanyuan},
		{"合同金额(人民币元)", "合同金额", UnitYuan},
		{"合同金额(RMB)", "合同金额", UnitYuan},
		{"合同金额(万)", "合同金额", UnitWanyuan},
		{"预算(千元)", "预算", UnitQianyuan},
		{"投资额（亿元）", "投资额", UnitYiyuan},
		{"单价(元/盒)", "单价", UnitYuan},
		{"单价（元／支）", "单价", UnitYuan},
		{"*金额(元)：", "金额", UnitYuan},
		{"金额(元):", "金额", UnitYuan},
		{"金额(含税)(元)", "金额(含税)", UnitYuan},
		{"金额（万元）（含税）", "金额(含税)", UnitWanyuan},
		{"金额(元)合计", "金额合计", UnitYuan},
		{"金额(元", "金额(元", UnitNone},
		{"金额)元(", "金额)元(", UnitNone},
		{"金额 ( 元 )", "金额", UnitYuan},
		{"金额(元)(万元)", "金额", UnitWanyuan}, // the last unit written wins
		{" 采购 日期 ", "采购日期", UnitNone},
		{"*供应商名称：", "供应商名称", UnitNone},
		{"＊供应商名称:", "供应商名称", UnitNone},
		{"**供应商名称", "供应商名称", UnitNone},
		{"采购\r\n日期", "采购日期", UnitNone},
		{"采购_x000D_\n日期", "采购日期", UnitNone},
		{"采购\u3000日期\t", "采购日期", UnitNone},
		{"\ufeff采购日期", "采购日期", UnitNone},
		{"ＩＤ号", "id号", UnitNone},
		{"Item_Code", "item_code", UnitNone},
		{"使用年限(年)", "使用年限", UnitNone},
		{"数量（台）", "数量", UnitNone},
		{"年龄(岁)", "年龄", UnitNone},

		// Qualifiers that are not units stay.
		{"金额(含税)", "金额(含税)", UnitNone},
		{"金额(不含税)", "金额(不含税)", UnitNone},
		{"增长率(%)", "增长率(%)", UnitNone},
		{"金额元", "金额元", UnitNone},
		{"元", "元", UnitNone},
		{"单位名称", "单位名称", UnitNone},
		{"编制单位", "编制单位", UnitNone},
		{"数量/单位", "数量/单位", UnitNone},
		{"", "", UnitNone},
		{"(元)", "", UnitYuan},
		{"*", "", UnitNone},
	}
	for _, tt := range tests {
		name, unit := NormalizeHeader(tt.in)
		if name != tt.name || unit != tt.unit {
			t.Errorf("NormalizeHeader(%q) = %q, %v; want %q, %v", tt.in, name, unit, tt.name, tt.unit)
		}
		if again, _ := NormalizeHeader(name); again != name {
			t.Errorf("NormalizeHeader(%q) = %q, not its own normal form (%q)", tt.in, name, again)
		}
	}
}

func TestUnitLine(t *testing.T) {
	tests := []struct {
		in   string
		unit Unit
		ok   bool
	}{
		{"单位：万元", UnitWanyuan, true},
		{"单位:元", UnitYuan, true},
		{"单位 : 元", UnitYuan, true},
		{"单位万元", UnitWanyuan, true},
		{"金额单位:元", UnitYuan, true},
		{"金额单位：人民币万元", UnitWanyuan, true},
		{"(单位：万元)", UnitWanyuan, true},
		{"（单位：万元）", UnitWanyuan, true},
		{"【单位：元】", UnitYuan, true},
		{"单位：元。", UnitYuan, true},
		{"单位：千元", UnitQianyuan, true},
		{"单位：RMB", UnitYuan, true},
		{"  单位：万元  ", UnitWanyuan, true},
		{"编制单位：巴南区人民医院        单位：元", UnitYuan, true},
		{"编制单位：巴南区人民医院\u3000单位：万元\u3000日期：2025-03-31", UnitWanyuan, true},
		{"单位：元（保留两位小数）", UnitYuan, true},

		{"编制单位：巴南区人民医院", UnitNone, false},
		{"编制单位：元宝山医院", UnitNone, false},
		{"填报单位:万元路卫生院", UnitNone, false},
		{"单位：元宝山医院", UnitNone, false},
		{"单位名称", UnitNone, false},
		{"单位", UnitNone, false},
		{"单位：", UnitNone, false},
		{"单位：台", UnitNone, false},
		{"万元", UnitNone, false},
		{"1.5万元", UnitNone, false},
		{"3000元", UnitNone, false},
		{"巴南区人民医院2025年药品采购明细表", UnitNone, false},
		{"金额（万元）", UnitNone, false},
		{"", UnitNone, false},
	}
	for _, tt := range tests {
		unit, ok := UnitLine(tt.in)
		if unit != tt.unit || ok != tt.ok {
			t.Errorf("UnitLine(%q) = %v, %v; want %v, %v", tt.in, unit, ok, tt.unit, tt.ok)
		}
	}
}

func TestIsTotalRow(t *testing.T) {
	tests := []struct {
		cells []string
		want  bool
	}{
		{[]string{"合计", "", "1234.50"}, true},
		{[]string{"总计", "1234.50"}, true},
		{[]string{"小计", "1234.50"}, true},
		{[]string{"共计", "1234.50"}, true},
		{[]string{"本页合计", "1234.50"}, true},
		{[]string{"累计", "1234.50"}, true},
		{[]string{"总合计", "1234.50"}, true},
		{[]string{"合 计", "1234.50"}, true},
		{[]string{"合\u3000\u3000计", "1234.50"}, true},
		{[]string{"合计：", "1234.50"}, true},
		{[]string{"合计(元)", "1234.50"}, true},
		{[]string{"合计金额", "1234.50"}, true},
		{[]string{"（合计）", "1234.50"}, true},
		{[]string{"本月合计", "", "1234.50"}, true},
		{[]string{"本年累计", "", "1234.50"}, true},
		{[]string{"本年累计发生额", "", "1234.50"}, true},
		{[]string{"累计:", "1234.50"}, true},
		{[]string{"", "  ", "合计", "1234.50"}, true},
		{[]string{"_x000D_", "合计", "1234.50"}, true},

		{[]string{"1", "合计", "1234.50"}, false},
		{[]string{"2025-03-07", "药品", "合计金额", "1234.50"}, false},
		{[]string{"累计折旧", "1602", "1234.50"}, false},
		{[]string{"累计摊销", "1702", "1234.50"}, false},
		{[]string{"综合计划科", "1234.50"}, false},
		{[]string{"计合"}, false},
		{[]string{"", ""}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := IsTotalRow(tt.cells); got != tt.want {
			t.Errorf("IsTotalRow(%q) = %v; want %v", tt.cells, got, tt.want)
		}
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  巴南区人民医院  ", "巴南区人民医院"},
		{"巴南区\u3000人民医院", "巴南区 人民医院"},
		{"巴南区  \t 人民医院", "巴南区 人民医院"},
		{"第一行_x000D_\n第二行", "第一行 第二行"},
		{"第一行_x000D_第二行", "第一行第二行"},
		{"a_x000A_b", "a b"},
		{"ＡＢＣ－１２３", "ABC-123"},
		{"（重庆）医药有限公司", "(重庆)医药有限公司"},
		{"零\u200b宽\ufeff", "零宽"},
		{"_x000_x000D_D_", ""},
		{"、。《》", "、。《》"},
		{"\x00a\x01", "a"},
	}
	for _, tt := range tests {
		got := NormalizeText(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeText(%q) = %q; want %q", tt.in, got, tt.want)
		}
		if again := NormalizeText(got); again != got {
			t.Errorf("NormalizeText(%q) = %q, not idempotent (%q)", tt.in, got, again)
		}
	}
}

func FuzzNormalizeHeader(f *testing.F) {
	for _, s := range []string{"金额\n（万元）", " 采购 日期 ", "*供应商名称：", "金额(含税)(元)", "单价(元/盒)",
		"金额,单位:万元", "_x000_x000D_D_", "*(元):"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, unit := NormalizeHeader(s)
		if again, unit2 := NormalizeHeader(name); again != name || unit2 != UnitNone {
			t.Fatalf("NormalizeHeader(%q) = %q; NormalizeHeader(%q) = %q, %v", s, name, name, again, unit2)
		}
		if strings.ContainsFunc(name, isSpace) || strings.HasPrefix(name, "*") || strings.HasSuffix(name, ":") {
			t.Fatalf("NormalizeHeader(%q) = %q", s, name)
		}
		if unit < UnitNone || unit > UnitYiyuan {
			t.Fatalf("NormalizeHeader(%q) unit %v", s, unit)
		}
		// NormalizeText before NormalizeHeader changes nothing.
		if n2, u2 := NormalizeHeader(NormalizeText(s)); n2 != name || u2 != unit {
			t.Fatalf("NormalizeHeader(%q) = %q, %v but after NormalizeText %q, %v", s, name, unit, n2, u2)
		}
	})
}

func FuzzNormalizeText(f *testing.F) {
	for _, s := range []string{"  巴南区\u3000人民医院\r\n", "第一行_x000D_\n第二行", "ＡＢＣ", "_x000_x000D_D_", "a\u200bb",
		"阿莫西林 胶囊 0.25g", "a  b", "b ", "\xff", "JS202500000001", "x\u00a0y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeText(s)
		if slow := normalizeText(s); got != slow {
			t.Fatalf("NormalizeText(%q) = %q, the full path gives %q", s, got, slow)
		}
		if again := NormalizeText(got); again != got {
			t.Fatalf("NormalizeText(%q) = %q; again %q", s, got, again)
		}
		if strings.TrimSpace(got) != got || strings.Contains(got, "  ") {
			t.Fatalf("NormalizeText(%q) = %q: untrimmed", s, got)
		}
	})
}

func FuzzUnitLine(f *testing.F) {
	for _, s := range []string{"单位：万元", "编制单位：巴南区人民医院 单位：元", "1.5万元", "(单位：万元)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		unit, ok := UnitLine(s)
		if !ok && unit != UnitNone {
			t.Fatalf("UnitLine(%q) = %v, false", s, unit)
		}
		if ok && !strings.Contains(strings.Map(headerRune, s), "单位") {
			t.Fatalf("UnitLine(%q) = %v without 单位", s, unit)
		}
		// A unit line is never an amount.
		if ok {
			if _, err := ParseMoney(s, UnitNone); err == nil {
				t.Fatalf("UnitLine(%q) fired on an amount", s)
			}
		}
		IsTotalRow([]string{s, s})
	})
}
