package ingest

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/ingest/cell"
)

// TestVocabularyFilesWellFormed: every vocabulary file says what it is about, every source
// has terms, and no term is empty or repeats a name.
func TestVocabularyFilesWellFormed(t *testing.T) {
	files, err := fs.Glob(vocabFS, "vocab/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("vocabulary files: %v (%d)", err, len(files))
	}
	for _, name := range files {
		b, err := fs.ReadFile(vocabFS, name)
		if err != nil {
			t.Fatal(err)
		}
		var vf vocabFile
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&vf); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if strings.TrimSpace(vf.About) == "" || len(vf.Sources) == 0 {
			t.Errorf("%s: needs an about and at least one source", name)
		}
		for _, src := range vf.Sources {
			if len(src.Terms) == 0 {
				t.Errorf("%s: %s: no terms", name, src.ID)
			}
			for _, term := range src.Terms {
				if len(term.Names) == 0 {
					t.Errorf("%s: %s: %s.%s has no names", name, src.ID, term.Kind, term.Field)
				}
				seen := map[string]bool{}
				for _, n := range term.Names {
					norm, _ := cell.NormalizeHeader(n)
					if seen[norm] {
						t.Errorf("%s: %s: %s.%s lists %q twice", name, src.ID, term.Kind, term.Field, n)
					}
					seen[norm] = true
				}
			}
		}
	}
}

// TestVocabularyNameNamesOneField: within a kind, a vocabulary name (or an interface code in
// any spelling) belongs to one field — else the header would be a coin toss between them.
// The institution's name and code fields are one concept and may share a name (机构编码);
// the contracts' own overlaps (统一社会信用代码 as the registry's key and its credit code)
// are theirs to decide.
func TestVocabularyNameNamesOneField(t *testing.T) {
	institution := func(f string) bool { return f == "institution" || f == "institution_ref" }
	type owner struct{ field, source string }
	for _, c := range Contracts() {
		owners := map[string]owner{}
		for i := range c.Fields {
			f := &c.Fields[i]
			for _, n := range f.names {
				keys := []string{n.norm}
				if n.code != "" {
					keys = append(keys, "\x00"+n.code)
				}
				for _, k := range keys {
					prev, ok := owners[k]
					if !ok {
						owners[k] = owner{f.Name, n.source}
						continue
					}
					if prev.field == f.Name || institution(prev.field) && institution(f.Name) ||
						prev.source == sourceContract && n.source == sourceContract {
						continue
					}
					t.Errorf("%s: %q names both %s (%s) and %s (%s)", c.Kind, strings.TrimPrefix(k, "\x00"), prev.field, prev.source, f.Name, n.source)
				}
			}
		}
	}
}

