package samples

import (
	"fmt"
	"math"
	"sort"
	"time"
)

type contract struct {
	in       *inst
	year     int
	no       string
	sign     day
	vendor   vendor
	subject  string
	amount   fen
	method   string
	tenderNo string
	accept   day // 0: not accepted
	result   string
	dept     string
	capex    bool // equipment: payments go to 固定资产 in the ledger
}

type payment struct {
	in       *inst
	contract string
	voucher  string
	date     day
	amount   fen
	payee    string
	capex    bool
	invoice  string // 发票号码, written only by institutions whose payments carry one (invoiced)
}

type asset struct {
	in           *inst
	year         int // the file it is written in
	no           string
	name         string
	model        string
	class        string
	value        fen
	purchase     day
	contractNo   string
	approvalNo   string
	approvalDate day
	expert       string // 是 / 否 / ""
	dept         string
	status       string
	life         int
	scrap        day
	scrapNo      string
	disposal     string
	physical     string // 是 / 否 / ""
}

type equipKind struct {
	name, model, class string
	lo, hi             float64 // value range (yuan)
	life               int
	tiers              string // which tiers buy it: "3", "32", "321"
}

var equipKinds = []equipKind{
	{"64排X线计算机断层扫描仪(CT)", "XC-CT64S", "大型医用设备", 6.2e6, 7.2e6, 8, "3"},
	{"1.5T磁共振成像系统(MR)", "XC-MR15", "大型医用设备", 8.8e6, 9.8e6, 8, "3"},
	{"数字化X线摄影系统(DR)", "XC-DR600", "医疗设备", 1.1e6, 1.35e6, 8, "32"},
	{"全自动生化分析仪", "XC-BS800", "医疗设备", 1.2e6, 1.7e6, 8, "3"},
	{"彩色多普勒超声诊断仪", "XC-US70", "医疗设备", 0.6e6, 0.88e6, 6, "32"},
	{"有创呼吸机", "XC-V300", "医疗设备", 0.26e6, 0.34e6, 8, "32"},
	{"电子胃肠镜系统", "XC-EG290", "医疗设备", 0.38e6, 0.46e6, 8, "32"},
	{"麻醉机", "XC-A7", "医疗设备", 0.4e6, 0.5e6, 8, "32"},
	{"血液透析机", "XC-HD4008", "医疗设备", 0.22e6, 0.28e6, 8, "3"},
	{"多参数监护仪", "XC-M12", "医疗设备", 0.05e6, 0.075e6, 6, "321"},
	{"除颤监护仪", "XC-D6", "医疗设备", 0.07e6, 0.09e6, 6, "321"},
	{"心电图机", "XC-ECG12", "医疗设备", 0.025e6, 0.035e6, 5, "321"},
	{"高频电刀", "XC-ES300", "医疗设备", 0.1e6, 0.14e6, 6, "32"},
	{"全自动血细胞分析仪", "XC-BC6800", "医疗设备", 0.45e6, 0.6e6, 6, "321"},
	{"中药煎药机", "XC-JY20", "医疗设备", 0.06e6, 0.09e6, 6, "321"},
	{"医用电梯", "XC-EL1600", "通用设备", 0.55e6, 0.7e6, 15, "32"},
	{"分体式空调", "XC-KFR72", "通用设备", 0.012e6, 0.018e6, 6, "321"},
	{"服务器", "XC-R740", "信息化设备", 0.12e6, 0.2e6, 5, "321"},
	{"核心交换机", "XC-S7706", "信息化设备", 0.1e6, 0.15e6, 5, "32"},
}

func (k equipKind) forTier(tier string) bool {
	t := map[string]byte{"三级": '3', "二级": '2', "基层": '1'}[tier]
	for i := 0; i < len(k.tiers); i++ {
		if k.tiers[i] == t {
			return true
		}
	}
	return false
}

func findEquip(name string) equipKind {
	for _, k := range equipKinds {
		if k.name == name {
			return k
		}
	}
	panic("samples: unknown equipment " + name)
}

