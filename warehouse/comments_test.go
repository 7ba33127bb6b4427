package warehouse_test

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/report/reporttest"
	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

var update = flag.Bool("update", false, "rewrite docs/TABLES.md")

func TestCommentTables(t *testing.T) {
	db := reporttest.New(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ { // idempotent: a second build calls it again
		if err := warehouse.CommentTables(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	var comment string
	if err := db.QueryRowContext(ctx, "select comment from duckdb_tables() where table_name = 'mart_risk_flags'").Scan(&comment); err != nil || !strings.Contains(comment, "风险线索") || !strings.Contains(comment, "Risk flags") {
		t.Errorf("mart_risk_flags comment = %q, %v", comment, err)
	}
	if err := db.QueryRowContext(ctx, "select comment from duckdb_views() where view_name = 'stg_procurement'").Scan(&comment); err != nil || !strings.Contains(comment, "采购") {
		t.Errorf("stg_procurement comment = %q, %v", comment, err)
	}
	if err := db.QueryRowContext(ctx, "select comment from duckdb_tables() where schema_name = 'meta' and table_name = 'ingest_file'").Scan(&comment); err != nil || !strings.Contains(comment, "导入台账") {
		t.Errorf("meta.ingest_file comment = %q, %v", comment, err)
	}
	for _, c := range []struct{ table, column, want string }{
		{"mart_risk_flags", "flag_id", "风险编号"},
		{"stg_procurement", "row_no", "来源行号"}, // a common column
		{"stg_procurement", "is_offline", "线下"},
	} {
		if err := db.QueryRowContext(ctx, "select coalesce(comment, '') from duckdb_columns() where table_name = ? and column_name = ?", c.table, c.column).Scan(&comment); err != nil || !strings.Contains(comment, c.want) {
			t.Errorf("%s.%s comment = %q, %v", c.table, c.column, comment, err)
		}
	}
}

func TestCommentsFileParses(t *testing.T) {
	tables, common, err := warehouse.TableDocs()
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 20 || len(common) < 5 {
		t.Errorf("%d tables, %d common columns", len(tables), len(common))
	}
	seen := map[string]bool{}
	for _, tb := range tables {
		if seen[tb.Name] {
			t.Errorf("%s documented twice", tb.Name)
		}
		seen[tb.Name] = true
		if tb.ZH == "" || tb.EN == "" || tb.Grain == "" {
			t.Errorf("%s: want 中文 | English | grain", tb.Name)
		}
		for _, c := range tb.Columns {
			if c.ZH == "" || c.EN == "" {
				t.Errorf("%s.%s: want 中文 | English", tb.Name, c.Name)
			}
		}
	}
	// Every table a build or a migration makes is documented: the models of sql/staging,
	// sql/intermediate and sql/marts, the tables the Go steps write (sql/transform/int_*),
	// int_risk_flags and the meta tables of the migrations.
	var want []string
	for _, pattern := range []string{"staging/*.sql", "intermediate/*.sql", "marts/*.sql", "transform/int_*.sql"} {
		names, err := fs.Glob(xsql.FS, pattern)
		if err != nil || len(names) == 0 {
			t.Fatal(pattern, names, err)
		}
		for _, n := range names {
			want = append(want, strings.TrimSuffix(filepath.Base(n), ".sql"))
		}
	}
	want = append(want, "int_risk_flags")
	migrations, err := fs.Glob(xsql.FS, "schema/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	metaRe := regexp.MustCompile(`(?i)create table if not exists (meta\.[a-z_]+)`)
	for _, n := range migrations {
		b, err := fs.ReadFile(xsql.FS, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range metaRe.FindAllStringSubmatch(string(b), -1) {
			want = append(want, m[1])
		}
	}
	var undocumented []string
	for _, name := range want {
		if !seen[name] {
			undocumented = append(undocumented, name)
		}
	}
	if len(undocumented) > 0 {
		t.Errorf("not documented in warehouse/comments.txt: %s", strings.Join(undocumented, ", "))
	}
}

// tablesDoc renders docs/TABLES.md from comments.txt.
func tablesDoc() (string, error) {
	tables, common, err := warehouse.TableDocs()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(`# Conformed tables · 数据表说明

<!-- Generated from warehouse/comments.txt by ` + "`go test -tags duckdb_arrow ./warehouse -run TestTablesDoc -update`" + `; edit that file, not this one. -->

The tables a finance specialist queries with ` + "`xuncha sql`" + `, in Chinese and English, with
their grain (what one row is). The same text is stored in the warehouse as table and column
comments (` + "`warehouse.CommentTables`" + `, called after every build), so ` + "`.tables`" + ` and
` + "`.schema T`" + ` explain themselves:

` + "```" + `
xuncha sql
xuncha> .schema stg_procurement
xuncha> select table_name, comment from duckdb_tables() union all select view_name, comment from duckdb_views();
` + "```" + `

Layers: ` + "`raw.*`" + ` (typed rows as ingested, with lineage), ` + "`stg_*`" + ` (conformed views over the files in
force), ` + "`int_*`" + ` (intermediate), ` + "`mart_*`" + ` (what reports read), ` + "`meta.*`" + ` (ledgers and the rule catalog).
All money is in 元 (` + "`_yuan`" + `); patient identifiers are pseudonyms, names are masked.

## Columns common to many tables · 通用列

| column | 中文 | English |
| --- | --- | --- |
`)
	for _, c := range common {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Name, mdCell(c.ZH), mdCell(c.EN))
	}
	b.WriteString("\n## Contents · 目录\n\n")
	for _, t := range tables {
		fmt.Fprintf(&b, "- [`%s`](#%s) %s\n", t.Name, anchor(t.Name), t.ZH)
	}
	for _, t := range tables {
		fmt.Fprintf(&b, "\n## %s\n\n%s  \n%s  \n**Grain · 粒度:** %s\n", t.Name, t.ZH, t.EN, t.Grain)
		if len(t.Columns) > 0 {
			b.WriteString("\n| column | 中文 | English |\n| --- | --- | --- |\n")
			for _, c := range t.Columns {
				fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c.Name, mdCell(c.ZH), mdCell(c.EN))
			}
		}
	}
	return b.String(), nil
}

func mdCell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func anchor(name string) string { return strings.ReplaceAll(strings.ToLower(name), ".", "") }

func TestTablesDoc(t *testing.T) {
	want, err := tablesDoc()
	if err != nil {
		t.Fatal(err)
	}
	checkDoc(t, "../docs/TABLES.md", want)
}

func checkDoc(t *testing.T, path, want string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -tags duckdb_arrow ./warehouse -run TestTablesDoc -update)", err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date: run go test -tags duckdb_arrow ./warehouse -run %s -update", path, t.Name())
	}
}
