package samples

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

type staffMember struct {
	id, name, dept, position, title string
	post                            fen // 岗位工资
	grade                           fen // 薪级工资
	basicPerf                       fen // 基础性绩效
	reward                          fen // 奖励性绩效 at a multiplier of 1
	allowance                       fen // 津贴补贴
	gp                              bool
	gpAmt                           fen
	village                         bool
	vAdvance                        fen // 乡村医生补助, monthly advance
	vSettle                         fen // 乡村医生补助季度结算, paid in the last month of each quarter
	clinical                        bool
	doctor                          bool
}

// payRow is one person's pay in one month (canonical form of the wide payroll).
type payRow struct {
	in     *inst
	year   int
	month  int
	s      *staffMember
	items  []payItem
	gross  fen
	net    fen
	remark string
}

type payItem struct {
	name string
	amt  fen
	set  bool // false: blank cell
}

// revRow is one department's revenue in one month (canonical form of dept_revenue).
type revRow struct {
	in    *inst
	year  int
	month int
	dept  string
	amt   [nRevCat]fen
}

// keyPost is the key post (采购 / 财务 / 药剂 / 设备 / 基建) a department's holder fills.
func keyPost(in *inst, dept string) string {
	switch dept {
	case "采购中心":
		return "采购"
	case "财务科", "财务室":
		return "财务"
	case "药剂科", "药房":
		return "药剂"
	case "设备科":
		return "设备"
	case "总务科":
		return "基建"
	case "院办公室":
		if in.primary() {
			return "采购"
		}
	}
	return ""
}

func (g *gen) buildRoster(in *inst) []*staffMember {
	r := newRNG(g.seed, "roster", in.key)
	var out []*staffMember
	seq := 0
	add := func(dept, position, title string, doctor, clinical bool, name string) *staffMember {
		seq++
		if name == "" {
			name = g.names.next()
		}
		id := fmt.Sprintf("%s%04d", in.staffPfx, seq*3+r.intn(3))
		s := &staffMember{id: id, name: name, dept: dept, position: position, title: title, doctor: doctor, clinical: clinical}
		lvl := 1.0
		switch {
		case doctor:
			lvl = r.uniform(1.2, 2.2)
		case clinical:
			lvl = r.uniform(0.9, 1.4)
		default:
			lvl = r.uniform(0.8, 1.5)
		}
		if in.primary() {
			lvl *= 0.75
		}
		s.post = yuan(math.Round(1680 * lvl))
		s.grade = yuan(math.Round(r.uniform(600, 2400)))
		s.basicPerf = yuan(math.Round(2200 * lvl))
		s.reward = yuan(math.Round(2600 * lvl * r.uniform(0.8, 1.2)))
		s.allowance = yuan(800)
		out = append(out, s)
		return s
	}
	docTitles := []string{"主任医师", "副主任医师", "主治医师", "主治医师", "住院医师"}
	nurseTitles := []string{"主管护师", "护师", "护师", "护士"}
	nn := map[string]int{"三级": 10, "二级": 6, "基层": 2}[in.tier]
	for _, d := range in.depts {
		for i, doc := range d.docs {
			pos, title := "临床医师", docTitles[i%len(docTitles)]
			if in.primary() {
				title = []string{"主治医师", "医师", "执业助理医师"}[i%3]
				if d.name == "门诊部" && i < 3 {
					pos, title = "全科医生", []string{"全科主治医师", "全科医师", "全科医师"}[i]
				}
				if d.name == "中医科" {
					title = "中医师"
				}
			}
			s := add(d.name, pos, title, true, true, doc)
			if pos == "全科医生" {
				s.gp = true
				s.gpAmt = yuan(300)
				if r.chance(0.5) && in.key != "js" {
					s.gpAmt = yuan(400)
				}
			}
		}
		n := nn
		if d.inBase == 0 && !in.primary() {
			n = nn / 2
		}
		for i := 0; i < n; i++ {
			add(d.name, "护士", nurseTitles[i%len(nurseTitles)], false, true, "")
		}
	}
	var support []struct {
		dept string
		n    int
	}
	if in.primary() {
		support = []struct {
			dept string
			n    int
		}{{"公共卫生科", 4}, {"药房", 2}, {"财务室", 2}, {"院办公室", 2}}
	} else {
		k := 1
		if in.tier == "三级" {
			k = 2
		}
		support = []struct {
			dept string
			n    int
		}{{"检验科", 6 * k}, {"放射科", 5 * k}, {"药剂科", 5 * k}, {"院办公室", 2 * k}, {"财务科", 3 * k}, {"采购中心", 2 * k},
			{"设备科", 2 * k}, {"总务科", 2 * k}, {"信息科", 2 * k}, {"医务科", 2 * k}}
	}
	for _, sp := range support {
		for i := 0; i < sp.n; i++ {
			pos := "管理"
			title := []string{"会计师", "助理会计师", "经济师", "科员"}[i%4]
			clinical := false
			switch sp.dept {
			case "检验科":
				pos, title, clinical = "技师", []string{"主管检验师", "检验师", "检验士"}[i%3], true
			case "放射科":
				pos, title, clinical = "技师", []string{"副主任医师", "主管技师", "技师"}[i%3], true
			case "药剂科", "药房":
				pos, title = "药师", []string{"主管药师", "药师", "药士"}[i%3]
			case "公共卫生科":
				pos, title = "公卫医师", []string{"主治医师", "医师"}[i%2]
			}
			add(sp.dept, pos, title, false, clinical, "")
		}
	}
	for _, v := range in.villages {
		s := add("村卫生室", "乡村医生", "乡村医生", false, false, "")
		s.dept = "村卫生室(" + v + ")"
		s.post, s.grade, s.basicPerf, s.reward, s.allowance = 0, 0, 0, 0, 0
		s.village = true
		s.vAdvance = yuan(math.Round(r.uniform(8, 12)) * 100)
		s.vSettle = yuan(math.Round(r.uniform(15, 24)) * 100)
	}
	return out
}

