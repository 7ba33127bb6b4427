package samples

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// claim is one insurance settlement with its lines (canonical form).
type claim struct {
	in        *inst
	year      int
	id        string
	patient   string
	gender    string
	birth     day
	inpatient bool
	admit     day
	discharge day
	dx        diag
	dept      string
	doctor    string
	total     fen
	fund      fen
	lines     []*claimLine
	planted   bool
}

type claimLine struct {
	no     int
	date   day
	secs   int
	code   string
	name   string
	class  string
	qty    int
	price  fen
	amount fen
	bed    bool // bed / nursing (a 挂床 day bills nothing else)
}

// claimBase scales the settlements of every department (so that scale 1 gives ≈200k lines).
const claimBase = 0.72

// tierPrice is what an institution of a tier charges of the price list's maximum.
var tierPrice = map[string]float64{"三级": 1.0, "二级": 0.9, "基层": 0.8}

func (iy *instYear) svcPrice(s *service) fen {
	return fen(math.Round(float64(s.max) * tierPrice[iy.in.tier]))
}

func age(birth, at day) int {
	by, bm, bd := birth.ymd()
	ay, am, ad := at.ymd()
	a := ay - by
	if am < bm || am == bm && ad < bd {
		a--
	}
	return a
}

type claimGen struct {
	iy      *instYear
	pidSeq  uint64
	idSeq   uint64
	w       *claimWriter
	ndays   int
	badDone bool
}

// claims streams the insurance settlements and their lines of the year, day by day, to two
// CSV files. Background settlements respect the price list (price ≤ max, quantity ≤ daily limit,
// gender and age limits), bill each item at most once a day, keep every inpatient line within
// the stay with a drug on every day, and belong to patients seen once, so none of the INS_*
// rules can fire on them. Doctors take turns within a department, and a block of consecutive
// settlements (one per doctor) shares its drugs and length of stay, so that no doctor's share
// of a drug can run away; every case of a department using a high-value consumable uses
// exactly one.
func (iy *instYear) claims() error {
	g, in, y := iy.g, iy.in, iy.year
	cg := &claimGen{iy: iy, ndays: int(mkday(y+1, 1, 1) - mkday(y, 1, 1))}
	cg.w = iy.newClaimWriter()
	planted := iy.plantedClaims(cg)
	if iy.at("fy", 2) {
		// MED_ESSENTIAL_SHARE_LOW (planted): see essentialP — the drug choices of the whole
		// institution-year favour non-essential drugs (≈6 % of choices essential).
		iy.truth("MED_ESSENTIAL_SHARE_LOW", "药品", "essential drugs ≈2 % of drug spend in claims and ≈5 % in procurement",
			iy.ev(iy.claimLinesFile(), ""), iy.ev(iy.procFile(), ""))
	}
	sort.SliceStable(planted, func(i, j int) bool { return planted[i].discharge < planted[j].discharge })

	type stream struct {
		d         *dept
		inpatient bool
		n         int
		k         int
		docs      []string
		block     int
		drugs     []*drug
		los       int
		quota     drugQuota
	}
	var streams []*stream
	for _, d := range in.depts {
		docs := iy.backgroundDocs(d)
		if d.outBase > 0 {
			n := int(math.Round(float64(d.outBase) * claimBase * g.scale))
			if n < 2*len(docs) {
				n = 2 * len(docs)
			}
			streams = append(streams, &stream{d: d, n: n, docs: docs})
		}
		if d.inBase > 0 {
			streams = append(streams, &stream{d: d, inpatient: true, n: iy.inpatientCases(d), docs: docs})
		}
	}
	pi := 0
	for di := 0; di < cg.ndays; di++ {
		today := mkday(y, 1, 1) + day(di)
		for _, s := range streams {
			for s.k < s.n && int((float64(s.k)+0.5)*float64(cg.ndays)/float64(s.n)) == di {
				if b := s.k / len(s.docs); s.k == 0 || b != s.block {
					s.block = b
					kind := "out"
					if s.inpatient {
						kind = "in"
					}
					br := iy.rng("claimblock", s.d.name, kind, b)
					s.drugs = cg.blockDrugs(br, s.d, s.inpatient, &s.quota)
					if s.inpatient {
						s.los = br.between(s.d.losMin, s.d.losMax)
					}
				}
				c := cg.background(s.d, s.inpatient, s.k, s.docs, today, s.drugs, s.los)
				s.k++
				if err := cg.emit(c); err != nil {
					return err
				}
			}
		}
		for pi < len(planted) && planted[pi].discharge == today {
			if err := cg.emit(planted[pi]); err != nil {
				return err
			}
			pi++
		}
		if di%64 == 0 {
			if err := g.cancelled(); err != nil {
				return err
			}
		}
	}
	for ; pi < len(planted); pi++ {
		if err := cg.emit(planted[pi]); err != nil {
			return err
		}
	}
	return cg.w.close()
}

// backgroundDocs are the doctors of a department who see its background cases.
func (iy *instYear) backgroundDocs(d *dept) []string {
	if iy.at("rm", 1) && d.name == "骨科" {
		return d.docs[1:] // the planted MED_HVC_OUTLIER doctor has only planted cases this year
	}
	return d.docs
}

// inpatientCases is the number of background inpatient cases of a department in the year
// (with floors: a case per doctor, eight per doctor where every case uses a high-value
// consumable).
func (iy *instYear) inpatientCases(d *dept) int {
	docs := iy.backgroundDocs(d)
	n := int(math.Round(float64(d.inBase) * claimBase * iy.g.scale))
	min := len(docs)
	if d.hvc != "" {
		min = 8 * len(docs)
	}
	if n < min {
		n = min
	}
	return n
}

