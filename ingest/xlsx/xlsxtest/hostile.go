// Package xlsxtest writes hostile workbooks for the tests and benchmarks that show a
// workbook cannot take the machine's memory: a giant cell, a zip bomb, many wide columns,
// shared strings beyond their budget. Each is a procurement sheet (采购日期, 品名, 类别,
// 供应商, 金额, 采购渠道) whose rows are otherwise well-formed.
package xlsxtest

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/klauspost/compress/flate"
)

const (
	header     = `<row r="1"><c t="inlineStr"><is><t>采购日期</t></is></c><c t="inlineStr"><is><t>品名</t></is></c><c t="inlineStr"><is><t>类别</t></is></c><c t="inlineStr"><is><t>供应商</t></is></c><c t="inlineStr"><is><t>金额</t></is></c><c t="inlineStr"><is><t>采购渠道</t></is></c></row>`
	sheetStart = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetEnd   = `</sheetData></worksheet>`
	emptySST   = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`
)

// row is data row r whose 品名 is the cell written by name, followed by the cells extra
// writes right of the header's columns.
func row(r int, name func(io.Writer), extra ...func(io.Writer)) func(io.Writer) {
	return func(w io.Writer) {
		fmt.Fprintf(w, `<row r="%d"><c><v>45658</v></c>`, r)
		name(w)
		io.WriteString(w, `<c t="inlineStr"><is><t>药品</t></is></c><c t="inlineStr"><is><t>甲医药</t></is></c><c><v>10</v></c><c t="inlineStr"><is><t>平台</t></is></c>`)
		for _, x := range extra {
			x(w)
		}
		io.WriteString(w, `</row>`)
	}
}

func inline(text func(io.Writer)) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, `<c t="inlineStr"><is><t>`)
		text(w)
		io.WriteString(w, `</t></is></c>`)
	}
}

// repeat writes size bytes (rounded up to whole runes) of a Chinese drug name.
func repeat(size int64) func(io.Writer) {
	return func(w io.Writer) {
		chunk := strings.Repeat("药品名称", 1<<14) // 192 KiB
		for n := int64(0); n < size; n += int64(len(chunk)) {
			io.WriteString(w, chunk[:min(int64(len(chunk)), size-n+2)/3*3])
		}
	}
}

// write makes a workbook of one sheet from its shared strings and sheet parts.
func write(path string, sst, sheet func(io.Writer)) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	z := zip.NewWriter(f)
	z.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestSpeed) })
	part := func(name string, body func(io.Writer)) {
		if err != nil {
			return
		}
		var w io.Writer
		if w, err = z.Create(name); err == nil {
			body(w)
		}
	}
	text := func(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }
	part("_rels/.rels", text(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	part("xl/workbook.xml", text(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="采购" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	part("xl/_rels/workbook.xml.rels", text(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`))
	part("xl/sharedStrings.xml", sst)
	part("xl/worksheets/sheet1.xml", sheet)
	if err != nil {
		f.Close()
		return err
	}
	if err := z.Close(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func sheet(rows ...func(io.Writer)) func(io.Writer) {
	return func(w io.Writer) {
		io.WriteString(w, sheetStart+header)
		for _, r := range rows {
			r(w)
		}
		io.WriteString(w, sheetEnd)
	}
}

// HugeCell writes a sheet whose one data row has a 品名 of size bytes, as a shared string
// or inline.
func HugeCell(path string, size int64, inlined bool) error {
	if inlined {
		return write(path, func(w io.Writer) { io.WriteString(w, emptySST) }, sheet(row(2, inline(repeat(size)))))
	}
	sst := func(w io.Writer) {
		io.WriteString(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>`)
		repeat(size)(w)
		io.WriteString(w, `</t></si></sst>`)
	}
	return write(path, sst, sheet(row(2, func(w io.Writer) { io.WriteString(w, `<c t="s"><v>0</v></c>`) })))
}

// Inflated writes a sheet of two data rows with size bytes of blank space between them: a
// file of a few hundred KB that inflates to size.
func Inflated(path string, size int64) error {
	name := inline(func(w io.Writer) { io.WriteString(w, "阿莫西林胶囊") })
	blank := func(w io.Writer) {
		chunk := strings.Repeat(" ", 1<<20)
		for n := int64(0); n < size; n += int64(len(chunk)) {
			io.WriteString(w, chunk)
		}
	}
	return write(path, func(w io.Writer) { io.WriteString(w, emptySST) }, sheet(row(2, name), blank, row(3, name)))
}

// WideRows writes rows data rows whose 品名 and cols further columns each hold cell bytes:
// every cell is under the cell limit, a row or a few rows together are not small.
func WideRows(path string, rows, cols int, cell int64) error {
	rs := make([]func(io.Writer), rows)
	for r := range rs {
		big := func(c int) func(io.Writer) {
			return inline(func(w io.Writer) {
				fmt.Fprintf(w, "药品%d-%d ", r, c)
				repeat(cell)(w)
			})
		}
		extra := make([]func(io.Writer), cols)
		for c := range extra {
			extra[c] = big(c + 1)
		}
		rs[r] = row(r+2, big(0), extra...)
	}
	return write(path, func(w io.Writer) { io.WriteString(w, emptySST) }, sheet(rs...))
}

// SharedStrings writes a sheet whose shared strings hold size bytes in strings of 16 KiB.
func SharedStrings(path string, size int64) error {
	sst := func(w io.Writer) {
		io.WriteString(w, `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
		body := strings.Repeat("x", 16<<10)
		for n := int64(0); n < size; n += 16 << 10 {
			fmt.Fprintf(w, `<si><t>%d%s</t></si>`, n, body)
		}
		io.WriteString(w, `</sst>`)
	}
	return write(path, sst, sheet(row(2, func(w io.Writer) { io.WriteString(w, `<c t="s"><v>0</v></c>`) })))
}

// EmptyStyledCells writes two data rows with rows of formatted but empty cells between
// them, n cells in all, each row as wide as Excel allows (A to XFD, 16,384 columns): what
// formatting a whole column range leaves in a sheet.
func EmptyStyledCells(path string, n int) error {
	name := inline(func(w io.Writer) { io.WriteString(w, "阿莫西林胶囊") })
	const width = 16384
	empty := func(w io.Writer) {
		bw := bufio.NewWriterSize(w, 1<<20)
		for r := 0; r*width < n; r++ {
			fmt.Fprintf(bw, `<row r="%d">`, r+3)
			for c := range min(width, n-r*width) {
				fmt.Fprintf(bw, `<c r="%s%d" s="1"/>`, column(c), r+3)
			}
			bw.WriteString(`</row>`)
		}
		bw.Flush()
	}
	last := n/width + 4
	return write(path, func(w io.Writer) { io.WriteString(w, emptySST) }, sheet(row(2, name), empty, row(last, name)))
}

// ManyColumns writes rows data rows each with cols further columns of short values right of
// the header's.
func ManyColumns(path string, rows, cols int) error {
	rs := make([]func(io.Writer), rows)
	for r := range rs {
		extra := func(w io.Writer) {
			bw := bufio.NewWriterSize(w, 1<<20)
			for c := range cols {
				fmt.Fprintf(bw, `<c r="%s%d"><v>%d</v></c>`, column(c+6), r+2, c)
			}
			bw.Flush()
		}
		rs[r] = row(r+2, inline(func(w io.Writer) { fmt.Fprintf(w, "药品%d", r) }), extra)
	}
	return write(path, func(w io.Writer) { io.WriteString(w, emptySST) }, sheet(rs...))
}

// column is the letters of 0-based column c (0: A, 26: AA).
func column(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}