// revenueDepts are the departments with revenue: clinical ones and, in hospitals, 检验科 and
// 放射科 (their payroll departments have the same names).
func (in *inst) revenueDepts() []string {
	var out []string
	for _, d := range in.depts {
		out = append(out, d.name)
	}
	if !in.primary() {
		out = append(out, "检验科", "放射科")
	}
	return out
}

func (in *inst) deptByName(name string) *dept {
	for _, d := range in.depts {
		if d.name == name {
			return d
		}
	}
	return nil
}

// revShares are the category shares of a department's revenue.
func revShares(in *inst, name string) [nRevCat]float64 {
	switch name {
	case "检验科":
		return [nRevCat]float64{0, .05, 0, .92, 0, 0, 0, 0, 0, .03}
	case "放射科":
		return [nRevCat]float64{0, .06, .90, 0, 0, 0, 0, 0, 0, .04}
	}
	d := in.deptByName(name)
	if d != nil && d.inBase == 0 {
		return [nRevCat]float64{.40, .05, .12, .12, .15, 0, .02, 0, .10, .04}
	}
	s := [nRevCat]float64{.28, .14, .08, .08, .12, .10, .05, .06, .03, .06}
	if d != nil && d.surgery == "" {
		s[5] = 0.01
	}
	return s
}

func revBase(in *inst, name string) float64 {
	if d := in.deptByName(name); d != nil {
		return d.revBase
	}
	if in.tier == "三级" {
		return map[string]float64{"检验科": 3.2e6, "放射科": 2.9e6}[name]
	}
	return map[string]float64{"检验科": 1.1e6, "放射科": 0.9e6}[name]
}

// deptRevenue makes the monthly revenue of every department (and from it the HIS income and
// the ledger's income) and writes dept_revenue.
func (iy *instYear) deptRevenue() error {
	in := iy.in
	iy.revDept = map[string]*[13][nRevCat]fen{}
	var rows []*revRow
	growth := math.Pow(1.04, float64(iy.year-2024))
	for _, name := range in.revenueDepts() {
		r := iy.rng("rev", name)
		sh := revShares(in, name)
		var sum float64
		for _, x := range sh {
			sum += x
		}
		series := &[13][nRevCat]fen{}
		for m := 1; m <= 12; m++ {
			vol := 1 + 0.07*math.Sin(float64(m)/12*2*math.Pi) + 0.08*r.norm()
			rw := &revRow{in: in, year: iy.year, month: m, dept: name}
			for c := 0; c < nRevCat; c++ {
				if sh[c] == 0 {
					continue
				}
				v := revBase(in, name) * growth * sh[c] / sum * vol * (1 + 0.04*r.norm())
				rw.amt[c] = yuan(math.Round(v))
				series[m][c] = rw.amt[c]
				iy.rev[m][c] += rw.amt[c]
			}
			rows = append(rows, rw)
		}
		iy.revDept[name] = series
	}
	for _, rw := range rows {
		iy.g.observe(rw)
	}
	return iy.writeDeptRevenue(rows)
}