// hvcDemand is what the year's stays bill of each department's high-value consumable (by item
// code): one per background inpatient case, three a case for the planted MED_HVC_OUTLIER doctor.
func (iy *instYear) hvcDemand() map[string]int {
	out := map[string]int{}
	for _, d := range iy.in.depts {
		if d.hvc != "" && d.inBase > 0 {
			out[iy.g.cat.matByName[hvcItems[d.hvc]].code] += iy.inpatientCases(d)
		}
	}
	if iy.at("rm", 1) {
		out[iy.g.cat.matByName[hvcItems["hvc_plate"]].code] += 12 * 3
	}
	return out
}

func (cg *claimGen) settlementID(planted bool, k int) string {
	iy := cg.iy
	var i uint64
	if planted {
		i = 999999999 - uint64(k)
	} else {
		i = cg.idSeq
		cg.idSeq++
	}
	n := scramble(i, 1000000000, 7654321*2+1, labelHash([]any{"sid", iy.in.key, iy.year})%1000000000)
	region := "500113"
	if iy.in.zibo {
		region = "370302"
	}
	return fmt.Sprintf("%s%d%09d", region, iy.year%100, n)
}

// patientFor makes a patient of a department's kind seen on a day.
func (cg *claimGen) patient(r *rng, pk patKind, at day) (string, day) {
	gender := "男"
	var a int
	switch pk {
	case patFemale:
		gender, a = "女", r.between(18, 65)
	case patMaternal:
		gender, a = "女", r.between(20, 40)
	case patChild:
		a = r.between(1, 12)
	case patNewborn:
		a = 0
	case patPsych:
		a = r.between(16, 70)
	case patElder:
		a = r.between(50, 88)
	default:
		a = r.between(18, 80)
	}
	if pk != patFemale && pk != patMaternal && r.chance(0.5) {
		gender = "女"
	}
	var birth day
	if pk == patNewborn {
		birth = at - day(1+r.intn(20))
	} else {
		birth = at - day(int(365.25*float64(a))) - day(30+r.intn(300))
	}
	return gender, birth
}

// patientID is unique per institution and year (a patient is seen once in the background).
func (cg *claimGen) patientID(gender string, birth day, planted bool, k int) string {
	iy := cg.iy
	var i uint64
	if planted {
		i = 99999999 - uint64(k)
	} else {
		i = cg.pidSeq
		cg.pidSeq++
	}
	n := scramble(i, 100000000, 3141593*2+1, labelHash([]any{"pid", iy.in.key, iy.year})%100000000)
	switch iy.in.look("claims", 4) % 2 {
	case 0:
		// 18-digit 身份证号-shaped id: region, birth date, 3-digit sequence (odd = male), check
		region := "500113"
		if iy.in.zibo {
			region = "370302"
		}
		seq := int(n % 500 * 2)
		if gender == "男" {
			seq++
		}
		body := fmt.Sprintf("%s%s%03d", region, formatDate(birth, dCompact), seq)
		// the sequence only has 1,000 values: make the id unique with the scrambled number's
		// high digits folded into the region's last two digits (a fictitious 区县 code)
		body = body[:4] + fmt.Sprintf("%02d", (n/500)%100) + body[6:]
		return body + idCheck(body)
	}
	// 医保个人编号: institution-year block + scrambled sequence
	return fmt.Sprintf("%s%02d%d%08d", map[bool]string{true: "3703", false: "5001"}[iy.in.zibo], iy.in.idx+10, iy.year%10, n)
}

func idCheck(body string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	s := 0
	for i := 0; i < 17; i++ {
		s += int(body[i]-'0') * w[i]
	}
	return string("10X98765432"[s%11])
}

// drugQuota keeps a department stream's share of essential drug choices at the institution's
// rate, block after block (a low-discrepancy choice instead of a coin toss, so that the share
// holds at every scale).
type drugQuota struct{ ess, total int }

func (q *drugQuota) essential(p float64) bool {
	e := float64(q.ess+1) <= p*float64(q.total+1)+0.5
	q.total++
	if e {
		q.ess++
	}
	return e
}

// blockDrugs picks the drugs of a block: 1–2 of the department's group.
func (cg *claimGen) blockDrugs(r *rng, d *dept, inpatient bool, q *drugQuota) []*drug {
	iy := cg.iy
	var ess, non []*drug
	for _, dr := range iy.g.cat.byGroup[d.group] {
		if inpatient && dr.qtyIn == 0 || !inpatient && dr.qtyOut == 0 {
			continue
		}
		if dr.essential {
			ess = append(ess, dr)
		} else {
			non = append(non, dr)
		}
	}
	if len(ess)+len(non) == 0 {
		return nil
	}
	n := 1 + r.intn(2)
	var out []*drug
	used := map[string]bool{}
	unused := func(xs []*drug) []*drug {
		var u []*drug
		for _, d := range xs {
			if !used[d.code] {
				u = append(u, d)
			}
		}
		return u
	}
	for len(out) < n {
		pool := non
		if q.essential(iy.essentialP()) && len(ess) > 0 || len(non) == 0 {
			pool = ess
		}
		pool = unused(pool)
		if len(pool) == 0 {
			break
		}
		dr := pick(r, pool)
		used[dr.code] = true
		out = append(out, dr)
	}
	return out
}

