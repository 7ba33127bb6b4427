package samples

// syn picks one header synonym for a field of a kind, the same every time for an institution
// and different between institutions (hospital systems export different headers).
func (in *inst) syn(kind string, field int, options ...string) string {
	return options[labelHash([]any{"syn", kind, in.key, field})%uint64(len(options))]
}

// variant picks one of n variants for an institution and a purpose.
func (in *inst) variant(purpose string, n int) int {
	return int(labelHash([]any{"variant", purpose, in.key}) % uint64(n))
}

// vendor is a company the institutions buy from.
type vendor struct {
	name string
	code string // invented 统一社会信用代码-style code
}

func mkVendors(region string, names ...string) []vendor {
	out := make([]vendor, len(names))
	for i, n := range names {
		out[i] = vendor{name: n, code: fakeUSCC(region, n)}
	}
	return out
}

// fakeUSCC is an 18-character code shaped like a 统一社会信用代码 but invented ("XC" inside).
func fakeUSCC(region, name string) string {
	h := labelHash([]any{"uscc", name})
	const digits = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	b := []byte("91" + region + "XC")
	for len(b) < 18 {
		b = append(b, digits[h%uint64(len(digits))])
		h /= uint64(len(digits))
		if h == 0 {
			h = labelHash([]any{"uscc2", name, len(b)})
		}
	}
	return string(b)
}

var (
	cqDrugVendors = mkVendors("500113", "重庆渝康医药有限公司", "重庆华邦医药配送有限公司", "重庆佳乐医药有限公司",
		"重庆巴山医药有限公司", "重庆长江医药物流有限公司", "重庆康瑞医药有限公司", "重庆仁和医药有限公司",
		"重庆宏升医药有限公司", "重庆南泉医药有限公司")
	cqHVCVendors = mkVendors("500113", "重庆博瑞医疗器械有限公司", "重庆康联医疗科技有限公司", "重庆安泰骨科器械有限公司",
		"重庆瀚林医疗器械有限公司", "重庆创新医疗科技有限公司")
	cqLowVendors = mkVendors("500113", "重庆卫康医用耗材有限公司", "重庆锦程医疗用品有限公司", "重庆佳美卫生材料有限公司",
		"重庆汇众医疗器械有限公司", "重庆天宇医疗用品有限公司", "重庆盛达医疗器械有限公司")
	cqReagentVendors = mkVendors("500113", "重庆迪安生物科技有限公司", "重庆科华检验试剂有限公司", "重庆恒瑞诊断技术有限公司",
		"重庆康诚生物科技有限公司", "重庆迈新生物工程有限公司")
	zbDrugVendors = mkVendors("370302", "淄博鲁康医药有限公司", "山东齐都医药物流有限公司", "淄博瑞阳医药有限公司",
		"山东鲁中医药有限公司", "淄博华康医药有限公司", "淄博金城医药有限公司", "山东博山医药有限公司", "淄博万杰医药有限公司")
	zbHVCVendors = mkVendors("370302", "淄博威高医疗器械经营有限公司", "山东鲁医骨科器械有限公司", "淄博康源医疗科技有限公司",
		"山东齐鲁心脉医疗器械有限公司")
	zbLowVendors = mkVendors("370302", "淄博鲁卫医用耗材有限公司", "山东淄川医疗用品有限公司", "淄博恒通医疗器械有限公司",
		"淄博安康卫生材料有限公司", "山东博仁医疗用品有限公司")
	zbReagentVendors = mkVendors("370302", "淄博迪瑞生物科技有限公司", "山东康华诊断试剂有限公司", "淄博英科生物技术有限公司",
		"山东鲁检医学检验有限公司")

	// vendors of the background off-platform purchases (items the platform does not list)
	cqHerbVendor   = vendor{name: "重庆渝中药材饮片有限公司", code: fakeUSCC("500113", "重庆渝中药材饮片有限公司")}
	cqCustomVendor = vendor{name: "重庆精工医疗科技有限公司", code: fakeUSCC("500113", "重庆精工医疗科技有限公司")}
	zbHerbVendor   = vendor{name: "淄博济众中药饮片有限公司", code: fakeUSCC("370302", "淄博济众中药饮片有限公司")}
	zbCustomVendor = vendor{name: "淄博精诚医疗科技有限公司", code: fakeUSCC("370302", "淄博精诚医疗科技有限公司")}
)

