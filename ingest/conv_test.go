package ingest

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestConvertersSameRows: rows converted ahead on several goroutines, in chunks of every
// size, give the same raw rows, row numbers, rejects, skips and warnings as rows converted
// one after the other on the loader's goroutine: over the test CSVs and a claim-lines file
// with a BOM, cells broken over lines inside quotes, bad values, blank, total and note rows.
func TestConvertersSameRows(t *testing.T) {
	files, _ := filepath.Glob("testdata/quirks/*.csv")
	enc, _ := filepath.Glob("testdata/csv-encodings/*.csv")
	files = append(files, enc...)
	files = append(files, write(t, filepath.Join(t.TempDir(), "甲区人民医院", "医保费用明细.csv"), quotedClaimLines(t, 3000)))
	key := filepath.Join(t.TempDir(), "w.key")
	load := func(workers, chunk int) ([]string, int64) {
		defer func(w, c int) { convWorkers, convChunkRows = w, c }(convWorkers, convChunkRows)
		convWorkers, convChunkRows = workers, chunk
		before := chunksConverted.Load()
		return loadDump(t, files, key, memoCells), chunksConverted.Load() - before
	}
	serial, n := load(0, 256)
	if n != 0 {
		t.Fatalf("%d chunks converted ahead without converters", n)
	}
	if len(serial) < 3000 {
		t.Fatalf("only %d rows loaded or rejected", len(serial))
	}
	for _, c := range []struct{ workers, chunk int }{{1, 256}, {4, 1}, {3, 7}, {2, 256}} {
		got, n := load(c.workers, c.chunk)
		if n < int64(3000/c.chunk) {
			t.Errorf("%d workers, chunks of %d rows: only %d chunks converted ahead", c.workers, c.chunk, n)
		}
		if !reflect.DeepEqual(serial, got) {
			for i := range min(len(serial), len(got)) {
				if serial[i] != got[i] {
					t.Errorf("%d workers, chunks of %d rows: first difference:\none by one: %s\nconverted ahead: %s", c.workers, c.chunk, serial[i], got[i])
					break
				}
			}
			t.Errorf("%d workers, chunks of %d rows: %d rows one by one, %d converted ahead", c.workers, c.chunk, len(serial), len(got))
		}
	}
}

// quotedClaimLines is messyClaimLines with a BOM, item names broken over two lines or holding
// quotes and commas, blank lines, a 合计 row in the middle and a note at the end.
func quotedClaimLines(t *testing.T, rows int) []byte {
	t.Helper()
	r := csv.NewReader(strings.NewReader(messyClaimLines(rows)))
	r.FieldsPerRecord = -1 // ¥1,200 unquoted: a cell too many
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	for i, r := range recs {
		switch {
		case i > 0 && i%11 == 0:
			r[4] = r[4][:len(r[4])/2] + "\n" + r[4][len(r[4])/2:]
		case i > 0 && i%13 == 0:
			r[4] = `"` + r[4] + `", 复方`
		}
		w.Write(r)
		switch {
		case i == rows/2:
			w.Write([]string{"合计", "", "", "", "", "", "", "", "123456.78", "", "", ""})
		case i%97 == 0:
			w.Write([]string{""})
		}
	}
	w.Write([]string{"制表人：张三"})
	w.Flush()
	return b.Bytes()
}

// isNote takes a cell starting with an ASCII character for no note.
func TestNotePrefixesStartNonASCII(t *testing.T) {
	for _, p := range notePrefixes {
		if p[0] < 0x80 {
			t.Errorf("note prefix %q starts with an ASCII character", p)
		}
	}
}
