package ingest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/xuncha/xuncha/warehouse"
)

// TestWrittenBlocksDropped: during a file of several row groups, DuckDB's blocks written so
// far are dropped from memory a row group at a time when the warehouse has a memory limit (not
// with DuckDB's default, which cannot be put back exactly), its memory_limit is the same
// while the rows go on and after the ingest as before, and every row is loaded.
func TestWrittenBlocksDropped(t *testing.T) {
	for _, limit := range []string{"300MiB", ""} {
		t.Run("limit="+limit, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			db, err := warehouse.Open(ctx, filepath.Join(dir, "w.duckdb"), warehouse.Options{MemoryLimit: limit})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := Ingest(ctx, db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{}); err != nil {
				t.Fatal(err)
			}
			rows := 4*rowGroupRows + 1000
			path := filepath.Join(dir, "甲区人民医院", "医保费用明细.csv")
			if err := writeClaimLinesCSV(path, rows); err != nil {
				t.Fatal(err)
			}
			var before string
			if err := db.QueryRow("select current_setting('memory_limit')").Scan(&before); err != nil {
				t.Fatal(err)
			}

			var drops int
			var cachedAfter []int64
			droppedBlocks = func() {
				drops++
				var used, cached int64
				if err := db.QueryRow(writtenBlocksSQL).Scan(&used, &cached); err != nil {
					t.Error(err)
				}
				cachedAfter = append(cachedAfter, cached)
				var spilled int
				if err := db.QueryRow("select count(*) from duckdb_temporary_files()").Scan(&spilled); err != nil || spilled > 0 {
					t.Errorf("%d temporary files: the drop made DuckDB spill its rows (%v)", spilled, err)
				}
				var now string
				if err := db.QueryRow("select current_setting('memory_limit')").Scan(&now); err != nil || now != before {
					t.Errorf("memory_limit %q while the rows go on, want %q back (%v)", now, before, err)
				}
			}
			defer func() { droppedBlocks = func() {} }()
			res, err := Ingest(ctx, db, []string{path}, Options{})
			if err != nil || res[0].Err != nil {
				t.Fatal(err, res[0].Err)
			}
			if res[0].Loaded != int64(rows) {
				t.Errorf("loaded %d rows, want %d", res[0].Loaded, rows)
			}
			var n int64
			if err := db.QueryRow("select count(*) from raw.claim_lines where _file_id = ?", res[0].FileID).Scan(&n); err != nil || n != int64(rows) {
				t.Errorf("raw.claim_lines holds %d rows of the file, want %d (%v)", n, rows, err)
			}
			// a row group writes 1.3-1.8 MiB of blocks: a drop after each
			if limit != "" && drops < 3 {
				t.Errorf("%d drops over 4 row groups, want at least 3", drops)
			}
			if limit == "" && drops != 0 {
				t.Errorf("%d drops with DuckDB's default memory limit, want none", drops)
			}
			for i, c := range cachedAfter {
				// DuckDB's count of its memory is exact to a few hundred KiB
				if c > keepCached+1<<20 {
					t.Errorf("drop %d: %.1f MiB of written blocks still held, want at most %.1f", i+1, float64(c)/(1<<20), float64(keepCached+1<<20)/(1<<20))
				}
			}
			var after string
			if err := db.QueryRow("select current_setting('memory_limit')").Scan(&after); err != nil || after != before {
				t.Errorf("memory_limit %q after the ingest, want %q (%v)", after, before, err)
			}
		})
	}
}
