package samples

import "fmt"

// inst is one institution of the district.
type inst struct {
	idx      int
	key      string // short key used in the code: "rm", "ey", …
	code     string // invented 统一社会信用代码-style code, clearly fake ("XC" inside)
	name     string
	aliases  []string
	folder   string // the folder name its extracts are filed under (the name or an alias)
	short    string // how its own office writes its name in titles
	grade    string // 医院等级 as the registry writes it: 三级甲等, 二级甲等, 基层
	tier     string // 三级, 二级, 基层
	category string // 综合医院, 中医医院, 妇幼保健院, 精神卫生中心, 中心卫生院, 乡镇卫生院, 社区卫生服务中心
	district string
	city     string
	zibo     bool
	prefix   string // numbering prefix for contracts, assets, vouchers
	staffPfx string // staff id prefix ("" = 4-digit numbers)
	depts    []*dept
	villages []string // villages whose doctors it pays (primary care)
	extra    bool     // added beyond the default district (background only)
}

// checklist is the applicable inspection checklist: ZB-L for the Zibo hospital, BN-P for
// primary-care institutions, BN-L for the other Banan hospitals.
func (in *inst) checklist() string {
	switch {
	case in.zibo:
		return "ZB-L"
	case in.tier == "基层":
		return "BN-P"
	}
	return "BN-L"
}

func (in *inst) primary() bool { return in.tier == "基层" }

// dept is a clinical department that bills insurance and earns revenue.
type dept struct {
	name    string
	group   string // drug group (unique per department within an institution)
	inBase  int    // inpatient settlements per year at scale 1
	outBase int    // outpatient settlements per year at scale 1
	losMin  int
	losMax  int
	hvc     string // high-value consumable used once per inpatient case ("" none)
	surgery string // surgery item billed on the surgery day
	pat     patKind
	ndoc    int
	dx      []diag
	outSvc  []string // extra outpatient service items
	inSvc   []string // extra inpatient service items (one per stay)
	revBase float64  // monthly revenue scale (yuan)
	docs    []string // doctor names (filled in by the district builder)
}

type patKind int

const (
	patAdult patKind = iota
	patFemale
	patMaternal
	patChild
	patNewborn
	patPsych
	patElder
)

type diag struct{ code, name string }

var (
	dxCardio  = []diag{{"I10.x00", "原发性高血压"}, {"I25.103", "冠状动脉粥样硬化性心脏病"}, {"I50.900", "心力衰竭"}, {"I48.x01", "心房颤动"}}
	dxResp    = []diag{{"J18.900", "肺炎"}, {"J44.100", "慢性阻塞性肺病伴急性加重"}, {"J20.900", "急性支气管炎"}}
	dxDigest  = []diag{{"K29.700", "胃炎"}, {"K25.900", "胃溃疡"}, {"K21.000", "胃食管反流病伴食管炎"}}
	dxSurg    = []diag{{"K80.100", "胆囊结石伴慢性胆囊炎"}, {"K35.800", "急性阑尾炎"}, {"K40.900", "腹股沟疝"}}
	dxOrtho   = []diag{{"S72.000", "股骨颈骨折"}, {"S82.200", "胫骨干骨折"}, {"S52.500", "桡骨下端骨折"}, {"S42.200", "肱骨近端骨折"}}
	dxGyn     = []diag{{"N76.000", "急性阴道炎"}, {"N72.x00", "宫颈炎"}, {"D25.900", "子宫平滑肌瘤"}, {"N83.200", "卵巢囊肿"}}
	dxObst    = []diag{{"O80.000", "单胎顺产"}, {"O82.000", "剖宫产单胎分娩"}, {"O21.000", "轻度妊娠剧吐"}}
	dxPaed    = []diag{{"J06.900", "急性上呼吸道感染"}, {"J18.000", "支气管肺炎"}, {"A09.900", "感染性腹泻"}}
	dxNeo     = []diag{{"P59.900", "新生儿黄疸"}, {"P07.300", "早产儿"}}
	dxEmerg   = []diag{{"R50.900", "发热"}, {"T14.000", "浅表损伤"}, {"R10.400", "腹痛"}}
	dxTCMIn   = []diag{{"I63.900", "脑梗死"}, {"I10.x00", "原发性高血压"}, {"J44.100", "慢性阻塞性肺病伴急性加重"}}
	dxAcup    = []diag{{"M54.500", "腰痛"}, {"M47.800", "颈椎病"}, {"G51.000", "面神经麻痹"}}
	dxRehab   = []diag{{"I69.300", "脑梗死后遗症"}, {"M54.500", "腰痛"}}
	dxPsyA    = []diag{{"F20.000", "偏执型精神分裂症"}, {"F20.900", "精神分裂症"}, {"F25.900", "分裂情感性障碍"}}
	dxPsyB    = []diag{{"F32.200", "重度抑郁发作"}, {"F31.900", "双相情感障碍"}}
	dxPsyOut  = []diag{{"F41.100", "广泛性焦虑障碍"}, {"F51.000", "非器质性失眠症"}}
	dxGP      = []diag{{"J06.900", "急性上呼吸道感染"}, {"I10.x00", "原发性高血压"}, {"E11.900", "2型糖尿病"}, {"K29.700", "胃炎"}}
	dxGPTCM   = []diag{{"M54.500", "腰痛"}, {"M47.800", "颈椎病"}}
	dxGPWard  = []diag{{"J18.900", "肺炎"}, {"I10.x00", "原发性高血压"}, {"J44.100", "慢性阻塞性肺病伴急性加重"}, {"I63.900", "脑梗死"}}
	dxPaedTCM = []diag{{"J06.900", "急性上呼吸道感染"}, {"K30.x00", "功能性消化不良"}}
)