func mkVendor(region, name string) vendor { return vendor{name: name, code: fakeUSCC(region, name)} }

// vendorsFor picks n vendors of a pool for an institution, the same every year.
func vendorsFor(in *inst, category string, n int) []vendor {
	var pool []vendor
	switch category {
	case "药品":
		pool = cqDrugVendors
		if in.zibo {
			pool = zbDrugVendors
		}
	case "高值耗材":
		pool = cqHVCVendors
		if in.zibo {
			pool = zbHVCVendors
		}
	case "低值耗材":
		pool = cqLowVendors
		if in.zibo {
			pool = zbLowVendors
		}
	case "试剂":
		pool = cqReagentVendors
		if in.zibo {
			pool = zbReagentVendors
		}
	}
	if n > len(pool) {
		n = len(pool)
	}
	start := int(labelHash([]any{"vendors", in.key, category}) % uint64(len(pool)))
	out := make([]vendor, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, pool[(start+i)%len(pool)])
	}
	return out
}

// looks fixes, for the default district, which variant of each file's layout an institution
// exports (docs/SAMPLES.md tabulates them); institutions added beyond it get a hashed variant.
var looks = map[string]map[string]int{
	"rm": {"proc": 0, "contract": 0, "pay": 0, "equip": 0, "payroll": 0, "rev": 0, "ledger": 0, "budget": 0, "his": 0, "claims": 0, "rect": 0, "pos": 0, "self": 0, "inventory": 1},
	"ey": {"proc": 1, "contract": 2, "pay": 1, "equip": 1, "payroll": 1, "rev": 1, "ledger": 1, "budget": 1, "his": 1, "claims": 1, "rect": 1, "pos": 1, "self": 1},
	"js": {"proc": 2, "contract": 2, "pay": 1, "equip": 0, "payroll": 2, "rev": 2, "ledger": 2, "budget": 2, "his": 2, "claims": 2, "rect": 0, "pos": 0, "self": 2, "inventory": 1},
	"zy": {"proc": 3, "contract": 0, "pay": 2, "equip": 1, "payroll": 0, "rev": 3, "ledger": 0, "budget": 1, "his": 0, "claims": 3, "rect": 1, "pos": 1, "self": 0, "inventory": 0},
	"fy": {"proc": 2, "contract": 1, "pay": 0, "equip": 0, "payroll": 1, "rev": 0, "ledger": 1, "budget": 0, "his": 1, "claims": 0, "rect": 0, "pos": 0, "self": 1, "inventory": 0},
	"jj": {"proc": 1, "contract": 0, "pay": 2, "equip": 1, "payroll": 2, "rev": 2, "ledger": 2, "budget": 2, "his": 2, "claims": 2, "rect": 1, "pos": 1, "self": 2},
	"jw": {"proc": 0, "contract": 1, "pay": 0, "equip": 0, "payroll": 1, "rev": 1, "ledger": 0, "budget": 1, "his": 0, "claims": 1, "rect": 0, "pos": 0, "self": 0},
	"lz": {"proc": 2, "contract": 2, "pay": 1, "equip": 1, "payroll": 2, "rev": 2, "ledger": 2, "budget": 2, "his": 1, "claims": 2, "rect": 1, "pos": 1, "self": 2},
	"zc": {"proc": 3, "contract": 1, "pay": 2, "equip": 0, "payroll": 0, "rev": 3, "ledger": 1, "budget": 0, "his": 2, "claims": 3, "rect": 0, "pos": 0, "self": 1},
}

// look is the layout variant (0 … n-1) of a kind of file for an institution.
func (in *inst) look(kind string, n int) int {
	if m, ok := looks[in.key]; ok {
		if v, ok := m[kind]; ok {
			return v % n
		}
	}
	return in.variant(kind, n)
}
