package samples

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"encoding/csv"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// cell is one value of a row, typed; the layout of the file decides how it is written.
type cell struct {
	k    cellKind
	s    string
	d    day
	secs int // time of day for dDateTime
	f    fen
	n    float64
}

type cellKind uint8

const (
	cEmpty cellKind = iota
	cText
	cDate
	cMoney
	cNum
	cRaw // written verbatim as text whatever the layout (genuinely bad values)
)

func tx(s string) cell   { return cell{k: cText, s: s} }
func dt(d day) cell      { return cell{k: cDate, d: d} }
func mo(f fen) cell      { return cell{k: cMoney, f: f} }
func num(n float64) cell { return cell{k: cNum, n: n} }
func raw(s string) cell  { return cell{k: cRaw, s: s} }
func empty() cell        { return cell{} }

// dtt is a date with a time of day (used with dDateTime).
func dtt(d day, secs int) cell { return cell{k: cDate, d: d, secs: secs} }

// optDate is a date cell, or an empty one for the zero day.
func optDate(d day) cell {
	if d == 0 {
		return empty()
	}
	return dt(d)
}

// layout is how one table is written: the messiness of one hospital office.
type layout struct {
	titles     []string // rows above the header, e.g. "巴南区人民医院2025年药品采购明细表"
	unitLine   string   // e.g. "单位：万元", written between the titles and the header
	wan        bool     // money in 万元 (announced by unitLine or by the headers)
	dates      dateFmt
	money      moneyFmt
	mergeCols  []int  // columns whose runs of equal values are merged down (xlsx only)
	total      bool   // a 合计 row at the bottom with the sums of the money columns
	totalLabel string // "合计" unless set
	footer     []string
	subtotal   *groupTotal // a 小计 row after each group of rows
}

// groupTotal lays out a subtotal row after each run of rows with the same value in column
// group: "<value> 小计" in that column when label is the same column, else the value kept and
// 小计 in column label beside it. Its amounts are the group's sums.
type groupTotal struct{ group, label int }

// subtotals tracks the current group of a table whose layout has a groupTotal.
type subtotals struct {
	at    *groupTotal
	value string
	open  bool
	sums  map[int]fen
}

// next is the subtotal row to write before a data row that starts another group, or nil;
// it then counts the row into its group.
func (st *subtotals) next(cells []cell) []cell {
	if st.at == nil {
		return nil
	}
	var out []cell
	if v := cells[st.at.group].s; st.open && v != st.value {
		out = st.row(len(cells))
	}
	if !st.open || out != nil {
		st.value, st.open, st.sums = cells[st.at.group].s, true, map[int]fen{}
	}
	for i, c := range cells {
		if c.k == cMoney {
			st.sums[i] += c.f
		}
	}
	return out
}

// close is the last group's subtotal row, or nil.
func (st *subtotals) close(ncol int) []cell {
	if st.at == nil || !st.open {
		return nil
	}
	st.open = false
	return st.row(ncol)
}

func (st *subtotals) row(ncol int) []cell {
	out := make([]cell, ncol)
	for i, f := range st.sums {
		out[i] = mo(f)
	}
	if st.at.label == st.at.group {
		out[st.at.group] = tx(st.value + " 小计")
	} else {
		out[st.at.group], out[st.at.label] = tx(st.value), tx("小计")
	}
	return out
}

// table is one sheet of a workbook or one CSV file.
type table interface {
	// add writes a data row and returns the row number a spreadsheet shows for it (for a CSV:
	// the 1-based record number, counting the header and title lines).
	add(cells ...cell) int
	// aux writes a row that is not data (a running total, an opening line a layout adds):
	// neither counted nor summed. It returns the row number like add.
	aux(cells ...cell) int
	// end writes the total row and the footer and finishes the table.
	end() error
}

// ---- XLSX ----