// background makes background settlement k of a department stream, settled on day today.
func (cg *claimGen) background(d *dept, inpatient bool, k int, docs []string, today day, drugs []*drug, los int) *claim {
	iy := cg.iy
	in, y := iy.in, iy.year
	kind := "out"
	if inpatient {
		kind = "in"
	}
	nd := len(docs)
	r := iy.rng("claim", d.name, kind, k)
	c := &claim{in: in, year: y, dept: d.name, doctor: docs[k%nd], inpatient: inpatient}
	c.id = cg.settlementID(false, 0)
	c.dx = pick(r, d.dx)
	cat := iy.g.cat
	if !inpatient {
		c.admit, c.discharge = today, today
		c.gender, c.birth = cg.patient(r, d.pat, today)
		c.patient = cg.patientID(c.gender, c.birth, false, 0)
		secs := 8*3600 + r.intn(9*3600)
		add := func(l *claimLine) { l.secs = secs; secs += 60 + r.intn(600); c.lines = append(c.lines, l) }
		add(iy.svcLine(cat.svc["visit_out"], today, 1))
		for _, dr := range drugs {
			add(drugLine(dr, today, dr.qtyOut))
		}
		for _, key := range d.outSvc {
			s := cat.svc[key]
			if !eligible(s, c.gender, c.birth, today) || !r.chance(0.5) {
				continue
			}
			add(iy.svcLine(s, today, 1))
		}
		if r.chance(0.3) {
			add(iy.svcLine(cat.svc["cbc"], today, 1))
		}
		c.finish(r)
		return c
	}
	c.discharge = today
	c.admit = today - day(los)
	if jan1 := mkday(y, 1, 1); c.admit < jan1 {
		c.admit = jan1
		c.discharge = jan1 + day(los)
	}
	c.gender, c.birth = cg.patient(r, d.pat, c.admit)
	c.patient = cg.patientID(c.gender, c.birth, false, 0)
	iy.ward(c, r, drugs, d, nil, 1)
	c.finish(r)
	return c
}

