package ingest

import (
	"strings"
	"testing"
)

// TestKindChoiceAndFallback: a reference list complete on a generic column or two does not
// win over the kind that explains the sheet, and a required field no header names maps by
// its values only when exactly one column fits.
func TestKindChoiceAndFallback(t *testing.T) {
	cases := []struct {
		name     string
		rows     [][]string
		wantKind string            // the kind chosen, or the kind the refusal names
		complete bool              // whether the sheet maps fully
		want     map[string]string // header → field ("" = not mapped)
		wantWhy  map[string]string // header → part of why
	}{
		{
			name: "an equipment ledger with a licence column is not the large-equipment list",
			rows: grid("台账标识,设备名,设备型号,设备分类,入册价款,启用日期,购置合同编号,配置许可,所属科室,设备状态",
				"KP-001,彩色多普勒超声,LOGIQ E9,专用设备,1280000.00,2024-03-01,HT-2024-01,否,超声科,在用",
				"KP-002,全自动生化分析仪,AU5800,专用设备,2350000.00,2023-06-15,HT-2023-07,否,检验科,在用"),
			wantKind: "equipment",
			want:     map[string]string{"设备分类": "class", "启用日期": "purchase_date"},
		},
		{
			name: "a procurement order list is not the essential-drugs list",
			rows: grid("单据编号,单据日期,商品类别,商品编码,商品名称,包装规格,购入数量,购入单价,购入金额,采购方法,请领科室",
				"RK001,2025-01-05,药品,Y0001,阿莫西林胶囊,0.25g*24粒,100,12.50,1250.00,公开招标,药剂科",
				"RK002,2025-01-06,药品,Y0002,头孢克肟片,0.1g*6片,50,20.00,1000.00,公开招标,药剂科"),
			wantKind: "procurement",
			want:     map[string]string{"单据日期": "order_date", "购入金额": "amount"},
		},
		{
			name: "the only column of 18-digit ids is the patient id",
			rows: grid("结算编号,证件,患者姓名,医疗总费用,统筹支付",
				"S001,500113198001011234,张三,1200.00,800.00",
				"S002,50011319900202123X,李四,560.00,300.00"),
			wantKind: "claims",
			complete: true,
			want:     map[string]string{"证件": "patient_id"},
			wantWhy:  map[string]string{"证件": "按取值"},
		},
		{
			name: "a registry's row numbers are no code: the one other column of distinct codes is the institution's",
			rows: grid("序号,执业登记号,机构全称,简称,机构类别,医保医疗机构编码,县区",
				"1,12500113XC000101,重庆市巴南区人民医院,区人民医院,综合医院,H500113XC101,巴南区",
				"2,12500113XC000102,重庆市巴南区第二人民医院,区二院,综合医院,H500113XC102,巴南区",
				"3,12500113XC000301,重庆市巴南区界石镇中心卫生院,界石中心卫生院,中心卫生院,H500113XC103,巴南区"),
			wantKind: "institutions",
			complete: true,
			want:     map[string]string{"序号": "", "执业登记号": "institution_code", "医保医疗机构编码": "insurance_code"},
			wantWhy:  map[string]string{"执业登记号": "按取值"},
		},
		{
			name: "a budget of few columns: its one unnamed column of amounts is the budget, not the rate beside it",
			rows: grid("年度,指标项目名称,可执行指标数,累计支付数,支付进度",
				"2025,医疗收入,28712.85,26982.26,94.0%",
				"2025,人员经费支出,2611.90,2432.94,93.1%",
				"2025,药品费,5117.72,4819.95,94.2%"),
			wantKind: "budget",
			complete: true,
			want:     map[string]string{"可执行指标数": "budget_amount", "支付进度": ""},
			wantWhy:  map[string]string{"可执行指标数": "按取值"},
		},
		{
			name: "two unnamed code columns: the one whose name shares a settlement name's words is the settlement",
			rows: grid("医疗机构名称,就医登记号,复核登记号,身份证号,诊断名称,医疗费用,统筹支付,就诊科室",
				"重庆市巴南区人民医院,5001132400001,FH0012345,500113198001011234,肺炎,1200.00,800.00,呼吸内科",
				"重庆市巴南区人民医院,5001132400002,FH0012346,50011319900202123X,胃炎,560.00,300.00,消化内科",
				"重庆市巴南区人民医院,5001132400003,FH0012347,500113198001011234,肺炎,830.00,500.00,呼吸内科"),
			wantKind: "claims",
			complete: true,
			want:     map[string]string{"就医登记号": "settlement_id", "复核登记号": ""},
			wantWhy:  map[string]string{"就医登记号": "名称最近 就诊流水号 (0.50, 次近 0.00)"},
		},
		{
			name: "two unnamed code columns equally far from every name: neither is the settlement",
			rows: grid("医疗机构名称,登记号,复核号,身份证号,诊断名称,医疗费用,统筹支付,就诊科室",
				"重庆市巴南区人民医院,5001132400001,FH0012345,500113198001011234,肺炎,1200.00,800.00,呼吸内科",
				"重庆市巴南区人民医院,5001132400002,FH0012346,50011319900202123X,胃炎,560.00,300.00,消化内科"),
			wantKind: "claims",
			want:     map[string]string{"登记号": "", "复核号": ""},
		},
		{
			name: "a checklist whose item column has a name no field knows: the one column of long, varied text",
			rows: grid("序号,检查领域,自查标准及要求,自查评价,存在问题",
				"1,党建,落实党委领导下的院长负责制并有会议记录,已落实,无",
				"2,党建,三重一大事项经集体研究决策并留存纪要,部分落实,无",
				"3,医保,严禁分解住院挂床住院及虚记多记费用,已落实,无"),
			wantKind: "self_inspection",
			complete: true,
			want:     map[string]string{"自查标准及要求": "item_text"},
			wantWhy:  map[string]string{"自查标准及要求": "长文本"},
		},
		{
			name: "a checklist whose item name sits on a column of repeated labels: the varied text beside it is the item",
			rows: grid("条目编号,巡查领域,自查事项,自查标准及要求,自查评价",
				"1,党建,落实党委领导下的院长负责制,党委会议事规则健全并按规定召开会议,已落实",
				"2,党建,落实党委领导下的院长负责制,院长办公会议题经党委前置研究讨论,已落实",
				"3,党建,落实党委领导下的院长负责制,三重一大事项集体决策并留存纪要,部分落实",
				"4,医保,规范医保基金使用管理,严禁分解住院挂床住院及虚记多记费用,已落实",
				"5,医保,规范医保基金使用管理,医保结算清单按规范填写并按时上传,已落实"),
			wantKind: "self_inspection",
			complete: true,
			want:     map[string]string{"自查事项": "", "自查标准及要求": "item_text"},
			wantWhy:  map[string]string{"自查事项": "值多重复, 让给 自查标准及要求", "自查标准及要求": "不重复100%"},
		},
		{
			name: "names under a group label: the label gives their subject (报废处置 / 批复文号 is the scrapping's approval, not the purchase's)",
			rows: grid("资产编号,设备名称,原值,购置日期,报废处置,,",
				",,,,核销日期,批复文号,处置方式",
				"ZC001,彩色多普勒超声,1280000.00,2016-03-01,2024-05-20,巴卫财〔2024〕12号,拍卖",
				"ZC002,全自动生化分析仪,2350000.00,2015-06-15,2024-06-30,巴卫财〔2024〕15号,报废回收"),
			wantKind: "equipment",
			complete: true,
			want:     map[string]string{"核销日期": "scrap_date", "批复文号": "scrap_approval_no"},
			wantWhy:  map[string]string{"核销日期": "组标签 报废处置: 报废+核销日期≈报废日期", "批复文号": "组标签 报废处置"},
		},
		{
			name: "an unnamed column of asset statuses, one of which reads as a yes (在用), is the status",
			rows: grid("卡片编码,设备资产名称,卡片原值,财务入账日期,使用情况",
				"ZC001,彩色多普勒超声,1280000.00,2016-03-01,在用",
				"ZC002,全自动生化分析仪,2350000.00,2015-06-15,已报废",
				"ZC003,全自动生化分析仪,2350000.00,2015-06-15,待报废"),
			wantKind: "equipment",
			complete: true,
			want:     map[string]string{"使用情况": "status"},
			wantWhy:  map[string]string{"使用情况": "取值表 asset_status"},
		},
		{
			name: "two columns of 18-digit ids: neither is taken for the patient id",
			rows: grid("结算编号,证件,经办人证件,患者姓名,医疗总费用,统筹支付",
				"S001,500113198001011234,500113197001011111,张三,1200.00,800.00",
				"S002,50011319900202123X,500113197001011111,李四,560.00,300.00"),
			wantKind: "claims",
		},
		{
			name: "the only filled date column is the purchase date; a sparse one is not",
			rows: grid("资产编号,设备名称,原值,到货日期,注销日期",
				"ZC001,彩色多普勒超声,1280000.00,2024-03-01,",
				"ZC002,全自动生化分析仪,2350000.00,2023-06-15,",
				"ZC003,心电图机,86000.00,2022-09-10,2025-01-20"),
			wantKind: "equipment",
			complete: true,
			want:     map[string]string{"到货日期": "purchase_date", "注销日期": ""},
			wantWhy:  map[string]string{"到货日期": "按取值: 唯一值为日期的未匹配列"},
		},
		{
			name: "two filled date columns: no date by values",
			rows: grid("资产编号,设备名称,原值,到货日期,登记日期",
				"ZC001,彩色多普勒超声,1280000.00,2024-03-01,2024-03-05",
				"ZC002,全自动生化分析仪,2350000.00,2023-06-15,2023-06-20"),
			wantKind: "equipment",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			best, partial, err := detectBest(tc.rows, 1, detectHint{})
			m := best
			if tc.complete {
				if err != nil {
					t.Fatal(err)
				}
			} else {
				if err == nil {
					t.Fatalf("taken for %s (%.2f); want a refusal naming %s", best.contract.Kind, best.score, tc.wantKind)
				}
				if !strings.Contains(err.Error(), "looks like "+tc.wantKind+" ") {
					t.Fatalf("error %q; want it to name %s", err, tc.wantKind)
				}
				m = partial
			}
			if m == nil || m.contract.Kind != tc.wantKind {
				t.Fatalf("mapping %+v; want kind %s", m, tc.wantKind)
			}
			got, why := map[string]string{}, map[string]string{}
			for _, c := range m.columns {
				got[c.Header], why[c.Header] = c.Field, c.Why
			}
			for h, f := range tc.want {
				if got[h] != f {
					t.Errorf("%s → %q, want %q (columns: %+v)", h, got[h], f, m.columns)
				}
			}
			for h, w := range tc.wantWhy {
				if !strings.Contains(why[h], w) {
					t.Errorf("%s: why %q, want it to contain %q", h, why[h], w)
				}
			}
		})
	}
}

