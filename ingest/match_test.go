package ingest

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestMatchColumn: one header with a few values under it, scored for one field. Good names
// in other vocabularies map; near misses with fitting values map; decoys do not.
func TestMatchColumn(t *testing.T) {
	dates := []string{"2025-03-07 10:12:00", "2025-03-08", "2025/3/9"}
	money := []string{"12.50", "1,234.00", "8"}
	codes := []string{"001201000010000-ABCD0001", "250101001", "XB01BAC071B002010100483"}
	cases := []struct {
		kind, field, header string
		values              []string
		want                bool
	}{
		// names of the national insurance platform, in its spellings
		{"claim_lines", "service_date", "fee_ocur_time", dates, true},
		{"claim_lines", "service_date", "FEE_OCUR_TIME", dates, true},
		{"claim_lines", "service_date", "FeeOcurTime", dates, true},
		{"claim_lines", "service_date", "费用发生时间", dates, true},
		{"claim_lines", "item_code", "med_list_codg", codes, true},
		{"claim_lines", "item_code", "医疗目录编码", codes, true},
		{"claim_lines", "amount", "det_item_fee_sumamt", money, true},
		{"claim_lines", "department", "开单科室名称", []string{"内科", "外科"}, true},
		{"claims", "fund_paid", "统筹基金支出", money, true},
		{"claims", "total_amount", "medfee_sumamt", money, true},
		{"claims", "patient_id", "psn_no", []string{"50000012345678", "50000012345679"}, true},
		{"contracts", "acceptance_result", "验收评定", []string{"合格", "合格"}, true},
		{"equipment", "physical_verified", "账实核对", []string{"是", "否", "是"}, true},
		{"claims", "patient_id", "参保人ID", []string{"50000012345678", "50000012345679"}, true},
		{"claims", "patient_id", "人员ID", []string{"50000012345678", "50000012345679"}, true},
		{"staff_positions", "staff_id", "职工ID", []string{"1001", "1002"}, true},
		{"procurement", "item_code", "院内编码", codes, true},
		{"institutions", "tier", "医院评审等次", []string{"三级甲等", "二级甲等", "基层"}, true},
		// a quantity without the word 数量
		{"inventory", "out_qty", "本期发出", []string{"100", "24", "36"}, true},
		{"inventory", "opening_qty", "上期结余", []string{"100", "24", "36"}, true},
		// a monthly report's 月初 / 月末 are the period's 期初 / 期末; a drug 品种 is a 药品, and
		// a name cut to 名 is a 名称 (品种名 ~ 药品名称)
		{"inventory", "opening_qty", "月初结存", []string{"100", "24", "36"}, true},
		{"inventory", "closing_qty", "月末结存", []string{"100", "24", "36"}, true},
		{"inventory", "item_name", "品种名", []string{"阿莫西林胶囊", "头孢呋辛酯片"}, true},
		{"inventory", "item_code", "品种代码", []string{"XJ01CAA040E001", "XJ01DCF105A001"}, true},
		{"equipment", "name", "设备名", []string{"CT机", "彩超"}, true},
		// 中联 ZLHIS charging and settlement columns
		{"claim_lines", "doctor", "开单人", []string{"张明", "李华"}, true},
		{"claims", "settlement_id", "结帐ID", []string{"50011325167641805", "50011325167641806"}, true},
		// the delivery note that comes with the goods (随货同行单) is the 配送单 a purchasing
		// platform's delivery export numbers
		{"procurement", "order_no", "配送单号", []string{"PS20250301001", "PS20250301002"}, true},
		{"procurement", "order_no", "送货单号", []string{"PS20250301001", "PS20250301002"}, true},
		// what a budget indicator has had spent on it is its execution
		{"budget", "actual_amount", "已用金额", money, true},
		{"budget", "actual_amount", "已支出数", money, true},
		{"budget", "budget_amount", "已用金额", money, false},
		// a known name with a word left out
		{"procurement", "qty", "入库量", []string{"100", "24", "36"}, true},
		{"procurement", "unit_price", "采购价", money, true},
		// words that start a name the same way: 起始 is 开始, 终止 结束, 疾病 诊断
		{"claims", "admit_date", "起始日期", dates, true},
		{"claims", "discharge_date", "终止日期", dates, true},
		{"claims", "diagnosis_code", "疾病编码", []string{"J18.900", "K29.700"}, true},
		{"claims", "diagnosis_name", "疾病名称", []string{"肺炎", "胃炎"}, true},
		// decorations and near misses whose values fit
		{"claim_lines", "item_name", "医保收费项目名称", []string{"血常规", "静脉输液"}, true},
		{"claim_lines", "service_date", "费用产生时间", dates, true},
		{"claim_lines", "amount", "金额（元）", money, true},
		{"ledger", "voucher_no", "凭证字号", []string{"记-0001", "记-0002"}, true},
		{"ledger", "debit", "借方发生额", money, true},
		{"ledger", "account_code", "科目编号", []string{"1001", "100201"}, true},
		{"equipment", "original_value", "资产价值", money, true},
		{"rectification", "found_date", "交办时间", dates, true},
		// endings that say the same thing
		{"institutions", "name", "单位全称", []string{"重庆市巴南区人民医院", "巴南区中医院"}, true},
		{"ledger", "account_code", "会计科目代码", []string{"1001", "100201"}, true},
		{"procurement", "order_date", "入库时间", dates, true},
		{"institutions", "category", "医院类别", []string{"综合医院", "中医医院"}, true},
		{"institutions", "name", "单位编码", []string{"T001", "T002"}, false},
		{"staff_positions", "staff_id", "职员代码", []string{"1001", "1002"}, true},
		{"claims", "patient_id", "参保号", []string{"50000012345678", "50000012345679"}, true},
		{"staff_positions", "start_date", "任职起始日", dates, true},
		{"payroll", "period", "工资期间", []string{"2025-01", "2025-02"}, true},
		{"equipment", "name", "设备品名", []string{"CT机", "彩超"}, true},
		// words that say the same thing in the middle of administrative Chinese
		{"contracts", "sign_date", "订立日期", dates, true},
		{"contracts", "contract_no", "合同流水号", []string{"HT-2025-001", "HT-2025-002"}, true},
		{"contracts", "vendor", "中标企业", []string{"重庆医药股份有限公司", "国药控股重庆有限公司"}, true},
		{"contracts", "method", "采购形式", []string{"公开招标", "询价"}, true},
		{"rectification", "description", "问题详情", []string{"部分药品未在平台采购，存在线下采购", "三公经费超预算"}, true},
		{"rectification", "deadline", "完成期限", dates, true},
		{"claims", "patient_id", "公民身份号码", []string{"500109197706213255", "500175196604266996"}, true},
		{"equipment", "purchase_date", "开始使用日期", dates, true},
		{"equipment", "scrap_date", "减少日期", dates, true},
		{"equipment", "scrap_approval_no", "减少批准文号", []string{"巴卫报〔2025〕3号", "巴卫报〔2025〕7号"}, true},
		{"equipment", "approval_date", "批复日期", dates, true},
		{"self_inspection", "status", "自评情况", []string{"已落实", "部分落实", "未落实"}, true},
		{"self_inspection", "owner", "责任主体", []string{"药剂科", "财务科"}, true},
		// a short word put inside a known name (招标[文件]编号), a known name inside a longer one
		// once its words are put in canonical form, the one field of the kind named by the
		// header's last word
		{"contracts", "tender_no", "招标公告编号", []string{"ZB-2025-01", "ZB-2025-02"}, true},
		{"contracts", "sign_date", "合同正式签订日期", dates, true},
		{"equipment", "approval_no", "甲类配置批复文号", []string{"鲁卫配〔2024〕5号", "鲁卫配〔2024〕9号"}, true},
		{"contracts", "acceptance_result", "最终验收意见", []string{"合格", "合格，同意付款"}, true},
		{"contracts", "department", "经办科室", []string{"设备科", "信息科"}, true},
		{"procurement", "department", "领料科室", []string{"检验科", "手术室"}, true},
		{"contracts", "contract_no", "合同备案号", []string{"HT-2025-001", "HT-2025-002"}, true},
		{"contracts", "department", "归口管理部门", []string{"设备科", "信息科"}, true},
		{"rectification", "deadline", "完成到期日", dates, true},
		{"procurement", "item_name", "物料名称", []string{"一次性注射器", "医用口罩"}, true},
		{"procurement", "channel", "采购途径", []string{"平台", "线下"}, true},
		{"institutions", "district", "区(县)", []string{"巴南区", "淄川区"}, true},
		// a modifier before a whole name of another field names that field (购置[审批日期] is the
		// approval's date, not a 购置日期 with 审批 put inside); words of one group at the start
		// (采购 ~ 购置), the end (审批单号 ~ 审批文号, 寿命 ~ 年限, 信用代码 ~ 统一社会信用代码,
		// 对象 ~ 单位) or anywhere (办结 ~ 完成, 对照检查 ~ 自查)
		{"equipment", "approval_date", "购置审批日期", dates, true},
		{"equipment", "purchase_date", "购置审批日期", dates, false},
		{"equipment", "purchase_date", "采购日期", dates, true},
		{"equipment", "approval_no", "购置审批单号", []string{"巴卫审〔2024〕12号", "巴卫审〔2025〕3号"}, true},
		{"equipment", "useful_life_years", "使用寿命（年）", []string{"8", "10", "6"}, true},
		{"equipment", "useful_life_years", "预计使用寿命", []string{"8", "10", "6"}, true},
		{"procurement", "vendor_code", "供货企业信用代码", []string{"91500000MA5U7XQ01K", "91500113MA61B2CX3R"}, true},
		{"ledger", "counterparty", "往来对象", []string{"重庆医药股份有限公司", "国药控股重庆有限公司"}, true},
		{"rectification", "closed_date", "实际办结日期", dates, true},
		{"self_inspection", "status", "对照检查结果", []string{"已落实", "部分落实", "未落实"}, true},
		{"self_inspection", "item_no", "条目号", []string{"ZB-L.2.4.5", "ZB-L.2.4.7"}, true},
		// names the insurance platform's 3503 商品采购 gives the stores' receipts
		{"procurement", "item_code", "医疗目录编码", codes, true},
		{"procurement", "order_no", "随货单号", []string{"SH20250301001", "SH20250301002"}, true},
		{"large_equipment_list", "list_class", "管理级别", []string{"甲类", "乙类"}, true},
		// …the one field of its kind named by the last word, a yes/no as well as a text
		{"equipment", "physical_verified", "盘点相符", []string{"是", "否", "是"}, true},
		{"equipment", "physical_verified", "账实核对", []string{"是", "否", "是"}, true},
		{"claims", "patient_id", "参保人ID", []string{"50000012345678", "50000012345679"}, true},
		{"claims", "patient_id", "人员ID", []string{"50000012345678", "50000012345679"}, true},
		{"staff_positions", "staff_id", "职工ID", []string{"1001", "1002"}, true},
		{"equipment", "approval_no", "证书编号", []string{"乙2024-0012", "甲2023-0003"}, true},
		{"equipment", "scrap_date", "核销日期", dates, true},
		{"equipment", "status", "使用情况", []string{"在用", "闲置", "报废"}, true},
		{"equipment", "disposal", "处置途径", []string{"拍卖", "报废回收"}, true},
		{"contracts", "department", "主办部门", []string{"设备科", "信息科"}, true},
		// the person a name belongs to: 医师姓名 is the doctor's, not the patient's
		{"claims", "doctor", "医师姓名", []string{"张明", "李华"}, true},
		{"claims", "doctor", "经治医师姓名", []string{"张明", "李华"}, true},
		{"claims", "discharge_date", "离院日期", dates, true},
		// the inpatient front page (病案首页), HIS settlement lists, bank transfers, 用友's 客商,
		// registers' 责任单位 and 检查日期
		{"claims", "diagnosis_code", "疾病编码", []string{"K35.800", "J18.900"}, true},
		{"claims", "diagnosis_name", "主要诊断", []string{"急性阑尾炎", "肺炎"}, true},
		{"claims", "department", "出院科别", []string{"内科", "外科"}, true},
		{"claims", "visit_type", "就医方式", []string{"门诊", "住院"}, true},
		{"payments", "payee", "对方户名", []string{"重庆医药股份有限公司", "国药控股重庆有限公司"}, true},
		{"payments", "pay_date", "交易日期", dates, true},
		{"ledger", "counterparty", "客商", []string{"重庆医药股份有限公司", "国药控股重庆有限公司"}, true},
		{"rectification", "owner", "责任单位", []string{"药剂科", "财务科"}, true},
		{"rectification", "found_date", "检查日期", dates, true},
		{"self_inspection", "status", "符合情况", []string{"符合", "部分符合", "不符合"}, true},
		{"contracts", "vendor", "中标人", []string{"重庆医药股份有限公司", "国药控股重庆有限公司"}, true},
		{"budget", "actual_amount", "本年支出", money, true},
		{"budget", "budget_amount", "预算安排数", money, true},
		{"inventory", "out_qty", "领用数量", []string{"12", "30"}, true},
		{"price_list", "max_price", "收费标准（元）", money, true},
		{"staff_positions", "position", "现任职务", []string{"药剂科主任", "采购员"}, true},
		// …a last word does not name an amount, a date or a code
		{"his_income", "amount", "康复收入", money, false},
		// values that are another enum field's decide against the header
		{"contracts", "category", "采购类型", []string{"公开招标", "询价", "单一来源", "公开招标"}, false},
		{"contracts", "category", "采购类型", []string{"药品", "设备", "信息化"}, true},
		// …but a deadline is no plain date
		{"rectification", "found_date", "完成期限", dates, false},
		// a year field wants years, not the amounts of a 年度预算 column
		{"budget", "year", "预算年度", []string{"2025", "2025年"}, true},
		{"budget", "year", "年度预算", []string{"1200000", "350000.50"}, false},
		// a near-miss header whose values do not have the field's type
		{"claim_lines", "service_date", "费用产生时间", []string{"血常规", "静脉输液", "床位费"}, false},
		{"claim_lines", "amount", "费用金额合计", []string{"见附件", "无发票", "另付"}, false},
		{"claims", "patient_id", "参保人员编号", []string{"张三", "李四", "王五"}, false},
		// the field's own name keeps its column whatever the values: the rows are then
		// rejected one by one, naming the bad value
		{"claim_lines", "service_date", "费用发生时间", []string{"血常规", "静脉输液", "床位费"}, true},
		// decoys: a name that says something else
		{"claim_lines", "amount", "备注", money, false},
		{"claims", "patient_id", "住院号", []string{"ZY2025001", "ZY2025002"}, false},
		{"claim_lines", "item_code", "医保项目名称", codes, false},
		{"procurement", "vendor", "供应商编码", []string{"91500000MA5U", "91500000MA6X"}, false},
		{"claim_lines", "service_date", "结算ID", dates, false},
		{"payroll", "staff_id", "住院号", []string{"1001", "1002"}, false},
		{"his_income", "period", "报告期", []string{"2024-01", "2024-02"}, true},
	}
	d := newDetector()
	for _, tc := range cases {
		t.Run(tc.kind+"."+tc.field+"/"+tc.header, func(t *testing.T) {
			ct, _ := ContractFor(tc.kind)
			fi := ct.fieldIndex(tc.field)
			if fi < 0 {
				t.Fatalf("no field %s.%s", tc.kind, tc.field)
			}
			var below [][]string
			for _, v := range tc.values {
				below = append(below, []string{v})
			}
			c := newCandidate([]string{tc.header}, 1, 1, below)
			cd, ok := d.score(&ct.Fields[fi], c, 0)
			got := ok && cd.score >= acceptScore
			if got != tc.want {
				t.Errorf("%q → %s: mapped=%v (score %.2f: %s), want %v", tc.header, tc.field, got, cd.score, cd.why, tc.want)
			}
		})
	}
}