// sortedZip is an excelize ZipWriter that writes the parts of a workbook in name order with a
// fixed modification time, so that the same workbook always gives the same bytes (excelize
// itself writes streamed sheets in map order).
type sortedZip struct {
	w       io.Writer
	entries []*zipEntry
	fw      *flate.Writer // reused: excelize writes one part after the other
	cur     *zipEntry
}

type zipEntry struct {
	name string
	buf  bytes.Buffer
	z    *sortedZip
	crc  hash.Hash32
	n    uint64
}

func (e *zipEntry) Write(p []byte) (int, error) {
	if e.z.cur != e {
		return 0, errors.New("samples: zip part written out of turn")
	}
	e.crc.Write(p)
	e.n += uint64(len(p))
	return e.z.fw.Write(p)
}

var zipTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func (z *sortedZip) finish() error {
	if z.cur == nil {
		return nil
	}
	z.cur = nil
	return z.fw.Close()
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if err := z.finish(); err != nil {
		return nil, err
	}
	e := &zipEntry{name: name, z: z, crc: crc32.NewIEEE()}
	if z.fw == nil {
		fw, err := flate.NewWriter(&e.buf, flate.BestSpeed)
		if err != nil {
			return nil, err
		}
		z.fw = fw
	} else {
		z.fw.Reset(&e.buf)
	}
	z.cur = e
	z.entries = append(z.entries, e)
	return e, nil
}

func (z *sortedZip) AddFS(fs.FS) error { return errors.New("samples: AddFS not supported") }

func (z *sortedZip) Close() error {
	if err := z.finish(); err != nil {
		return err
	}
	sort.Slice(z.entries, func(i, j int) bool { return z.entries[i].name < z.entries[j].name })
	zw := zip.NewWriter(z.w)
	for _, e := range z.entries {
		h := &zip.FileHeader{
			Name:               e.name,
			Method:             zip.Deflate,
			CRC32:              e.crc.Sum32(),
			CompressedSize64:   uint64(e.buf.Len()),
			UncompressedSize64: e.n,
			Modified:           zipTime,
		}
		w, err := zw.CreateRaw(h)
		if err != nil {
			return err
		}
		if _, err := w.Write(e.buf.Bytes()); err != nil {
			return err
		}
	}
	return zw.Close()
}

// book is an xlsx workbook being written, sheet after sheet, with excelize's StreamWriter.
type book struct {
	g          *gen
	rel        string
	kind       string
	f          *excelize.File
	nsheets    int
	dateStyle  int
	titleStyle int
	headStyle  int
	err        error
}

// newBook starts a workbook at rel (relative to the output dir). creator and when go into the
// document properties (fixed values, so the bytes do not depend on the clock).
func (g *gen) newBook(rel, kind, creator string, when day) *book {
	f := excelize.NewFile(excelize.Options{TmpDir: g.tmpDir})
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} })
	b := &book{g: g, rel: rel, kind: kind, f: f}
	ts := when.time().Add(9 * time.Hour).Format(time.RFC3339)
	b.fail(f.SetDocProps(&excelize.DocProperties{
		Creator: creator, LastModifiedBy: creator, Created: ts, Modified: ts, Language: "zh-CN",
	}))
	var err error
	b.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: strptr("yyyy-mm-dd")})
	b.fail(err)
	b.titleStyle, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
		Alignment: &excelize.Alignment{Horizontal: "center"}})
	b.fail(err)
	b.headStyle, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}})
	b.fail(err)
	if g.d != nil && g.d.coverSheet[kind] {
		b.cover()
	}
	return b
}

// coverNotes are a form's 填报说明: how to fill it in, none of its data.
var coverNotes = [][]any{
	{"填报说明"},
	{"1. 本表由业务科室按月填报，次月10日前报送财务科，逾期未报的在备注中说明原因。"},
	{"2. 金额单位为元，保留两位小数；日期按年-月-日填写。"},
	{"3. 请勿修改表头、插入或删除列，不得合并单元格。"},
	{"4. 数据以业务系统导出为准，手工调整的须附审批单。"},
	{"填表人：", nil, "审核人：", nil, "联系电话："},
}