var (
	cqEquipVendors = mkVendors("500113", "重庆华信医疗设备有限公司", "重庆康达医疗设备有限公司", "重庆瑞康医疗仪器有限公司",
		"重庆天健医疗科技有限公司", "重庆欣达医疗设备有限公司", "重庆医联设备工程有限公司", "重庆博源医疗器械有限公司")
	zbEquipVendors = mkVendors("370302", "淄博华信医疗设备有限公司", "山东鲁康医疗仪器有限公司", "淄博众成医疗设备有限公司",
		"淄博博瑞医疗科技有限公司", "山东齐信医疗设备有限公司")
)

// serviceContracts an institution signs every year (subject, amount by tier, method)
type serviceKind struct {
	subject string
	amount  map[string]float64
	vendor  string
	zvendor string
	info    bool
}

var serviceKinds = []serviceKind{
	{"物业管理服务", map[string]float64{"三级": 2.8e6, "二级": 0.9e6, "基层": 0.24e6}, "重庆安居物业管理有限公司", "淄博安居物业服务有限公司", false},
	{"医疗废物收集处置服务", map[string]float64{"三级": 0.62e6, "二级": 0.28e6, "基层": 0.06e6}, "重庆绿洁环保服务有限公司", "淄博绿源环保科技有限公司", false},
	{"信息系统运维服务", map[string]float64{"三级": 0.86e6, "二级": 0.42e6, "基层": 0.12e6}, "重庆数智医疗信息技术有限公司", "淄博云医信息技术有限公司", true},
	{"医用织物洗涤服务", map[string]float64{"三级": 0.48e6, "二级": 0.22e6}, "重庆洁美洗涤服务有限公司", "淄博洁美洗涤有限公司", false},
}

