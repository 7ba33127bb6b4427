package warehouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	xsql "github.com/xuncha/xuncha/sql"
)

// LakeTable is one table of the lake, as written to DIR/_manifest.json.
type LakeTable struct {
	Name        string       `json:"name"`   // directory under DIR
	Source      string       `json:"source"` // warehouse table or view
	Rows        int64        `json:"rows"`
	PartitionBy []string     `json:"partition_by,omitempty"` // hive keys: year, institution
	Columns     []LakeColumn `json:"columns"`
	Files       []string     `json:"files"` // the files written, relative to DIR: all a re-export may delete
}

// LakeColumn is one column of a lake table.
type LakeColumn struct {
	Name string `json:"name"`
	Type string `json:"type"` // DuckDB type
}

// LakeManifest is DIR/_manifest.json: what the lake holds and where it came from.
type LakeManifest struct {
	Format      string      `json:"format"`
	Compression string      `json:"compression"`
	Warehouse   string      `json:"warehouse"`
	Version     string      `json:"xuncha_version"`
	ExportedAt  time.Time   `json:"exported_at"`
	Tables      []LakeTable `json:"tables"`
}

// LakeMeta are the ledger tables a lake needs to run the marts elsewhere (rule thresholds, the
// clause map) and to follow evidence back to files.
var LakeMeta = []string{"meta.rule_catalog", "meta.rule_clause", "meta.rule_param", "meta.ingest_file"}

// ErrNoTable is a table asked for by name that the warehouse does not have.
var ErrNoTable = errors.New("no such table in the warehouse")

// QuoteIdent quotes a DuckDB identifier: "name", with " doubled.
func QuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// QuoteLiteral quotes a DuckDB string literal: 'text', with ' doubled.
func QuoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// quoteSource quotes schema.name or name.
func quoteSource(source string) string {
	if schema, name, ok := strings.Cut(source, "."); ok {
		return QuoteIdent(schema) + "." + QuoteIdent(name)
	}
	return QuoteIdent(source)
}

// LakeTables lists the tables a lake carries (only, if not empty: those named, by lake name or
// source). A name in only that the warehouse lacks is ErrNoTable.
func (db *DB) LakeTables(ctx context.Context, only []string) ([]LakeTable, error) {
	q, err := fs.ReadFile(xsql.FS, "lake/objects.sql")
	if err != nil {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, string(q), strings.Join(LakeMeta, ","))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byName := map[string]*LakeTable{}
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
			t = &LakeTable{Name: dirName, Source: source}
			byName[dirName] = t
			order = append(order, dirName)
		}
		t.Columns = append(t.Columns, LakeColumn{Name: col, Type: typ})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	missing := map[string]bool{}
	for _, n := range only {
		missing[n] = true
	}
	var out []LakeTable
	for _, n := range order {
		t := byName[n]
		if len(only) > 0 && !slices.Contains(only, t.Name) && !slices.Contains(only, t.Source) {
			continue
		}
		delete(missing, t.Name)
		delete(missing, t.Source)
		has := map[string]bool{}
		for _, c := range t.Columns {
			has[c.Name] = true
		}
		if has["year"] && has["institution_code"] && !has["institution"] {
			t.PartitionBy = []string{"year", "institution"}
		}
		out = append(out, *t)
	}
	if len(missing) > 0 {
		var names []string
		for n := range missing {
			names = append(names, n)
		}
		slices.Sort(names)
		return nil, fmt.Errorf("%w: %s", ErrNoTable, strings.Join(names, ", "))
	}
	return out, nil
}

// ExportLake writes tables to dir as a Parquet lake, then dir/_manifest.json, which lists every
// file written. done, if not nil, is called after each table.
//
// The exporter owns only what it wrote: into a folder that is neither new, empty nor an earlier
// lake (no _manifest.json) it writes only when force is set; a re-export deletes only the files
// the earlier manifest lists, and refuses a table folder holding any other file unless force
// (which replaces the table folders it writes, and nothing else). Tables of the earlier manifest
// not exported this time stay listed.
func (db *DB) ExportLake(ctx context.Context, dir, version string, tables []LakeTable, force bool, done func(LakeTable, time.Duration)) (LakeManifest, error) {
	m := LakeManifest{Format: "parquet", Compression: "zstd", Warehouse: db.Path, Version: version, ExportedAt: time.Now().UTC()}
	if strings.ContainsAny(dir, "'\x00") {
		return m, fmt.Errorf("lake directory %q: quotes are not allowed in the path", dir)
	}
	for _, t := range tables {
		if !lakeName.MatchString(t.Name) {
			return m, fmt.Errorf("table %q: only letters, digits and _ can name a lake folder", t.Source)
		}
	}
	old, err := prepareLake(dir, tables, force)
	if err != nil {
		return m, err
	}
	writing := map[string]bool{}
	for _, t := range tables {
		writing[t.Name] = true
	}
	for _, t := range old.Tables {
		if !writing[t.Name] {
			m.Tables = append(m.Tables, t)
		}
	}
	for _, t := range tables {
		start := time.Now()
		if err := db.exportTable(ctx, dir, &t); err != nil {
			return m, err
		}
		m.Tables = append(m.Tables, t)
		if done != nil {
			done(t, time.Since(start))
		}
	}
	slices.SortStableFunc(m.Tables, func(a, b LakeTable) int { return strings.Compare(a.Name, b.Name) })
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return m, err
	}
	tmp := filepath.Join(dir, ".manifest.json.tmp")
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return m, err
	}
	return m, os.Rename(tmp, filepath.Join(dir, lakeManifestFile))
}