// ward bills an inpatient stay: every day from admission to the day before discharge bed,
// nursing, the ward round and the drugs; tests on the first day, the operation and its
// consumable on the second; a discharge drug on the day of discharge. bedOnly lists the days
// (offsets from admission) that bill bed and nursing only; hvcQty is the consumable quantity.
func (iy *instYear) ward(c *claim, r *rng, drugs []*drug, d *dept, bedOnly map[int]bool, hvcQty int) {
	cat := iy.g.cat
	los := int(c.discharge - c.admit)
	secs := 8 * 3600
	add := func(l *claimLine) {
		l.secs = secs
		secs = (secs + 137) % (86400 - 3600)
		c.lines = append(c.lines, l)
	}
	for t := 0; t < los; t++ {
		dd := c.admit + day(t)
		add(iy.svcLine(cat.svc["bed"], dd, 1))
		add(iy.svcLine(cat.svc["nurse"], dd, 1))
		if bedOnly[t] {
			continue
		}
		add(iy.svcLine(cat.svc["visit_in"], dd, 1))
		for _, dr := range drugs {
			add(drugLine(dr, dd, dr.qtyIn))
		}
		if t == 0 {
			for _, key := range []string{"cbc", "lft", "rft", "crp"} {
				add(iy.svcLine(cat.svc[key], dd, 1))
			}
			if d != nil && len(d.outSvc) > 0 && !contains(d.inSvc, d.outSvc[0]) {
				if s := cat.svc[d.outSvc[0]]; eligible(s, c.gender, c.birth, dd) && s.gender == "" && s.ageMax < 0 {
					add(iy.svcLine(s, dd, 1))
				}
			}
		}
		if d != nil {
			for _, key := range d.inSvc {
				s := cat.svc[key]
				if !eligible(s, c.gender, c.birth, dd) {
					continue
				}
				if key == "neo_hear" && t != 1 {
					continue
				}
				add(iy.svcLine(s, dd, 1))
			}
			if t == 1 && d.surgery != "" {
				add(iy.svcLine(cat.svc[d.surgery], dd, 1))
				if d.hvc != "" {
					m := cat.matByName[hvcItems[d.hvc]]
					add(&claimLine{date: dd, code: m.code, name: m.name, class: "医用耗材", qty: hvcQty, price: m.price, amount: m.price * fen(hvcQty)})
				}
			}
		}
	}
	if len(drugs) > 0 {
		add(drugLine(drugs[0], c.discharge, drugs[0].qtyIn))
	}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func eligible(s *service, gender string, birth, at day) bool {
	if s.gender != "" && s.gender != gender {
		return false
	}
	a := age(birth, at)
	if s.ageMin >= 0 && a < s.ageMin {
		return false
	}
	if s.ageMax >= 0 && a > s.ageMax {
		return false
	}
	return true
}

func (iy *instYear) svcLine(s *service, d day, qty int) *claimLine {
	p := iy.svcPrice(s)
	return &claimLine{date: d, code: s.code, name: s.name, class: s.class, qty: qty, price: p, amount: p * fen(qty), bed: s.bedOnly}
}

func drugLine(dr *drug, d day, qty int) *claimLine {
	if qty < 1 {
		qty = 1
	}
	return &claimLine{date: d, code: dr.code, name: dr.name, class: "药品", qty: qty, price: dr.price, amount: dr.price * fen(qty)}
}

func (c *claim) finish(r *rng) {
	c.total = 0
	for i, l := range c.lines {
		l.no = i + 1
		c.total += l.amount
	}
	share := r.uniform(0.3, 0.6)
	if c.inpatient {
		share = r.uniform(0.6, 0.85)
	}
	c.fund = fen(math.Round(float64(c.total) * share))
}

func (cg *claimGen) emit(c *claim) error {
	cg.iy.g.observe(c)
	return cg.w.write(c)
}

// ---- planted settlements ----

// plantedClaims are the settlements planted in this institution-year, with their decoys. They
// are the same at every scale; their drugs are the 中性 ones (saline, glucose, vitamins) so that
// they add nothing to the departments' formularies.
func (iy *instYear) plantedClaims(cg *claimGen) []*claim {
	in, y := iy.in, iy.year
	cat := iy.g.cat
	r := iy.rng("planted-claims")
	var out []*claim
	pk := 0
	neutral := cat.byGroup["中性"]
	mk := func(deptName, doctor string, inpatient bool, admit, discharge day, dx diag, gender string, birth day) *claim {
		c := &claim{in: in, year: y, dept: deptName, doctor: doctor, inpatient: inpatient, admit: admit, discharge: discharge,
			dx: dx, gender: gender, birth: birth, planted: true}
		c.id = cg.settlementID(true, pk)
		c.patient = cg.patientID(gender, birth, true, pk)
		pk++
		out = append(out, c)
		return c
	}
	stay := func(c *claim, bedOnly map[int]bool, hvcQty int) {
		d := in.deptByName(c.dept)
		dd := *d
		dd.inSvc = nil
		if hvcQty == 0 {
			dd.surgery, dd.hvc = "", ""
		}
		iy.ward(c, r, []*drug{neutral[pk%len(neutral)]}, &dd, bedOnly, hvcQty)
		c.finish(r)
	}
	visit := func(c *claim, extra ...*claimLine) {
		secs := 9 * 3600
		c.lines = append(c.lines, iy.svcLine(cat.svc["visit_out"], c.admit, 1))
		c.lines = append(c.lines, extra...)
		for _, l := range c.lines {
			l.secs = secs
			secs += 300
		}
		c.finish(r)
	}
	doc := func(deptName string, i int) string {
		d := in.deptByName(deptName)
		return d.docs[i%len(d.docs)]
	}
	dx := func(code, name string) diag { return diag{code, name} }
	bornAged := func(a int, at day) day { return at - day(int(365.25*float64(a))) - 100 }
	D := func(m, dd int) day { return mkday(y, time.Month(m), dd) }
	sv := cat.svc

	switch {
	case iy.at("rm", 1):
		// INS_DUPLICATE_BILLING (planted): CT billed twice on the same day (no daily limit → 1)
		c := mk("急诊科", doc("急诊科", 1), false, D(3, 18), D(3, 18), dx("R10.400", "腹痛"), "男", bornAged(46, D(3, 18)))
		visit(c, iy.svcLine(sv["ct"], c.admit, 1), iy.svcLine(sv["ct"], c.admit, 1))
		iy.truth("INS_DUPLICATE_BILLING", c.id, "CT平扫 billed twice on 2025-03-18 (qty 2 > 1)", iy.ev(iy.claimLinesFile(), c.id))
		// INS_SPLIT_ADMISSION (planted): discharged 5/10, readmitted 5/18 (8 days), K80 both times
		b := bornAged(58, D(5, 2))
		a1 := mk("普通外科", doc("普通外科", 2), true, D(5, 2), D(5, 10), dx("K80.100", "胆囊结石伴慢性胆囊炎"), "女", b)
		stay(a1, nil, 0)
		a2 := mk("普通外科", doc("普通外科", 2), true, D(5, 18), D(5, 26), dx("K80.000", "胆囊结石伴急性胆囊炎"), "女", b)
		a2.patient = a1.patient
		stay(a2, nil, 0)
		iy.truth("INS_SPLIT_ADMISSION", a2.id, "readmitted 8 days after discharge, same K80 diagnosis (subject: the readmission)",
			iy.ev(iy.claimsFile(), a2.id))
		// decoy (INS_SPLIT_ADMISSION across institutions): discharged here 9/8, admitted to
		// 巴南区第二人民医院 9/11 with the same diagnosis — a different institution
		x := mk("普通外科", doc("普通外科", 3), true, D(9, 1), D(9, 8), dx("K80.100", "胆囊结石伴慢性胆囊炎"), "男", bornAged(63, D(9, 1)))
		x.patient, x.birth = crossPatient()
		stay(x, nil, 0)
		// decoy (INS_OVER_PRICE): CT at exactly the maximum price
		c = mk("急诊科", doc("急诊科", 2), false, D(7, 7), D(7, 7), dx("T14.000", "浅表损伤"), "男", bornAged(30, D(7, 7)))
		visit(c, &claimLine{date: c.admit, code: sv["ct"].code, name: sv["ct"].name, class: sv["ct"].class, qty: 1, price: sv["ct"].max, amount: sv["ct"].max})
		// MED_HVC_OUTLIER (planted): 骨科 doctor #1 uses three locking plates per case in all 12
		// of his cases this year; every other 骨科 doctor of the 三级 tier uses one (z ≈ 4.8 among
		// the 24 骨科 doctors of the tier; +200 % on his own previous year).
		hd := in.deptByName("骨科").docs[0]
		for i := 0; i < 12; i++ {
			ad := D(1+i, 5)
			h := mk("骨科", hd, true, ad, ad+7, dxOrtho[i%len(dxOrtho)], pick(r, []string{"男", "女"}), bornAged(40+i*3, ad))
			stay(h, nil, 3)
		}
		iy.truth("MED_HVC_OUTLIER", hd+" / 锁定接骨板", "3 plates per case vs 1 for every peer; 1 per case the year before",
			iy.ev(iy.claimLinesFile(), "锁定接骨板"))
		// decoy (MED_PRESCRIBER_OUTLIER): 注射用复合辅酶 prescribed by 5 doctors, the top one 48 %
		cf := cat.drugByKey["注射用复合辅酶"]
		for i, q := range []int{3, 3, 3, 3, 2, 2, 3, 3, 3} {
			who := []int{0, 0, 0, 0, 1, 1, 2, 3, 4}[i]
			v := mk("心血管内科", doc("心血管内科", who), false, D(2+i, 20), D(2+i, 20), dxCardio[1], "男", bornAged(60+i, D(2+i, 20)))
			visit(v, drugLine(cf, v.admit, q))
		}
	case iy.at("rm", 2):
		// INS_OUTSIDE_STAY (planted): a blood count billed two days before admission
		c := mk("消化内科", doc("消化内科", 1), true, D(7, 10), D(7, 16), dxDigest[1], "男", bornAged(52, D(7, 10)))
		stay(c, nil, 0)
		l := iy.svcLine(sv["cbc"], D(7, 8), 1)
		l.secs = 10 * 3600
		c.lines = append([]*claimLine{l}, c.lines...)
		c.finish(r)
		iy.truth("INS_OUTSIDE_STAY", c.id, "line dated "+D(7, 8).iso()+", admitted "+D(7, 10).iso(), iy.ev(iy.claimLinesFile(), c.id))
	case iy.at("ey", 1):
		// INS_OVER_PRICE (planted): chest DR at ¥81.25 against a maximum of ¥65
		c := mk("呼吸内科", doc("呼吸内科", 0), false, D(4, 9), D(4, 9), dxResp[2], "女", bornAged(37, D(4, 9)))
		p := sv["xray"].max * 125 / 100
		visit(c, &claimLine{date: c.admit, code: sv["xray"].code, name: sv["xray"].name, class: sv["xray"].class, qty: 1, price: p, amount: p})
		iy.truth("INS_OVER_PRICE", c.id, "胸部DR unit price 81.25 > max 65.00", iy.ev(iy.claimLinesFile(), c.id))
		// MED_PRESCRIBER_OUTLIER (planted): 注射用鼠神经生长因子, 5 prescribers, one has 64 %
		ngf := cat.drugByKey["注射用鼠神经生长因子"]
		top := doc("心血管内科", 0)
		for i := 0; i < 11; i++ {
			who := 0
			if i >= 7 {
				who = i - 6
			}
			v := mk("心血管内科", doc("心血管内科", who), false, D(1+i, 11), D(1+i, 11), dxCardio[2], "女", bornAged(66+i, D(1+i, 11)))
			visit(v, drugLine(ngf, v.admit, 2))
		}
		iy.truth("MED_PRESCRIBER_OUTLIER", top+" / 注射用鼠神经生长因子", "14 of 22 units (64 %), 5 prescribers",
			iy.ev(iy.claimLinesFile(), "注射用鼠神经生长因子"))
		// decoy (INS_DUPLICATE_BILLING): 静脉注射 twice on one day, daily limit 2
		c = mk("呼吸内科", doc("呼吸内科", 1), false, D(6, 3), D(6, 3), dxResp[2], "男", bornAged(44, D(6, 3)))
		visit(c, iy.svcLine(sv["ivpush"], c.admit, 1), iy.svcLine(sv["ivpush"], c.admit, 1))
		// decoy (INS_SPLIT_ADMISSION): readmitted 16 days after discharge, same J18
		b := bornAged(71, D(3, 1))
		s1 := mk("呼吸内科", doc("呼吸内科", 2), true, D(3, 1), D(3, 7), dx("J18.900", "肺炎"), "男", b)
		stay(s1, nil, 0)
		s2 := mk("呼吸内科", doc("呼吸内科", 2), true, D(3, 23), D(3, 29), dx("J18.000", "支气管肺炎"), "男", b)
		s2.patient = s1.patient
		stay(s2, nil, 0)
		// decoy (INS_BED_HANGING): two runs of two bed-only days
		h := mk("呼吸内科", doc("呼吸内科", 3), true, D(10, 8), D(10, 18), dxResp[0], "女", bornAged(77, D(10, 8)))
		stay(h, map[int]bool{3: true, 4: true, 7: true, 8: true}, 0)
		// decoy (INS_SPLIT_ADMISSION): the patient discharged from 巴南区人民医院 on 9/8
		x := mk("普通外科", doc("普通外科", 1), true, D(9, 11), D(9, 17), dx("K80.100", "胆囊结石伴慢性胆囊炎"), "男", bornAged(63, D(9, 1)))
		x.patient, x.birth = crossPatient()
		stay(x, nil, 0)
	case iy.at("ey", 2):
		// decoy (MED_PRESCRIBER_OUTLIER): 银杏叶提取物注射液, 4 prescribers, the top one 70 %
		gk := cat.drugByKey["银杏叶提取物注射液"]
		for i, who := range []int{0, 0, 0, 0, 0, 0, 0, 1, 2, 3} {
			v := mk("心血管内科", doc("心血管内科", who), false, D(1+i, 14), D(1+i, 14), dxCardio[0], "男", bornAged(62+i, D(1+i, 14)))
			visit(v, drugLine(gk, v.admit, 1))
		}
		// decoy (INS_OUTSIDE_STAY): a line on the day of admission and one on the day of discharge
		c := mk("消化内科", doc("消化内科", 0), true, D(5, 5), D(5, 11), dxDigest[0], "女", bornAged(48, D(5, 5)))
		stay(c, nil, 0)
	case iy.at("zy", 1):
		// INS_OUTSIDE_STAY (planted): a drug billed three days after discharge
		c := mk("中医内科", doc("中医内科", 2), true, D(4, 3), D(4, 10), dxTCMIn[0], "男", bornAged(69, D(4, 3)))
		stay(c, nil, 0)
		l := drugLine(neutral[0], D(4, 13), 1)
		l.secs = 15 * 3600
		c.lines = append(c.lines, l)
		c.finish(r)
		iy.truth("INS_OUTSIDE_STAY", c.id, "line dated "+D(4, 13).iso()+", discharged "+D(4, 10).iso(), iy.ev(iy.claimLinesFile(), c.id))
		// decoy (INS_SPLIT_ADMISSION): readmitted 6 days later with a different diagnosis
		b := bornAged(74, D(6, 1))
		s1 := mk("中医内科", doc("中医内科", 3), true, D(6, 1), D(6, 8), dx("I63.900", "脑梗死"), "女", b)
		stay(s1, nil, 0)
		s2 := mk("中医内科", doc("中医内科", 3), true, D(6, 14), D(6, 20), dx("J44.100", "慢性阻塞性肺病伴急性加重"), "女", b)
		s2.patient = s1.patient
		stay(s2, nil, 0)
		// decoy (INS_GENDER_AGE_MISMATCH): 小儿推拿 for a child of exactly 14 (the limit)
		v := mk("儿科", doc("儿科", 0), false, D(6, 1), D(6, 1), dxPaedTCM[1], "男", mkday(y-14, 1, 15))
		visit(v, iy.svcLine(sv["ped_tuina"], v.admit, 1))
	case iy.at("zy", 2):
		// INS_GENDER_AGE_MISMATCH (planted): 小儿推拿 (≤ 14) billed to a 40-year-old
		v := mk("针灸推拿科", doc("针灸推拿科", 1), false, D(3, 16), D(3, 16), dxAcup[0], "女", mkday(y-40, 3, 2))
		visit(v, iy.svcLine(sv["ped_tuina"], v.admit, 1))
		iy.truth("INS_GENDER_AGE_MISMATCH", v.id, "小儿推拿 (age 0–14) billed to a patient aged 40", iy.ev(iy.claimLinesFile(), v.id))
	case iy.at("fy", 2):
		// INS_DUPLICATE_BILLING (planted): two ultrasound lines on the same ward day
		c := mk("产科", doc("产科", 1), true, D(8, 12), D(8, 16), dxObst[0], "女", bornAged(29, D(8, 12)))
		stay(c, nil, 0)
		c.lines = append(c.lines, iy.svcLine(sv["us"], D(8, 13), 1), iy.svcLine(sv["us"], D(8, 13), 1))
		c.finish(r)
		iy.truth("INS_DUPLICATE_BILLING", c.id, "彩超 billed twice on the same day", iy.ev(iy.claimLinesFile(), c.id))
	case iy.at("js", 2):
		// INS_BED_HANGING (planted): a 12-day stay whose days 4–8 bill only bed and nursing
		c := mk("住院部", doc("住院部", 1), true, D(2, 3), D(2, 15), dxGPWard[0], "男", bornAged(81, D(2, 3)))
		stay(c, map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true}, 0)
		iy.truth("INS_BED_HANGING", c.id, "5 consecutive days billing only bed and nursing", iy.ev(iy.claimLinesFile(), c.id))
		// INS_OVER_PRICE (planted): 普通针刺 at ¥30 against a maximum of ¥25
		v := mk("中医科", doc("中医科", 0), false, D(9, 22), D(9, 22), dxGPTCM[0], "女", bornAged(57, D(9, 22)))
		p := sv["acup"].max * 120 / 100
		visit(v, &claimLine{date: v.admit, code: sv["acup"].code, name: sv["acup"].name, class: sv["acup"].class, qty: 1, price: p, amount: p})
		iy.truth("INS_OVER_PRICE", v.id, "普通针刺 unit price 30.00 > max 25.00", iy.ev(iy.claimLinesFile(), v.id))
	case iy.at("jj", 1):
		// INS_FREQUENCY_EXCEEDED (planted): 肌肉注射 × 6 in one day (limit 3)
		v := mk("门诊部", doc("门诊部", 3), false, D(11, 4), D(11, 4), dxGP[0], "男", bornAged(35, D(11, 4)))
		visit(v, iy.svcLine(sv["im"], v.admit, 6))
		iy.truth("INS_FREQUENCY_EXCEEDED", v.id, "肌肉注射 qty 6 on one day, limit 3", iy.ev(iy.claimLinesFile(), v.id))
	case iy.at("lz", 2):
		// INS_FREQUENCY_EXCEEDED (planted): 普通针刺 × 3 in one day (limit 1)
		v := mk("中医科", doc("中医科", 1), false, D(5, 20), D(5, 20), dxGPTCM[1], "女", bornAged(62, D(5, 20)))
		visit(v, iy.svcLine(sv["acup"], v.admit, 3))
		iy.truth("INS_FREQUENCY_EXCEEDED", v.id, "普通针刺 qty 3 on one day, limit 1", iy.ev(iy.claimLinesFile(), v.id))
		// decoy: 推拿治疗 × 2 in one day, limit 2
		w := mk("中医科", doc("中医科", 2), false, D(6, 2), D(6, 2), dxGPTCM[0], "男", bornAged(55, D(6, 2)))
		visit(w, iy.svcLine(sv["tuina"], w.admit, 2))
	case iy.at("jw", 1):
		// INS_BED_HANGING (planted): a 30-day psychiatric stay with 12 bed-only days (days 8–19)
		bo := map[int]bool{}
		for t := 7; t < 19; t++ {
			bo[t] = true
		}
		c := mk("精神科一病区", doc("精神科一病区", 2), true, D(3, 1), D(3, 31), dxPsyA[1], "男", bornAged(43, D(3, 1)))
		stay(c, bo, 0)
		iy.truth("INS_BED_HANGING", c.id, "12 consecutive days billing only bed and nursing", iy.ev(iy.claimLinesFile(), c.id))
	case iy.at("zc", 1):
		// INS_GENDER_AGE_MISMATCH (planted): 宫颈细胞学检查 (女) billed to a man
		v := mk("妇产科", doc("妇产科", 1), false, D(8, 26), D(8, 26), dxGyn[1], "男", bornAged(41, D(8, 26)))
		visit(v, iy.svcLine(sv["cyto"], v.admit, 1))
		iy.truth("INS_GENDER_AGE_MISMATCH", v.id, "宫颈细胞学检查 (女) billed to a male patient", iy.ev(iy.claimLinesFile(), v.id))
	case iy.at("zc", 2):
		// INS_SPLIT_ADMISSION (planted): heart failure, discharged 4/9, readmitted 4/15
		b := bornAged(79, D(4, 2))
		s1 := mk("心血管内科", doc("心血管内科", 4), true, D(4, 2), D(4, 9), dx("I50.900", "心力衰竭"), "女", b)
		stay(s1, nil, 0)
		s2 := mk("心血管内科", doc("心血管内科", 4), true, D(4, 15), D(4, 22), dx("I50.100", "左心衰竭"), "女", b)
		s2.patient = s1.patient
		stay(s2, nil, 0)
		iy.truth("INS_SPLIT_ADMISSION", s2.id, "readmitted 6 days after discharge, same I50 diagnosis (subject: the readmission)",
			iy.ev(iy.claimsFile(), s2.id))
	}
	if iy.at(markupAt.key, markupAt.slot) {
		iy.plantedMarkup(mk)
	}
	iy.plantedBilledOver(mk)
	if iy.at("rm", 2) {
		iv, push := sv["iv"], sv["ivpush"]
		uri := dx("J06.900", "急性上呼吸道感染")
		// INS_BUNDLED_CHARGE (planted): 静脉注射 billed in the visit that bills 静脉输液
		c := mk("急诊科", doc("急诊科", 2), false, D(4, 9), D(4, 9), uri, "女", bornAged(34, D(4, 9)))
		visit(c, iy.svcLine(iv, c.admit, 1), iy.svcLine(push, c.admit, 1))
		iy.truth("INS_BUNDLED_CHARGE", c.id, "静脉注射 billed with 静脉输液 (which includes it) on 4/9", iy.ev(iy.claimLinesFile(), c.id))
		// decoy: one patient, 静脉输液 one day and 静脉注射 the next (two visits)
		b := bornAged(52, D(6, 3))
		a1 := mk("急诊科", doc("急诊科", 3), false, D(6, 3), D(6, 3), uri, "男", b)
		visit(a1, iy.svcLine(iv, a1.admit, 1))
		a2 := mk("急诊科", doc("急诊科", 3), false, D(6, 4), D(6, 4), uri, "男", b)
		a2.patient = a1.patient
		visit(a2, iy.svcLine(push, a2.admit, 1))
		// decoy: 静脉输液 to one patient and 静脉注射 to another on the same day
		p1 := mk("急诊科", doc("急诊科", 4), false, D(7, 15), D(7, 15), uri, "女", bornAged(27, D(7, 15)))
		visit(p1, iy.svcLine(iv, p1.admit, 1))
		p2 := mk("急诊科", doc("急诊科", 4), false, D(7, 15), D(7, 15), uri, "男", bornAged(61, D(7, 15)))
		visit(p2, iy.svcLine(push, p2.admit, 1))
	}
	return out
}

