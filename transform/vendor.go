package transform

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/xuncha/xuncha/warehouse"
)

// The vendor master inside the build.
//
// One company is written many ways across extracts (重庆医药(集团)股份有限公司, 重庆医药集团股份有限
// 公司). The vendor step reads every vendor spelling of stg_procurement, stg_contracts and
// stg_payments (payee), normalises it (NormaliseVendor) and clusters the spellings: two
// spellings are one vendor when their normalised names are equal, or their character-bigram
// Dice similarity is ≥ VendorDice, or they carry the same 统一社会信用代码 — transitively,
// strongest link first. A pair named in the config file as split (vendor.split = A | B) is never
// joined, directly or through others. It writes
//
//	int_vendor   one row per spelling: the vendor it belongs to (the cluster's spelling seen
//	             on most rows), its normalised name and why it was joined
//
// Rules comparing vendors (PROC_SPLIT_PURCHASE, PROC_VENDOR_CONCENTRATION,
// FIN_DUPLICATE_PAYMENT) join it on the spelling; their evidence keeps each row's own spelling.

// VendorDice is the bigram Dice similarity from which two normalised names are one vendor.
const VendorDice = 0.9

// VendorSplit is a pair of spellings a user has said are two vendors.
type VendorSplit [2]string

// Options are the inputs of a build that do not come from raw.
type Options struct {
	VendorSplits []VendorSplit
}

// VendorSpelling is one spelling of a vendor as the extracts write it.
type VendorSpelling struct {
	Spelling, CreditCode string
	Rows                 int64
}

// VendorRow is one row of int_vendor.
type VendorRow struct {
	Spelling, Vendor, Normalised, CreditCode, JoinedBy string
	Rows                                               int64
}

var provinces = []string{
	"北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽",
	"福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西",
	"甘肃", "青海", "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门",
}

// provinceForms are the written forms of the province-level names, longest first.
var provinceForms = func() []string {
	full := map[string]string{"内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
		"宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区", "香港": "香港特别行政区", "澳门": "澳门特别行政区",
		"北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市"}
	var forms []string
	for _, p := range provinces {
		forms = append(forms, p)
		if f, ok := full[p]; ok {
			forms = append(forms, f)
		} else {
			forms = append(forms, p+"省")
		}
	}
	return forms
}()

var (
	bracketRe     = regexp.MustCompile(`[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]`)
	spaceRe       = regexp.MustCompile(`\s+`)
	companySuffix = []string{"股份有限公司", "有限责任公司", "有限公司", "公司"}
	placeSuffixRe = regexp.MustCompile(`^.{1,6}(省|市|区|县|州)$`)
)

// minCoreAfterPlace is the shortest name left after a leading place is cut: 重庆医药 stays
// 重庆医药 rather than becoming 医药, which would join it to 四川医药.
const minCoreAfterPlace = 3

// vendorNormaliser holds the place names: the province-level names and the registry's cities.
type vendorNormaliser struct {
	places []string // longest first
}

func newVendorNormaliser(cities []string) *vendorNormaliser {
	seen := map[string]bool{}
	var places []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			places = append(places, p)
		}
	}
	for _, p := range provinceForms {
		add(p)
	}
	for _, c := range cities {
		c = norm.NFKC.String(strings.TrimSpace(c))
		add(c)
		if !strings.HasSuffix(c, "市") {
			add(c + "市")
		}
		for _, s := range []string{"市", "地区", "州"} {
			if b, ok := strings.CutSuffix(c, s); ok && len([]rune(b)) >= 2 {
				add(b)
			}
		}
	}
	add("中国")
	slices.SortStableFunc(places, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return &vendorNormaliser{places: places}
}

func (n *vendorNormaliser) isPlace(s string) bool {
	return slices.Contains(n.places, s) || placeSuffixRe.MatchString(s)
}