// contractsAndEquipment writes contracts, payments and the equipment ledger of the year. In the
// background every contract of ¥1,000,000 or more is tendered (公开招标, with a 招标编号); no
// vendor has two non-competitive contracts within 30 days; every payment falls on or after the
// acceptance date and the payments never exceed the contract; contracts not accepted by the end
// of the data carry no payment. Large equipment and equipment of ¥1,000,000 or more is approved
// (and reviewed by experts) before its contract is signed; scrapped assets are past their useful
// life, verified, approved and disposed of.
func (iy *instYear) contractsAndEquipment() error {
	g, in, y := iy.g, iy.in, iy.year
	r := iy.rng("contracts")
	var cons []*contract
	var assets []*asset
	cseq, aseq := 0, 0
	evs := cqEquipVendors
	region := "500113"
	if in.zibo {
		evs, region = zbEquipVendors, "370302"
	}
	_ = region
	newContract := func(sign day, v vendor, subject string, amount fen, dept string) *contract {
		cseq++
		c := &contract{in: in, year: y, no: iy.contractNo(cseq), sign: sign, vendor: v, subject: subject, amount: amount, dept: dept}
		switch {
		case amount >= yuan(1e6):
			c.method = "公开招标"
		case amount >= yuan(2e5):
			c.method = pick(r, []string{"竞争性磋商", "询价", "竞争性谈判"})
		default:
			c.method = pick(r, []string{"询价", "询价", "直接采购"})
		}
		if c.method == "公开招标" {
			c.tenderNo = iy.tenderNo(cseq)
		}
		cons = append(cons, c)
		return c
	}
	newAsset := func(k equipKind, value fen, purchase day, dept string) *asset {
		aseq++
		a := &asset{in: in, year: y, no: iy.assetNo(y, aseq), name: k.name, model: k.model, class: k.class, value: value,
			purchase: purchase, dept: dept, status: "在用", life: k.life}
		assets = append(assets, a)
		return a
	}

	// --- equipment bought this year ---
	nbuy := map[string]int{"三级": 12, "二级": 7, "基层": 3}[in.tier]
	var kinds []equipKind
	for _, k := range equipKinds {
		// the early-scrap cases decide themselves whether the same model is bought again
		if in.key == "zy" && k.name == "电子胃肠镜系统" || in.key == "jw" && k.name == "有创呼吸机" {
			continue
		}
		if k.forTier(in.tier) && k.class != "大型医用设备" {
			kinds = append(kinds, k)
		}
	}
	clinical := iy.clinicalDepts()
	for i := 0; i < nbuy; i++ {
		k := pick(r, kinds)
		if in.tier == "三级" && i == 0 && y%2 == 0 {
			// a large device every other year, approved well before the contract
			k = equipKinds[r.intn(2)]
		}
		value := yuan(math.Round(r.uniform(k.lo, k.hi)/100) * 100)
		sign := mkday(y, 1, 20) + day(r.intn(300))
		v := evs[(i+in.idx)%len(evs)]
		dept := pick(r, clinical)
		c := newContract(sign, v, "购置"+k.name, value, dept)
		c.capex = true
		acc := sign + day(30+r.intn(45))
		a := newAsset(k, value, acc, dept)
		a.contractNo = c.no
		if k.class == "大型医用设备" || value >= yuan(1e6) {
			a.approvalDate = sign - day(30+r.intn(60))
			a.approvalNo = iy.approvalNo(a.approvalDate, i)
			a.expert = "是"
		} else if r.chance(0.3) {
			a.expert = "是"
			a.approvalDate = sign - day(10+r.intn(20))
			a.approvalNo = fmt.Sprintf("%s-LZ-%d-%03d", in.prefix, y, i+1)
		}
		iy.accept(c, acc, r)
		a.purchase = acc
	}

	// --- service contracts of the year ---
	for i, sk := range serviceKinds {
		amt, ok := sk.amount[in.tier]
		if !ok {
			continue
		}
		vname := sk.vendor
		if in.zibo {
			vname = sk.zvendor
		}
		sign := mkday(y, 1, 5) + day(i*9)
		c := newContract(sign, mkVendor(region, vname), fmt.Sprintf("%d年度%s", y, sk.subject), yuan(amt*r.uniform(0.95, 1.05)).roundYuan(), "总务科")
		if sk.info {
			c.dept = "信息科"
		}
		iy.acceptService(c, sign+15, r)
	}

	// --- planted contracts and their decoys ---
	eqv := func(i int) vendor { return evs[(i+in.idx+3)%len(evs)] }
	switch {
	case iy.at("rm", 1):
		// PROC_PAY_BEFORE_ACCEPT (planted): 全自动生化分析仪, ¥1,680,000, tendered; 60 % paid on
		// 5 May, accepted only on 20 June. The analyser is approved (15 Jan) before the contract
		// (20 Mar), so it is no equipment case.
		c := &contract{in: in, year: y, no: iy.contractNo(90), sign: mkday(y, 3, 20), vendor: eqv(0), subject: "购置全自动生化分析仪",
			amount: yuan(1680000), method: "公开招标", tenderNo: iy.tenderNo(90), dept: "检验科", capex: true}
		cons = append(cons, c)
		c.accept, c.result = mkday(y, 6, 20), "合格"
		iy.pay(c, mkday(y, 5, 8), yuan(1008000))
		iy.pay(c, mkday(y, 6, 30), yuan(504000))
		k := findEquip("全自动生化分析仪")
		a := newAsset(k, c.amount, c.accept, "检验科")
		a.contractNo, a.approvalDate, a.expert = c.no, mkday(y, 1, 15), "是"
		a.approvalNo = iy.approvalNo(a.approvalDate, 90)
		iy.truth("PROC_PAY_BEFORE_ACCEPT", c.no, "¥1,008,000 paid 2025-05-08, accepted 2025-06-20",
			iy.ev(iy.contractFile(), c.no), iy.ev(iy.paymentFile(), c.no))
		// decoy (PROC_NO_TENDER): ¥990,000 by 直接采购 (under the threshold)
		d := &contract{in: in, year: y, no: iy.contractNo(91), sign: mkday(y, 8, 11), vendor: mkVendor(region, "重庆净化工程技术有限公司"),
			subject: "手术室净化系统维修", amount: yuan(990000), method: "直接采购", dept: "总务科"}
		cons = append(cons, d)
		iy.accept(d, mkday(y, 9, 25), r)
	case iy.at("zc", 2):
		// PROC_PAY_BEFORE_ACCEPT (planted): a ¥960,000 property-service contract paid four times
		// ¥259,200 = ¥1,036,800, 108 % of the contract.
		c := &contract{in: in, year: y, no: iy.contractNo(90), sign: mkday(y, 1, 5), vendor: mkVendor(region, "淄博鑫诚物业管理有限公司"),
			subject: "门急诊综合楼物业管理服务", amount: yuan(960000), method: "竞争性磋商", dept: "总务科"}
		cons = append(cons, c)
		c.accept, c.result = mkday(y, 1, 20), "合格"
		for _, d := range []day{mkday(y, 3, 31), mkday(y, 6, 30), mkday(y, 9, 30), mkday(y, 12, 20)} {
			iy.pay(c, d, yuan(259200))
		}
		iy.truth("PROC_PAY_BEFORE_ACCEPT", c.no, "payments ¥1,036,800 > contract ¥960,000",
			iy.ev(iy.contractFile(), c.no), iy.ev(iy.paymentFile(), c.no))
	case iy.at("ey", 1):
		// decoy (PROC_PAY_BEFORE_ACCEPT): paid on the acceptance date itself
		c := &contract{in: in, year: y, no: iy.contractNo(90), sign: mkday(y, 5, 20), vendor: eqv(1), subject: "购置有创呼吸机(3台)",
			amount: yuan(650000), method: "询价", dept: "重症医学科", capex: true}
		cons = append(cons, c)
		c.accept, c.result = mkday(y, 7, 10), "合格"
		iy.pay(c, mkday(y, 7, 10), yuan(617500))
	case iy.at("jw", 2):
		// decoy (PROC_PAY_BEFORE_ACCEPT): signed in November, not accepted, exactly 30 % paid
		c := &contract{in: in, year: y, no: iy.contractNo(90), sign: mkday(y, 11, 20), vendor: mkVendor(region, "重庆数智医疗信息技术有限公司"),
			subject: "电子病历系统功能提升项目", amount: yuan(800000), method: "竞争性磋商", dept: "信息科"}
		cons = append(cons, c)
		iy.pay(c, mkday(y, 12, 1), yuan(240000))
	case iy.at("zy", 1):
		// decoy (PROC_PAY_BEFORE_ACCEPT): payments add up to exactly the contract amount
		c := &contract{in: in, year: y, no: iy.contractNo(90), sign: mkday(y, 2, 26), vendor: eqv(2), subject: "购置数字化X线摄影系统(DR)",
			amount: yuan(1200000), method: "公开招标", tenderNo: iy.tenderNo(90), dept: "放射科", capex: true}
		cons = append(cons, c)
		c.accept, c.result = mkday(y, 4, 18), "合格"
		iy.pay(c, mkday(y, 4, 30), yuan(1080000))
		iy.pay(c, mkday(y, 10, 30), yuan(120000))
		a := newAsset(findEquip("数字化X线摄影系统(DR)"), c.amount, c.accept, "放射科")
		a.contractNo, a.approvalDate, a.expert = c.no, mkday(y, 1, 8), "是"
		a.approvalNo = iy.approvalNo(a.approvalDate, 90)
	case iy.at("zy", 2):
		// decoy (PROC_NO_TENDER): ¥1,500,000 单一来源 with a 招标编号 (single source approved
		// through the tender office)
		c := &contract{in: in, year: y, no: iy.contractNo(91), sign: mkday(y, 6, 2), vendor: mkVendor(region, "重庆医科放疗技术有限公司"),
			subject: "放射治疗计划系统升级(原厂)", amount: yuan(1500000), method: "单一来源", tenderNo: iy.tenderNo(91), dept: "肿瘤科"}
		cons = append(cons, c)
		iy.accept(c, mkday(y, 8, 20), r)
	}
	switch {
	case iy.at("fy", 1):
		// PROC_NO_TENDER (planted): ¥1,860,000 HIS upgrade by 单一来源 without a 招标编号
		c := &contract{in: in, year: y, no: iy.contractNo(92), sign: mkday(y, 4, 16), vendor: mkVendor(region, "重庆创智医疗软件有限公司"),
			subject: "医院信息管理系统(HIS)升级改造", amount: yuan(1860000), method: "单一来源", dept: "信息科"}
		cons = append(cons, c)
		iy.accept(c, mkday(y, 7, 30), r)
		iy.truth("PROC_NO_TENDER", c.no, "¥1,860,000 单一来源 without 招标编号", iy.ev(iy.contractFile(), c.no))
	case iy.at("zc", 0):
		// PROC_NO_TENDER (planted): ¥1,250,000 maintenance contract with no method at all
		c := &contract{in: in, year: y, no: iy.contractNo(92), sign: mkday(y, 3, 1), vendor: mkVendor(region, "山东鲁维医疗设备维修有限公司"),
			subject: "全院医疗设备维保服务", amount: yuan(1250000), method: "", dept: "设备科"}
		cons = append(cons, c)
		iy.acceptService(c, mkday(y, 3, 15), r)
		iy.truth("PROC_NO_TENDER", c.no, "¥1,250,000, 采购方式 blank", iy.ev(iy.contractFile(), c.no))
	}

	// --- planted equipment and decoys ---
	switch {
	case iy.at("rm", 1):
		// EQUIP_UNAPPROVED_PURCHASE (planted): a 64-slice CT (大型医用设备, ¥6,800,000) signed
		// 5 March, bought (入账) 10 April, its configuration licence dated 20 July.
		k := findEquip("64排X线计算机断层扫描仪(CT)")
		c := &contract{in: in, year: y, no: iy.contractNo(93), sign: mkday(y, 3, 5), vendor: eqv(3), subject: "购置" + k.name,
			amount: yuan(6800000), method: "公开招标", tenderNo: iy.tenderNo(93), dept: "放射科", capex: true}
		cons = append(cons, c)
		iy.accept(c, mkday(y, 4, 10), r)
		a := newAsset(k, c.amount, mkday(y, 4, 10), "放射科")
		a.contractNo, a.approvalDate, a.expert = c.no, mkday(y, 7, 20), "是"
		a.approvalNo = fmt.Sprintf("渝卫规划许〔%d〕07号", y)
		a.no = iy.assetNo(y, 901)
		iy.truth("EQUIP_UNAPPROVED_PURCHASE", a.no, "CT bought 4/10 (contract 3/5), licence dated 7/20",
			iy.ev(iy.equipFile(), a.no))
	case iy.at("zc", 2):
		// EQUIP_UNAPPROVED_PURCHASE (planted): a DSA (¥5,200,000) with no approval number and
		// no expert review.
		k := findEquip("数字化X线摄影系统(DR)")
		k.name, k.model, k.class = "数字减影血管造影系统(DSA)", "XC-DSA9", "大型医用设备"
		c := &contract{in: in, year: y, no: iy.contractNo(93), sign: mkday(y, 5, 8), vendor: eqv(3), subject: "购置" + k.name,
			amount: yuan(5200000), method: "公开招标", tenderNo: iy.tenderNo(93), dept: "介入科", capex: true}
		cons = append(cons, c)
		iy.accept(c, mkday(y, 7, 2), r)
		a := newAsset(k, c.amount, mkday(y, 7, 2), "介入科")
		a.contractNo, a.expert = c.no, "否"
		a.no = iy.assetNo(y, 901)
		iy.truth("EQUIP_UNAPPROVED_PURCHASE", a.no, "DSA ¥5.2M without 配置许可 and without expert review",
			iy.ev(iy.equipFile(), a.no))
	case iy.at("zy", 1):
		// decoy (EQUIP_UNAPPROVED_PURCHASE): MR approved on the very day the contract was signed
		k := findEquip("1.5T磁共振成像系统(MR)")
		c := &contract{in: in, year: y, no: iy.contractNo(93), sign: mkday(y, 5, 12), vendor: eqv(3), subject: "购置" + k.name,
			amount: yuan(9300000), method: "公开招标", tenderNo: iy.tenderNo(93), dept: "放射科", capex: true}
		cons = append(cons, c)
		iy.accept(c, mkday(y, 8, 1), r)
		a := newAsset(k, c.amount, mkday(y, 8, 1), "放射科")
		a.contractNo, a.approvalDate, a.expert = c.no, mkday(y, 5, 12), "是"
		a.approvalNo = fmt.Sprintf("渝卫规划许〔%d〕19号", y)
	case iy.at("ey", 1):
		// decoy (EQUIP_UNAPPROVED_PURCHASE): ¥598,000 analyser, no approval and no review,
		// but neither large equipment nor ≥ ¥1,000,000
		k := findEquip("全自动血细胞分析仪")
		c := &contract{in: in, year: y, no: iy.contractNo(93), sign: mkday(y, 3, 3), vendor: eqv(3), subject: "购置" + k.name,
			amount: yuan(598000), method: "询价", dept: "检验科", capex: true}
		cons = append(cons, c)
		iy.accept(c, mkday(y, 4, 2), r)
		a := newAsset(k, c.amount, mkday(y, 4, 2), "检验科")
		a.contractNo, a.expert = c.no, "否"
	}

	// scrapped and pending assets (bought before the data starts)
	assets = append(assets, iy.scrappedAssets(r)...)
	cons = append(cons, iy.extraContracts...)
	sort.SliceStable(assets, func(i, j int) bool { return assets[i].dept < assets[j].dept })

	for _, c := range cons {
		g.observe(c)
	}
	for _, a := range assets {
		g.observe(a)
	}
	if err := iy.writeContracts(cons); err != nil {
		return err
	}
	if err := iy.writePayments(); err != nil {
		return err
	}
	return iy.writeEquipment(assets)
}

