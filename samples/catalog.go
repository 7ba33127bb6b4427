package samples

import (
	"fmt"
	"strconv"
	"strings"
)

// drug is one drug of the district's formulary.
type drug struct {
	code      string
	name      string
	spec      string
	price     fen
	essential bool
	qtyOut    int // boxes per outpatient prescription (0: not prescribed to outpatients)
	qtyIn     int // units per inpatient day (0: not used on the ward)
	group     string
	platform  bool // listed on the provincial platform (挂网)
}

// Drug groups: a department prescribes from exactly one group, and no group serves two
// departments of one institution, so a drug's prescribers in an institution are the doctors of
// one department (at most 8).
const drugTable = `
心血管|苯磺酸氨氯地平片|5mg×28片|14.50|E|2|1
心血管|阿托伐他汀钙片|20mg×7片|9.80|E|2|1
心血管|硫酸氢氯吡格雷片|75mg×7片|16.20|E|2|1
心血管|替格瑞洛片|90mg×14片|38.60|N|1|1
心血管|沙库巴曲缬沙坦钠片|100mg×14片|68.40|N|1|1
心血管|注射用磷酸肌酸钠|1g|24.80|N|0|1
呼吸|阿莫西林胶囊|0.25g×24粒|8.60|E|2|0
呼吸|注射用头孢呋辛钠|0.75g|12.40|E|0|2
呼吸|盐酸氨溴索注射液|15mg:2ml|6.80|E|0|2
呼吸|乙酰半胱氨酸泡腾片|0.6g×10片|32.50|N|1|0
呼吸|噻托溴铵粉吸入剂|18ug×10粒|56.00|N|1|0
呼吸|注射用哌拉西林钠他唑巴坦钠|4.5g|45.20|N|0|2
消化|奥美拉唑肠溶胶囊|20mg×14粒|11.20|E|2|0
消化|注射用奥美拉唑钠|40mg|9.60|E|0|1
消化|铝碳酸镁咀嚼片|0.5g×20片|15.80|E|2|0
消化|注射用泮托拉唑钠|40mg|18.60|N|0|1
消化|枸橼酸莫沙必利片|5mg×24片|22.40|N|1|0
消化|双歧杆菌三联活菌胶囊|210mg×24粒|26.80|N|1|0
外科|注射用头孢唑林钠|1g|7.80|E|0|2
外科|甲硝唑氯化钠注射液|0.5g:100ml|5.20|E|0|1
外科|布洛芬缓释胶囊|0.3g×20粒|9.90|E|1|0
外科|盐酸曲马多缓释片|0.1g×10片|19.60|N|1|0
外科|注射用帕瑞昔布钠|40mg|42.80|N|0|1
外科|地佐辛注射液|5mg:1ml|36.50|N|0|1
骨科|双氯芬酸钠缓释片|75mg×10片|8.40|E|1|1
骨科|氨甲环酸注射液|0.5g:5ml|6.50|E|0|1
骨科|碳酸钙D3片|600mg×60片|28.50|E|1|1
骨科|塞来昔布胶囊|0.2g×6粒|25.60|N|1|1
骨科|依诺肝素钠注射液|4000AxaIU:0.4ml|32.20|N|0|1
骨科|注射用七叶皂苷钠|10mg|18.20|N|0|1
妇产|甲硝唑栓|0.5g×10枚|9.80|E|1|0
妇产|缩宫素注射液|10U:1ml|3.60|E|0|1
妇产|保妇康栓|1.74g×8粒|36.50|E|1|0
妇产|注射用头孢西丁钠|1g|19.80|N|0|2
妇产|地屈孕酮片|10mg×20片|58.60|N|1|0
妇产|硫酸镁注射液|2.5g:10ml|2.80|E|0|1
儿科|阿莫西林颗粒|0.125g×12袋|9.60|E|2|0
儿科|蒙脱石散|3g×10袋|12.50|E|1|0
儿科|布洛芬混悬液|100ml:2g|18.60|E|1|0
儿科|注射用头孢曲松钠|0.5g|6.40|E|0|1
儿科|小儿豉翘清热颗粒|2g×6袋|26.80|N|2|0
儿科|吸入用布地奈德混悬液|1mg:2ml×5支|45.60|N|1|1
儿科|小儿肺热咳喘口服液|10ml×6支|28.40|N|1|0
急诊|对乙酰氨基酚片|0.5g×12片|3.80|E|1|0
急诊|盐酸左氧氟沙星片|0.5g×6片|14.20|E|1|0
急诊|颠茄片|10mg×100片|5.20|E|1|0
急诊|连花清瘟胶囊|0.35g×24粒|14.80|N|1|0
急诊|头孢克肟分散片|0.1g×6片|21.60|N|1|0
中医内科|脑心通胶囊|0.4g×48粒|45.80|E|1|1
中医内科|复方丹参滴丸|27mg×180丸|29.90|E|1|1
中医内科|银杏叶片|19.2mg×24片|18.60|E|1|0
中医内科|天麻钩藤颗粒|10g×12袋|42.20|N|1|0
中医内科|注射用血塞通(冻干)|200mg|21.50|N|0|1
中医内科|参麦注射液|20ml|26.40|N|0|1
针灸|颈舒颗粒|6g×9袋|38.40|E|1|0
针灸|甲钴胺片|0.5mg×20片|18.20|E|1|1
针灸|腰痛宁胶囊|0.3g×30粒|29.60|N|1|1
针灸|独活寄生合剂|20ml×10支|32.80|N|1|0
骨伤|双氯芬酸钠肠溶片|25mg×30片|6.80|E|1|1
骨伤|仙灵骨葆胶囊|0.5g×40粒|36.80|E|1|1
骨伤|注射用血栓通(冻干)|150mg|28.40|E|0|1
骨伤|伤科接骨片|0.33g×36片|24.80|N|1|1
骨伤|骨肽注射液|10ml|16.50|N|0|1
骨伤|复方杜仲健骨颗粒|12g×9袋|38.20|N|1|0
康复|阿司匹林肠溶片|100mg×30片|12.60|E|1|1
康复|尼莫地平片|30mg×20片|8.60|E|1|1
康复|巴氯芬片|10mg×30片|38.60|N|1|1
康复|胞磷胆碱钠片|0.1g×24片|26.40|N|1|1
中医儿科|小儿泻速停颗粒|3g×10袋|18.40|E|1|0
中医儿科|健胃消食片(儿童)|0.5g×36片|12.60|E|1|0
中医儿科|小儿宝泰康颗粒|4g×10袋|21.80|E|1|0
中医儿科|小儿消积止咳口服液|10ml×10支|32.80|N|1|0
中医儿科|小儿柴桂退热颗粒|5g×10袋|26.40|N|1|0
妇科|克霉唑阴道片|0.5g×1片|12.80|E|1|0
妇科|妇科千金片|0.32g×72片|32.60|E|1|0
妇科|甲硝唑片|0.2g×100片|6.20|E|1|1
妇科|硝呋太尔制霉素阴道软胶囊|6粒|46.80|N|1|0
妇科|康妇炎胶囊|0.4g×48粒|38.40|N|1|0
妇科|注射用头孢美唑钠|1g|28.60|N|0|2
产科|叶酸片|0.4mg×31片|8.80|E|2|0
产科|琥珀酸亚铁片|0.1g×24片|15.60|E|2|0
产科|马来酸麦角新碱注射液|0.2mg:1ml|8.60|E|0|1
产科|注射用头孢呋辛钠(1.5g)|1.5g|16.80|E|0|2
产科|维D钙咀嚼片|300mg×60片|42.80|N|1|0
产科|蛋白琥珀酸铁口服溶液|15ml×10瓶|68.40|N|1|0
产科|卡贝缩宫素注射液|1ml:100ug|48.00|N|0|1
产科|低分子肝素钙注射液|0.4ml:4100AxaIU|28.60|N|0|1
新生儿|维生素K1注射液|10mg:1ml|3.20|E|0|1
新生儿|注射用氨苄西林钠|0.5g|4.80|E|0|2
新生儿|葡萄糖酸钙注射液|1g:10ml|2.60|E|0|1
新生儿|枯草杆菌二联活菌颗粒|1g×10袋|26.80|N|0|1
新生儿|茵栀黄口服液|10ml×6支|36.60|N|0|1
新生儿|注射用头孢他啶|0.5g|12.60|N|0|1
精神A|利培酮片|1mg×20片|22.80|E|1|1
精神A|奥氮平片|10mg×14片|46.20|E|1|1
精神A|富马酸喹硫平片|0.1g×30片|38.40|E|1|1
精神A|盐酸苯海索片|2mg×100片|6.80|E|1|1
精神A|阿立哌唑片|5mg×20片|52.60|N|1|1
精神A|帕利哌酮缓释片|3mg×14片|58.50|N|1|1
精神A|哌罗匹隆片|4mg×24片|48.80|N|1|1
精神B|盐酸舍曲林片|50mg×14片|28.60|E|1|1
精神B|碳酸锂缓释片|0.3g×60片|18.60|E|1|1
精神B|丙戊酸钠缓释片|0.5g×30片|36.40|E|1|1
精神B|草酸艾司西酞普兰片|10mg×7片|42.80|N|1|1
精神B|盐酸度洛西汀肠溶胶囊|20mg×14粒|46.60|N|1|1
精神B|米氮平片|30mg×10片|38.80|N|1|1
心理|艾司唑仑片|1mg×20片|4.80|E|2|0
心理|盐酸帕罗西汀片|20mg×10片|36.80|E|1|0
心理|阿普唑仑片|0.4mg×20片|6.20|E|2|0
心理|右佐匹克隆片|3mg×7片|32.60|N|1|0
心理|坦度螺酮胶囊|10mg×24粒|48.60|N|1|0
心理|乌灵胶囊|0.33g×36粒|42.80|N|1|0
全科|盐酸二甲双胍缓释片|0.5g×30片|8.60|E|2|0
全科|格列美脲片|2mg×30片|15.80|E|2|0
全科|厄贝沙坦片|0.15g×12片|12.40|E|2|0
全科|复方甘草口服溶液|100ml|6.80|E|1|0
全科|阿卡波糖片|50mg×30片|36.80|E|1|0
全科|感冒灵颗粒|10g×9袋|15.60|N|1|0
全科|蒲地蓝消炎片|0.3g×48片|28.60|N|1|0
全科|缬沙坦氨氯地平片|80mg/5mg×7片|29.80|N|1|0
基层中医|伤湿止痛膏|7cm×10cm×5贴|6.80|E|2|0
基层中医|活血止痛胶囊|0.5g×24粒|24.60|E|1|0
基层中医|独活寄生丸|6g×10丸|18.40|E|1|0
基层中医|颈痛颗粒|4g×9袋|36.60|N|1|0
基层中医|风湿骨痛胶囊|0.3g×24粒|19.80|N|1|0
住院|注射用头孢噻肟钠|1g|6.80|E|0|2
住院|复方氯化钠注射液|500ml|4.20|E|0|1
住院|血塞通注射液|2ml:100mg|8.60|E|0|1
住院|硝酸甘油片|0.5mg×100片|12.60|E|0|1
住院|多索茶碱注射液|10ml:0.1g|14.60|N|0|1
住院|注射用还原型谷胱甘肽|0.6g|22.80|N|0|1
中性|0.9%氯化钠注射液|250ml|3.20|E|0|1
中性|5%葡萄糖注射液|250ml|3.40|E|0|1
中性|维生素C注射液|0.5g:2ml|1.80|E|0|1
中性|维生素B6注射液|0.1g:2ml|1.60|E|0|1
特殊|注射用鼠神经生长因子|20ug|186.00|N|0|1
特殊|注射用复合辅酶|200U|38.60|N|0|1
特殊|银杏叶提取物注射液|5ml:17.5mg|42.80|N|0|1
`