// TestDetectByValues: whole sheets whose kind or columns only the values decide.
func TestDetectByValues(t *testing.T) {
	cases := []struct {
		name     string
		rows     [][]string
		wantKind string
		want     map[string]string // header → field
		notKind  string
	}{
		{
			name: "fee lines named as the insurance platform names them",
			rows: grid("setl_id,feedetl_sn,fee_ocur_time,med_list_codg,med_list_name,cnt,pric,det_item_fee_sumamt,bilg_dept_name,bilg_dr_name",
				"S001,1,2025-03-07 10:00:00,001201000010000,血常规,1,20,20,内科,张医生",
				"S001,2,2025-03-07 10:05:00,250101001,静脉输液,2,5,10,内科,张医生"),
			wantKind: "claim_lines",
			want: map[string]string{"setl_id": "settlement_id", "fee_ocur_time": "service_date", "med_list_codg": "item_code",
				"cnt": "qty", "pric": "unit_price", "det_item_fee_sumamt": "amount", "bilg_dept_name": "department"},
		},
		{
			name: "a registry whose name and code columns only their values identify",
			rows: grid("序,医疗卫生机构,识别码,等次",
				"1,重庆市巴南区人民医院,X0101,三级甲等",
				"2,重庆市巴南区姜家镇卫生院,X0302,一级",
				"3,重庆市巴南区龙洲湾街道社区卫生服务中心,X0303,一级",
				"4,淄博市淄川区医院,X0201,三级乙等"),
			wantKind: "institutions",
			want:     map[string]string{"医疗卫生机构": "name", "识别码": "institution_code"},
		},
		{
			name: "a registry's 医保定点 codes go to insurance_code whichever column the names gave them",
			rows: grid("序,医疗卫生机构,医疗机构编码,本单位识别码",
				"1,重庆市巴南区人民医院,H50011300101,12500113XC000101",
				"2,重庆市巴南区姜家镇卫生院,H50011300106,12500113XC000302",
				"3,淄博市淄川区医院,H37030200109,12370302XC000201"),
			wantKind: "institutions",
			want:     map[string]string{"医疗卫生机构": "name", "本单位识别码": "institution_code", "医疗机构编码": "insurance_code"},
		},
		{
			name: "a registry's own code named as a credit code while its 医保定点 codes are named as the institution's",
			rows: grid("社会信用代码,执业登记名称,两定机构编码",
				"12500113XC000101,重庆市巴南区人民医院,H500113XC101",
				"12500113XC000302,重庆市巴南区姜家镇卫生院,H500113XC106",
				"12370302XC000201,淄博市淄川区医院,H370302XC109"),
			wantKind: "institutions",
			want:     map[string]string{"社会信用代码": "institution_code", "两定机构编码": "insurance_code"},
		},
		{
			name: "two code columns whose names say the opposite of their values",
			rows: grid("机构名称,机构编码,医保定点编码",
				"重庆市巴南区人民医院,H50011300101,12500113XC000101",
				"淄博市淄川区医院,H37030200109,12370302XC000201"),
			wantKind: "institutions",
			want:     map[string]string{"医保定点编码": "institution_code", "机构编码": "insurance_code"},
		},
		{
			name: "a column named like one enum field and valued like another is the other",
			rows: grid("合同编码,签约日期,乙方单位,合同标的,合同总价,采购类型",
				"HT-01,2025-02-01,重庆某医疗器械有限公司,CT机,3200000,公开招标",
				"HT-02,2025-03-01,重庆某信息技术有限公司,HIS升级,860000,单一来源",
				"HT-03,2025-04-01,重庆某物业管理有限公司,保洁服务,320000,竞争性磋商"),
			wantKind: "contracts",
			want:     map[string]string{"采购类型": "method", "合同总价": "amount"},
		},
		{
			name: "self-inspection: the long text column is the item, not the area merged down beside it",
			rows: grid("序号,检查项目,检查内容及要求,自查情况,存在问题",
				"1,医疗质量,严格执行首诊负责制，门急诊病历书写规范完整,已落实,",
				"2,医疗质量,落实三级查房制度，查房记录及时完整可追溯,部分落实,记录不全",
				"3,医疗质量,手术分级管理制度落实，授权与手术级别一致,已落实,",
				"4,药事管理,抗菌药物分级管理，特殊使用级抗菌药物会诊后使用,未落实,无会诊记录"),
			wantKind: "self_inspection",
			want:     map[string]string{"检查项目": "area", "检查内容及要求": "item_text", "自查情况": "status"},
		},
		{
			name: "a key-post roster with tenure dates and no pay is not payroll",
			rows: grid("工号,姓名,科室,岗位,任职起始时间,任职截止时间",
				"1001,张三,药剂科,药剂,2019-03-01,2025-02-28",
				"1002,李四,财务科,财务,2020-07-01,"),
			wantKind: "staff_positions",
			notKind:  "payroll",
			want:     map[string]string{"任职起始时间": "start_date", "任职截止时间": "end_date"},
		},
		{
			name: "an equipment archive: a purchase date, and an approval's number and date under a 购置 modifier",
			rows: grid("设备档案号,设备品名,购入价格,采购日期,购置审批单号,购置审批日期,使用寿命（年）,盘点相符",
				"SB-001,CT机,3200000,2024-03-01,巴卫审〔2024〕12号,2024-01-15,8,是",
				"SB-002,彩超,860000,2024-05-10,,,6,否"),
			wantKind: "equipment",
			want: map[string]string{"采购日期": "purchase_date", "购置审批单号": "approval_no", "购置审批日期": "approval_date",
				"使用寿命（年）": "useful_life_years", "盘点相符": "physical_verified"},
		},
		{
			name: "a settlement list's 医师姓名 is the doctor",
			rows: grid("结算ID,人员编号,就诊开始日期,医疗费总额,医师姓名",
				"S001,50000012345678,2025-03-07,1200.50,张明",
				"S002,50000012345679,2025-03-08,860.00,李华"),
			wantKind: "claims",
			want:     map[string]string{"医师姓名": "doctor"},
		},
		{
			name: "a ledger exported by 金蝶",
			rows: grid("日期,凭证字号,摘要,科目代码,科目名称,借方,贷方,核算项目",
				"2025-01-05,记-1,支付材料款,2201,应付账款,1000.00,,甲公司",
				"2025-01-05,记-1,支付材料款,1002,银行存款,,1000.00,"),
			wantKind: "ledger",
			want:     map[string]string{"凭证字号": "voucher_no", "科目代码": "account_code", "借方": "debit", "核算项目": "counterparty"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := detectHeader(tc.rows, 1, detectHint{})
			if err != nil {
				t.Fatal(err)
			}
			if m.contract.Kind != tc.wantKind {
				t.Fatalf("kind %s (%.2f), want %s", m.contract.Kind, m.score, tc.wantKind)
			}
			if tc.notKind != "" && m.runnerUp != nil && m.runnerUp.contract.Kind == tc.notKind && m.runnerUp.score >= m.score {
				t.Errorf("%s scored as high as %s", tc.notKind, tc.wantKind)
			}
			checkColumns(t, m, tc.want)
		})
	}
}