// NormaliseVendor is the vendor name compared across extracts (RISK_RULES "Vendors and
// sampling"): NFKC; brackets dropped with their content when it is a place or 集团 (other
// brackets kept, unbracketed); the company form at the end (有限公司, 有限责任公司, 股份有限公司,
// 公司, and a 集团 just before it); leading province-level and registry city names, as long as
// minCoreAfterPlace characters remain. cities are the registry's cities.
func NormaliseVendor(name string, cities []string) string {
	return newVendorNormaliser(cities).normalise(name)
}

func (n *vendorNormaliser) normalise(name string) string {
	s := spaceRe.ReplaceAllString(norm.NFKC.String(name), "")
	s = bracketRe.ReplaceAllStringFunc(s, func(m string) string {
		inner := bracketRe.FindStringSubmatch(m)[1]
		if inner == "集团" || n.isPlace(inner) {
			return ""
		}
		return inner
	})
	for _, suf := range companySuffix {
		if b, ok := strings.CutSuffix(s, suf); ok && b != "" {
			s = b
			break
		}
	}
	if b, ok := strings.CutSuffix(s, "集团"); ok && b != "" {
		s = b
	}
	for cut := true; cut; {
		cut = false
		for _, p := range n.places {
			if b, ok := strings.CutPrefix(s, p); ok && len([]rune(b)) >= minCoreAfterPlace {
				s, cut = b, true
				break
			}
		}
	}
	return s
}

// bigrams is the set of adjacent character pairs of s (a one-character name is its own set).
func bigrams(s string) map[string]bool {
	r := []rune(s)
	set := map[string]bool{}
	if len(r) == 1 {
		set[s] = true
	}
	for i := 0; i+1 < len(r); i++ {
		set[string(r[i:i+2])] = true
	}
	return set
}

// Dice is the character-bigram Dice similarity 2·|A∩B| / (|A|+|B|) of two names.
func Dice(a, b string) float64 {
	return dice(bigrams(a), bigrams(b))
}

func dice(a, b map[string]bool) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	common := 0
	for g := range a {
		if b[g] {
			common++
		}
	}
	return 2 * float64(common) / float64(len(a)+len(b))
}

