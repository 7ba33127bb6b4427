package ingest

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// messyClaimLines repeats hostile cells (full-width digits, null words, stray spaces, bad
// dates and amounts, institutions written several ways) among plain ones, so that each
// column's memo meets them many times.
func messyClaimLines(rows int) string {
	var b strings.Builder
	b.WriteString(strings.Join(claimHeader, ",") + "\n")
	dates := []string{"2025-01-01 08:00:00", "2025/1/2", "２０２５-01-03", "2025-02-30", "45700", "2025年3月4日", " 2025-03-05 ", "-", ""}
	amounts := []string{"1.50", "１２.5", "¥1,200", "1.005", "abc", "-", "(3.00)", "1.2E+03", " 7 "}
	qtys := []string{"1", "2", "1.5", "无", "N/A", "x", "３"}
	insts := []string{claimInstitution, " " + claimInstitution, claimInstitution + "（总院）", "T001", "不存在的医院", "—"}
	classes := []string{"药品", "西药", "诊疗项目", "未知类别", "", "NULL"}
	for i := range rows {
		sid, no, _, _, _, _, item, doctor, dept := claimLine(i)
		it := claimItems[item]
		fmt.Fprintf(&b, "%s,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", sid, no, dates[i%len(dates)], it.code, it.name,
			classes[i%len(classes)], qtys[i%len(qtys)], amounts[i%len(amounts)], amounts[(i/3)%len(amounts)],
			doctor, dept, insts[(i/7)%len(insts)])
	}
	return b.String()
}

// TestMemoSameRows: converting each distinct cell of a column once gives the same raw rows,
// rejects and counts as converting every cell, over the test CSVs and a messy file.
func TestMemoSameRows(t *testing.T) {
	files, _ := filepath.Glob("testdata/quirks/*.csv")
	enc, _ := filepath.Glob("testdata/csv-encodings/*.csv")
	files = append(files, enc...)
	messy := write(t, filepath.Join(t.TempDir(), "甲区人民医院", "医保费用明细.csv"), []byte(messyClaimLines(3000)))
	files = append(files, messy)
	if len(files) < 10 {
		t.Fatalf("%d test files", len(files))
	}
	key := filepath.Join(t.TempDir(), "w.key") // the same pseudonyms both times
	off := loadDump(t, files, key, 0)
	on := loadDump(t, files, key, memoCells)
	if len(off) < 3000 {
		t.Fatalf("only %d rows loaded or rejected", len(off))
	}
	if !reflect.DeepEqual(off, on) {
		for i := range min(len(off), len(on)) {
			if off[i] != on[i] {
				t.Errorf("first difference:\nevery cell: %s\nremembered: %s", off[i], on[i])
				break
			}
		}
		t.Errorf("%d rows converting every cell, %d remembering cells", len(off), len(on))
	}
}

// loadDump ingests files one by one (each with T001 for files that do not name their
// institution) and returns the raw tables, raw.rejected and the ledger's counts as text.
func loadDump(t *testing.T, files []string, key string, memo int) []string {
	t.Helper()
	defer func(m int) { memoCells = m }(memoCells)
	memoCells = memo
	db := openTestDB(t)
	dir := t.TempDir()
	if _, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{KeyPath: key}); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range files {
		res, err := Ingest(context.Background(), db, []string{f}, Options{Institution: "T001", KeyPath: key})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s: %v %d/%d/%d/%d %v", filepath.Base(f), res[0].Err, res[0].Read, res[0].Loaded, res[0].Rejected, res[0].Skipped, res[0].Warnings))
	}
	tables := []string{"rejected"}
	rows, err := db.Query("select table_name from information_schema.tables where table_schema = 'raw' and table_name <> 'rejected' order by 1")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tb := range tables {
		order := "_file_id, _sheet, _row"
		if tb == "rejected" {
			order = "file_id, sheet, row_no"
		}
		for _, r := range rowStrings(t, db, fmt.Sprintf("select * from raw.%s order by %s", tb, order)) {
			out = append(out, tb+": "+r)
		}
	}
	return out
}

// FuzzMemoSameRows: claim lines whose cells repeat fuzzed values among plain ones load the same
// with and without the memo.
func FuzzMemoSameRows(f *testing.F) {
	f.Add("2025-03-07", "1.50", "2", claimInstitution, "药品")
	f.Add("２０２５年3月7日", "¥1,200", "N/A", " T001 ", "NULL")
	f.Add("45723.5", "(3.00)", "—", "不存在的医院", "西药 ")
	f.Add("2025-02-30", "1.005", "1e3", claimInstitution+"（总院）", "")
	dir := f.TempDir()
	ctx := context.Background()
	opt := Options{Institution: "T001", KeyPath: filepath.Join(dir, "fuzz.key")}
	db, rg, ps := fuzzWarehouse(f, dir, opt)
	n := 0
	f.Fuzz(func(t *testing.T, date, amount, qty, inst, class string) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write(claimHeader)
		for i := range 24 {
			sid, no, _, _, _, _, item, doctor, dept := claimLine(i)
			it := claimItems[item]
			row := []string{sid, fmt.Sprint(no), "2025-01-02", it.code, it.name, it.class, "1", "1.50", "1.50", doctor, dept, claimInstitution}
			if i%3 != 0 { // the fuzzed cells, twice in three rows, so that the memo meets them again
				row[2], row[5], row[6], row[7], row[8], row[11] = date, class, qty, amount, amount, inst
			}
			w.Write(row)
		}
		w.Flush()
		load := func(memo int, tail string) []string {
			defer func(m int) { memoCells = m }(memoCells)
			memoCells = memo
			n++
			// the same records (the CSV reader skips a blank line), not the same bytes: no duplicate
			p := filepath.Join(dir, fmt.Sprintf("f%d.csv", n))
			if err := os.WriteFile(p, append(b.Bytes(), tail...), 0o644); err != nil {
				t.Fatal(err)
			}
			// no earlier file to overlap with: each load is checked alone
			if _, err := db.Exec("update meta.ingest_file set status = 'superseded' where kinds = 'claim_lines'"); err != nil {
				t.Fatal(err)
			}
			r := ingestFile(ctx, db, p, opt, rg, ps)
			// a file refused is named in its error, and each load's file has a name of its own
			out := []string{strings.ReplaceAll(fmt.Sprintf("%v %d/%d/%d/%d %v", r.Err, r.Read, r.Loaded, r.Rejected, r.Skipped, r.Warnings), p, "FILE")}
			for _, q := range []string{
				"select * exclude (_file_id, _sheet) from raw.claim_lines where _file_id = ? order by _row",
				"select * exclude (file_id, sheet) from raw.rejected where file_id = ? order by row_no",
			} {
				out = append(out, rowStrings(t, db, q, r.FileID)...)
			}
			return out
		}
		off, on := load(0, ""), load(memoCells, "\n")
		if !reflect.DeepEqual(off, on) {
			t.Fatalf("every cell converted:\n%s\nremembered:\n%s", strings.Join(off, "\n"), strings.Join(on, "\n"))
		}
	})
}

// rowStrings is every row of a query, each printed as fmt.Sprint prints its values.
func rowStrings(t testing.TB, db interface {
	Query(string, ...any) (*sql.Rows, error)
}, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		v := make([]any, len(cols))
		p := make([]any, len(cols))
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(v...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
