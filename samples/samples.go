// Package samples writes a deterministic synthetic district: the extracts that public hospitals
// and primary-care institutions send before an inspection visit, with risks planted in them and
// the ground truth beside them.
//
// Generate(ctx, dir, Options{}, nil) writes, under dir:
//
//	机构名录.xlsx                         the registry (kind institutions)
//	参考目录/医疗服务价格目录.xlsx           price_list
//	参考目录/集中采购平台挂网目录.csv         platform_catalog
//	参考目录/国家基本药物目录.xlsx           essential_drugs
//	参考目录/收费项目内涵重复收费规则.xlsx     charge_bundles
//	参考目录/大型医用设备配置目录.xlsx        large_equipment_list
//	<year>/<institution name or alias>/…  every extract of that institution and year
//	truth.csv                            rule_id,institution_code,year,subject: every flag a
//	                                     correct implementation of RISK_RULES.md must raise
//	truth_rejects.csv                    file,sheet,row,reason: the genuinely bad rows
//
// The district is modelled on the Banan plan (重庆市巴南区): a 三级 general hospital, a 三级
// 中医医院, 二级 general, 妇幼保健院 and 精神卫生中心, a 中心卫生院, a 乡镇卫生院 and a
// 社区卫生服务中心, plus one Zibo (淄博市) hospital so the ZB-L checklist is exercised. Codes
// and names of people and vendors are invented.
//
// Every file carries the messiness hospital exports carry (title rows, 单位：万元 lines, merged
// cells, 合计 rows, mixed date and money formats, GBK and BOM CSVs, several and hidden sheets,
// a different header synonym per institution). docs/SAMPLES.md lists what is where, every
// planted case with its decoys, and how the ambiguous parts of the rule catalog were read.
//
// The same Options give byte-identical files. Scale grows the claims (≈200k claim lines in all
// at scale 1) and the procurement lines; the planted cases and the truth are the same at every
// scale, and claims are streamed to disk so memory stays flat.
package samples

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// DefaultYears are the default district's years: three whole years already past, fixed so that
// the district is the same whatever the day it is generated, and never dated after the day it
// is ingested and built (data never lies in the future; a build assesses at its own date where
// it would).
func DefaultYears() []int { return []int{2023, 2024, 2025} }

// Options say what to generate. The zero value is the default district.
type Options struct {
	Seed         int64   // 0 means 1
	Years        []int   // nil means DefaultYears
	Institutions int     // 0 means the default district (9); fewer keeps the first N, more adds 乡镇卫生院
	Scale        float64 // 0 means 1: scale 1 ≈ 200k claim lines in all; procurement grows too
	Dialect      string  // "" means the default district; else one of Dialects(): other headers and layouts, the same data
}

// Summary is what Generate wrote.
type Summary struct {
	Files   int
	Rows    map[string]int    // data rows per dataset kind (titles, headers and 合计 rows not counted)
	Truth   int               // rows of truth.csv
	Rejects int               // rows of truth_rejects.csv
	Kinds   map[string]string // the kind of every extract written: slash-separated path under dir → kind
}

// TruthFile and RejectsFile are the names of the ground-truth files in the output directory.
const (
	TruthFile   = "truth.csv"
	RejectsFile = "truth_rejects.csv"
)

// Generate writes the district to dir (created if needed). progress, if not nil, is called
// once per file written.
func Generate(ctx context.Context, dir string, opt Options, progress func(msg string)) (Summary, error) {
	g, err := generate(ctx, dir, opt, progress, nil)
	if g == nil {
		return Summary{}, err
	}
	return g.sum, err
}

// generate is Generate with a hook that sees every canonical record (tests use it).
func generate(ctx context.Context, dir string, opt Options, progress func(string), obs func(any)) (*gen, error) {
	g, err := newGen(ctx, dir, opt, progress)
	if err != nil {
		return nil, err
	}
	g.obs = obs
	defer os.RemoveAll(g.tmpDir)
	return g, g.run()
}

type truthRow struct {
	rule, code string
	year       int
	subject    string
	why        string
	evidence   []evidence // where a test finds the planted case in the written files
}