// TestVocabularyCoversEveryKind: each kind has names from at least one researched source,
// and each source says where its names were seen.
func TestVocabularyCoversEveryKind(t *testing.T) {
	for _, c := range Contracts() {
		found := false
		for _, f := range c.Fields {
			for _, n := range f.names {
				if n.source != sourceContract {
					found = true
				}
			}
		}
		if !found {
			t.Errorf("%s: no vocabulary names", c.Kind)
		}
	}
	if len(vocabSources) < 10 {
		t.Errorf("only %d vocabulary sources", len(vocabSources))
	}
}

// TestVocabularyRejectsUnknownFields: a term for a field no contract declares is an error.
func TestVocabularyRejectsUnknownFields(t *testing.T) {
	bad := `{"about":"x","sources":[{"id":"x-test","title":"t","seen_in":"s","terms":[{"kind":"claims","field":"nosuch","names":["a"]}]}]}`
	fsys := fstestMap{"vocab/bad.json": bad}
	if err := loadVocab(fsys.fs()); err == nil || !strings.Contains(err.Error(), `no field "nosuch"`) {
		t.Fatalf("err = %v", err)
	}
}

type fstestMap map[string]string

func (m fstestMap) fs() fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return out
}

// BenchmarkDetectHeader: header detection on a sheet's first rows (a title, the header,
// then data), the cost every sheet pays once.
func BenchmarkDetectHeader(b *testing.B) {
	rows := [][]string{{"巴南区人民医院2025年医保费用明细"}, {"结算编号", "明细序号", "费用发生时间", "医保项目编码", "医保项目名称", "项目类别", "数量", "单价", "金额", "开单医生", "开单科室", "备注"}}
	for i := 0; i < headerScanRows-2; i++ {
		rows = append(rows, []string{fmt.Sprintf("JS%06d", i), fmt.Sprint(i + 1), fmt.Sprintf("2025-03-%02d 10:%02d:00", 1+i%28, i%60),
			fmt.Sprintf("00120100%07d", i*37), fmt.Sprintf("项目%d", i%17), "诊疗项目", fmt.Sprint(1 + i%3), "12.50", fmt.Sprintf("%d.50", 12*(1+i%3)), "王医生", "内科", ""})
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := detectHeader(rows, 1, detectHint{}); err != nil {
			b.Fatal(err)
		}
	}
}

// grid is a sheet written as comma-separated lines.
func grid(lines ...string) [][]string {
	var out [][]string
	for _, l := range lines {
		out = append(out, strings.Split(l, ","))
	}
	return out
}

// checkColumns fails the test for each header in want not mapped to its field ("" for none).
func checkColumns(t *testing.T, m *mapping, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, c := range m.columns {
		got[c.Header] = c.Field
	}
	for h, f := range want {
		if got[h] != f {
			t.Errorf("%s → %q, want %s (columns: %+v)", h, got[h], f, m.columns)
		}
	}
}
