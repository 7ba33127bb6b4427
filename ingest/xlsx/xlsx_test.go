package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// readAll returns every sheet's rows with trailing blank cells and rows dropped.
func readAll(t testing.TB, wb *Workbook) (map[string][][]string, error) {
	out := map[string][][]string{}
	for _, sh := range wb.Sheets {
		var rows [][]string
		err := wb.Rows(sh, func(r *Row) bool {
			if r.Num != len(rows)+1 {
				t.Fatalf("%s: row %d after %d rows", sh.Name, r.Num, len(rows))
			}
			rows = append(rows, trimRow(r.Cells))
			return true
		})
		if err != nil {
			return out, err
		}
		out[sh.Name] = trimRows(rows)
	}
	return out, nil
}

func trimRow(cells []string) []string {
	n := len(cells)
	for n > 0 && cells[n-1] == "" {
		n--
	}
	return append([]string{}, cells[:n]...)
}

func trimRows(rows [][]string) [][]string {
	n := len(rows)
	for n > 0 && len(rows[n-1]) == 0 {
		n--
	}
	return rows[:n]
}

// TestCorpusAgainstExcelize: on every workbook of the corpus that excelize reads, the
// streaming reader yields the same raw values, row numbers, sheets and merged ranges.
func TestCorpusAgainstExcelize(t *testing.T) {
	files, _ := filepath.Glob("../testdata/corpus/*.xls[xm]")
	if len(files) < 50 {
		t.Fatalf("corpus: %d workbooks", len(files))
	}
	compared := 0
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			xf, err := excelize.OpenFile(f)
			if err != nil {
				if _, ours := Open(f, Limits{}); ours == nil && !strings.Contains(err.Error(), "encrypt") {
					t.Logf("excelize refuses (%v), we read it", err)
				}
				return
			}
			defer xf.Close()
			wb, err := Open(f, Limits{})
			if err != nil {
				t.Fatalf("excelize opens it, we do not: %v", err)
			}
			defer wb.Close()
			ours, ourErr := readAll(t, wb)
			for _, sh := range wb.Sheets {
				want, werr := excelizeRows(xf, sh.Name)
				if werr != nil {
					t.Logf("%s: excelize: %v; ours: %v", sh.Name, werr, ourErr)
					continue
				}
				if ourErr != nil {
					t.Fatalf("%s: %v (excelize reads it)", sh.Name, ourErr)
				}
				if w, ok := excelizeMisreads[filepath.Base(f)]; ok {
					want = w
				}
				if !reflect.DeepEqual(ours[sh.Name], want) {
					t.Errorf("%s:\n ours %q\n want %q", sh.Name, head(ours[sh.Name]), head(want))
				}
				visible, _ := xf.GetSheetVisible(sh.Name)
				if sh.Hidden == visible {
					t.Errorf("%s: hidden = %v, excelize says visible = %v", sh.Name, sh.Hidden, visible)
				}
				mcs, _ := xf.GetMergeCells(sh.Name, true)
				got, err := wb.Merges(sh)
				if err != nil || len(got) != len(mcs) {
					t.Errorf("%s: %d merges (%v), excelize %d", sh.Name, len(got), err, len(mcs))
				}
				for i := range min(len(got), len(mcs)) {
					c1, r1, _ := excelize.CellNameToCoordinates(mcs[i].GetStartAxis())
					c2, r2, _ := excelize.CellNameToCoordinates(mcs[i].GetEndAxis())
					if (got[i] != Range{r1, c1 - 1, r2, c2 - 1}) {
						t.Errorf("%s: merge %d = %+v, excelize %s:%s", sh.Name, i, got[i], mcs[i].GetStartAxis(), mcs[i].GetEndAxis())
					}
				}
				compared++
			}
			if p, err := xf.GetWorkbookProps(); err == nil && p.Date1904 != nil && *p.Date1904 != wb.Date1904 {
				t.Errorf("date1904 = %v, excelize %v", wb.Date1904, *p.Date1904)
			}
		})
	}
	if compared < 50 {
		t.Errorf("compared only %d sheets", compared)
	}
}

// excelizeMisreads: files excelize reads wrongly, with what they hold.
var excelizeMisreads = map[string][][]string{
	// cells with s="" (an empty style attribute): excelize yields no rows at all
	"empty_s_attribute.xlsx": {{"Name", "Value"}, {"John", "1"}, {"Sophia", "2"}, {"Peter", "3"}, {"Sam", "4"}},
}

func head(rows [][]string) [][]string { return rows[:min(len(rows), 12)] }

func excelizeRows(xf *excelize.File, sheet string) ([][]string, error) {
	rows, err := xf.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		out = append(out, trimRow(cells))
	}
	return trimRows(out), rows.Error()
}

