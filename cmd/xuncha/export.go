package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/xuncha/xuncha/warehouse"
)

func init() {
	register(command{name: "export", summary: "export parquet --out DIR: conformed tables and marts as a hive-partitioned Parquet lake", run: runExport, logged: true})
}

// lakeTable is one table of the lake, as written to DIR/_manifest.json.
type lakeTable struct {
	Name        string       `json:"name"`   // directory under DIR
	Source      string       `json:"source"` // warehouse table or view
	Rows        int64        `json:"rows"`
	PartitionBy []string     `json:"partition_by,omitempty"` // hive keys: year, institution
	Columns     []lakeColumn `json:"columns"`
}

type lakeColumn struct {
	Name string `json:"name"`
	Type string `json:"type"` // DuckDB type
}

type lakeManifest struct {
	Format      string      `json:"format"`
	Compression string      `json:"compression"`
	Warehouse   string      `json:"warehouse"`
	Version     string      `json:"xuncha_version"`
	ExportedAt  time.Time   `json:"exported_at"`
	Tables      []lakeTable `json:"tables"`
}

// lakeMeta are the ledger tables a lake needs to run the marts elsewhere (rule
// thresholds, the clause map) and to follow evidence back to files.
var lakeMeta = []string{"meta.rule_catalog", "meta.rule_clause", "meta.rule_param", "meta.ingest_file"}

func runExport(e *env, args []string) error {
	if len(args) == 0 || args[0] != "parquet" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return e.groupHelp("export", "parquet --out DIR [--tables a,b]")
		}
		return usagef("usage: xuncha export parquet --out DIR")
	}
	fs := e.newFlags("export parquet", "--out DIR [--tables stg_procurement,mart_risk_flags]")
	out := fs.String("out", "", "lake directory: DIR/<table>/year=Y/institution=C/*.parquet")
	only := fs.String("tables", "", "comma-separated tables to export (default: every stg_, dim_, fct_, int_ and mart_ table, and the rule and file ledgers)")
	if err := e.parse(fs, args[1:]); err != nil {
		return err
	}
	if *out == "" {
		return usagef("--out DIR is required")
	}
	if strings.ContainsAny(*out, "'\x00") {
		return usagef("--out %q: quotes are not allowed in the path", *out)
	}
	dir, err := filepath.Abs(*out)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// Read-only, but with file access: COPY … TO writes the lake.
	db, err := warehouse.Open(e.ctx, e.dbPath, warehouse.Options{ReadOnly: true, AllowExternal: true, MemoryLimit: e.memory})
	if err != nil {
		return err
	}
	defer db.Close()
	tables, err := lakeTables(e.ctx, db, *only)
	if err != nil {
		return err
	}
	if len(tables) == 0 {
		return errNotBuilt
	}
	m := lakeManifest{Format: "parquet", Compression: "zstd", Warehouse: db.Path, Version: Version, ExportedAt: time.Now().UTC()}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "table\trows\tpartitioned by\tseconds")
	for _, t := range tables {
		start := time.Now()
		if err := exportTable(e.ctx, db, dir, &t); err != nil {
			return err
		}
		m.Tables = append(m.Tables, t)
		fmt.Fprintf(tw, "%s\t%d\t%s\t%.2f\n", t.Name, t.Rows, strings.Join(t.PartitionBy, ", "), time.Since(start).Seconds())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "_manifest.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d tables to %s (manifest: _manifest.json)\n", len(m.Tables), dir)
	return nil
}

// lakeObjectsQuery lists the tables and views a lake carries, with their columns.
const lakeObjectsQuery = `
with objects as (
    select schema_name, table_name as name from duckdb_tables() where not internal
    union all
    select schema_name, view_name from duckdb_views() where not internal
)
select o.schema_name, o.name, c.column_name, c.data_type
from objects o
join duckdb_columns() c on c.schema_name = o.schema_name and c.table_name = o.name
where (o.schema_name = 'main' and regexp_matches(o.name, '^(stg|dim|fct|int|mart)_'))
   or (o.schema_name || '.' || o.name) in (select unnest(string_split(?, ',')))
order by o.schema_name = 'meta', o.name, c.column_index`