// offline drugs: bought outside the platform in the background, legitimately (中药饮片 and
// hospital preparations transferred between hospitals are not listed on the platform).
const offlineDrugTable = `
中药饮片|黄芪(饮片)|1kg|86.00
中药饮片|当归(饮片)|1kg|168.00
中药饮片|党参(饮片)|1kg|132.00
中药饮片|茯苓(饮片)|1kg|64.00
中药饮片|炒白术(饮片)|1kg|92.00
调剂制剂|复方薄荷脑软膏(医疗机构制剂)|20g|12.50
调剂制剂|消炎止痛膏(医疗机构制剂)|10贴|18.00
`

type material struct {
	code     string
	name     string
	spec     string
	price    fen
	category string // 高值耗材, 低值耗材, 试剂
	platform bool
}

const materialTable = `
高值耗材|C0312000101|锁定接骨板|直型 6孔|4860.00|P
高值耗材|C0208000201|一次性使用腔镜直线切割吻合器|60mm|2980.00|P
高值耗材|C0302000301|冠状动脉药物洗脱支架|3.0×18mm|780.00|P
高值耗材|C0315000401|人工膝关节假体|CR型 全套|5620.00|P
高值耗材|C0315000402|人工髋关节假体|生物型 全套|7260.00|P
高值耗材|C0313000501|椎间融合器|PEEK 10mm|3680.00|P
高值耗材|C0319000601|可吸收止血纱布|5cm×7.5cm|620.00|P
高值耗材|C0326000701|定制式钛网(个性化)|按需定制|9800.00|
高值耗材|C0326000702|3D打印截骨导板|按需定制|4200.00|
低值耗材|C0401000101|一次性使用输液器|带针 0.7mm|0.85|P
低值耗材|C0401000201|一次性使用无菌注射器|5ml|0.32|P
低值耗材|C0402000301|医用外科口罩|17.5cm×9.5cm|0.45|P
低值耗材|C0402000401|一次性医用检查手套|M号|0.28|P
低值耗材|C0403000501|无菌纱布块|8cm×10cm×8层|1.20|P
低值耗材|C0404000601|一次性使用导尿包|16Fr|18.60|P
低值耗材|C0401000701|静脉留置针|22G|6.80|P
低值耗材|C0405000801|医用棉签|10cm×100支|2.60|
试剂|R0101000101|血细胞分析用稀释液|20L|680.00|P
试剂|R0201000201|丙氨酸氨基转移酶测定试剂盒|2×60ml|420.00|P
试剂|R0201000301|肌酐测定试剂盒|2×40ml|360.00|P
试剂|R0301000401|糖化血红蛋白测定试剂盒|100测试|1280.00|P
试剂|R0401000501|C反应蛋白测定试剂盒|100测试|860.00|P
试剂|R0501000601|凝血酶原时间测定试剂盒|10×4ml|540.00|P
`