// TestVocabularyRealExports: sheets whose header rows are the column titles a researched
// source prints (see each vocabulary source's seen_in; the values are made up) are read as
// their kind, each title as its field.
func TestVocabularyRealExports(t *testing.T) {
	cases := []struct {
		name, kind string
		rows       [][]string
		want       map[string]string
	}{
		{
			name: "insurance office 个人结算查询 screen",
			kind: "claims",
			rows: grid("结算ID,人员编号,姓名,身份证号,机构编号,机构名称,医疗类别,病种编号,病种名称,结算时间,医疗费总额,全自费金额,统筹基金支出,个人账户支出,现金支付金额",
				"S2025000101,P50011300001,张三,500109197706213255,H50011300001,巴南区人民医院,普通门诊,M03900,高血压,2025-03-07 10:12:00,356.20,12.00,210.50,80.00,53.70",
				"S2025000102,P50011300002,李四,500175196604266996,H50011300002,巴南区中医院,普通门诊,M01600,糖尿病,2025-03-08 09:40:00,128.00,0.00,90.00,20.00,18.00"),
			want: map[string]string{"结算ID": "settlement_id", "机构编号": "institution_ref", "病种编号": "diagnosis_code",
				"结算时间": "discharge_date", "医疗费总额": "total_amount", "统筹基金支出": "fund_paid"},
		},
		{
			name: "3101 明细审核 就诊信息 by node name",
			kind: "claims",
			rows: grid("mdtrt_id,patn_id,patn_name,adm_date,dscg_date,dscg_main_dise_codg,dscg_main_dise_name,dscg_dept_name,med_mdtrt_type,medfee_sumamt,hifp_payamt,medins_name",
				"MD2025000101,P50011300001,张三,2025-03-01 08:00:00,2025-03-07 10:00:00,I63.900,脑梗死,神经内科,住院,15620.30,11020.10,巴南区人民医院",
				"MD2025000102,P50011300002,李四,2025-03-02 09:00:00,2025-03-09 11:00:00,J18.900,肺炎,呼吸内科,住院,8620.00,6010.00,巴南区人民医院"),
			want: map[string]string{"patn_id": "patient_id", "adm_date": "admit_date", "dscg_date": "discharge_date",
				"dscg_main_dise_codg": "diagnosis_code", "dscg_dept_name": "department", "hifp_payamt": "fund_paid"},
		},
		{
			name: "fee lines titled as 3101 处方(医嘱)信息 titles them, hospital codes beside the insurance codes",
			kind: "claim_lines",
			rows: grid("结算ID,费用发生时间,医院目录代码,医院目录名称,医保目录代码,医保目录名称,收费类别,数量,单价,明细项目费用总额,下达医嘱科室名称,开处方(医嘱)医生姓名",
				"S2025000101,2025-03-07 10:12:00,Y0001,血常规,250101001,血细胞分析,诊疗项目,1,25.00,25.00,呼吸内科,王医生",
				"S2025000101,2025-03-07 10:20:00,Y0002,静脉输液,120400006,静脉输液,诊疗项目,2,6.00,12.00,呼吸内科,王医生"),
			want: map[string]string{"医保目录代码": "item_code", "医保目录名称": "item_name", "下达医嘱科室名称": "department", "开处方(医嘱)医生姓名": "doctor"},
		},
		{
			name: "1318 医保目录限价信息",
			kind: "price_list",
			rows: grid("医保目录编码,医保目录名称,医保目录限价类型,开始日期,结束日期,医保目录定价上限金额",
				"250101001,血细胞分析,1,2024-01-01,2099-12-31,25.00",
				"120400006,静脉输液,1,2024-01-01,2099-12-31,6.00"),
			want: map[string]string{"医保目录编码": "item_code", "医保目录定价上限金额": "max_price"},
		},
		{
			name: "3501 商品盘存",
			kind: "inventory",
			rows: grid("医疗目录编码,定点医药机构目录编号,定点医药机构目录名称,盘存日期,库存数量",
				"XJ01CAA040A001010100367,YP0001,阿莫西林胶囊,2025-03-31,1200",
				"XB05BAA166B002010104321,YP0002,氯化钠注射液,2025-03-31,860"),
			want: map[string]string{"定点医药机构目录名称": "item_name", "盘存日期": "period", "库存数量": "closing_qty"},
		},
		{
			name: "社会保险核心平台 结算明细 screen",
			kind: "claims",
			rows: grid("流水号,保险号,姓名,身份证号,医院编号,医院名称,医疗类别,就诊日期,结算日期,总费用,自费费用,个人账户支付,统筹支付",
				"LS2025000101,P50011300001,张三,500109197706213255,H50011300001,巴南区人民医院,住院,2025-03-01,2025-03-07,15620.30,320.00,500.00,11020.10",
				"LS2025000102,P50011300002,李四,500175196604266996,H50011300002,巴南区中医院,住院,2025-03-02,2025-03-09,8620.00,120.00,300.00,6010.00"),
			want: map[string]string{"保险号": "patient_id", "医院编号": "institution_ref", "结算日期": "discharge_date", "统筹支付": "fund_paid"},
		},
		{
			name: "社会保险核心平台 费用明细 screen",
			kind: "claim_lines",
			rows: grid("结算流水号,社保三大目录编码,社保三大目录名称,三大目录类别,医院项目名称,费用日期,单价,数量,金额",
				"LS2025000101,250101001,血细胞分析,诊疗项目,血常规,2025-03-01,25.00,1,25.00",
				"LS2025000101,120400006,静脉输液,诊疗项目,静脉输液(第一组),2025-03-01,6.00,2,12.00"),
			want: map[string]string{"社保三大目录编码": "item_code", "社保三大目录名称": "item_name", "三大目录类别": "item_class"},
		},
		{
			name: "用友 U8 gl_accvouch extract",
			kind: "ledger",
			rows: grid("iperiod,csign,ino_id,dbill_date,ccode,ccode_name,cdigest,md,mc",
				"1,记,1,2025-01-05,2201,应付账款,支付材料款,1000.00,0",
				"1,记,1,2025-01-05,1002,银行存款,支付材料款,0,1000.00"),
			want: map[string]string{"ino_id": "voucher_no", "dbill_date": "voucher_date", "ccode": "account_code", "cdigest": "summary"},
		},
		{
			name: "国库集中支付 支付凭证",
			kind: "payments",
			rows: grid("支付凭证号,支付日期,收款人全称,收款人账号,收款人开户行,支付金额,资金用途",
				"ZF2025000101,2025-03-07,重庆医药股份有限公司,500010000000001,建设银行重庆分行,125000.00,药品采购款",
				"ZF2025000102,2025-03-09,国药控股重庆有限公司,500010000000002,工商银行重庆分行,86000.00,耗材采购款"),
			want: map[string]string{"支付凭证号": "voucher_no", "收款人全称": "payee", "支付金额": "amount", "支付日期": "pay_date"},
		},
		{
			name: "中联 病人费用记录 extract",
			kind: "claim_lines",
			rows: grid("结帐ID,发生时间,收费细目ID,医保项目编号,医保项目名称,数量,标准单价,实收金额,开单部门,开单人",
				"81234567,2025-03-07 10:12:00,10023,250101001,血细胞分析,1,25.00,25.00,呼吸内科,王医生",
				"81234567,2025-03-07 10:20:00,10457,120400006,静脉输液,2,6.00,12.00,呼吸内科,王医生"),
			want: map[string]string{"结帐ID": "settlement_id", "发生时间": "service_date", "医保项目编号": "item_code",
				"标准单价": "unit_price", "实收金额": "amount", "开单部门": "department", "开单人": "doctor"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, err := detectHeader(tc.rows, 1, detectHint{})
			if err != nil {
				t.Fatal(err)
			}
			if m.contract.Kind != tc.kind {
				t.Fatalf("kind %s (%.2f), want %s", m.contract.Kind, m.score, tc.kind)
			}
			checkColumns(t, m, tc.want)
		})
	}
}

