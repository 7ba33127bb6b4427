package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// csvRecords reads text with csvReader, through chunks of chunkSize records, over a buffer
// of bufSize bytes.
func csvRecords(text string, delim byte, bufSize, chunkSize int) ([][]string, error) {
	cr := &csvReader{br: bufio.NewReaderSize(strings.NewReader(text), bufSize), delim: delim}
	var b csvChunkBuilder
	var out [][]string
	rowNo := 0
	for {
		err := b.read(cr)
		if err != nil && err != io.EOF {
			return out, err
		}
		if err == nil {
			rowNo++
		}
		if err == io.EOF || len(b.recs) >= chunkSize {
			c := b.chunk(rowNo, 1<<30)
			if c.first != rowNo-len(c.rows)+1 {
				return out, errors.New("chunk numbered wrong")
			}
			out = append(out, c.rows...)
		}
		if err == io.EOF {
			return out, nil
		}
	}
}

// stdRecords reads text as encoding/csv does with the options openCSV once gave it.
func stdRecords(text string, delim byte) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = rune(delim)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var out [][]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if len(rec) > maxColumns {
			rec = rec[:maxColumns]
		}
		out = append(out, rec)
	}
}

// TestCSVReaderAsEncodingCSV: the records of encoding/csv with LazyQuotes, on the shapes
// exports take: quotes around whole cells, quotes doubled or left bare, line breaks and
// delimiters inside quotes, CR LF, blank lines, no line end at the end, a CR before the end.
func TestCSVReaderAsEncodingCSV(t *testing.T) {
	cases := []struct {
		name, text string
		want       [][]string
	}{
		{"plain", "a,b,c\n1,2,3\n", [][]string{{"a", "b", "c"}, {"1", "2", "3"}}},
		{"crlf and no end", "a,b\r\n1,2", [][]string{{"a", "b"}, {"1", "2"}}},
		{"cr before the end", "a,b\n1,2\r", [][]string{{"a", "b"}, {"1", "2"}}},
		{"blank lines skipped", "\n\na,b\r\n\r\n\n1,2\n\n", [][]string{{"a", "b"}, {"1", "2"}}},
		{"empty fields", ",,\n,", [][]string{{"", "", ""}, {"", ""}}},
		{"quoted", `"a","b,c","d""e"` + "\n", [][]string{{"a", "b,c", `d"e`}}},
		{"line break in quotes", "\"名称\n第二行\",x\r\n\"a\r\nb\",y\n", [][]string{{"名称\n第二行", "x"}, {"a\nb", "y"}}},
		{"bare quotes kept", `a"b,"c"d",e` + "\n", [][]string{{`a"b`, `c"d`, "e"}}},
		{"a quote before a blank does not close", `"a" ,b` + "\n", [][]string{{"a\" ,b\n"}}},
		{"unclosed at the end", "a,\"b\nc", [][]string{{"a", "b\nc"}}},
		{"quote at the end", "a,\"", [][]string{{"a", ""}}},
		{"lone cr inside a line", "a\rb,c\n", [][]string{{"a\rb", "c"}}},
	}
	for _, c := range cases {
		got, err := csvRecords(c.text, ',', 16, 2)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %q (%v), want %q", c.name, got, err, c.want)
		}
		std, _ := stdRecords(c.text, ',')
		if !reflect.DeepEqual(std, c.want) {
			t.Errorf("%s: encoding/csv reads %q", c.name, std)
		}
	}
	for _, wide := range []string{
		strings.Repeat("x,", maxColumns+10) + "y\n1,2\n",
		strings.Repeat("x,", maxColumns-1) + "last,y\n1,2\n",
		strings.Repeat("\"x\",", maxColumns-2) + "\"a\nb\",\"last\",\"c\nd\",e\n1,2\n",
	} {
		got, err := csvRecords(wide, ',', 64, 256)
		std, _ := stdRecords(wide, ',')
		if err != nil || len(got) != 2 || len(got[0]) != maxColumns || got[0][maxColumns-1] == "y" || !reflect.DeepEqual(got, std) {
			t.Errorf("a row of more than %d cells: read %d rows, the first of %d cells; encoding/csv's %v", maxColumns, len(got), len(got[0]), reflect.DeepEqual(got, std))
		}
	}
	tabs, _ := csvRecords("a\tb,c\n\"1\t\"\t2\n", '\t', 4096, 256)
	if want := [][]string{{"a", "b,c"}, {"1\t", "2"}}; !reflect.DeepEqual(tabs, want) {
		t.Errorf("tabs: %q, want %q", tabs, want)
	}
}

// FuzzCSVReader: any text reads as encoding/csv reads it, whatever the buffer and chunk sizes.
func FuzzCSVReader(f *testing.F) {
	f.Add("结算编号,明细序号\r\nJS1,1\r\n\r\n\"a\"\"b\",\"c\nd\"\n", false, uint8(16), uint8(1))
	f.Add("a\t\"b\t\"c\"\t\n\"", true, uint8(0), uint8(3))
	f.Fuzz(func(t *testing.T, text string, tab bool, bufSize, chunkSize uint8) {
		delim := byte(',')
		if tab {
			delim = '\t'
		}
		want, err := stdRecords(text, delim)
		if err != nil { // never with LazyQuotes on text in memory
			t.Fatalf("encoding/csv: %v", err)
		}
		got, err := csvRecords(text, delim, 16+int(bufSize), 1+int(chunkSize))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("read %q,\nencoding/csv %q", got, want)
		}
	})
}