// service is an item of the price list (医疗服务价格).
type service struct {
	key     string
	code    string
	name    string
	unit    string
	max     fen
	gender  string // 男 / 女 / ""
	ageMin  int    // -1: none
	ageMax  int    // -1: none
	maxQty  int    // 0: none
	class   string // item_class in claim lines
	bedOnly bool   // bed / nursing / meal: the only items of a 挂床 day
	inPrice bool   // billed per day on the ward
}

const serviceTable = `
visit_out|110200001|门诊诊察费(普通门诊)|次|15.00||||1|诊疗项目|
visit_in|110200005|住院诊查费|日|20.00||||1|诊疗项目|
bed|110900001|普通病房床位费(三人间)|床日|50.00||||1|服务设施|B
nurse|111000002|二级护理|日|30.00||||1|诊疗项目|B
cbc|250101015|血细胞分析(全血细胞计数+五分类)|次|25.00||||2|诊疗项目|
lft|250301002|肝功能检测(组合)|次|80.00||||1|诊疗项目|
rft|250304001|肾功能检测(组合)|次|45.00||||1|诊疗项目|
glu|250302001|葡萄糖测定(快速血糖)|次|8.00||||4|诊疗项目|
crp|250403016|C反应蛋白测定|次|30.00||||1|诊疗项目|
xray|210102015|胸部正位X线摄影(DR)|次|65.00|||||诊疗项目|
ct|210300001|X线计算机体层(CT)平扫|部位|160.00|||||诊疗项目|
us|220201001|彩色多普勒超声常规检查|部位|120.00|||||诊疗项目|
ecg|310701001|常规心电图检查|次|25.00||||1|诊疗项目|
iv|120400006|静脉输液(第一组)|组|12.00||||1|诊疗项目|
ivpush|120400004|静脉注射|次|8.00||||2|诊疗项目|
im|120400001|肌肉注射|次|4.00||||3|诊疗项目|
dress|120800001|换药(小)|次|20.00||||2|诊疗项目|
neb|311000009|雾化吸入|次|12.00||||3|诊疗项目|
acup|430000001|普通针刺|次|25.00||||1|诊疗项目|
tuina|450000002|推拿治疗(局部)|次|40.00||||2|诊疗项目|
ped_tuina|450000013|小儿推拿|次|35.00||0|14|2|诊疗项目|
cyto|270300005|宫颈细胞学检查(液基薄层)|例|150.00|女||||诊疗项目|
colpo|311201010|阴道镜检查|次|120.00|女||||诊疗项目|
prenatal|311201001|产前检查|次|20.00|女|15|55|1|诊疗项目|
prostate|311000020|前列腺按摩|次|20.00|男||||诊疗项目|
neo_hear|220800012|新生儿听力筛查(耳声发射)|次|60.00||0|0|1|诊疗项目|
psy_ot|340100025|工娱治疗|日|15.00||||1|诊疗项目|
psy_couns|311503001|心理咨询|次|60.00||||1|诊疗项目|
op_orif|331500041|骨折切开复位内固定术|次|2800.00|||||诊疗项目|
op_chole|331005010|腹腔镜下胆囊切除术|次|2400.00|||||诊疗项目|
`

