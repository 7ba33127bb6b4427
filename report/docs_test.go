package report

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/report/reporttest"
	xsql "github.com/xuncha/xuncha/sql"
)

var update = flag.Bool("update", false, "rewrite docs/TABLES.md, the generated part of docs/REPORTS.md and the golden reports in testdata/golden")

func TestCommentTables(t *testing.T) {
	db := reporttest.New(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ { // idempotent: a second build calls it again
		if err := CommentTables(ctx, db); err != nil {
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
	tables, common, err := TableDocs()
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
	// Every staging model in sql/staging is documented.
	names, _ := filepathGlob("staging/*.sql")
	var undocumented []string
	for _, n := range names {
		name := strings.TrimSuffix(filepath.Base(n), ".sql")
		if !seen[name] {
			undocumented = append(undocumented, name)
		}
	}
	if len(undocumented) > 0 {
		t.Errorf("not documented in report/comments.txt: %s", strings.Join(undocumented, ", "))
	}
}

func filepathGlob(pattern string) ([]string, error) {
	entries, err := xsql.FS.ReadDir(filepath.Dir(pattern))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if ok, _ := filepath.Match(filepath.Base(pattern), e.Name()); ok {
			out = append(out, filepath.Dir(pattern)+"/"+e.Name())
		}
	}
	return out, nil
}

// tablesDoc renders docs/TABLES.md from comments.txt.
func tablesDoc() (string, error) {
	tables, common, err := TableDocs()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString(`# Conformed tables · 数据表说明

<!-- Generated from report/comments.txt by ` + "`go test -tags duckdb_arrow ./report -run TestTablesDoc -update`" + `; edit that file, not this one. -->

The tables a finance specialist queries with ` + "`xuncha sql`" + `, in Chinese and English, with
their grain (what one row is). The same text is stored in the warehouse as table and column
comments (` + "`report.CommentTables`" + `, called after every build), so ` + "`.tables`" + ` and
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
		t.Fatalf("%v (run go test -tags duckdb_arrow ./report -update)", err)
	}
	if string(got) != want {
		t.Errorf("%s is out of date: run go test -tags duckdb_arrow ./report -run %s -update", path, t.Name())
	}
}

// DuckDB-only syntax in the mart SQL, for docs/REPORTS.md: what Spark SQL or Trino
// would need instead when they run the marts over the Parquet lake.
var dialectFeatures = []struct {
	name, re, spark, trino string
}{
	{"`list(…)` aggregate", `\blist\s*\(`, "`collect_list(…)` (order: `array_sort` or a window)", "`array_agg(… order by …)`"},
	{"struct literal `{'k': v}`", `\{\s*'`, "`named_struct('k', v)`", "`CAST(ROW(v) AS ROW(k …))`"},
	{"`json_object(…)`", `\bjson_object\s*\(`, "`to_json(named_struct(…))`", "`json_object(KEY … VALUE …)` (Trino ≥ 378) or `CAST(MAP(…) AS JSON)`"},
	{"`json_group_object(…)`", `\bjson_group_object\s*\(`, "`to_json(map_from_entries(collect_list(struct(k, v))))`", "`CAST(map_agg(k, v) AS JSON)`"},
	{"`arg_max` / `arg_min`", `\barg_(max|min)\s*\(`, "`max_by` / `min_by`", "`max_by` / `min_by`"},
	{"`group by all`", `\bgroup\s+by\s+all\b`, "list the columns", "list the columns"},
	{"`::` casts", `::\s*[a-z]`, "`CAST(x AS t)` (Spark ≥ 4.0 accepts `::`)", "`CAST(x AS t)`"},
	{"`similar to`", `\bsimilar\s+to\b`, "`rlike`", "`regexp_like`"},
	{"`format('{}', …)` / `printf`", `\b(format\s*\(\s*'[^']*\{\}|printf\s*\()`, "`format_string`", "`format`"},
	{"`strftime(…)`", `\bstrftime\s*\(`, "`date_format`", "`format_datetime`"},
	{"`unnest(…, recursive := true)`", `recursive\s*:=`, "`inline(…)` / `LATERAL VIEW explode`", "`CROSS JOIN UNNEST(…)`"},
	{"`qualify`", `\bqualify\b`, "a subquery with the window", "a subquery with the window"},
	{"`select * exclude (…)`", `\bexclude\s*\(`, "list the columns", "list the columns"},
	{"`list_*` / `len(list)` functions", `\b(list_[a-z_]+|len)\s*\(`, "`array_*`, `size`", "`array_*`, `cardinality`"},
	{"`string_split` / `regexp_split_to_array`", `\b(string_split|regexp_split_to_array)\s*\(`, "`split`", "`split` / `regexp_split`"},
	{"`generate_series` / `range` table functions", `\b(generate_series|range)\s*\(`, "`sequence` + `explode`", "`sequence` + `UNNEST`"},
	{"`md5(varchar)`", `\bmd5\s*\(`, "`md5` (same)", "`to_hex(md5(to_utf8(…)))` (lower-case it)"},
	{"`date_diff('unit', a, b)` / `datediff`", `\bdate_?diff\s*\(\s*'`, "`datediff(b, a)` (days)", "`date_diff('unit', a, b)` (same)"},
	{"`count(…) filter (where …)`", `\bfilter\s*\(\s*where\b`, "same (Spark ≥ 3.0)", "same"},
	{"`ilike`", `\bilike\b`, "same (Spark ≥ 3.3)", "`lower(x) like …`"},
	{"`regexp_matches`", `\bregexp_matches\s*\(`, "`rlike`", "`regexp_like`"},
	{"`quantile_cont` / `median`", `\b(quantile_cont|quantile_disc|median)\s*\(`, "`percentile` / `percentile_approx`", "`approx_percentile`"},
	{"lambda `x -> …`", `\b[a-z_]+\s*->\s*[a-z(]`, "same", "same"},
	{"`->>` / `->` JSON operators", `->>|\)\s*->\s*'`, "`get_json_object`", "`json_extract_scalar`"},
}

// dialectTable scans the models after staging (sql/intermediate, sql/rules, sql/marts) for the
// features above.
func dialectTable() (string, error) {
	var names []string
	for _, dir := range []string{"intermediate", "rules", "marts"} {
		n, err := filepathGlob(dir + "/*.sql")
		if err != nil {
			return "", err
		}
		names = append(names, n...)
	}
	res := make([]*regexp.Regexp, len(dialectFeatures))
	for i, f := range dialectFeatures {
		res[i] = regexp.MustCompile(`(?i)` + f.re)
	}
	var b strings.Builder
	b.WriteString("| mart file | DuckDB-only syntax it uses |\n| --- | --- |\n")
	for _, n := range names {
		body, err := xsql.FS.ReadFile(n)
		if err != nil {
			return "", err
		}
		text := stringRe.ReplaceAllStringFunc(commentLines(string(body)), func(s string) string {
			if strings.Contains(s, "{}") {
				return s // keep format('{}…') visible
			}
			return "''"
		})
		text = keepStructLiterals(string(body), text)
		var found []string
		for i, re := range res {
			if re.MatchString(text) {
				found = append(found, dialectFeatures[i].name)
			}
		}
		uses := "portable subset"
		if len(found) > 0 {
			uses = strings.Join(found, ", ")
		}
		fmt.Fprintf(&b, "| `sql/%s` | %s |\n", n, uses)
	}
	b.WriteString("\n| DuckDB | Spark SQL | Trino |\n| --- | --- | --- |\n")
	for _, f := range dialectFeatures {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", f.name, f.spark, f.trino)
	}
	return b.String(), nil
}

// keepStructLiterals: blanking string literals hides {'key': …}; look for it in the
// comment-free original instead.
func keepStructLiterals(orig, text string) string {
	if regexp.MustCompile(`\{\s*'`).MatchString(commentLines(orig)) {
		return text + "\n{'struct'"
	}
	return text
}

const (
	beginGenerated = "<!-- BEGIN GENERATED: dialect table (go test -tags duckdb_arrow ./report -run TestReportsDoc -update) -->\n"
	endGenerated   = "<!-- END GENERATED -->\n"
)

// The dialect table in docs/REPORTS.md follows the model files.
func TestReportsDoc(t *testing.T) {
	table, err := dialectTable()
	if err != nil {
		t.Fatal(err)
	}
	path := "../docs/REPORTS.md"
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(doc)
	i, j := strings.Index(s, beginGenerated), strings.Index(s, endGenerated)
	if i < 0 || j < i {
		t.Fatalf("%s lacks the generated-section markers", path)
	}
	want := s[:i+len(beginGenerated)] + table + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the dialect table is out of date with sql/; run go test -tags duckdb_arrow ./report -run TestReportsDoc -update", path)
}