// markupAt is where INS_MARKUP is planted; markupItems are the prostheses bought there in
// January (plantedProcurement) and billed once to each of eight 骨科 stays from March.
var (
	markupAt = struct {
		key  string
		slot int
	}{"zy", 2}
	markupItems = []struct {
		name   string
		qty    int
		billed fen
	}{
		// INS_MARKUP (planted): bought at ¥7,260, billed at ¥8,000: 8 × ¥740 = ¥5,920 ≥ ¥5,000
		{"人工髋关节假体", 8, yuan(8000)},
		// decoy: bought at ¥3,680, billed at ¥4,300: 8 × ¥620 = ¥4,960 < ¥5,000
		{"椎间融合器", 8, yuan(4300)},
		// decoy: bought at ¥5,620, billed at exactly × 1.005 = ¥5,648.10
		{"人工膝关节假体", 8, yuan(5648.10)},
	}
)

// plantedMarkup makes (with mk, which keeps them) the 骨科 stays billing markupItems, one item
// per stay, each doctor billing each item at most once (so that MED_HVC_OUTLIER sees one per
// case everywhere).
func (iy *instYear) plantedMarkup(mk func(deptName, doctor string, inpatient bool, admit, discharge day, dx diag, gender string, birth day) *claim) {
	r := iy.rng("planted-markup")
	d := iy.in.deptByName("骨科")
	dd := *d
	dd.inSvc, dd.surgery, dd.hvc = nil, "", ""
	neutral := iy.g.cat.byGroup["中性"]
	for i, it := range markupItems {
		m := iy.g.cat.matByName[it.name]
		for j := 0; j < it.qty; j++ {
			admit := mkday(iy.year, time.Month(3+j), 4+2*i)
			at := admit - day(int(365.25*float64(55+3*j))) - 100
			c := mk("骨科", d.docs[j%len(d.docs)], true, admit, admit+7, d.dx[j%len(d.dx)], []string{"男", "女"}[(i+j)%2], at)
			iy.ward(c, r, []*drug{neutral[j%len(neutral)]}, &dd, nil, 0)
			c.lines = append(c.lines, &claimLine{date: admit + 1, code: m.code, name: m.name, class: "医用耗材", qty: 1,
				price: it.billed, amount: it.billed, secs: 10 * 3600})
			c.finish(r)
		}
		if i == 0 {
			iy.truth("INS_MARKUP", m.name, "billed at 8,000.00 against a purchase price of 7,260.00 (× 1.102), 8 units: ¥5,920",
				iy.ev(iy.claimLinesFile(), m.code), iy.ev(iy.procFile(), m.name))
		}
	}
}