// cover makes the first sheet of the workbook its 填报说明; the data sheets follow it.
func (b *book) cover() {
	b.fail(b.f.SetSheetName("Sheet1", "填报说明"))
	for i, r := range coverNotes {
		b.fail(b.f.SetSheetRow("填报说明", cellRef(1, i+1), &r))
	}
	b.nsheets++
}

func strptr(s string) *string { return &s }

func (b *book) fail(err error) {
	if err != nil && b.err == nil {
		b.err = err
	}
}

// sheet starts the next sheet. Only one sheet is open at a time: end it before the next.
func (b *book) sheet(name string, lay layout, header []string) *xsheet {
	rows, spans := b.g.headerRows(b.kind, header, lay.wan)
	if b.nsheets == 0 {
		b.fail(b.f.SetSheetName("Sheet1", name))
	} else {
		_, err := b.f.NewSheet(name)
		b.fail(err)
	}
	b.nsheets++
	sw, err := b.f.NewStreamWriter(name)
	b.fail(err)
	s := &xsheet{b: b, sw: sw, name: name, lay: lay, ncol: len(header), sub: subtotals{at: lay.subtotal}}
	s.sums = make([]fen, len(header))
	s.isMoney = make([]bool, len(header))
	s.runs = make([]mergeRun, len(header))
	if sw == nil {
		return s
	}
	widths := 14.0
	b.fail(sw.SetColWidth(1, len(header), widths))
	for _, t := range lay.titles {
		s.r++
		b.fail(sw.SetRow(cellRef(1, s.r), []any{excelize.Cell{StyleID: b.titleStyle, Value: t}}))
		if len(header) > 1 {
			b.fail(sw.MergeCell(cellRef(1, s.r), cellRef(len(header), s.r)))
		}
	}
	if lay.unitLine != "" {
		s.r++
		b.fail(sw.SetRow(cellRef(1, s.r), []any{lay.unitLine}))
	}
	first := s.r + 1
	for _, row := range rows {
		s.r++
		hv := make([]any, len(row))
		for i, h := range row {
			hv[i] = excelize.Cell{StyleID: b.headStyle, Value: h}
		}
		b.fail(sw.SetRow(cellRef(1, s.r), hv))
	}
	for _, sp := range spans {
		b.fail(sw.MergeCell(cellRef(sp.c0+1, first+sp.r0), cellRef(sp.c1+1, first+sp.r1)))
	}
	return s
}

func cellRef(col, row int) string {
	n, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		panic(err)
	}
	return n
}

// junkSheet adds a hidden sheet of leftovers (a pivot scratch area, an old version). Call it
// before the first data sheet: hiding a sheet makes excelize read every worksheet back.
func (b *book) junkSheet(name string, rows [][]any) {
	_, err := b.f.NewSheet(name)
	b.fail(err)
	for i, r := range rows {
		b.fail(b.f.SetSheetRow(name, cellRef(1, i+1), &r))
	}
	b.fail(b.f.SetSheetVisible(name, false))
}

// close saves the workbook.
func (b *book) close() error {

	path := filepath.Join(b.g.dir, filepath.FromSlash(b.rel))
	if b.err == nil {
		b.fail(os.MkdirAll(filepath.Dir(path), 0o755))
	}
	if b.err == nil {
		b.fail(b.f.SaveAs(path))
	}
	b.fail(b.f.Close())
	if b.err != nil {
		return fmt.Errorf("samples: writing %s: %w", b.rel, b.err)
	}
	b.g.sum.Kinds[b.rel] = b.kind
	b.g.fileDone(b.rel)
	return nil
}

type mergeRun struct {
	start int
	val   string
}

type xsheet struct {
	b       *book
	sw      *excelize.StreamWriter
	name    string
	lay     layout
	ncol    int
	r       int
	sums    []fen
	isMoney []bool
	runs    []mergeRun
	n       int
	sub     subtotals
}