// revSub is a department's monthly 药品+卫生材料+检查+化验 revenue (the PAY_TIED_TO_REVENUE series).
func (iy *instYear) revSub(dept string) []float64 {
	s := iy.revDept[dept]
	out := make([]float64, 12)
	for m := 1; m <= 12; m++ {
		for _, c := range []int{0, 1, 2, 3} {
			out[m-1] += s[m][c].float()
		}
	}
	return out
}

func (iy *instYear) revTotal(dept string) []float64 {
	s := iy.revDept[dept]
	out := make([]float64, 12)
	for m := 1; m <= 12; m++ {
		for c := 0; c < nRevCat; c++ {
			out[m-1] += s[m][c].float()
		}
	}
	return out
}

// rewardMultipliers draws the monthly multiplier of a department's 奖励性绩效. In the background
// it is drawn until its correlation with the department's revenue (the 4 categories and the
// total) is below 0.5 in absolute value; a planted department follows its revenue.
func (iy *instYear) rewardMultipliers(dept string) []float64 {
	r := iy.rng("reward", dept)
	sub, tot := iy.revSub(dept), iy.revTotal(dept)
	m := make([]float64, 12)
	within := func(lo, hi float64) bool {
		a, b := pearson(m, sub), pearson(m, tot)
		return a >= lo && a <= hi && b >= lo-0.1 && b <= hi+0.1
	}
	z := zscores(sub)
	switch {
	case iy.at("rm", 1) && dept == "心血管内科":
		// PAY_TIED_TO_REVENUE (planted, high): 奖励性绩效 is 6 % of the department's drug,
		// material, exam and lab revenue month by month (r ≈ 0.99, the pay/revenue ratio
		// nearly constant).
		for {
			for i := range m {
				m[i] = sub[i] / mean(sub) * (1 + 0.01*r.norm())
			}
			if pearson(m, sub) >= 0.97 {
				break
			}
		}
		iy.truth("PAY_TIED_TO_REVENUE", dept, "奖励性绩效 ∝ 药品+卫材+检查+化验 revenue, r ≈ 0.99",
			iy.ev(iy.payrollFile(), dept), iy.ev(iy.revFile(), dept))
		return m
	case iy.at("zc", 2) && dept == "骨科":
		// PAY_TIED_TO_REVENUE (planted, medium): r between 0.86 and 0.93, ratio not fixed
		for {
			for i := range m {
				m[i] = 1 + 0.18*(0.9*z[i]+0.44*r.norm())
			}
			if within(0.86, 0.93) && pearson(m, sub) >= 0.86 {
				break
			}
		}
		iy.truth("PAY_TIED_TO_REVENUE", dept, "奖励性绩效 follows revenue, r ≈ 0.9",
			iy.ev(iy.payrollFile(), dept), iy.ev(iy.revFile(), dept))
		return m
	case iy.at("ey", 1) && dept == "呼吸内科":
		// decoy: r ≈ 0.6
		for {
			for i := range m {
				m[i] = 1 + 0.12*(0.6*z[i]+0.8*r.norm())
			}
			if within(0.57, 0.63) {
				return m
			}
		}
	case iy.at("zy", 2) && dept == "针灸推拿科":
		// decoy: r ≈ 0.72
		for {
			for i := range m {
				m[i] = 1 + 0.12*(0.72*z[i]+0.69*r.norm())
			}
			if within(0.69, 0.75) && pearson(m, tot) < 0.78 {
				return m
			}
		}
	}
	for {
		for i := range m {
			m[i] = 1 + 0.1*r.norm()
		}
		a, b := pearson(m, sub), pearson(m, tot)
		if math.Abs(a) < 0.5 && math.Abs(b) < 0.5 {
			return m
		}
	}
}

func mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func zscores(x []float64) []float64 {
	mu := mean(x)
	var s float64
	for _, v := range x {
		s += (v - mu) * (v - mu)
	}
	sd := math.Sqrt(s / float64(len(x)))
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = (v - mu) / sd
	}
	return out
}

// payroll writes the payroll (wide) of the year.
func (iy *instYear) payroll() error {
	g, in, y := iy.g, iy.in, iy.year
	st := iy.st
	if st.staff == nil {
		st.staff = g.buildRoster(in)
	}
	mult := map[string][]float64{}
	for _, d := range in.revenueDepts() {
		mult[d] = iy.rewardMultipliers(d)
	}
	other := iy.rng("reward-other")
	otherMult := make([]float64, 12)
	for i := range otherMult {
		otherMult[i] = 1 + 0.05*other.norm()
	}
	commission := iy.at("ey", 1) // PAY_REVENUE_COMMISSION planted: 开单提成 in 放射科
	zeroColumn := iy.at("zy", 1) // decoy: a 收入提成 column that is all zero
	items := []string{"岗位工资", "薪级工资", "基础性绩效", "奖励性绩效", "津贴补贴"}
	if in.primary() {
		items = append(items, "全科医生补助")
		if len(in.villages) > 0 {
			items = append(items, "乡村医生补助", "乡村医生补助季度结算")
		}
	}
	if commission {
		items = append(items, "开单提成")
	}
	if zeroColumn {
		items = append(items, "收入提成")
	}
	if commission {
		iy.truth("PAY_REVENUE_COMMISSION", "放射科", "pay item 开单提成 > 0 for 放射科 staff every month",
			iy.ev(iy.payrollFile(), "开单提成"))
	}
	var gpMissing, gpLow, vMissing, vLate *staffMember
	for _, s := range st.staff {
		switch {
		case s.gp && gpMissing == nil && iy.at("jj", 1):
			gpMissing = s
		case s.gp && gpLow == nil && iy.at("lz", 2):
			gpLow = s
		case s.village && vMissing == nil && iy.at("js", 1):
			vMissing = s
		case s.village && vLate == nil && iy.at("jj", 2):
			vLate = s
		}
	}
	if gpMissing != nil {
		// PAY_GP_SUPPLEMENT_MISSING (planted): a GP without 全科医生补助 from April to September
		iy.truth("PAY_GP_SUPPLEMENT_MISSING", gpMissing.id, "全科医生补助 blank in months 4–9", iy.ev(iy.payrollFile(), gpMissing.id))
	}
	if gpLow != nil {
		// PAY_GP_SUPPLEMENT_MISSING (planted): a GP paid ¥200 a month (< ¥300)
		iy.truth("PAY_GP_SUPPLEMENT_MISSING", gpLow.id, "全科医生补助 ¥200 every month (< ¥300)", iy.ev(iy.payrollFile(), gpLow.id))
	}
	if vMissing != nil {
		// PAY_VILLAGE_SUBSIDY_LATE (planted): no 乡村医生补助 advance in April and May
		iy.truth("PAY_VILLAGE_SUBSIDY_LATE", vMissing.id, "no 乡村医生补助 in April and May", iy.ev(iy.villageFile(), vMissing.id))
	}
	if vLate != nil {
		// PAY_VILLAGE_SUBSIDY_LATE (planted): the second quarter's settlement paid in August
		// (> 30 days after 30 June)
		iy.truth("PAY_VILLAGE_SUBSIDY_LATE", vLate.id, "Q2 乡村医生补助季度结算 paid in August", iy.ev(iy.villageFile(), vLate.id))
	}
	w := iy.newPayrollWriter(items)
	for m := 1; m <= 12; m++ {
		var rows []*payRow
		for _, s := range st.staff {
			pr := &payRow{in: in, year: y, month: m, s: s}
			mu := otherMult[m-1]
			if ms, ok := mult[s.dept]; ok {
				mu = ms[m-1]
			}
			for _, it := range items {
				var pi payItem
				pi.name = it
				switch it {
				case "岗位工资":
					pi.amt, pi.set = s.post, s.post > 0
				case "薪级工资":
					pi.amt, pi.set = s.grade, s.grade > 0
				case "基础性绩效":
					pi.amt, pi.set = s.basicPerf, s.basicPerf > 0
				case "奖励性绩效":
					if s.reward > 0 {
						pi.amt, pi.set = yuan(math.Round(s.reward.float()*mu)), true
					}
				case "津贴补贴":
					pi.amt, pi.set = s.allowance, s.allowance > 0
				case "全科医生补助":
					if s.gp {
						pi.amt, pi.set = s.gpAmt, true
						if s == gpMissing && m >= 4 && m <= 9 {
							pi.amt, pi.set = 0, false
						}
						if s == gpLow {
							pi.amt = yuan(200)
						}
					}
				case "乡村医生补助":
					if s.village {
						pi.amt, pi.set = s.vAdvance, true
						if s == vMissing && (m == 4 || m == 5) {
							pi.amt, pi.set = 0, false
							pr.remark = "当月未拨付"
						}
					}
				case "乡村医生补助季度结算":
					if s.village {
						due := m%3 == 0
						if s == vLate {
							due = m == 3 || m == 8 || m == 9 || m == 12
						}
						if due {
							pi.amt, pi.set = s.vSettle, true
						}
					}
				case "开单提成":
					if s.dept == "放射科" {
						pi.amt, pi.set = yuan(math.Round(300+other.float()*600)), true
					}
				case "收入提成":
					pi.amt, pi.set = 0, true
				}
				pr.items = append(pr.items, pi)
				pr.gross += pi.amt
			}
			ded := (s.post + s.grade) * 22 / 100
			tax := fen(0)
			if base := pr.gross - ded - yuan(5000); base > 0 {
				tax = base * 3 / 100
			}
			pr.net = pr.gross - ded - tax
			rows = append(rows, pr)
			iy.payTotal[m] += pr.gross
		}
		if err := w.month(m, rows); err != nil {
			return err
		}
		for _, pr := range rows {
			g.observe(pr)
		}
	}
	return w.close()
}