// chargeBundles is the 重复收费规则 list (main code, main name, included code, included name,
// note), from the price list's 项目内涵. The background never bills a main item and its
// included item to one patient on one day: 静脉输液, 静脉注射 and 换药 are only billed by planted
// settlements, and ALT alone is never billed.
var chargeBundles = [][5]string{
	{"120400006", "静脉输液(第一组)", "120400004", "静脉注射", "同一通路静脉输液时的静脉给药已含于输液，不另收静脉注射"},
	{"331500041", "骨折切开复位内固定术", "120800001", "换药(小)", "手术当日切口换药含于手术"},
	{"250301002", "肝功能检测(组合)", "250301001", "丙氨酸氨基转移酶测定", "组合项目已含单项，不得另收"},
}

// largeEquipment is the list of large medical equipment needing a configuration licence,
// modelled on 大型医用设备配置许可管理目录.
var largeEquipment = [][3]string{
	{"重离子质子放射治疗系统", "甲类", "是"},
	{"高端放射治疗类设备", "甲类", "是"},
	{"正电子发射型磁共振成像系统(PET/MR)", "乙类", "是"},
	{"X线正电子发射断层扫描仪(PET/CT)", "乙类", "是"},
	{"腹腔内镜手术系统", "乙类", "是"},
	{"常规放射治疗类设备(直线加速器等)", "乙类", "是"},
	{"64排及以上X线计算机断层扫描仪(CT)", "乙类", "是"},
	{"1.5T及以上磁共振成像系统(MR)", "乙类", "是"},
	{"血管造影X线机(DSA)", "乙类", "是"},
}