// ClusterVendors assigns every spelling to a vendor (see the comment at the top of the file).
func ClusterVendors(spellings []VendorSpelling, cities []string, splits []VendorSplit) []VendorRow {
	vn := newVendorNormaliser(cities)
	n := len(spellings)
	norms := make([]string, n)
	for i, s := range spellings {
		norms[i] = vn.normalise(s.Spelling)
	}

	type edge struct {
		a, b   int
		weight float64 // 1 for equal names and shared credit codes, else the Dice similarity
		why    string
	}
	var edges []edge
	byNorm := map[string]int{}
	byCode := map[string]int{}
	var distinct []int // first spelling of each normalised name
	for i, s := range spellings {
		if j, ok := byNorm[norms[i]]; ok {
			edges = append(edges, edge{j, i, 1, "same normalised name " + norms[i]})
		} else {
			byNorm[norms[i]] = i
			distinct = append(distinct, i)
		}
		if s.CreditCode != "" {
			if j, ok := byCode[s.CreditCode]; ok {
				edges = append(edges, edge{j, i, 1, "same 统一社会信用代码 " + s.CreditCode})
			} else {
				byCode[s.CreditCode] = i
			}
		}
	}
	grams := make([]map[string]bool, len(distinct))
	for k, i := range distinct {
		grams[k] = bigrams(norms[i])
	}
	for x := range distinct {
		for y := x + 1; y < len(distinct); y++ {
			la, lb := len(grams[x]), len(grams[y])
			// |A∩B| ≤ min, so Dice ≤ 2·min/(la+lb): skip pairs whose sizes already rule it out
			if 2*float64(min(la, lb)) < VendorDice*float64(la+lb) {
				continue
			}
			if d := dice(grams[x], grams[y]); d >= VendorDice {
				edges = append(edges, edge{distinct[x], distinct[y], d,
					fmt.Sprintf("Dice %.2f with %s", d, spellings[distinct[x]].Spelling)})
			}
		}
	}
	slices.SortStableFunc(edges, func(p, q edge) int { return cmp.Compare(q.weight, p.weight) })

	index := map[string]int{}
	for i, s := range spellings {
		index[s.Spelling] = i
	}
	apart := map[[2]int]bool{}
	for _, sp := range splits {
		a, okA := index[strings.TrimSpace(sp[0])]
		b, okB := index[strings.TrimSpace(sp[1])]
		if okA && okB {
			apart[[2]int{a, b}], apart[[2]int{b, a}] = true, true
		}
	}
	parent := make([]int, n)
	members := make([][]int, n)
	for i := range parent {
		parent[i], members[i] = i, []int{i}
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	joinedBy := make([]string, n)
	for _, e := range edges {
		ra, rb := find(e.a), find(e.b)
		if ra == rb || (len(apart) > 0 && kept(members[ra], members[rb], apart)) {
			continue
		}
		parent[rb] = ra
		members[ra] = append(members[ra], members[rb]...)
		members[rb] = nil
		if joinedBy[e.b] == "" {
			joinedBy[e.b] = e.why
		} else if joinedBy[e.a] == "" {
			joinedBy[e.a] = e.why
		}
	}

	rows := make([]VendorRow, n)
	for i, s := range spellings {
		root := find(i)
		name := spellings[root].Spelling
		best := spellings[root]
		for _, m := range members[root] {
			if c := spellings[m]; c.Rows > best.Rows || (c.Rows == best.Rows && c.Spelling < best.Spelling) {
				best, name = c, c.Spelling
			}
		}
		why := joinedBy[i]
		if why == "" {
			why = "self"
		}
		rows[i] = VendorRow{Spelling: s.Spelling, Vendor: name, Normalised: norms[i],
			CreditCode: s.CreditCode, Rows: s.Rows, JoinedBy: why}
	}
	return rows
}

// kept reports whether joining clusters a and b would put a split pair together.
func kept(a, b []int, apart map[[2]int]bool) bool {
	for _, x := range a {
		for _, y := range b {
			if apart[[2]int{x, y}] {
				return true
			}
		}
	}
	return false
}

// buildVendors writes int_vendor.
func buildVendors(ctx context.Context, db *warehouse.DB, splits []VendorSplit) (st Step, err error) {
	start := time.Now()
	conn, err := db.Conn(ctx)
	if err != nil {
		return st, err
	}
	defer func() { err = errors.Join(err, conn.Close()) }()
	var spellings []VendorSpelling
	if err := queryRows(ctx, conn, stepSQL("vendor_spellings"), func(r *sql.Rows) error {
		var s VendorSpelling
		var code sql.NullString
		if err := r.Scan(&s.Spelling, &code, &s.Rows); err != nil {
			return err
		}
		s.CreditCode = code.String
		spellings = append(spellings, s)
		return nil
	}); err != nil {
		return st, err
	}
	var cities []string
	if err := queryRows(ctx, conn, stepSQL("registry_cities"), func(r *sql.Rows) error {
		var c string
		err := r.Scan(&c)
		cities = append(cities, c)
		return err
	}); err != nil {
		return st, err
	}
	if _, err := conn.ExecContext(ctx, stepSQL("int_vendor")); err != nil {
		return st, err
	}
	rows := ClusterVendors(spellings, cities, splits)
	err = appendTo(ctx, conn, "int_vendor", func(a *duckdb.Appender) error {
		for _, r := range rows {
			var code any
			if r.CreditCode != "" {
				code = r.CreditCode
			}
			if err := a.AppendRow(r.Spelling, r.Vendor, r.Normalised, code, r.Rows, r.JoinedBy); err != nil {
				return err
			}
		}
		return nil
	})
	return Step{Model: "int_vendor", Duration: time.Since(start)}, err
}

func queryRows(ctx context.Context, conn *sql.Conn, q string, scan func(*sql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