func (s *xsheet) value(c cell) any {
	switch c.k {
	case cText, cRaw:
		return c.s
	case cNum:
		return c.n
	case cDate:
		switch s.lay.dates {
		case dSerial:
			return excelize.Cell{StyleID: s.b.dateStyle, Value: c.d.serial()}
		case dRawSerial:
			return c.d.serial()
		case dDateTime:
			return fmt.Sprintf("%s %02d:%02d:%02d", c.d.iso(), c.secs/3600, c.secs/60%60, c.secs%60)
		}
		return formatDate(c.d, s.lay.dates)
	case cMoney:
		return moneyValue(c.f, s.lay, true)
	}
	return nil
}

// moneyValue renders an amount for a layout: a float64 for a numeric cell, else text.
func moneyValue(f fen, lay layout, numeric bool) any {
	if lay.wan {
		v, _ := strconv.ParseFloat(f.wan(), 64)
		if numeric {
			return v
		}
		return f.wan()
	}
	switch lay.money {
	case mfFixed:
		return f.fixed2()
	case mfThousands:
		return f.thousands("")
	case mfYen:
		return f.thousands("¥")
	}
	if numeric {
		return f.float()
	}
	return f.plain()
}

func (s *xsheet) add(cells ...cell) int {
	if sub := s.sub.next(cells); sub != nil {
		s.aux(sub...)
	}
	s.n++
	s.b.g.countRow(s.b.kind)
	for i, c := range cells {
		if c.k == cMoney {
			s.isMoney[i] = true
			s.sums[i] += c.f
		}
	}
	return s.aux(cells...)
}

func (s *xsheet) aux(cells ...cell) int {
	s.r++
	vals := make([]any, len(cells))
	for i, c := range cells {
		vals[i] = s.value(c)
	}
	for _, mc := range s.lay.mergeCols {
		v := fmt.Sprint(vals[mc])
		run := &s.runs[mc]
		if run.start > 0 && run.val == v {
			vals[mc] = nil // covered by the merge
			continue
		}
		s.closeRun(mc)
		*run = mergeRun{start: s.r, val: v}
	}
	if s.sw != nil {
		s.b.fail(s.sw.SetRow(cellRef(1, s.r), vals))
	}
	return s.r
}

func (s *xsheet) closeRun(mc int) {
	run := &s.runs[mc]
	if run.start > 0 && s.r-1 > run.start && s.sw != nil {
		s.b.fail(s.sw.MergeCell(cellRef(mc+1, run.start), cellRef(mc+1, s.r-1)))
	}
	run.start = 0
}

func (s *xsheet) end() error {
	if sub := s.sub.close(s.ncol); sub != nil {
		s.aux(sub...)
	}
	s.r++ // closing the runs looks at s.r-1
	for _, mc := range s.lay.mergeCols {
		s.closeRun(mc)
	}
	s.r--
	if s.lay.total && s.n > 0 {
		s.r++
		vals := make([]any, s.ncol)
		lbl := s.lay.totalLabel
		if lbl == "" {
			lbl = "合计"
		}
		vals[0] = lbl
		for i := range vals {
			if s.isMoney[i] {
				vals[i] = moneyValue(s.sums[i], s.lay, true)
			}
		}
		if s.sw != nil {
			s.b.fail(s.sw.SetRow(cellRef(1, s.r), vals))
		}
	}
	for _, f := range s.lay.footer {
		s.r++
		if s.sw != nil {
			s.b.fail(s.sw.SetRow(cellRef(1, s.r), []any{f}))
		}
	}
	if s.sw != nil {
		s.b.fail(s.sw.Flush())
	}
	return s.b.err
}

// ---- CSV ----

type csvEnc int

const (
	encUTF8 csvEnc = iota
	encUTF8BOM
	encGBK
)

type csvTable struct {
	g    *gen
	rel  string
	kind string
	lay  layout
	f    *os.File
	bw   *bufio.Writer
	tw   io.WriteCloser
	w    *csv.Writer
	rec  int
	ncol int
	sums []fen
	isM  []bool
	sub  subtotals
	err  error
}