// TestNamedListByValues: a reference list its file name names is taken even when none of its
// headers is a name the list is known by: its code, name and price columns map by their values.
func TestNamedListByValues(t *testing.T) {
	rows := grid("交易编码,挂网品名,包装规格型号,目录分类,交易限价",
		"XY015001001,苯磺酸氨氯地平片,5mg×28片,药品,14.50",
		"XY015008002,阿托伐他汀钙片,20mg×7片,药品,9.80")
	for _, tc := range []struct {
		path     string
		wantKind string
	}{
		{"参考目录/集中采购平台挂网目录.csv", "platform_catalog"},
		{"参考目录/目录.csv", ""},
	} {
		hint := detectHint{period: &periodSource{path: tc.path, sheet: baseName(tc.path)}}
		best, _, err := detectBest(rows, 1, hint)
		if tc.wantKind == "" {
			if err == nil {
				t.Errorf("%s: taken for %s; want a refusal", tc.path, best.contract.Kind)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		got := map[string]string{}
		for _, c := range best.columns {
			got[c.Header] = c.Field
		}
		want := map[string]string{"交易编码": "item_code", "挂网品名": "item_name", "交易限价": "platform_price", "包装规格型号": ""}
		if best.contract.Kind != tc.wantKind {
			t.Fatalf("%s: kind %s, want %s", tc.path, best.contract.Kind, tc.wantKind)
		}
		for h, f := range want {
			if got[h] != f {
				t.Errorf("%s: %s → %q, want %q (%+v)", tc.path, h, got[h], f, best.columns)
			}
		}
	}
}

// TestNamedRegistryOwnCode: a registry its file names keeps its own code column when the
// name's looser matching would let an optional code field claim the same column.
func TestNamedRegistryOwnCode(t *testing.T) {
	rows := grid("序号,执业登记号,机构全称,简称,机构类别,医保医疗机构编码,县区",
		"1,12500113XC000101,重庆市巴南区人民医院,区人民医院,综合医院,H500113XC101,巴南区",
		"2,12500113XC000102,重庆市巴南区第二人民医院,区二院,综合医院,H500113XC102,巴南区",
		"3,12500113XC000301,重庆市巴南区界石镇中心卫生院,界石中心卫生院,中心卫生院,H500113XC103,巴南区")
	best, _, err := detectBest(rows, 1, detectHint{period: &periodSource{path: "机构名录.xlsx", sheet: "机构名录"}})
	if err != nil {
		t.Fatal(err)
	}
	if best.contract.Kind != "institutions" {
		t.Fatalf("kind %s, want institutions", best.contract.Kind)
	}
	for _, c := range best.columns {
		if c.Header == "执业登记号" && c.Field != "institution_code" {
			t.Errorf("执业登记号 → %q, want institution_code (%+v)", c.Field, best.columns)
		}
	}
}

// TestSerialIsNoCode: a 序号 column numbering the rows is no code field's column unless the
// field is named 序号; the code column beside it is.
func TestSerialIsNoCode(t *testing.T) {
	rows := grid("序号,目录编号,药品名称,剂型规格",
		"1,XY015001001,苯磺酸氨氯地平片,片剂",
		"2,XY015008002,阿托伐他汀钙片,片剂",
		"3,XY015015003,硫酸氢氯吡格雷片,片剂")
	best, _, err := detectBest(rows, 1, detectHint{period: &periodSource{path: "参考目录/国家基本药物目录.xlsx", sheet: "基本药物"}})
	if err != nil {
		t.Fatal(err)
	}
	got, why := map[string]string{}, map[string]string{}
	for _, c := range best.columns {
		got[c.Header], why[c.Header] = c.Field, c.Why
	}
	if best.contract.Kind != "essential_drugs" || got["目录编号"] != "item_code" || got["序号"] != "" {
		t.Errorf("kind %s, columns %+v; want essential_drugs with 目录编号 the code and 序号 unmapped", best.contract.Kind, best.columns)
	}
}
