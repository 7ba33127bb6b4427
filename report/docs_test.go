package report

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	xsql "github.com/xuncha/xuncha/sql"
)

var update = flag.Bool("update", false, "rewrite the generated part of docs/REPORTS.md and the golden reports in testdata/golden")

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
