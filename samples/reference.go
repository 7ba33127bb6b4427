package samples

import (
	"strconv"
	"strings"
	"time"
)

// RegistryFile and ReferenceDir are where the registry and the reference lists are written.
const (
	RegistryFile = "机构名录.xlsx"
	ReferenceDir = "参考目录"
)

func (g *gen) writeRegistry() error {
	b := g.newBook(RegistryFile, "institutions", "巴南区卫生健康委员会", mkday(g.years[0], 1, 5))
	lay := layout{titles: []string{"巴南区医疗卫生机构名录（含交叉检查单位）"}}
	h := []string{"序号", "机构编码", "机构名称", "简称", "医院等级", "机构类别", "所在区县", "市"}
	codes := g.d != nil && g.d.registryCodes
	if codes {
		h = append(h, "医保定点编码")
	}
	s := b.sheet("机构名录", lay, h)
	for i, in := range g.insts {
		row := []cell{num(float64(i + 1)), tx(in.code), tx(in.name), tx(strings.Join(in.aliases, "、")), tx(in.grade), tx(in.category),
			tx(in.district), tx(in.city)}
		if codes {
			row = append(row, tx(in.insuranceCode()))
		}
		s.add(row...)
		g.observe(in)
	}
	if err := s.end(); err != nil {
		return err
	}
	return b.close()
}

func (g *gen) writeReference() error {
	when := mkday(g.years[0], 1, 2)
	cat := g.cat

	// price list (医疗服务价格)
	b := g.newBook(ReferenceDir+"/医疗服务价格目录.xlsx", "price_list", "重庆市医疗保障局", when)
	s := b.sheet("医疗服务价格", layout{titles: []string{"医疗服务项目价格表（节选，最高限价为三级医疗机构价格）"}},
		[]string{"项目编码", "项目名称", "计价单位", "最高限价（元）", "限定性别", "最小年龄", "最大年龄", "每日限量", "说明"})
	for _, sv := range cat.services {
		ageMin, ageMax, qty := empty(), empty(), empty()
		if sv.ageMin >= 0 {
			ageMin = num(float64(sv.ageMin))
		}
		if sv.ageMax >= 0 {
			ageMax = num(float64(sv.ageMax))
		}
		if sv.maxQty > 0 {
			qty = num(float64(sv.maxQty))
		}
		note := ""
		if sv.bedOnly {
			note = "床位/护理类"
		}
		s.add(tx(sv.code), tx(sv.name), tx(sv.unit), num(sv.max.float()), tx(sv.gender), ageMin, ageMax, qty, tx(note))
	}
	if err := s.end(); err != nil {
		return err
	}
	if err := b.close(); err != nil {
		return err
	}

	// platform catalog (挂网目录): every formulary drug and the listed consumables and reagents
	t := g.newCSV(ReferenceDir+"/集中采购平台挂网目录.csv", "platform_catalog", encUTF8BOM, ',', layout{money: mfFixed},
		[]string{"挂网编码", "产品名称", "规格", "类别", "挂网价"})
	for _, d := range cat.drugs {
		if d.platform {
			t.add(tx(d.code), tx(d.name), tx(d.spec), tx("药品"), mo(d.price))
		}
	}
	for _, m := range cat.materials {
		if m.platform {
			t.add(tx(m.code), tx(m.name), tx(m.spec), tx(m.category), mo(m.price))
		}
	}
	if err := t.end(); err != nil {
		return err
	}

	// essential drugs (基本药物目录)
	b = g.newBook(ReferenceDir+"/国家基本药物目录.xlsx", "essential_drugs", "国家卫生健康委", when)
	s = b.sheet("基本药物", layout{titles: []string{"国家基本药物目录（2018年版，本地区在用品种）"}}, []string{"序号", "药品编码", "通用名", "剂型"})
	n := 0
	for _, d := range cat.drugs {
		if !d.essential {
			continue
		}
		n++
		s.add(num(float64(n)), tx(d.code), tx(d.name), tx(dosageForm(d.name)))
	}
	if err := s.end(); err != nil {
		return err
	}
	if err := b.close(); err != nil {
		return err
	}

	// charge bundles (收费项目内涵: an included item not to be billed beside its main item)
	b = g.newBook(ReferenceDir+"/收费项目内涵重复收费规则.xlsx", "charge_bundles", "重庆市医疗保障局", when)
	s = b.sheet("重复收费规则", layout{titles: []string{"医疗服务项目内涵重复收费规则（节选）"}},
		[]string{"序号", "主项目编码", "主项目名称", "内涵项目编码", "内涵项目名称", "说明"})
	for i, cb := range chargeBundles {
		s.add(num(float64(i+1)), tx(cb[0]), tx(cb[1]), tx(cb[2]), tx(cb[3]), tx(cb[4]))
	}
	if err := s.end(); err != nil {
		return err
	}
	if err := b.close(); err != nil {
		return err
	}

	// large medical equipment list
	b = g.newBook(ReferenceDir+"/大型医用设备配置目录.xlsx", "large_equipment_list", "国家卫生健康委", when)
	s = b.sheet("配置许可目录", layout{}, []string{"序号", "设备名称", "管理类别", "是否需配置许可"})
	for i, e := range largeEquipment {
		s.add(num(float64(i+1)), tx(e[0]), tx(e[1]), tx(e[2]))
	}
	if err := s.end(); err != nil {
		return err
	}
	return b.close()
}

func dosageForm(name string) string {
	for _, f := range []struct{ suffix, form string }{
		{"注射液", "注射剂"}, {"片", "片剂"}, {"胶囊", "胶囊剂"}, {"颗粒", "颗粒剂"}, {"散", "散剂"}, {"栓", "栓剂"},
		{"口服液", "口服溶液剂"}, {"溶液", "口服溶液剂"}, {"混悬液", "混悬剂"}, {"丸", "丸剂"}, {"膏", "贴膏剂"},
	} {
		if strings.Contains(name, f.suffix) {
			return f.form
		}
	}
	if strings.HasPrefix(name, "注射用") {
		return "注射剂"
	}
	return "其他"
}

var _ = strconv.Itoa
var _ = time.January