func (iy *instYear) payrollFile() string {
	if iy.in.look("payroll", 3) == 2 {
		return "工资发放明细.csv"
	}
	return "工资及绩效发放表.xlsx"
}

func (iy *instYear) revFile() string {
	if iy.in.look("rev", 4) == 2 {
		return "科室收入统计.csv"
	}
	return "科室收入统计表.xlsx"
}

type payrollWriter struct {
	iy      *instYear
	v       int
	items   []string
	header  []string
	lay     layout
	book    *book
	t       table
	done    func() error
	textCol int            // where a dialect's 人员类别 text column sits among the items (0: none)
	village *villageWriter // a dialect's separate sheet of village doctors' subsidies
}

func (iy *instYear) newPayrollWriter(items []string) *payrollWriter {
	in := iy.in
	w := &payrollWriter{iy: iy, v: in.look("payroll", 3), items: items}
	if d := iy.g.d; d != nil && d.villageSheet != "" && slices.Contains(items, "乡村医生补助") {
		w.items = slices.DeleteFunc(slices.Clone(items), func(it string) bool { return strings.HasPrefix(it, "乡村医生补助") })
		w.village = iy.newVillageWriter()
	}
	w.header = []string{in.syn("payroll", 0, "工号", "职工编号", "人员编号"), "姓名", in.syn("payroll", 2, "科室", "部门"),
		in.syn("payroll", 3, "岗位", "职务"), "职称", in.syn("payroll", 5, "发放月份", "年月", "所属期")}
	w.header = append(w.header, w.items...)
	if iy.g.d != nil && iy.g.d.payrollText {
		// a text column among the pay items: 在编 / 编外聘用 staff
		w.textCol = len(w.header) - len(w.items) + 3
		w.header = slices.Insert(w.header, w.textCol, "人员类别")
	}
	w.header = append(w.header, "应发合计", "代扣社保及公积金", "代扣个人所得税", "实发合计", "备注")
	sub := iy.g.subtotal("payroll", 2, 1) // by 科室, or 小计 under 姓名
	switch w.v {
	case 0:
		w.book = iy.g.newBook(iy.rel(iy.payrollFile()), "payroll", in.short+"人事科", mkday(iy.year+1, 1, 8))
		w.lay = layout{money: mfNumber, total: true, subtotal: sub}
	case 1:
		w.lay = layout{money: mfNumber, mergeCols: []int{5}, total: sub != nil, subtotal: sub}
		w.t, w.done = iy.open(iy.payrollFile(), "payroll", "工资明细", encUTF8, ',', w.lay, w.header)
	default:
		w.lay = layout{titles: []string{iy.title("职工工资发放明细")}, money: mfFixed, total: sub != nil, subtotal: sub}
		w.t, w.done = iy.open(iy.payrollFile(), "payroll", "", encGBK, ',', w.lay, w.header)
	}
	return w
}