// accept sets a goods contract's acceptance and pays 95 % after it (the 5 % retention a year
// later), carrying payments that fall in later years.
func (iy *instYear) accept(c *contract, acc day, r *rng) {
	last := iy.g.assess
	if acc > last {
		return // not accepted by the end of the data: no payment either
	}
	c.accept, c.result = acc, pick(r, []string{"合格", "验收合格", "合格"})
	p1 := acc + day(5+r.intn(25))
	if p1 <= last {
		iy.pay(c, p1, c.amount*95/100)
	}
	if p2 := acc + 370; p2 <= last {
		iy.pay(c, p2, c.amount-c.amount*95/100)
	}
}

// acceptService: service contracts are accepted when the provider starts (进场验收) and paid
// quarterly in arrears, 4 × 24 % (the last 4 % after the year's assessment, not paid here).
func (iy *instYear) acceptService(c *contract, acc day, r *rng) {
	c.accept, c.result = acc, "进场验收合格"
	y := iy.year
	for q := 1; q <= 4; q++ {
		d := mkday(y, time.Month(3*q), 25)
		if d <= acc {
			d = acc + 5
		}
		iy.pay(c, d, c.amount*24/100)
	}
}

func (iy *instYear) pay(c *contract, d day, amt fen) {
	p := &payment{in: iy.in, contract: c.no, date: d, amount: amt, payee: c.vendor.name, capex: c.capex}
	st := iy.st
	st.pending = append(st.pending, p)
}