// departments by institution category. Doctors per department stay at 8 or fewer, so that no
// prescriber can reach a z-score of 3 among the prescribers of a drug in one institution by
// accident (the largest z-score n values can give is √(n−1)).
func deptsFor(category, tier string) []*dept {
	big := tier == "三级"
	f := 1.0
	if !big {
		f = 0.55
	}
	n := func(x int) int { return int(float64(x)*f + 0.5) }
	nd := func(x int) int {
		if big {
			return x
		}
		return x - 2
	}
	switch category {
	case "综合医院":
		return []*dept{
			{name: "心血管内科", group: "心血管", inBase: n(50), outBase: n(420), losMin: 5, losMax: 9, pat: patElder, ndoc: nd(7), dx: dxCardio, outSvc: []string{"ecg"}, revBase: 2.6e6},
			{name: "呼吸内科", group: "呼吸", inBase: n(45), outBase: n(380), losMin: 5, losMax: 9, pat: patAdult, ndoc: nd(7), dx: dxResp, outSvc: []string{"xray"}, revBase: 2.1e6},
			{name: "消化内科", group: "消化", inBase: n(35), outBase: n(330), losMin: 4, losMax: 8, pat: patAdult, ndoc: nd(6), dx: dxDigest, outSvc: []string{"us"}, revBase: 1.9e6},
			{name: "普通外科", group: "外科", inBase: n(40), outBase: n(200), losMin: 4, losMax: 9, hvc: "hvc_stapler", surgery: "op_chole", pat: patAdult, ndoc: nd(7), dx: dxSurg, outSvc: []string{"us"}, revBase: 2.4e6},
			{name: "骨科", group: "骨科", inBase: n(50), losMin: 6, losMax: 9, hvc: "hvc_plate", surgery: "op_orif", pat: patAdult, ndoc: 8, dx: dxOrtho, revBase: 2.8e6},
			{name: "妇产科", group: "妇产", inBase: n(30), outBase: n(300), losMin: 3, losMax: 6, pat: patFemale, ndoc: nd(6), dx: dxGyn, outSvc: []string{"cyto"}, revBase: 1.6e6},
			{name: "儿科", group: "儿科", inBase: n(25), outBase: n(420), losMin: 4, losMax: 7, pat: patChild, ndoc: nd(6), dx: dxPaed, revBase: 1.2e6},
			{name: "急诊科", group: "急诊", outBase: n(450), pat: patAdult, ndoc: nd(6), dx: dxEmerg, outSvc: []string{"ct"}, revBase: 1.1e6},
		}
	case "中医医院":
		return []*dept{
			{name: "中医内科", group: "中医内科", inBase: 55, outBase: 520, losMin: 6, losMax: 9, pat: patElder, ndoc: 7, dx: dxTCMIn, outSvc: []string{"acup"}, revBase: 2.2e6},
			{name: "针灸推拿科", group: "针灸", inBase: 20, outBase: 480, losMin: 5, losMax: 9, pat: patAdult, ndoc: 6, dx: dxAcup, outSvc: []string{"acup", "tuina"}, inSvc: []string{"acup"}, revBase: 1.3e6},
			{name: "骨科", group: "骨伤", inBase: 45, losMin: 6, losMax: 9, hvc: "hvc_plate", surgery: "op_orif", pat: patAdult, ndoc: 8, dx: dxOrtho, revBase: 2.4e6},
			{name: "康复科", group: "康复", inBase: 30, outBase: 200, losMin: 7, losMax: 9, pat: patElder, ndoc: 5, dx: dxRehab, outSvc: []string{"tuina"}, revBase: 1.1e6},
			{name: "儿科", group: "中医儿科", outBase: 360, pat: patChild, ndoc: 5, dx: dxPaedTCM, outSvc: []string{"ped_tuina"}, revBase: 0.7e6},
		}
	case "妇幼保健院":
		return []*dept{
			{name: "妇科", group: "妇科", inBase: 35, outBase: 520, losMin: 3, losMax: 7, pat: patFemale, ndoc: 6, dx: dxGyn, outSvc: []string{"cyto", "colpo"}, revBase: 1.5e6},
			{name: "产科", group: "产科", inBase: 60, outBase: 400, losMin: 3, losMax: 6, pat: patMaternal, ndoc: 6, dx: dxObst, outSvc: []string{"prenatal", "us"}, revBase: 1.9e6},
			{name: "儿科", group: "儿科", inBase: 30, outBase: 500, losMin: 4, losMax: 7, pat: patChild, ndoc: 6, dx: dxPaed, revBase: 1.1e6},
			{name: "新生儿科", group: "新生儿", inBase: 25, losMin: 4, losMax: 8, pat: patNewborn, ndoc: 5, dx: dxNeo, inSvc: []string{"neo_hear"}, revBase: 0.9e6},
		}
	case "精神卫生中心":
		return []*dept{
			{name: "精神科一病区", group: "精神A", inBase: 40, losMin: 15, losMax: 30, pat: patPsych, ndoc: 6, dx: dxPsyA, inSvc: []string{"psy_ot"}, revBase: 1.2e6},
			{name: "精神科二病区", group: "精神B", inBase: 35, losMin: 15, losMax: 28, pat: patPsych, ndoc: 6, dx: dxPsyB, inSvc: []string{"psy_ot"}, revBase: 1.0e6},
			{name: "心理科", group: "心理", outBase: 650, pat: patAdult, ndoc: 5, dx: dxPsyOut, outSvc: []string{"psy_couns"}, revBase: 0.6e6},
		}
	case "中心卫生院", "乡镇卫生院":
		in := 18
		if category == "乡镇卫生院" {
			in = 10
		}
		return []*dept{
			{name: "门诊部", group: "全科", outBase: 560, pat: patAdult, ndoc: 5, dx: dxGP, revBase: 0.45e6},
			{name: "中医科", group: "基层中医", outBase: 180, pat: patAdult, ndoc: 3, dx: dxGPTCM, outSvc: []string{"acup"}, revBase: 0.15e6},
			{name: "住院部", group: "住院", inBase: in, losMin: 5, losMax: 9, pat: patElder, ndoc: 4, dx: dxGPWard, revBase: 0.3e6},
		}
	case "社区卫生服务中心":
		return []*dept{
			{name: "门诊部", group: "全科", outBase: 640, pat: patAdult, ndoc: 5, dx: dxGP, revBase: 0.5e6},
			{name: "中医科", group: "基层中医", outBase: 200, pat: patAdult, ndoc: 3, dx: dxGPTCM, outSvc: []string{"acup"}, revBase: 0.18e6},
		}
	}
	panic("samples: unknown category " + category)
}

