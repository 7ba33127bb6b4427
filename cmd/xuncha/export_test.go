package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/report/reporttest"
	"github.com/xuncha/xuncha/warehouse"
)

// xunchaCLI runs the whole CLI in-process, as a user would type it.
func xunchaCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// fixtureWarehouse is the report fixture (planted flags) on disk, closed so that the
// CLI can open it.
func fixtureWarehouse(t *testing.T) string {
	t.Helper()
	db := reporttest.New(t)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return db.Path
}

func TestExportParquet(t *testing.T) {
	path := fixtureWarehouse(t)
	lake := filepath.Join(t.TempDir(), "lake")
	code, stdout, stderr := xunchaCLI(t, "--db", path, "export", "parquet", "--out", lake)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	var m warehouse.LakeManifest
	b, err := os.ReadFile(filepath.Join(lake, "_manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	exported := map[string]warehouse.LakeTable{}
	for _, tb := range m.Tables {
		exported[tb.Name] = tb
	}
	for _, want := range []string{"stg_procurement", "stg_institutions", "mart_risk_flags", "mart_flag_evidence", "mart_flag_context", "meta_rule_param", "meta_ingest_file"} {
		if _, ok := exported[want]; !ok {
			t.Errorf("%s not exported (have %v)", want, m.Tables)
		}
	}
	if p := exported["stg_procurement"].PartitionBy; strings.Join(p, ",") != "year,institution" {
		t.Errorf("stg_procurement partitioned by %v", p)
	}
	if p := exported["stg_institutions"].PartitionBy; len(p) != 0 {
		t.Errorf("stg_institutions partitioned by %v", p)
	}
	for _, dir := range []string{"stg_procurement/year=2025/institution=H3A", "mart_risk_flags/year=2024/institution=H3A"} {
		if files, _ := filepath.Glob(filepath.Join(lake, dir, "*.parquet")); len(files) == 0 {
			t.Errorf("no parquet files in %s", dir)
		}
	}

	// Read the lake back with DuckDB and compare with the warehouse: rows, and the
	// sum of every numeric column.
	db, err := warehouse.Open(context.Background(), path, warehouse.Options{ReadOnly: true, AllowExternal: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tb := range m.Tables {
		src := tb.Source
		if schema, name, ok := strings.Cut(src, "."); ok {
			src = warehouse.QuoteIdent(schema) + "." + warehouse.QuoteIdent(name)
		} else {
			src = warehouse.QuoteIdent(src)
		}
		glob := filepath.Join(lake, tb.Name, "*.parquet")
		if len(tb.PartitionBy) > 0 && tb.Rows > 0 {
			glob = filepath.Join(lake, tb.Name, "**", "*.parquet")
		}
		read := fmt.Sprintf("read_parquet(%s, hive_partitioning = %v, union_by_name = true)", warehouse.QuoteLiteral(glob), len(tb.PartitionBy) > 0)
		aggs := []string{"count(*)::double"}
		for _, c := range tb.Columns {
			if isNumericType(c.Type) {
				aggs = append(aggs, fmt.Sprintf("coalesce(sum(%s)::double, 0)", warehouse.QuoteIdent(c.Name)))
			}
		}
		agg := strings.Join(aggs, ", ")
		want, err := scanFloats(db, fmt.Sprintf("select %s from %s", agg, src), len(aggs))
		if err != nil {
			t.Fatalf("%s in the warehouse: %v", tb.Name, err)
		}
		got, err := scanFloats(db, fmt.Sprintf("select %s from %s", agg, read), len(aggs))
		if err != nil {
			t.Fatalf("%s in the lake: %v", tb.Name, err)
		}
		if float64(tb.Rows) != want[0] {
			t.Errorf("%s: manifest says %d rows, warehouse has %v", tb.Name, tb.Rows, want[0])
		}
		for i := range want {
			if d := got[i] - want[i]; d > 1e-6 || d < -1e-6 {
				t.Errorf("%s: %s = %v in the lake, %v in the warehouse", tb.Name, aggs[i], got[i], want[i])
			}
		}
	}

	// zstd, and institution_code kept in the files beside the hive key
	var codec string
	files, _ := filepath.Glob(filepath.Join(lake, "stg_procurement", "year=2025", "institution=H3A", "*.parquet"))
	if len(files) == 0 {
		t.Fatal("no stg_procurement files")
	}
	if err := db.QueryRowContext(context.Background(), "select any_value(compression) from parquet_metadata(?)", files[0]).Scan(&codec); err != nil || codec != "ZSTD" {
		t.Errorf("compression = %q, %v", codec, err)
	}
	var n int
	if err := db.QueryRowContext(context.Background(), "select count(*) from parquet_schema(?) where name = 'institution_code'", files[0]).Scan(&n); err != nil || n != 1 {
		t.Errorf("institution_code in the files: %d, %v", n, err)
	}

	// again: the table is replaced, not appended to; the manifest still lists the tables
	// of the first export, whose files stay in the lake
	if code, _, stderr := xunchaCLI(t, "--db", path, "export", "parquet", "--out", lake, "--tables", "mart_risk_flags"); code != 0 {
		t.Fatalf("second export: exit %d: %s", code, stderr)
	}
	var again warehouse.LakeManifest
	if b, err := os.ReadFile(filepath.Join(lake, "_manifest.json")); err != nil || json.Unmarshal(b, &again) != nil || len(again.Tables) != len(m.Tables) {
		t.Errorf("after --tables mart_risk_flags the manifest lists %d tables, want the %d in the lake: %v", len(again.Tables), len(m.Tables), err)
	}
	var rows int64
	q := fmt.Sprintf("select count(*) from read_parquet(%s, hive_partitioning = true)", warehouse.QuoteLiteral(filepath.Join(lake, "mart_risk_flags", "**", "*.parquet")))
	if err := db.QueryRowContext(context.Background(), q).Scan(&rows); err != nil || rows != exported["mart_risk_flags"].Rows {
		t.Errorf("after a second export: %d rows, %v", rows, err)
	}
}

func TestExportUsage(t *testing.T) {
	path := fixtureWarehouse(t)
	for _, args := range [][]string{
		{"export"},
		{"export", "csv", "--out", t.TempDir()},
		{"export", "parquet"},
		{"export", "parquet", "--out", t.TempDir(), "--tables", "no_such_table"},
	} {
		if code, _, stderr := xunchaCLI(t, append([]string{"--db", path}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, exitUsage, stderr)
		}
	}
}

func isNumericType(t string) bool {
	t = strings.ToUpper(t)
	if strings.HasSuffix(t, "]") { // a list of numbers (INTEGER[]) is not summed
		return false
	}
	for _, p := range []string{"DECIMAL", "DOUBLE", "FLOAT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT", "REAL"} {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

func scanFloats(db *warehouse.DB, q string, n int) ([]float64, error) {
	out := make([]float64, n)
	ptrs := make([]any, n)
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, db.QueryRowContext(context.Background(), q).Scan(ptrs...)
}
