package report

import (
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/warehouse"
)

// Sampling for the visit: which payments, vouchers, contracts or settlements to pull on site,
// drawn reproducibly from mart_sample_population. The same seed over the same items gives the
// same sample on any machine.

// DefaultSampleSeed is the seed of a draw given none; it is printed with every sample.
const DefaultSampleSeed = 20241

// SamplePopulations and SampleMethods are what `xuncha sample --of` and `--method` accept.
var (
	SamplePopulations = []string{"payments", "vouchers", "contracts", "settlements"}
	SampleMethods     = []string{"random", "stratified", "mus"}
)

// sampleBands is how many amount bands stratified sampling cuts the population into: quartiles
// by rank of amount.
const sampleBands = 4

// SampleItem is one item of a population, and, once drawn, why.
type SampleItem struct {
	Key         string // unique within the population; what the draw hashes
	DocumentNo  string
	Date        *time.Time
	AmountYuan  float64
	Description string
	FileName    string
	Sheet       string
	RowNo       int
	// Band is the amount band (1 = smallest quartile) of a stratified draw; 0 otherwise.
	Band int
}

// Sample is a drawn sample and what it was drawn from.
type Sample struct {
	Institution Institution
	Year        int
	Of, Method  string
	Seed        int64
	Size        int // asked for; a draw may hold fewer (a small population, mus)
	Population  int // items in the population
	TotalYuan   float64
	// IntervalYuan is the sampling interval of a monetary-unit draw (0 for the other methods).
	IntervalYuan float64
	Items        []SampleItem
	// DrawnAt is when a draw recorded in the command log was made (zero for a new draw), and
	// DrawnPopulation the population's size then: where it differs from Population the data
	// changed since, and the items are those the same seed draws from the data now.
	DrawnAt         time.Time
	DrawnPopulation int
}

// DrawSampleOf draws size items of population of (one of SamplePopulations) of an
// institution-year by method and seed. A population without items gives a sample without
// items, not an error.
func DrawSampleOf(ctx context.Context, db DB, inst Institution, year int, of, method string, size int, seed int64) (*Sample, error) {
	items, err := LoadSamplePopulation(ctx, db, inst.Code, year, of)
	if err != nil {
		return nil, err
	}
	s := &Sample{Institution: inst, Year: year, Of: of, Method: method, Seed: seed, Size: size, Population: len(items)}
	for _, it := range items {
		s.TotalYuan += it.AmountYuan
	}
	if len(items) == 0 {
		return s, nil
	}
	s.Items, s.IntervalYuan, err = DrawSample(items, method, size, seed)
	return s, err
}

// Draw is how the command log records the sample (warehouse.SampleDraw.Inputs).
func (s *Sample) Draw() warehouse.SampleDraw {
	return warehouse.SampleDraw{Institution: s.Institution.Code, Year: s.Year, Of: s.Of, Method: s.Method,
		Size: s.Size, Seed: s.Seed, Population: s.Population}
}

// loadSampleDraws draws again the samples `xuncha sample` drew for the institution-year (the
// latest draw of each population, as draws reads them from the command log), for the
// workbook's pull list.
func loadSampleDraws(ctx context.Context, db DB, inst Institution, year int, draws SampleDraws) ([]*Sample, error) {
	if draws == nil {
		return nil, nil
	}
	logged, err := draws(ctx, inst.Code, year)
	if err != nil {
		return nil, err
	}
	var out []*Sample
	for _, d := range logged {
		if !slices.Contains(SamplePopulations, d.Of) || !slices.Contains(SampleMethods, d.Method) {
			continue // a draw logged by a version with other populations or methods
		}
		s, err := DrawSampleOf(ctx, db, inst, year, d.Of, d.Method, d.Size, d.Seed)
		if err != nil {
			return nil, err
		}
		s.DrawnAt, s.DrawnPopulation = d.At, d.Population
		out = append(out, s)
	}
	return out, nil
}

// Header is the line that says how the sample was drawn, so it can be drawn again.
func (s *Sample) Header() string {
	drawn := strconv.Itoa(len(s.Items))
	if len(s.Items) != s.Size {
		drawn += fmt.Sprintf("（要求 %d）", s.Size)
	}
	h := fmt.Sprintf("抽样清单 %s %d年 %s：方法 %s，种子 %d，样本量 %s，总体 %d 项（¥%s）",
		s.Institution.Label(), s.Year, s.Of, s.Method, s.Seed, drawn, s.Population, yuan(s.TotalYuan))
	if s.IntervalYuan > 0 {
		h += fmt.Sprintf("，抽样间隔 ¥%s", yuan(s.IntervalYuan))
	}
	return h
}