// crossPatient is the patient of the cross-institution readmission decoy (the same person in
// 巴南区人民医院 and 巴南区第二人民医院).
func crossPatient() (string, day) {
	body := "50011319620314201"
	return body + idCheck(body), mkday(1962, 3, 14)
}

// ---- writing ----

type claimWriter struct {
	iy        *instYear
	claims    *csvTable
	lines     *csvTable
	birthCol  bool
	office    bool     // the insurance office's file of the year: every institution's rows, each naming its 医保定点 code
	named     [2]*inst // the institution the last claim and the last line named, where the dialect names each once
	nlines    int
	rejectAt  int
	rejectRow int
}

const (
	claimsFileName     = "医保结算清单.csv"
	claimLinesFileName = "医保费用明细.csv"
)

func (iy *instYear) claimsFile() string     { return claimsFileName }
func (iy *instYear) claimLinesFile() string { return claimLinesFileName }

// newClaimWriter starts the institution-year's claims files, or goes on with the insurance
// office's files of the year.
func (iy *instYear) newClaimWriter() *claimWriter {
	var w *claimWriter
	if iy.g.officeRel(iy.in, iy.year, iy.claimsFile()) == "" {
		w = iy.openClaimWriter(false)
	} else if w = iy.g.office[iy.year]; w == nil {
		w = iy.openClaimWriter(true)
		iy.g.office[iy.year] = w
	}
	w.iy, w.nlines, w.rejectAt = iy, 0, 0
	if iy.at("jj", 0) {
		// a genuinely bad row: the 6th line has a service date in month 13
		w.rejectAt = 6
	}
	return w
}