// defaultDistrict is the district modelled on the Banan plan (重庆市巴南区), plus one Zibo
// hospital so that the ZB-L checklist is exercised. Codes are invented: "12500113XC……" is not
// a valid 统一社会信用代码. The order matters: Options.Institutions = N keeps the first N.
func defaultDistrict() []*inst {
	b := func(key, code, name string, aliases []string, folder, short, grade, tier, cat, prefix, staffPfx string) *inst {
		return &inst{key: key, code: code, name: name, aliases: aliases, folder: folder, short: short,
			grade: grade, tier: tier, category: cat, district: "巴南区", city: "重庆市", prefix: prefix, staffPfx: staffPfx}
	}
	list := []*inst{
		b("rm", "12500113XC000101", "重庆市巴南区人民医院", []string{"巴南区人民医院", "区人民医院"}, "巴南区人民医院", "巴南区人民医院", "三级甲等", "三级", "综合医院", "BNRM", ""),
		b("ey", "12500113XC000102", "重庆市巴南区第二人民医院", []string{"巴南区第二人民医院", "区二院"}, "重庆市巴南区第二人民医院", "巴南区第二人民医院", "二级甲等", "二级", "综合医院", "BNEY", "EY"),
		b("js", "12500113XC000301", "重庆市巴南区界石镇中心卫生院", []string{"界石镇中心卫生院", "界石中心卫生院"}, "界石镇中心卫生院", "界石镇中心卫生院", "基层", "基层", "中心卫生院", "JSWY", "JS"),
		b("zy", "12500113XC000103", "重庆市巴南区中医院", []string{"巴南区中医院", "区中医院"}, "区中医院", "巴南区中医院", "三级甲等", "三级", "中医医院", "BNZY", "ZY"),
		b("fy", "12500113XC000104", "重庆市巴南区妇幼保健院", []string{"巴南区妇幼保健院", "区妇幼"}, "重庆市巴南区妇幼保健院", "巴南区妇幼保健院", "二级甲等", "二级", "妇幼保健院", "BNFY", "FY"),
		b("jj", "12500113XC000302", "重庆市巴南区姜家镇卫生院", []string{"姜家镇卫生院", "姜家卫生院"}, "姜家镇卫生院", "姜家镇卫生院", "基层", "基层", "乡镇卫生院", "JJWY", "JJ"),
		b("jw", "12500113XC000105", "重庆市巴南区精神卫生中心", []string{"巴南区精神卫生中心", "区精卫中心"}, "巴南区精神卫生中心", "巴南区精神卫生中心", "二级甲等", "二级", "精神卫生中心", "BNJW", "JW"),
		b("lz", "12500113XC000303", "重庆市巴南区龙洲湾街道社区卫生服务中心", []string{"龙洲湾街道社区卫生服务中心", "龙洲湾社区卫生服务中心"}, "龙洲湾社区卫生服务中心", "龙洲湾街道社区卫生服务中心", "基层", "基层", "社区卫生服务中心", "LZWS", "LZ"),
		{key: "zc", code: "12370302XC000201", name: "淄博市淄川区医院", aliases: []string{"淄川区医院"}, folder: "淄博市淄川区医院",
			short: "淄博市淄川区医院", grade: "三级乙等", tier: "三级", category: "综合医院", district: "淄川区", city: "淄博市",
			zibo: true, prefix: "ZCQY", staffPfx: "ZC"},
	}
	list[2].villages = []string{"界石村", "桂花村", "石岗村", "梨园村", "平滩村", "鹿角村"}
	list[5].villages = []string{"姜家村", "文石村", "蔡家村", "新房子村", "天明村"}
	return list
}