type evidence struct{ file, needle string }

type rejectRow struct {
	file, sheet string
	row         int
	reason      string
	value       string // the bad value written there
}

type gen struct {
	ctx      context.Context
	dir      string
	tmpDir   string
	seed     uint64
	scale    float64
	years    []int
	assess   day // assessment date: 31 December of the latest year
	progress func(string)
	insts    []*inst
	cat      *catalog
	names    *nameBook
	sum      Summary
	truth    []truthRow
	rejects  []rejectRow
	obs      func(rec any) // test hook: sees every canonical record
	state    map[string]*instState
	d        *dialect             // nil: the default district
	office   map[int]*claimWriter // the insurance office's claims file of each year (dialects only)
	// houseHeaders are the headers each kind was written with before the dialect renamed them
	houseHeaders map[string]map[string]bool
}

func newGen(ctx context.Context, dir string, opt Options, progress func(string)) (*gen, error) {
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Scale == 0 {
		opt.Scale = 1
	}
	if opt.Scale < 0 || opt.Scale > 10000 {
		return nil, fmt.Errorf("samples: scale %v out of range (0, 10000]", opt.Scale)
	}
	years := append([]int(nil), opt.Years...)
	if len(years) == 0 {
		years = DefaultYears()
	}
	sort.Ints(years)
	for i, y := range years {
		if y < 2000 || y > 2100 {
			return nil, fmt.Errorf("samples: year %d out of range", y)
		}
		if i > 0 && years[i-1] == y {
			return nil, fmt.Errorf("samples: year %d given twice", y)
		}
	}
	if opt.Institutions < 0 {
		return nil, errors.New("samples: negative number of institutions")
	}
	d, err := dialectNamed(opt.Dialect)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "xuncha-samples-")
	if err != nil {
		return nil, err
	}
	g := &gen{ctx: ctx, dir: dir, tmpDir: tmp, seed: uint64(opt.Seed), scale: opt.Scale, years: years,
		progress: progress, cat: buildCatalog(), state: map[string]*instState{}, d: d, office: map[int]*claimWriter{},
		houseHeaders: map[string]map[string]bool{}}
	g.assess = mkday(years[len(years)-1], time.December, 31)
	g.sum.Rows = map[string]int{}
	g.sum.Kinds = map[string]string{}
	g.names = newNameBook(g.seed)
	all := defaultDistrict()
	n := opt.Institutions
	if n == 0 {
		n = len(all)
	}
	if n <= len(all) {
		all = all[:n]
	} else {
		for i := 0; len(all) < n; i++ {
			all = append(all, extraInst(i))
		}
	}
	for i, in := range all {
		in.idx = i
		in.depts = deptsFor(in.category, in.tier)
		for _, d := range in.depts {
			for k := 0; k < d.ndoc; k++ {
				d.docs = append(d.docs, g.names.next())
			}
		}
	}
	g.insts = all
	return g, nil
}

// slotYear maps a year slot of the planted cases (0, 1, 2 = the first, second, third year; -1 =
// the latest) to a generated year.
func (g *gen) slotYear(slot int) (int, bool) {
	if slot < 0 {
		return g.years[len(g.years)-1], true
	}
	if slot >= len(g.years) {
		return 0, false
	}
	return g.years[slot], true
}

// at reports whether institution in, year y is where the planted case (key, slot) lives.
func (g *gen) at(in *inst, y int, key string, slot int) bool {
	if in.key != key {
		return false
	}
	sy, ok := g.slotYear(slot)
	return ok && sy == y
}

// hasPrev reports whether the year before y is generated too.
func (g *gen) hasPrev(y int) bool {
	for _, x := range g.years {
		if x == y-1 {
			return true
		}
	}
	return false
}

func (g *gen) addTruth(rule string, in *inst, year int, subject, why string, ev ...evidence) {
	g.truth = append(g.truth, truthRow{rule: rule, code: in.code, year: year, subject: subject, why: why, evidence: ev})
}

func (g *gen) addReject(file, sheet string, row int, reason, value string) {
	g.rejects = append(g.rejects, rejectRow{file: file, sheet: sheet, row: row, reason: reason, value: value})
}