// newCSV starts a CSV file: encoding, separator, title lines (one field each) and the header.
func (g *gen) newCSV(rel, kind string, enc csvEnc, comma rune, lay layout, header []string) *csvTable {
	rows, _ := g.headerRows(kind, header, lay.wan)
	t := &csvTable{g: g, rel: rel, kind: kind, lay: lay, ncol: len(header), sub: subtotals{at: lay.subtotal}}
	t.sums = make([]fen, len(header))
	t.isM = make([]bool, len(header))
	path := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.err = err
		return t
	}
	f, err := os.Create(path)
	if err != nil {
		t.err = err
		return t
	}
	t.f = f
	t.bw = bufio.NewWriterSize(f, 1<<16)
	var w io.Writer = t.bw
	switch enc {
	case encUTF8BOM:
		t.bw.WriteString("\uFEFF")
	case encGBK:
		t.tw = transform.NewWriter(t.bw, simplifiedchinese.GBK.NewEncoder())
		w = t.tw
	}
	t.w = csv.NewWriter(w)
	t.w.Comma = comma
	t.w.UseCRLF = enc == encGBK
	for _, title := range lay.titles {
		t.write([]string{title})
	}
	if lay.unitLine != "" {
		t.write([]string{lay.unitLine})
	}
	for _, row := range rows {
		t.write(row)
	}
	return t
}

func (t *csvTable) write(rec []string) {
	t.rec++
	if t.err == nil {
		t.err = t.w.Write(rec)
	}
}

func (t *csvTable) add(cells ...cell) int {
	if sub := t.sub.next(cells); sub != nil {
		t.aux(sub...)
	}
	for i, c := range cells {
		if c.k == cMoney {
			t.isM[i] = true
			t.sums[i] += c.f
		}
	}
	t.g.countRow(t.kind)
	return t.aux(cells...)
}

func (t *csvTable) aux(cells ...cell) int {
	rec := make([]string, len(cells))
	for i, c := range cells {
		switch c.k {
		case cText, cRaw:
			rec[i] = c.s
		case cNum:
			rec[i] = strconv.FormatFloat(c.n, 'f', -1, 64)
		case cDate:
			switch t.lay.dates {
			case dDateTime:
				rec[i] = fmt.Sprintf("%s %02d:%02d:%02d", c.d.iso(), c.secs/3600, c.secs/60%60, c.secs%60)
			case dSerial:
				rec[i] = c.d.iso()
			default:
				rec[i] = formatDate(c.d, t.lay.dates)
			}
		case cMoney:
			rec[i] = moneyValue(c.f, t.lay, false).(string)
		}
	}
	t.write(rec)
	return t.rec
}

func (t *csvTable) end() error {
	if sub := t.sub.close(t.ncol); sub != nil {
		t.aux(sub...)
	}
	if t.lay.total {
		rec := make([]string, t.ncol)
		rec[0] = "合计"
		for i := range rec {
			if t.isM[i] {
				rec[i] = moneyValue(t.sums[i], t.lay, false).(string)
			}
		}
		t.write(rec)
	}
	for _, f := range t.lay.footer {
		t.write([]string{f})
	}
	if t.w != nil {
		t.w.Flush()
		if t.err == nil {
			t.err = t.w.Error()
		}
	}
	if t.tw != nil {
		if err := t.tw.Close(); err != nil && t.err == nil {
			t.err = err
		}
	}
	if t.bw != nil {
		if err := t.bw.Flush(); err != nil && t.err == nil {
			t.err = err
		}
	}
	if t.f != nil {
		if err := t.f.Close(); err != nil && t.err == nil {
			t.err = err
		}
	}
	if t.err != nil {
		return fmt.Errorf("samples: writing %s: %w", t.rel, t.err)
	}
	t.g.sum.Kinds[t.rel] = t.kind
	t.g.fileDone(t.rel)
	return nil
}