func (w *payrollWriter) month(m int, rows []*payRow) error {
	iy := w.iy
	mf := []monthFmt{mCN, mDash, mCompact}[w.v]
	t := w.t
	if w.v == 0 {
		lay := w.lay
		lay.titles = []string{fmt.Sprintf("%s%d年%d月工资发放表", iy.in.short, iy.year, m)}
		t = w.book.sheet(fmt.Sprintf("%d月", m), lay, w.header)
	}
	for _, pr := range rows {
		s := pr.s
		if w.village != nil && s.village {
			w.village.add(pr, m)
			continue
		}
		c := []cell{tx(s.id), tx(s.name), tx(s.dept), tx(s.position), tx(s.title), tx(formatMonth(iy.year, m, mf))}
		for _, it := range pr.items {
			if !slices.Contains(w.items, it.name) {
				continue
			}
			if it.set {
				c = append(c, mo(it.amt))
			} else {
				c = append(c, empty())
			}
		}
		if w.textCol > 0 {
			kind := "在编"
			if labelHash([]any{"staffkind", s.id})%3 == 0 {
				kind = "编外聘用"
			}
			c = slices.Insert(c, w.textCol, tx(kind))
		}
		ded := pr.gross - pr.net
		tax := fen(0)
		if base := pr.gross - (s.post+s.grade)*22/100 - yuan(5000); base > 0 {
			tax = base * 3 / 100
		}
		c = append(c, mo(pr.gross), mo(ded-tax), mo(tax), mo(pr.net), tx(pr.remark))
		t.add(c...)
	}
	if w.v == 0 {
		return t.end()
	}
	return nil
}

func (w *payrollWriter) close() error {
	if w.village != nil {
		if err := w.village.done(); err != nil {
			return err
		}
	}
	if w.v == 0 {
		return w.book.close()
	}
	return w.done()
}

func (iy *instYear) writeDeptRevenue(rows []*revRow) error {
	in := iy.in
	v := in.look("rev", 4)
	h := []string{in.syn("dept_revenue", 0, "月份", "年月", "期间"), in.syn("dept_revenue", 1, "科室", "科室名称", "开单科室")}
	for _, c := range revCats {
		if v == 3 {
			h = append(h, c+"（万元）")
		} else {
			h = append(h, c)
		}
	}
	if v == 3 {
		h = append(h, "合计（万元）")
	} else {
		h = append(h, "合计")
	}
	var lay layout
	var mf monthFmt
	switch v {
	case 0:
		lay, mf = layout{titles: []string{iy.title("各科室医疗收入统计表")}, money: mfNumber, total: true, mergeCols: []int{0}}, mCN
	case 1:
		lay, mf = layout{money: mfThousands}, mDash
	case 2:
		lay, mf = layout{money: mfNumber}, mCompact
	default:
		lay, mf = layout{titles: []string{iy.title("科室收入情况")}, wan: true, total: true}, mSlash
	}
	enc := encUTF8BOM
	t, done := iy.open(iy.revFile(), "dept_revenue", "科室收入", enc, ',', lay, h)
	for m := 1; m <= 12; m++ {
		for _, rw := range rows {
			if rw.month != m {
				continue
			}
			c := []cell{tx(formatMonth(iy.year, m, mf)), tx(rw.dept)}
			var sum fen
			for _, a := range rw.amt {
				c = append(c, mo(a))
				sum += a
			}
			c = append(c, mo(sum))
			t.add(c...)
		}
	}
	return done()
}

// ---- key positions ----

type posRow struct {
	in         *inst
	id, name   string
	dept, post string
	start, end day
}