const lakeManifestFile = "_manifest.json"

// lakeName is what a table's folder may be called: no separators, no dots.
var lakeName = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// prepareLake checks that dir may take the lake and removes the files of the tables about to
// be written that an earlier export wrote; it returns that export's manifest.
func prepareLake(dir string, tables []LakeTable, force bool) (LakeManifest, error) {
	var old LakeManifest
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return old, os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return old, err
	}
	b, err := os.ReadFile(filepath.Join(dir, lakeManifestFile))
	ours := err == nil && json.Unmarshal(b, &old) == nil && old.Format == "parquet"
	if len(entries) > 0 && !ours && !force {
		return old, fmt.Errorf("%s is not empty and holds no lake an export wrote (no %s): choose a new or empty folder, or pass --force to write the table folders into it (replacing folders of the same names)", dir, lakeManifestFile)
	}
	owned := map[string]bool{}
	for _, t := range old.Tables {
		for _, f := range t.Files {
			owned[filepath.Clean(f)] = true
		}
	}
	for _, t := range tables {
		target := filepath.Join(dir, t.Name)
		if force {
			if err := os.RemoveAll(target); err != nil {
				return old, err
			}
			continue
		}
		var files, dirs []string
		err := filepath.WalkDir(target, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, path)
			if d.IsDir() {
				dirs = append(dirs, path)
			} else if !owned[rel] {
				return fmt.Errorf("%s was not written by an export: move it out of the lake, or pass --force to replace %s", path, target)
			} else {
				files = append(files, path)
			}
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return old, err
		}
		for _, f := range files {
			if err := os.Remove(f); err != nil {
				return old, err
			}
		}
		for i := len(dirs) - 1; i >= 0; i-- { // deepest first; all are empty now
			if err := os.Remove(dirs[i]); err != nil {
				return old, err
			}
		}
	}
	return old, nil
}

// exportTable writes one table with DuckDB's COPY (sql/lake). COPY takes no bound parameters
// for its source and target, so they go in as a quoted identifier and a quoted path.
func (db *DB) exportTable(ctx context.Context, dir string, t *LakeTable) error {
	target := filepath.Join(dir, t.Name)
	defer func() { t.Files = lakeFiles(dir, target) }()
	copyTo := func(file, path string) (int64, error) {
		q, err := fs.ReadFile(xsql.FS, "lake/"+file)
		if err != nil {
			return 0, err
		}
		stmt := strings.NewReplacer("{{source}}", quoteSource(t.Source), "{{target}}", QuoteLiteral(path)).Replace(string(q))
		res, err := db.ExecContext(ctx, stmt)
		if err != nil {
			return 0, fmt.Errorf("export %s: %s", t.Source, FirstLine(err.Error()))
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, fmt.Errorf("export %s: row count: %w", t.Source, err)
		}
		return n, nil
	}
	var err error
	if len(t.PartitionBy) > 0 {
		if err := db.checkPartitions(ctx, t); err != nil {
			return err
		}
		if t.Rows, err = copyTo("copy_partitioned.sql", target); err != nil || t.Rows > 0 {
			return err
		}
		// No partitions to write: one empty file keeps the table and its schema in the lake.
	}
	if err := os.MkdirAll(target, 0o755); err != nil {
		return err
	}
	n, err := copyTo("copy_file.sql", filepath.Join(target, "part_0.parquet"))
	if len(t.PartitionBy) == 0 {
		t.Rows = n
	}
	return err
}

// lakeFiles lists the files under target, relative to dir.
func lakeFiles(dir, target string) []string {
	var files []string
	filepath.WalkDir(target, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, rel)
		}
		return nil
	})
	return files
}

// checkPartitions refuses institution codes that would make a partition path leave its
// table's folder (../../x) or be an awkward name (<script>).
func (db *DB) checkPartitions(ctx context.Context, t *LakeTable) error {
	q, err := fs.ReadFile(xsql.FS, "lake/unsafe_partitions.sql")
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, strings.ReplaceAll(string(q), "{{source}}", quoteSource(t.Source)))
	if err != nil {
		return fmt.Errorf("export %s: %s", t.Source, FirstLine(err.Error()))
	}
	defer rows.Close()
	var bad []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return err
		}
		bad = append(bad, fmt.Sprintf("%q", c))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("export %s: institution codes %s cannot name a partition folder (letters, digits, _ - . only); correct them in the registry", t.Source, strings.Join(bad, ", "))
	}
	return nil
}