func lakeTables(ctx context.Context, db *warehouse.DB, only string) ([]lakeTable, error) {
	rows, err := db.QueryContext(ctx, lakeObjectsQuery, strings.Join(lakeMeta, ","))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []lakeTable
	byName := map[string]*lakeTable{}
	var order []string
	for rows.Next() {
		var schema, name, col, typ string
		if err := rows.Scan(&schema, &name, &col, &typ); err != nil {
			return nil, err
		}
		source, dirName := name, name
		if schema != "main" {
			source, dirName = schema+"."+name, schema+"_"+name
		}
		t := byName[dirName]
		if t == nil {
			t = &lakeTable{Name: dirName, Source: source}
			byName[dirName] = t
			order = append(order, dirName)
		}
		t.Columns = append(t.Columns, lakeColumn{Name: col, Type: typ})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[n] = true
		}
	}
	missingSet := map[string]bool{}
	for n := range want {
		missingSet[n] = true
	}
	for _, n := range order {
		t := byName[n]
		if len(want) > 0 && !want[t.Name] && !want[t.Source] {
			continue
		}
		delete(missingSet, t.Name)
		delete(missingSet, t.Source)
		has := map[string]bool{}
		for _, c := range t.Columns {
			has[c.Name] = true
		}
		if has["year"] && has["institution_code"] && !has["institution"] {
			t.PartitionBy = []string{"year", "institution"}
		}
		out = append(out, *t)
	}
	if len(missingSet) > 0 {
		missing := make([]string, 0, len(missingSet))
		for n := range missingSet {
			missing = append(missing, n)
		}
		sort.Strings(missing)
		return nil, usagef("--tables: no table %s in the warehouse", strings.Join(missing, ", "))
	}
	return out, nil
}

func lakeIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func lakeLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func lakeSource(source string) string {
	if schema, name, ok := strings.Cut(source, "."); ok {
		return lakeIdent(schema) + "." + lakeIdent(name)
	}
	return lakeIdent(source)
}

// exportTable writes one table with DuckDB's COPY. Partitioned tables keep
// institution_code in the files and add the hive key institution=… beside year=…;
// the others are one file. The table's directory is replaced as a whole.
//
// COPY takes no bound parameters for its target, so the statement is assembled
// here from the catalog's own names (quoted) and the lake path (checked for quotes).
func exportTable(ctx context.Context, db *warehouse.DB, dir string, t *lakeTable) error {
	target := filepath.Join(dir, t.Name)
	if err := os.RemoveAll(target); err != nil {
		return err
	}
	var stmt string
	if len(t.PartitionBy) > 0 {
		stmt = fmt.Sprintf("copy (select *, institution_code as institution from %s) to %s (format parquet, partition_by (year, institution), compression zstd, filename_pattern 'part_{i}')",
			lakeSource(t.Source), lakeLiteral(target))
	} else {
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
		stmt = fmt.Sprintf("copy (select * from %s) to %s (format parquet, compression zstd)",
			lakeSource(t.Source), lakeLiteral(filepath.Join(target, "part_0.parquet")))
	}
	res, err := db.ExecContext(ctx, stmt)
	if err != nil {
		return fmt.Errorf("export %s: %s", t.Source, warehouse.FirstLine(err.Error()))
	}
	t.Rows, err = res.RowsAffected()
	if err != nil {
		return errors.Join(fmt.Errorf("export %s: row count", t.Source), err)
	}
	if t.Rows == 0 && len(t.PartitionBy) > 0 {
		// No partitions to write: one empty file keeps the table and its schema in the lake.
		if err := os.MkdirAll(target, 0o755); err != nil {
			return err
		}
		stmt = fmt.Sprintf("copy (select * from %s limit 0) to %s (format parquet, compression zstd)",
			lakeSource(t.Source), lakeLiteral(filepath.Join(target, "part_0.parquet")))
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("export %s: %s", t.Source, warehouse.FirstLine(err.Error()))
		}
	}
	return nil
}