// staffPositions writes the key-position roster (重点岗位任职情况), once, in the latest year:
// who holds which 采购 / 财务 / 药剂 / 设备 / 基建 post since when, with the earlier holders. In
// the background every current holder started 0.5–4.5 years before the assessment date.
func (iy *instYear) staffPositions() error {
	g, in := iy.g, iy.in
	if iy.year != g.years[len(g.years)-1] {
		return nil
	}
	r := iy.rng("positions")
	A := g.assess
	var rows []*posRow
	seen := map[string]bool{}
	var holders []*staffMember
	for _, s := range iy.st.staff {
		p := keyPost(in, s.dept)
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		holders = append(holders, s)
	}
	for i, s := range holders {
		post := keyPost(in, s.dept)
		start := A - day(int(365.25*r.uniform(0.5, 4.5)))
		switch {
		case in.key == "rm" && post == "采购":
			// HR_NO_ROTATION (planted): the purchasing post held for 5 years 8 months at the
			// assessment date (since 2020-05-01 for 2025-12-31) — and for less than 5 years at the
			// end of the year before, so a reader who assesses every year-end flags it once too
			start = A.addMonths(-68) + 1
			iy.truth("HR_NO_ROTATION", s.id, "采购 post held continuously since "+start.iso(), iy.ev(iy.posFile(), s.id))
		case in.key == "rm" && post == "药剂":
			// decoy: 药剂 held for 4 years 11 months (under 5 years)
			start = A.addMonths(-59) + 1
		case in.key == "jj" && post == "财务":
			// HR_NO_ROTATION (planted): finance post held 5 years 11 months (since 2021-02-01)
			start = A.addMonths(-71) + 1
			iy.truth("HR_NO_ROTATION", s.id, "财务 post held continuously since "+start.iso(), iy.ev(iy.posFile(), s.id))
		}
		// the previous holder, rotated out the day before
		prev := g.names.next()
		pstart := start - day(int(365.25*r.uniform(2, 4)))
		rows = append(rows, &posRow{in: in, id: fmt.Sprintf("%s%04d", in.staffPfx, 9000+i), name: prev, dept: s.dept, post: post, start: pstart, end: start - 1})
		rows = append(rows, &posRow{in: in, id: s.id, name: s.name, dept: s.dept, post: post, start: start})
	}
	if in.key == "ey" {
		// decoy: held 设备 from 2014 to mid-2020 (rotated), 基建 since 4 years 8 months
		id := fmt.Sprintf("%s%04d", in.staffPfx, 9100)
		name := g.names.next()
		rows = append(rows, &posRow{in: in, id: id, name: name, dept: "设备科", post: "设备", start: mkday(A.year()-12, 3, 1), end: mkday(A.year()-6, 6, 30)})
		rows = append(rows, &posRow{in: in, id: id, name: name, dept: "总务科", post: "基建", start: A.addMonths(-56) + 1})
	}
	if in.key == "zy" {
		// decoy: 医务 is not a key post, however long it is held
		rows = append(rows, &posRow{in: in, id: fmt.Sprintf("%s%04d", in.staffPfx, 9200), name: g.names.next(), dept: "医务科", post: "医务", start: mkday(A.year()-14, 9, 1)})
	}
	for _, p := range rows {
		g.observe(p)
	}
	v := in.look("pos", 2)
	h := []string{in.syn("staff_positions", 0, "工号", "职工编号", "人员编号"), "姓名", "科室",
		in.syn("staff_positions", 3, "岗位", "任职岗位", "重点岗位"), in.syn("staff_positions", 4, "任职开始日期", "任职日期", "上岗日期"),
		in.syn("staff_positions", 5, "任职结束日期", "离岗日期"), "备注"}
	lay := layout{titles: []string{in.short + "重点岗位人员任职情况表"}, dates: dCN}
	if v == 1 {
		lay = layout{dates: dSerial}
	}
	t, done := iy.open(iy.posFile(), "staff_positions", "重点岗位", encUTF8, ',', lay, h)
	for _, p := range rows {
		note := ""
		if p.end == 0 {
			note = "现任"
		} else {
			note = "已轮岗"
		}
		t.add(tx(p.id), tx(p.name), tx(p.dept), tx(p.post), dt(p.start), optDate(p.end), tx(note))
	}
	return done()
}

func (iy *instYear) posFile() string { return "重点岗位任职情况.xlsx" }

var _ = time.January