func (g *gen) countRow(kind string) { g.sum.Rows[kind]++ }

func (g *gen) fileDone(rel string) {
	g.sum.Files++
	if g.progress != nil {
		g.progress("wrote " + rel)
	}
}

func (g *gen) observe(rec any) {
	if g.obs != nil {
		g.obs(rec)
	}
}

func (g *gen) cancelled() error {
	if g.ctx == nil {
		return nil
	}
	return g.ctx.Err()
}

// rel is the path of an institution's extract for a year.
func (g *gen) rel(in *inst, year int, file string) string {
	if r := g.officeRel(in, year, file); r != "" {
		return r
	}
	return fmt.Sprintf("%d/%s/%s", year, in.folder, g.d.file(file, year))
}

func (g *gen) run() error {
	if err := g.writeRegistry(); err != nil {
		return err
	}
	if err := g.writeReference(); err != nil {
		return err
	}
	for _, in := range g.insts {
		st := g.stateOf(in)
		for _, y := range g.years {
			if err := g.cancelled(); err != nil {
				return err
			}
			iy := &instYear{g: g, in: in, year: y, st: st}
			steps := []func(*instYear) error{
				(*instYear).procurement,
				(*instYear).contractsAndEquipment,
				(*instYear).deptRevenue,
				(*instYear).payroll,
				(*instYear).hisIncome,
				(*instYear).ledger,
				(*instYear).budget,
				(*instYear).claims,
				(*instYear).inventory,
				(*instYear).rectification,
				(*instYear).staffPositions,
			}
			for _, step := range steps {
				if err := step(iy); err != nil {
					return err
				}
				if err := g.cancelled(); err != nil {
					return err
				}
			}
		}
		for _, y := range g.years {
			if err := g.selfInspection(in, y); err != nil {
				return err
			}
		}
	}
	if err := g.closeOffice(); err != nil {
		return err
	}
	return g.writeTruth()
}

func (g *gen) writeTruth() error {
	sort.Slice(g.truth, func(i, j int) bool {
		a, b := g.truth[i], g.truth[j]
		if a.rule != b.rule {
			return a.rule < b.rule
		}
		if a.code != b.code {
			return a.code < b.code
		}
		if a.year != b.year {
			return a.year < b.year
		}
		return a.subject < b.subject
	})
	// one row per flag: a rule, institution, year and subject are one flag however the case
	// was planted
	var uniq []truthRow
	for i, t := range g.truth {
		if i > 0 {
			p := uniq[len(uniq)-1]
			if p.rule == t.rule && p.code == t.code && p.year == t.year && p.subject == t.subject {
				uniq[len(uniq)-1].evidence = append(uniq[len(uniq)-1].evidence, t.evidence...)
				continue
			}
		}
		uniq = append(uniq, t)
	}
	g.truth = uniq
	var b strings.Builder
	b.WriteString("rule_id,institution_code,year,subject\n")
	for _, t := range g.truth {
		fmt.Fprintf(&b, "%s,%s,%d,%s\n", t.rule, t.code, t.year, csvField(t.subject))
	}
	if err := os.WriteFile(filepath.Join(g.dir, TruthFile), []byte(b.String()), 0o644); err != nil {
		return err
	}
	g.fileDone(TruthFile)
	g.sum.Truth = len(g.truth)

	sort.SliceStable(g.rejects, func(i, j int) bool {
		a, b := g.rejects[i], g.rejects[j]
		if a.file != b.file {
			return a.file < b.file
		}
		if a.sheet != b.sheet {
			return a.sheet < b.sheet
		}
		return a.row < b.row
	})
	b.Reset()
	b.WriteString("file,sheet,row,reason\n")
	for _, r := range g.rejects {
		fmt.Fprintf(&b, "%s,%s,%d,%s\n", csvField(r.file), csvField(r.sheet), r.row, r.reason)
	}
	if err := os.WriteFile(filepath.Join(g.dir, RejectsFile), []byte(b.String()), 0o644); err != nil {
		return err
	}
	g.fileDone(RejectsFile)
	g.sum.Rejects = len(g.rejects)
	return nil
}

func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