type catalog struct {
	drugs     []*drug
	byGroup   map[string][]*drug
	drugByKey map[string]*drug // by name
	offline   []*drug
	materials []*material
	matByName map[string]*material
	services  []*service
	svc       map[string]*service
}

func buildCatalog() *catalog {
	c := &catalog{byGroup: map[string][]*drug{}, drugByKey: map[string]*drug{}, svc: map[string]*service{},
		matByName: map[string]*material{}}
	groupNo := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(drugTable), "\n") {
		p := strings.Split(line, "|")
		g := p[0]
		if _, ok := groupNo[g]; !ok {
			groupNo[g] = len(groupNo) + 1
		}
		d := &drug{group: g, name: p[1], spec: p[2], price: yuan(atof(p[3])), essential: p[4] == "E",
			qtyOut: atoi(p[5]), qtyIn: atoi(p[6]), platform: true}
		d.code = fmt.Sprintf("XY%02d%04d%03d", groupNo[g], 5001+len(c.drugs)*7, len(c.byGroup[g])+1)
		c.drugs = append(c.drugs, d)
		c.byGroup[g] = append(c.byGroup[g], d)
		c.drugByKey[d.name] = d
	}
	for i, line := range strings.Split(strings.TrimSpace(offlineDrugTable), "\n") {
		p := strings.Split(line, "|")
		d := &drug{group: p[0], name: p[1], spec: p[2], price: yuan(atof(p[3]))}
		if p[0] == "中药饮片" {
			d.code = fmt.Sprintf("ZY%08d", 61001+i*13)
		} else {
			d.code = fmt.Sprintf("ZJ%08d", 72001+i*17)
		}
		c.offline = append(c.offline, d)
		c.drugByKey[d.name] = d
	}
	for _, line := range strings.Split(strings.TrimSpace(materialTable), "\n") {
		p := strings.Split(line, "|")
		m := &material{category: p[0], code: p[1], name: p[2], spec: p[3], price: yuan(atof(p[4])), platform: p[5] == "P"}
		c.materials = append(c.materials, m)
		c.matByName[m.name] = m
	}
	for _, line := range strings.Split(strings.TrimSpace(serviceTable), "\n") {
		p := strings.Split(line, "|")
		s := &service{key: p[0], code: p[1], name: p[2], unit: p[3], max: yuan(atof(p[4])), gender: p[5],
			ageMin: atoiOr(p[6], -1), ageMax: atoiOr(p[7], -1), maxQty: atoiOr(p[8], 0), class: p[9], bedOnly: p[10] == "B"}
		c.services = append(c.services, s)
		c.svc[s.key] = s
	}
	return c
}

func (c *catalog) materialsOf(category string, platformOnly bool) []*material {
	var out []*material
	for _, m := range c.materials {
		if m.category == category && (!platformOnly || m.platform) {
			out = append(out, m)
		}
	}
	return out
}

func atof(s string) float64 {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return v
}

func atoi(s string) int {
	v, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return v
}

func atoiOr(s string, def int) int {
	if s == "" {
		return def
	}
	return atoi(s)
}

// the HVC items the departments bill
var hvcItems = map[string]string{"hvc_plate": "锁定接骨板", "hvc_stapler": "一次性使用腔镜直线切割吻合器"}