// extraTowns name the primary-care institutions added when more institutions are asked for
// than the default district has.
var extraTowns = []string{"南泉", "木洞", "麻柳嘴", "丰盛", "二圣", "东温泉", "石滩", "石龙", "安澜", "天星寺",
	"双河口", "一品", "花溪", "南彭", "接龙", "圣灯山", "跳石", "惠民", "李家沱", "鱼洞"}

func extraInst(i int) *inst {
	town := extraTowns[i%len(extraTowns)]
	if i >= len(extraTowns) {
		town = fmt.Sprintf("%s%d", town, i/len(extraTowns)+1)
	}
	name := fmt.Sprintf("重庆市巴南区%s镇卫生院", town)
	alias := fmt.Sprintf("%s镇卫生院", town)
	return &inst{key: fmt.Sprintf("x%02d", i+1), code: fmt.Sprintf("12500113XC%06d", 400+i+1), name: name,
		aliases: []string{alias}, folder: alias, short: alias, grade: "基层", tier: "基层", category: "乡镇卫生院",
		district: "巴南区", city: "重庆市", prefix: fmt.Sprintf("X%02dW", i+1), staffPfx: fmt.Sprintf("X%02d", i+1),
		extra: true, villages: []string{town + "村", town + "新村", town + "桥村"}}
}

var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
var givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力鹏飞宇浩然欣怡婷雪梅琳晨阳海波凯志明俊峰家豪思远嘉怡雨涵子轩梓涵一鸣佳琪晓东立新春燕冬梅秋菊德胜永红成林")

// nameBook hands out person names, unique across the whole district (so that a doctor's name
// identifies the doctor in `doctor / item name` subjects).
type nameBook struct {
	r    *rng
	used map[string]bool
}

func newNameBook(seed uint64) *nameBook {
	return &nameBook{r: newRNG(seed, "names"), used: map[string]bool{}}
}

func (nb *nameBook) next() string {
	for {
		s := string(pick(nb.r, surnames))
		s += string(pick(nb.r, givenChars))
		if nb.r.chance(0.7) {
			s += string(pick(nb.r, givenChars))
		}
		if !nb.used[s] {
			nb.used[s] = true
			return s
		}
	}
}