func (iy *instYear) contractNo(seq int) string {
	switch iy.in.variant("contractno", 3) {
	case 0:
		return fmt.Sprintf("%s-HT-%d-%03d", iy.in.prefix, iy.year, seq)
	case 1:
		return fmt.Sprintf("%sHT%d%04d", iy.in.prefix, iy.year, seq)
	}
	return fmt.Sprintf("(%d)%s合字第%03d号", iy.year, iy.in.prefix, seq)
}

func (iy *instYear) tenderNo(seq int) string {
	if iy.in.zibo {
		return fmt.Sprintf("ZBCG-%d-%04d", iy.year, 300+seq)
	}
	return fmt.Sprintf("BNCG%d-%04d", iy.year, 100+seq)
}

func (iy *instYear) approvalNo(d day, i int) string {
	if iy.in.zibo {
		return fmt.Sprintf("鲁卫规划许〔%d〕%02d号", d.year(), 10+i%80)
	}
	return fmt.Sprintf("巴卫论〔%d〕%02d号", d.year(), 10+i%80)
}

func (iy *instYear) assetNo(y, seq int) string {
	return fmt.Sprintf("%s-ZC-%d-%04d", iy.in.prefix, y, seq)
}

func (iy *instYear) clinicalDepts() []string {
	var out []string
	for _, d := range iy.in.depts {
		out = append(out, d.name)
	}
	return out
}