// TestVocabularyRealTitles: column titles of researched sources whose whole sheets carry
// fields no contract has (a HIS fee list keyed by 住院号), one title and its values at a time.
func TestVocabularyRealTitles(t *testing.T) {
	money := []string{"12.50", "1,234.00", "8"}
	cases := []struct{ kind, field, header string }{
		{"claim_lines", "item_name", "费用名称"},
		{"claim_lines", "unit_price", "费用单价"},
		{"claim_lines", "amount", "总计金额"},
		{"claim_lines", "department", "费用科室"},
		{"claim_lines", "item_code", "ake001"},
		{"claims", "patient_id", "AAC001"},
		{"claims", "total_amount", "费用合计"},
		{"claims", "fund_paid", "报销金额"},
		{"claims", "fund_paid", "基本医疗基金支出"},
		{"claims", "institution_ref", "医院编码"},
		{"claims", "settlement_id", "结帐ID"},
		{"claims", "total_amount", "发生费用金额"},
		{"claims", "fund_paid", "统筹报销金额"},
		{"claims", "patient_id", "社会保障号"},
		{"claims", "total_amount", "医疗费用合计"},
		{"procurement", "unit_price", "进货价格"},
		{"procurement", "amount", "进货金额"},
		{"procurement", "vendor", "供货公司"},
		{"procurement", "item_code", "院内代码"},
		{"equipment", "department", "在用科室"},
		{"equipment", "purchase_date", "添置日期"},
		{"equipment", "contract_no", "采购合同编号"},
		{"staff_positions", "end_date", "免职时间"},
		{"staff_positions", "end_date", "A0265"},
	}
	values := map[string][]string{
		"item_name": {"血常规", "静脉输液"}, "department": {"内科", "外科"}, "item_code": {"250101001", "120400006"},
		"patient_id": {"50000012345678", "50000012345679"}, "institution_ref": {"H50011300001", "H50011300002"},
		"settlement_id": {"81234567", "81234568"}, "vendor": {"重庆医药股份有限公司", "国药控股重庆有限公司"},
		"purchase_date": {"2024-03-01", "2023-11-15"}, "contract_no": {"HT-2024-001", "HT-2024-002"},
		"end_date": {"2024-03-01", "2023-11-15"},
	}
	d := newDetector()
	for _, tc := range cases {
		t.Run(tc.kind+"."+tc.field+"/"+tc.header, func(t *testing.T) {
			ct, _ := ContractFor(tc.kind)
			fi := ct.fieldIndex(tc.field)
			if fi < 0 {
				t.Fatalf("no field %s.%s", tc.kind, tc.field)
			}
			vs, ok := values[tc.field]
			if !ok {
				vs = money
			}
			var below [][]string
			for _, v := range vs {
				below = append(below, []string{v})
			}
			cd, ok := d.score(&ct.Fields[fi], newCandidate([]string{tc.header}, 1, 1, below), 0)
			if !ok || cd.score < acceptScore {
				t.Errorf("%q → %s: score %.2f (%s)", tc.header, tc.field, cd.score, cd.why)
			}
		})
	}
}