// LoadSamplePopulation reads the items of a population of an institution-year, in the order
// monetary-unit sampling accumulates along (date, then key).
func LoadSamplePopulation(ctx context.Context, db DB, code string, year int, of string) ([]SampleItem, error) {
	var items []SampleItem
	err := scanAll(ctx, db, "sample_population", []any{code, year, of}, func(r *sql.Rows) error {
		var it SampleItem
		var date sql.NullTime
		if err := r.Scan(&it.Key, &it.DocumentNo, &date, &it.AmountYuan, &it.Description, &it.FileName, &it.Sheet, &it.RowNo); err != nil {
			return err
		}
		if date.Valid {
			it.Date = &date.Time
		}
		it.DocumentNo, it.Description = MaskIDs(it.DocumentNo), MaskIDs(it.Description)
		items = append(items, it)
		return nil
	})
	return items, err
}

// DrawSample draws size items of a population by method:
//   - random: the size items first in the order of md5(seed || key), without replacement;
//   - stratified: the population cut into four bands by rank of amount (quartiles), each band
//     given its proportional share of size (largest remainders) and at least one item, drawn
//     in each band as random draws;
//   - mus: monetary-unit sampling over the items of positive amount: interval = total / size,
//     a start in [0, interval) from the seed, and the item holding each point start + k·interval
//     of the running total; an item as large as the interval always holds one and is taken once,
//     so a draw may hold fewer than size items.
//
// The items are returned in population order.
func DrawSample(items []SampleItem, method string, size int, seed int64) ([]SampleItem, float64, error) {
	if size < 1 {
		return nil, 0, fmt.Errorf("sample size %d: want at least 1", size)
	}
	items = slices.Clone(items) // a stratified draw marks bands on its own copy
	var picked []int
	interval := 0.0
	switch method {
	case "random":
		picked = drawRandom(items, allIndices(len(items)), size, seed)
	case "stratified":
		picked = drawStratified(items, size, seed)
	case "mus":
		picked, interval = drawMUS(items, size, seed)
	default:
		return nil, 0, fmt.Errorf("sampling method %q: want one of random, stratified, mus", method)
	}
	slices.Sort(picked)
	out := make([]SampleItem, len(picked))
	for i, p := range picked {
		out[i] = items[p]
	}
	return out, interval, nil
}

