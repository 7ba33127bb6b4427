package warehouse

import (
	"bufio"
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"io/fs"
	"strings"

	xsql "github.com/xuncha/xuncha/sql"
)

// commentsTxt documents the conformed tables; see the file's header for its format.
//
//go:embed comments.txt
var commentsTxt string

// TableDoc is one documented table.
type TableDoc struct {
	Name    string // "stg_procurement" or "meta.ingest_file"
	ZH, EN  string
	Grain   string
	Columns []ColumnDoc
}

// ColumnDoc is one documented column.
type ColumnDoc struct{ Name, ZH, EN string }

// Comment is the text stored in the warehouse: Chinese, then English.
func (t TableDoc) Comment() string { return joinZHEN(t.ZH, t.EN+grainSuffix(t.Grain)) }

// Comment is the text stored in the warehouse.
func (c ColumnDoc) Comment() string { return joinZHEN(c.ZH, c.EN) }

func grainSuffix(g string) string {
	if g == "" {
		return ""
	}
	return " (grain: " + g + ")"
}

func joinZHEN(zh, en string) string {
	switch {
	case zh == "":
		return en
	case en == "":
		return zh
	}
	return zh + " — " + en
}

// TableDocs parses the embedded documentation: the tables in file order, and the
// columns common to all tables ([*]).
func TableDocs() (tables []TableDoc, common []ColumnDoc, err error) {
	sc := bufio.NewScanner(strings.NewReader(commentsTxt))
	line := 0
	var cur *TableDoc
	inCommon := false
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if strings.HasPrefix(text, "[") {
			end := strings.IndexByte(text, ']')
			if end < 0 {
				return nil, nil, fmt.Errorf("comments.txt:%d: want [table] …", line)
			}
			name := text[1:end]
			if name == "*" {
				inCommon, cur = true, nil
				continue
			}
			parts := splitBar(text[end+1:])
			tables = append(tables, TableDoc{Name: name, ZH: parts[0], EN: parts[1], Grain: parts[2]})
			cur, inCommon = &tables[len(tables)-1], false
			continue
		}
		col, rest, ok := strings.Cut(text, "=")
		if !ok || (cur == nil && !inCommon) {
			return nil, nil, fmt.Errorf("comments.txt:%d: want column = 中文 | English under a [table]", line)
		}
		parts := splitBar(rest)
		cd := ColumnDoc{Name: strings.TrimSpace(col), ZH: parts[0], EN: parts[1]}
		if inCommon {
			common = append(common, cd)
		} else {
			cur.Columns = append(cur.Columns, cd)
		}
	}
	return tables, common, sc.Err()
}

func splitBar(s string) [3]string {
	var out [3]string
	for i, p := range strings.SplitN(s, "|", 3) {
		out[i] = strings.TrimSpace(p)
	}
	return out
}

// CommentTables writes the documented tables' and columns' comments into the
// warehouse (COMMENT ON TABLE / VIEW / COLUMN), so that `.tables` and `.schema T`
// in `xuncha sql` explain themselves. Call it after every build: CREATE OR REPLACE
// VIEW drops a view's comments. Tables or columns a warehouse does not have are
// skipped. Needs a read-write handle.
func CommentTables(ctx context.Context, db *DB) error {
	tables, common, err := TableDocs()
	if err != nil {
		return err
	}
	kinds := map[string]string{} // schema.name → TABLE | VIEW
	if err := queryComments(ctx, db, "objects.sql", func(r *sql.Rows) error {
		var schema, name, kind string
		if err := r.Scan(&schema, &name, &kind); err != nil {
			return err
		}
		kinds[schema+"."+name] = kind
		return nil
	}); err != nil {
		return err
	}
	columns := map[string][]string{}
	if err := queryComments(ctx, db, "columns.sql", func(r *sql.Rows) error {
		var schema, table, col string
		if err := r.Scan(&schema, &table, &col); err != nil {
			return err
		}
		columns[schema+"."+table] = append(columns[schema+"."+table], col)
		return nil
	}); err != nil {
		return err
	}
	for _, t := range tables {
		schema, name, ok := strings.Cut(t.Name, ".")
		if !ok {
			schema, name = "main", t.Name
		}
		key := schema + "." + name
		kind, ok := kinds[key]
		if !ok {
			continue
		}
		target := QuoteIdent(schema) + "." + QuoteIdent(name)
		// COMMENT ON takes no bound parameters: the text is this package's own
		// embedded file, quoted as a literal.
		if _, err := db.ExecContext(ctx, fmt.Sprintf("comment on %s %s is %s", strings.ToLower(kind), target, QuoteLiteral(t.Comment()))); err != nil {
			return fmt.Errorf("comment on %s: %s", t.Name, FirstLine(err.Error()))
		}
		docs := map[string]ColumnDoc{}
		for _, c := range common {
			docs[c.Name] = c
		}
		for _, c := range t.Columns {
			docs[c.Name] = c
		}
		for _, col := range columns[key] {
			c, ok := docs[col]
			if !ok {
				continue
			}
			if _, err := db.ExecContext(ctx, fmt.Sprintf("comment on column %s.%s is %s", target, QuoteIdent(col), QuoteLiteral(c.Comment()))); err != nil {
				return fmt.Errorf("comment on %s.%s: %s", t.Name, col, FirstLine(err.Error()))
			}
		}
	}
	return nil
}

// queryComments runs sql/comments/name and calls fn for every row.
func queryComments(ctx context.Context, db *DB, name string, fn func(*sql.Rows) error) error {
	q, err := fs.ReadFile(xsql.FS, "comments/"+name)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, string(q))
	if err != nil {
		return fmt.Errorf("comments/%s: %s", name, FirstLine(err.Error()))
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("comments/%s: %w", name, err)
		}
	}
	return rows.Err()
}