// scrappedAssets are the year's scrap events and pending scraps of older assets.
func (iy *instYear) scrappedAssets(r *rng) []*asset {
	in, y := iy.in, iy.year
	var out []*asset
	var kinds []equipKind
	for _, k := range equipKinds {
		// old assets are all under ¥1,000,000: an old scrapped asset is never large equipment
		// whose approval a reader could look for
		if k.forTier(in.tier) && k.class != "大型医用设备" && k.life <= 8 && k.hi < 1e6 {
			kinds = append(kinds, k)
		}
	}
	n := map[string]int{"三级": 5, "二级": 3, "基层": 2}[in.tier]
	mk := func(k equipKind, purchaseYear, seq int) *asset {
		p := mkday(purchaseYear, time.Month(1+r.intn(12)), 1+r.intn(28))
		return &asset{in: in, year: y, no: iy.assetNo(purchaseYear, 500+seq), name: k.name, model: k.model, class: k.class,
			value: yuan(r.uniform(k.lo, k.hi)).roundYuan(), purchase: p, life: k.life, dept: pick(r, iy.clinicalDepts())}
	}
	scrapOK := func(a *asset, d day) {
		a.status, a.scrap = "已报废", d
		a.scrapNo = fmt.Sprintf("%s报废〔%d〕%02d号", in.prefix, d.year(), 1+r.intn(40))
		a.disposal = pick(r, []string{"交由再生资源回收公司回收", "公开拍卖处置", "移交区财政局统一处置"})
		a.physical = "是"
	}
	for i := 0; i < n; i++ {
		k := pick(r, kinds)
		a := mk(k, y-k.life-1-r.intn(4), i)
		d := mkday(y, time.Month(1+r.intn(12)), 5+r.intn(20))
		if a.purchase.addMonths(12*k.life) > d {
			d = a.purchase.addMonths(12 * k.life)
		}
		if d.year() != y {
			continue
		}
		scrapOK(a, d)
		out = append(out, a)
	}
	// one asset waiting for its scrap approval (待报废): no scrap date, number or disposal yet
	pk := pick(r, kinds)
	p := mk(pk, y-pk.life-2, 40)
	p.status = "待报废"
	out = append(out, p)

	switch {
	case iy.at("ey", 1):
		// EQUIP_SCRAP_NO_PHYSICAL (planted): a monitor recorded 已报废 with approval and disposal,
		// but the asset is not there (实物核验 否).
		a := mk(findEquip("多参数监护仪"), y-6, 60)
		a.purchase = mkday(y-6, 3, 12)
		a.no = iy.assetNo(y-6, 560)
		scrapOK(a, mkday(y, 9, 16))
		a.physical = "否"
		out = append(out, a)
		iy.truth("EQUIP_SCRAP_NO_PHYSICAL", a.no, "已报废, 实物核验 = 否", iy.ev(iy.equipFile(), a.no))
	case iy.at("lz", 2):
		// EQUIP_SCRAP_NO_PHYSICAL (planted): an ECG machine scrapped with neither a scrap
		// approval number nor a disposal record.
		a := mk(findEquip("心电图机"), y-8, 61)
		a.purchase = mkday(y-8, 6, 3)
		a.no = iy.assetNo(y-8, 561)
		scrapOK(a, mkday(y, 6, 18))
		a.scrapNo, a.disposal = "", ""
		out = append(out, a)
		iy.truth("EQUIP_SCRAP_NO_PHYSICAL", a.no, "已报废 without 报废审批文号 and without 处置记录", iy.ev(iy.equipFile(), a.no))
	case iy.at("js", 1):
		// decoy (EQUIP_SCRAP_NO_PHYSICAL / EQUIP_EARLY_SCRAP_REBUY): scrapped on the last day of
		// its useful life, with every record
		k := findEquip("全自动血细胞分析仪")
		a := mk(k, y-k.life, 62)
		a.purchase = mkday(y-k.life, 5, 20)
		a.no = iy.assetNo(y-k.life, 562)
		scrapOK(a, mkday(y, 5, 20))
		out = append(out, a)
	case iy.at("zy", 1):
		// EQUIP_EARLY_SCRAP_REBUY (planted): a gastroscope system bought 2019-06-18 with an
		// 8-year life, scrapped 2025-03-12 (early, fully documented) and the same model bought
		// again on 2025-10-09 (211 days later).
		k := findEquip("电子胃肠镜系统")
		a := mk(k, y-6, 63)
		a.purchase = mkday(y-6, 6, 18)
		a.no = iy.assetNo(y-6, 117)
		a.dept = "中医内科"
		scrapOK(a, mkday(y, 3, 12))
		out = append(out, a)
		b := &asset{in: in, year: y, no: iy.assetNo(y, 902), name: k.name, model: k.model, class: k.class, value: yuan(428000),
			purchase: mkday(y, 10, 9), dept: "中医内科", status: "在用", life: k.life}
		c := &contract{in: in, year: y, no: iy.contractNo(94), sign: mkday(y, 8, 28), vendor: cqEquipVendors[1], subject: "购置" + k.name,
			amount: b.value, method: "竞争性磋商", dept: "中医内科", capex: true}
		b.contractNo = c.no
		iy.extraContracts = append(iy.extraContracts, c)
		iy.accept(c, b.purchase, r)
		out = append(out, b)
		iy.truth("EQUIP_EARLY_SCRAP_REBUY", a.no, "scrapped 2025-03-12 after 5.7 of 8 years, same model bought 2025-10-09",
			iy.ev(iy.equipFile(), a.no))
	case iy.at("zy", 2):
		// decoy (EQUIP_SCRAP_NO_PHYSICAL): 待报废 without approval — not 已报废
		a := mk(findEquip("麻醉机"), y-7, 64)
		a.status = "待报废"
		out = append(out, a)
	case iy.at("jw", 0):
		// decoy (EQUIP_EARLY_SCRAP_REBUY): scrapped early on 2024-02-20; the same model bought
		// again on 2025-04-01, 406 days later (see the next year)
		k := findEquip("有创呼吸机")
		a := mk(k, y-4, 65)
		a.purchase = mkday(y-4, 2, 10)
		a.no = iy.assetNo(y-4, 565)
		a.dept = "精神科一病区"
		scrapOK(a, mkday(y, 2, 20))
		out = append(out, a)
	case iy.at("jw", 1):
		k := findEquip("有创呼吸机")
		b := &asset{in: in, year: y, no: iy.assetNo(y, 903), name: k.name, model: k.model, class: k.class, value: yuan(318000),
			purchase: mkday(y, 4, 1), dept: "精神科一病区", status: "在用", life: k.life}
		c := &contract{in: in, year: y, no: iy.contractNo(94), sign: mkday(y, 2, 26), vendor: cqEquipVendors[2], subject: "购置" + k.name,
			amount: b.value, method: "询价", dept: "精神科一病区", capex: true}
		b.contractNo = c.no
		iy.extraContracts = append(iy.extraContracts, c)
		iy.accept(c, b.purchase, r)
		out = append(out, b)
	}
	return out
}