func allIndices(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// drawKey orders items for a seeded draw: md5 of the seed in decimal followed by the key, as
// mart_settlements_to_pull draws its sample.
func drawKey(seed int64, key string) string {
	sum := md5.Sum([]byte(strconv.FormatInt(seed, 10) + key))
	return hex.EncodeToString(sum[:])
}

// drawRandom takes n of the items at idx, the first in draw-key order.
func drawRandom(items []SampleItem, idx []int, n int, seed int64) []int {
	keys := make(map[int]string, len(idx))
	for _, i := range idx {
		keys[i] = drawKey(seed, items[i].Key)
	}
	order := slices.Clone(idx)
	slices.SortFunc(order, func(a, b int) int {
		if c := cmpString(keys[a], keys[b]); c != 0 {
			return c
		}
		return cmpString(items[a].Key, items[b].Key)
	})
	return order[:min(n, len(order))]
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func drawStratified(items []SampleItem, size int, seed int64) []int {
	n := len(items)
	if n == 0 {
		return nil
	}
	byAmount := allIndices(n)
	slices.SortStableFunc(byAmount, func(a, b int) int {
		switch {
		case items[a].AmountYuan < items[b].AmountYuan:
			return -1
		case items[a].AmountYuan > items[b].AmountYuan:
			return 1
		}
		return cmpString(items[a].Key, items[b].Key)
	})
	bands := make([][]int, sampleBands)
	for rank, i := range byAmount {
		b := rank * sampleBands / n
		bands[b] = append(bands[b], i)
	}
	// proportional shares by largest remainders, then at least one per non-empty band
	share := make([]int, sampleBands)
	rem := make([]float64, sampleBands)
	given := 0
	for b, members := range bands {
		exact := float64(size) * float64(len(members)) / float64(n)
		share[b] = int(exact)
		rem[b] = exact - float64(share[b])
		given += share[b]
	}
	order := allIndices(sampleBands)
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for _, b := range order {
		if given >= size {
			break
		}
		if len(bands[b]) > 0 {
			share[b]++
			given++
		}
	}
	var picked []int
	for b, members := range bands {
		if len(members) == 0 {
			continue
		}
		for _, i := range drawRandom(items, members, max(1, share[b]), seed) {
			items[i].Band = b + 1
			picked = append(picked, i)
		}
	}
	return picked
}

func drawMUS(items []SampleItem, size int, seed int64) ([]int, float64) {
	total := 0.0
	for _, it := range items {
		if it.AmountYuan > 0 {
			total += it.AmountYuan
		}
	}
	if total <= 0 {
		return nil, 0
	}
	interval := total / float64(size)
	start := rand.New(rand.NewPCG(uint64(seed), 0x78756e636861)).Float64() * interval
	var picked []int
	cum := 0.0
	k := 0 // the next point is start + k·interval
	for i, it := range items {
		if it.AmountYuan <= 0 {
			continue
		}
		end := cum + it.AmountYuan
		if it.AmountYuan >= interval {
			picked = append(picked, i) // holds a point whatever the rounding of the running total
		} else if k < size && start+float64(k)*interval < end {
			picked = append(picked, i)
		}
		for k < size && start+float64(k)*interval < end {
			k++
		}
		cum = end
	}
	return picked, interval
}

// sampleItemColumns are the columns of a drawn item in a workbook.
var sampleItemColumns = []column{{"序号", colInt}, {"单据号", colText}, {"日期", colDate}, {"金额（元）", colYuan},
	{"摘要", colText}, {"来源文件", colText}, {"工作表", colText}, {"行号", colInt}, {"金额分层", colInt}, {"抽样键", colText}}

func sampleItemRow(i int, it SampleItem) []any {
	var band any
	if it.Band > 0 {
		band = it.Band
	}
	return []any{i + 1, it.DocumentNo, it.Date, it.AmountYuan, it.Description, it.FileName, it.Sheet, it.RowNo, band, it.Key}
}

// populationZH and methodZH name a sample's population and method in the pull list.
var (
	populationZH = map[string]string{"payments": "付款记录", "vouchers": "记账凭证", "contracts": "合同", "settlements": "医保结算单"}
	methodZH     = map[string]string{"random": "随机抽样", "stratified": "分层抽样（金额四分位）", "mus": "货币单位抽样"}
)

// pullListSheet writes the samples drawn for the visit as one table, 抽样清单: per item the
// population, method and seed it was drawn with, and where to find it.
func pullListSheet(f *excelize.File, st styles, name string, samples []*Sample) error {
	cols := append([]column{{"抽样对象", colText}, {"抽样方法", colText}, {"种子", colInt}, {"抽样时间", colText}}, sampleItemColumns...)
	var rows [][]any
	notes := []string{"现场调阅的抽样清单：按 xuncha sample 记录的方法与种子重抽，同一种子、同一数据得同一清单"}
	for _, s := range samples {
		at := s.DrawnAt.Format("2006-01-02 15:04")
		for i, it := range s.Items {
			rows = append(rows, append([]any{populationZH[s.Of], methodZH[s.Method], s.Seed, at}, sampleItemRow(i, it)...))
		}
		line := fmt.Sprintf("%s：%s，种子%d，抽取%d项，总体%d项", populationZH[s.Of], methodZH[s.Method], s.Seed, len(s.Items), s.Population)
		if s.DrawnPopulation != s.Population {
			line += fmt.Sprintf("（抽样时总体%d项，数据已变化，按现有数据重抽）", s.DrawnPopulation)
		}
		notes = append(notes, line)
	}
	return writeTable(f, st, sheetTable{name: name, note: strings.Join(notes, "；"), columns: cols, rows: rows})
}

// pullListSummary is the workbook summary's line on the samples drawn for the visit.
func pullListSummary(samples []*Sample) string {
	if len(samples) == 0 {
		return "尚未抽样（xuncha sample 抽样后重新生成本工作簿，抽样清单即列入）"
	}
	n := 0
	for _, s := range samples {
		n += len(s.Items)
	}
	return fmt.Sprintf("%d次抽样，共%d项，见“%s”工作表", len(samples), n, pullListName)
}

// WriteSampleXLSX writes a sample as a workbook of one sheet, 抽样清单, its first line saying
// how it was drawn.
func WriteSampleXLSX(w io.Writer, s *Sample) (err error) {
	f, st, err := newWorkbook("抽样清单")
	if err != nil {
		return err
	}
	defer func() { err = joinErr(err, f.Close()) }()
	rows := make([][]any, len(s.Items))
	for i, it := range s.Items {
		rows[i] = sampleItemRow(i, it)
	}
	const name = "抽样清单"
	if err := writeTable(f, st, sheetTable{name: name, note: s.Header(), columns: sampleItemColumns, rows: rows}); err != nil {
		return err
	}
	if idx, err := f.GetSheetIndex(name); err == nil {
		f.SetActiveSheet(idx)
	}
	for _, sh := range f.GetSheetList() {
		if sh != name {
			if err := f.DeleteSheet(sh); err != nil {
				return err
			}
		}
	}
	_, err = f.WriteTo(w)
	return err
}