func (iy *instYear) openClaimWriter(office bool) *claimWriter {
	in := iy.in
	v := in.look("claims", 4)
	w := &claimWriter{iy: iy, birthCol: v%2 == 0, office: office}
	enc, comma := encUTF8, ','
	var lay layout
	switch v {
	case 0:
		lay = layout{dates: dISO, money: mfNumber}
	case 1:
		enc, lay = encGBK, layout{dates: dSlash, money: mfNumber}
	case 2:
		enc, comma, lay = encUTF8BOM, '\t', layout{dates: dCompact, money: mfFixed}
	default:
		enc, comma, lay = encGBK, '\t', layout{dates: dCN, money: mfFixed}
	}
	pid := in.syn("claims", 1, "个人编号", "参保人编号", "医保个人编号")
	if v%2 == 0 {
		pid = "身份证号"
	}
	ageH := "年龄"
	if w.birthCol {
		ageH = "出生日期"
	}
	sid := in.syn("claims", 0, "结算流水号", "结算编号", "就诊流水号")
	var who []string
	if office {
		who = []string{"医保定点编码", "定点机构名称"}
	}
	h := []string{sid, pid, "性别", ageH, in.syn("claims", 4, "就诊类型", "医疗类别"), in.syn("claims", 5, "入院日期", "入院时间"),
		in.syn("claims", 6, "出院日期", "结算日期"), "主要诊断编码", "主要诊断名称", in.syn("claims", 9, "医疗总费用", "总费用"),
		in.syn("claims", 10, "统筹支付", "基金支付"), "科室", in.syn("claims", 12, "医生", "主治医生", "医师")}
	w.claims = iy.g.newCSV(iy.rel(iy.claimsFile()), "claims", enc, comma, lay, append(who, h...))
	lh := []string{sid, "明细序号", in.syn("claim_lines", 2, "费用发生时间", "收费日期"), in.syn("claim_lines", 3, "医保项目编码", "项目编码"),
		in.syn("claim_lines", 4, "医保项目名称", "项目名称"), in.syn("claim_lines", 5, "项目类别", "费用类别"), "数量", "单价", "金额",
		in.syn("claim_lines", 9, "开单医生", "开单医师"), "开单科室"}
	llay := lay
	if v == 0 || v == 2 {
		llay.dates = dDateTime
	}
	w.lines = iy.g.newCSV(iy.rel(iy.claimLinesFile()), "claim_lines", enc, comma, llay, append(who, lh...))
	return w
}