// workbook writes a minimal package around a worksheet body and shared strings.
func workbook(t testing.TB, sheetData, sst string) string {
	t.Helper()
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	add := func(name, body string) {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	add("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	add("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/><sheet name="H" sheetId="2" state="hidden" r:id="rId2"/></sheets></workbook>`)
	add("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)
	add("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`+sheetData+`</sheetData><mergeCells count="1"><mergeCell ref="A2:A4"/></mergeCells></worksheet>`)
	add("xl/sharedStrings.xml", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`+sst+`</sst>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "w.xlsx")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRows(t *testing.T) {
	big := strings.Repeat("长", 200) // 600 bytes
	cases := []struct {
		name, sheet, sst string
		want             [][]string
		tooLarge         map[int][]int
	}{
		{"shared, inline, numbers, gaps",
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>x&amp;y</t></is></c></row>` +
				`<row r="3"><c r="B3"><v>45725</v></c><c r="C3" t="b"><v>1</v></c></row>`,
			`<si><t>采购日期</t></si>`,
			[][]string{{"采购日期", "", "x&y"}, {}, {"", "45725", "1"}}, nil},
		{"rich text and phonetic runs, escapes, CDATA",
			`<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="inlineStr"><is><t><![CDATA[a<b]]></t></is></c></row>`,
			`<si><r><rPr><b/></rPr><t>巴南</t></r><r><t xml:space="preserve"> 区</t></r><rPh sb="0" eb="1"><t>バ</t></rPh></si><si><t>a_x000D_b_x005F_x000D_</t></si>`,
			[][]string{{"巴南 区", "a\rb_x000D_", "a<b"}}, nil},
		{"prefixed tags, CR LF, missing refs",
			`<x:row><x:c><x:v>1</x:v></x:c><x:c t="str"><x:v>a&#13;&#10;b&#x4e2d;</x:v></x:c></x:row><x:row/><x:row><x:c t="inlineStr"><x:is><x:t>l1` + "\r\n" + `l2</x:t></x:is></x:c></x:row>`,
			``,
			[][]string{{"1", "a\r\nb中"}, {}, {"l1\nl2"}}, nil},
		{"a row left open before </sheetData>",
			`<row><c><v>1</v></c></row><row><c><v>2</v></c>`, ``,
			[][]string{{"1"}, {"2"}}, nil},
		{"cells over the limit keep a prefix",
			`<row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>` + big + `</t></is></c><c><v>2</v></c></row>`,
			`<si><t>` + big + big + `</t></si>`,
			[][]string{{strings.Repeat("长", 85), strings.Repeat("长", 85), "2"}}, map[int][]int{1: {0, 1}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := Open(workbook(t, tc.sheet, tc.sst), Limits{CellBytes: 500})
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			if len(wb.Sheets) != 2 || wb.Sheets[0].Hidden || !wb.Sheets[1].Hidden {
				t.Fatalf("sheets %+v", wb.Sheets)
			}
			var got [][]string
			tooLarge := map[int][]int{}
			err = wb.Rows(wb.Sheets[0], func(r *Row) bool {
				got = append(got, trimRow(r.Cells))
				if len(r.TooLarge) > 0 {
					tooLarge[r.Num] = append([]int(nil), r.TooLarge...)
				}
				return true
			})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("rows\n got %q\nwant %q", got, tc.want)
			}
			if len(tooLarge) > 0 || tc.tooLarge != nil {
				if !reflect.DeepEqual(tooLarge, tc.tooLarge) {
					t.Errorf("too large %v, want %v", tooLarge, tc.tooLarge)
				}
			}
			m, err := wb.Merges(wb.Sheets[0])
			if err != nil || len(m) != 1 || m[0] != (Range{2, 0, 4, 0}) {
				t.Errorf("merges %v %v", m, err)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	many := strings.Repeat(`<si><t>0123456789</t></si>`, 2000)
	rows := strings.Repeat(`<row><c t="inlineStr"><is><t>`+strings.Repeat("x", 100)+`</t></is></c></row>`, 1000)
	cases := []struct {
		name       string
		sheet, sst string
		lim        Limits
		want       string
	}{
		{"shared strings over their budget", `<row><c t="s"><v>0</v></c></row>`, many, Limits{SharedBytes: 10_000}, "shared strings hold more than"},
		{"a worksheet that inflates too far", rows, "", Limits{SheetBytes: 50_000}, "inflates beyond"},
		{"a shared string index out of range", `<row><c t="s"><v>7</v></c></row>`, `<si><t>a</t></si>`, Limits{}, `cell A1 refers to shared string "7" of 1`},
		{"a row number beyond a sheet", `<row r="2000000"><c><v>1</v></c></row>`, "", Limits{}, "row number 2000000"},
		{"a cell never closed", `<row><c><v>1</v></row>`, "", Limits{}, "cell A1 is not closed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := Open(workbook(t, tc.sheet, tc.sst), tc.lim)
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			err = wb.Rows(wb.Sheets[0], func(*Row) bool { return true })
			if err == nil || !strings.Contains(err.Error(), tc.want) || !(errors.Is(err, ErrTooLarge) || errors.Is(err, ErrCorrupt)) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// FuzzRows: any worksheet and shared strings body yields rows or an error, never a
// panic, with row numbers that only go up and cells within the limits.
func FuzzRows(f *testing.F) {
	f.Add(`<row r="2"><c r="B2" t="s"><v>0</v></c><c t="inlineStr"><is><r><t>a</t></r></is></c></row>`, `<si><t>x_x000D_</t></si>`)
	f.Add(`<x:row><x:c><x:v>1&amp;</x:v></x:c></x:row><row r="5"/>`, `<si/><si><t><![CDATA[<>]]></t></si>`)
	f.Add(`<row><c><v>&#x;&#99999999;&bogus;</v></c><!-- </row> --></row>`, ``)
	f.Fuzz(func(t *testing.T, sheet, sst string) {
		wb, err := Open(workbook(t, sheet, sst), Limits{CellBytes: 64, Columns: 40})
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		last := 0
		err = wb.Rows(wb.Sheets[0], func(r *Row) bool {
			if r.Num != last+1 || len(r.Cells) > 40 {
				t.Fatalf("row %d after %d, %d cells", r.Num, last, len(r.Cells))
			}
			for _, c := range r.Cells {
				if len(c) > 4*64+prefixLen {
					t.Fatalf("cell of %d bytes", len(c))
				}
			}
			last = r.Num
			return last < 5000
		})
		if err != nil && !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("unclassified error %v", err)
		}
		_, _ = wb.Merges(wb.Sheets[0])
	})
}

func ExampleColumnName() {
	fmt.Println(ColumnName(0), ColumnName(25), ColumnName(26), ColumnName(16383))
	// Output: A Z AA XFD
}
