package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/ingest/cell"
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

// TestDayOfSameDate: a date and time and the date dayOf gives for it convert alike, in
// every date type, whatever the year option: refused alike, or the same day or month.
func TestDayOfSameDate(t *testing.T) {
	raws := []string{
		"2025-03-07 14:03:22", "2025/03/07 00:00:00", "2024-02-29 23:59:59", "2025-02-29 08:00:00",
		"2025-03-07 24:00:00", "2025-03-07 12:60:00", "2025-03-07 12:00:60", "2025-13-07 12:00:00",
		"2025-00-07 12:00:00", "1899-12-31 12:00:00", "2025-03-07T14:03:22", "2025-03/07 14:03:22",
		"2025-03-07 1a:03:22", "2025-03-07  4:03:22", "0007-03-07 14:03:22", "2025-3-07 14:03:22",
	}
	for _, year := range []int{0, 2025} {
		s := &sheetLoader{fileLoader: &fileLoader{opt: Options{Year: year}}, m: &mapping{units: map[int]cell.Unit{}}}
		for _, typ := range []string{TypeDate, TypeMonth} {
			f := &Field{Name: "d", Type: typ}
			for _, raw := range raws {
				day := dayOf(raw)
				if day != raw && len(day) != 10 {
					t.Fatalf("dayOf(%q) = %q", raw, day)
				}
				v1, err1 := s.value(f, raw, 0)
				v2, err2 := s.value(f, day, 0)
				if v1 != v2 || !errors.Is(err1, err2) && !errors.Is(err2, err1) {
					t.Errorf("%s, year %d: %q gives %v %v, %q gives %v %v", typ, year, raw, v1, err1, day, v2, err2)
				}
			}
		}
	}
	if dayOf("2025-03-07 14:03:22") != "2025-03-07" || dayOf("2025-03-07 24:00:00") != "2025-03-07 24:00:00" {
		t.Error("dayOf does not take the date of a valid date and time, or takes it of an invalid one")
	}
}