func (w *claimWriter) write(c *claim) error {
	iy := w.iy
	vt := "门诊"
	if c.inpatient {
		vt = "住院"
	}
	var ac cell
	if w.birthCol {
		ac = dt(c.birth)
	} else {
		ac = num(float64(age(c.birth, c.admit)))
	}
	w.claims.add(append(w.who(0), tx(c.id), tx(c.patient), tx(c.gender), ac, tx(vt), dt(c.admit), dt(c.discharge), tx(c.dx.code), tx(c.dx.name),
		mo(c.total), mo(c.fund), tx(c.dept), tx(c.doctor))...)
	for _, l := range c.lines {
		w.nlines++
		if w.nlines == w.rejectAt {
			bad := fmt.Sprintf("%d-13-05", iy.year)
			n := w.lines.add(append(w.who(1), tx(c.id), num(float64(len(c.lines)+1)), raw(bad), tx(l.code), tx(l.name), tx(l.class), num(1), mo(l.price), mo(l.price), tx(c.doctor), tx(c.dept))...)
			iy.g.addReject(iy.rel(iy.claimLinesFile()), "", n, "bad_date", bad)
		}
		w.lines.add(append(w.who(1), tx(c.id), num(float64(l.no)), dtt(l.date, l.secs), tx(l.code), tx(l.name), tx(l.class), num(float64(l.qty)), mo(l.price), mo(l.amount), tx(c.doctor), tx(c.dept))...)
		iy.stockOut(l)
	}
	return nil
}

// who are the cells naming the institution on a row of the office's files (0 claims, 1 fee
// lines): its 医保定点 code and name, left empty under the first of its rows where the
// dialect names each institution once.
func (w *claimWriter) who(file int) []cell {
	if !w.office {
		return nil
	}
	in := w.iy.in
	if w.iy.g.d.officeOnce && w.named[file] == in {
		return []cell{empty(), empty()}
	}
	w.named[file] = in
	return []cell{tx(in.insuranceCode()), tx(in.name)}
}

// close finishes the institution-year's files; the office's files are finished once every
// institution is in them (closeOffice).
func (w *claimWriter) close() error {
	if w.office {
		return nil
	}
	return w.closeFiles()
}

func (w *claimWriter) closeFiles() error {
	if err := w.claims.end(); err != nil {
		return err
	}
	return w.lines.end()
}
