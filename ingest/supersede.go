package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
	"time"

	xsql "github.com/xuncha/xuncha/sql"
	"github.com/xuncha/xuncha/warehouse"
)

// A new file and an earlier one in force of the same kind and institution are compared by
// the natural keys of their rows (contracts.json), whatever dates they cover:
//   - the new file repeats every key of the earlier one, and the key tells the rows of both
//     apart: a corrected re-export, which supersedes it (the earlier file stays in raw.*,
//     out of staging);
//   - it repeats none: complementary exports (在编 and 编外 payroll, two halves of a year),
//     both stay in force;
//   - it repeats some, or the key is coarser than a file's rows (several rows share one, as
//     when a per-department file is read as a kind keyed by month and category): it cannot
//     tell, so both stay in force, and a warning names the command that lets the new file
//     replace the earlier one.
//
// A user can list the decisions (Files) and undo one (Restore).

var (
	overlapTmpls  = template.Must(template.New("overlap").ParseFS(xsql.FS, "ingest/candidates.sql", "ingest/key.sql", "ingest/sharing.sql", "ingest/overlap.sql", "ingest/has_candidates.sql"))
	hasCandidates = mustExecute(overlapTmpls.Lookup("has_candidates.sql"))
)

func mustExecute(t *template.Template) string {
	var b strings.Builder
	if err := t.Execute(&b, nil); err != nil {
		panic(err)
	}
	return b.String()
}

func (c *Contract) checkNaturalKey() error {
	if len(c.NaturalKey) == 0 {
		return fmt.Errorf("%s: no natural_key", c.Kind)
	}
	for _, n := range c.NaturalKey {
		if c.field(n) == nil || c.field(n).Type == TypeInstitution {
			return fmt.Errorf("%s: natural_key names %q, which is not a stored field", c.Kind, n)
		}
	}
	return nil
}

// overlapQueries fill the templates that find the earlier files sharing a key with the new
// one and count what it repeats of each, with the quoted columns of the kind's raw table.
func (c *Contract) overlapQueries() (sharing, overlap string, err error) {
	quote := func(names []string) string {
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = "r." + warehouse.QuoteIdent(n)
		}
		return strings.Join(q, ", ")
	}
	key := slices.Clone(c.NaturalKey)
	for _, col := range c.Columns() {
		wide := c.Wide != nil && col.Name == c.Wide.ItemField
		if (wide || col.Name == "row_kind" || col.Name == "institution_code") && !slices.Contains(key, col.Name) {
			key = append(key, col.Name)
		}
	}
	dated := key
	if c.DateField != "" && !slices.Contains(key, c.DateField) {
		dated = append([]string{c.DateField}, key...)
	}
	fill := func(name string) (string, error) {
		var b strings.Builder
		err := overlapTmpls.Lookup(name).Execute(&b, map[string]string{
			"Table":  "raw." + warehouse.QuoteIdent(c.Kind),
			"Anchor": warehouse.QuoteIdent(c.NaturalKey[0]),
			"Key":    quote(key),
			"Dated":  quote(dated),
		})
		return b.String(), err
	}
	if sharing, err = fill("sharing.sql"); err != nil {
		return "", "", err
	}
	overlap, err = fill("overlap.sql")
	return sharing, overlap, err
}

// supersede decides, for the file being loaded, which earlier files it replaces (marking
// them superseded) and warns of those it partly repeats.
func (l *fileLoader) supersede() error {
	res := l.res
	found := map[int64]*overlap{}
	apart := true // the natural key tells the new file's rows apart, in every kind
	var ids []int64
	var inst any
	if res.Institution != "" {
		inst = res.Institution
	}
	// first, per kind, the earlier files that share a key with the new file; then each of
	// those counted in every kind, as before any was found
	type kindQueries struct{ kind, overlap string }
	var compared []kindQueries
	shared := map[int64]bool{}
	for _, kind := range res.Kinds {
		c, ok := ContractFor(kind)
		if !ok {
			continue
		}
		var some bool
		if err := l.conn.QueryRowContext(l.ctx, hasCandidates, l.fileID, kind, inst).Scan(&some); err != nil {
			return fmt.Errorf("compare with earlier %s files: %s", kind, warehouse.FirstLine(err.Error()))
		}
		if !some {
			continue
		}
		sharing, overlapQ, err := c.overlapQueries()
		if err != nil {
			return err
		}
		var newRows, newKeys int64
		var earlier bool
		var list any
		if err := l.conn.QueryRowContext(l.ctx, sharing, l.fileID, kind, inst).Scan(&newRows, &newKeys, &earlier, &list); err != nil {
			return fmt.Errorf("compare with earlier %s files: %s", kind, warehouse.FirstLine(err.Error()))
		}
		if earlier {
			apart = apart && newKeys == newRows
		}
		files, _ := list.([]any)
		for _, f := range files {
			if id, ok := f.(int64); ok && !shared[id] {
				shared[id] = true
				ids = append(ids, id)
			}
		}
		compared = append(compared, kindQueries{kind, overlapQ})
	}
	for _, k := range compared {
		if len(ids) == 0 {
			break
		}
		if err := l.addOverlaps(k.overlap, ids, found); err != nil {
			return fmt.Errorf("compare with earlier %s files: %s", k.kind, warehouse.FirstLine(err.Error()))
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		o := found[id]
		if o == nil || o.repeated == 0 {
			continue
		}
		var name, kinds string
		if err := l.conn.QueryRowContext(l.ctx, "select file_name, kinds from meta.ingest_file where file_id = ?", id).Scan(&name, &kinds); err != nil {
			return err
		}
		if o.repeated == o.keys && o.keys == o.rows && apart && subset(strings.Split(kinds, ","), res.Kinds) {
			if _, err := l.conn.ExecContext(l.ctx, "update meta.ingest_file set status = 'superseded', superseded_by = ? where file_id = ?", l.fileID, id); err != nil {
				return err
			}
			res.Superseded = append(res.Superseded, id)
			continue
		}
		why := ""
		if o.keys != o.rows || !apart {
			why = " (and the key does not tell every row of the two apart)"
		}
		res.Warnings = append(res.Warnings, fmt.Sprintf(
			"repeats %d of the %d rows of file %d (%s) by their natural key%s; both are kept and the repeated rows count twice: "+
				"if this file replaces that one, run `xuncha supersede %d --by %d`", o.repeated, o.keys, id, name, why, id, l.fileID))
	}
	return nil
}

type overlap struct{ keys, repeated, rows int64 }

// addOverlaps adds to found, per earlier file in ids, what the new file repeats of it in one
// kind (overlap.sql).
func (l *fileLoader) addOverlaps(query string, ids []int64, found map[int64]*overlap) error {
	rows, err := l.conn.QueryContext(l.ctx, query, l.fileID, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var o overlap
		if err := rows.Scan(&id, &o.keys, &o.repeated, &o.rows); err != nil {
			return err
		}
		if found[id] == nil {
			found[id] = &overlap{}
		}
		found[id].keys += o.keys
		found[id].repeated += o.repeated
		found[id].rows += o.rows
	}
	return rows.Err()
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// LedgerFile is one row of meta.ingest_file, for listing.
type LedgerFile struct {
	ID               int64
	Name, Kinds      string
	Institution      string
	From, To         *time.Time
	Loaded, Rejected int64
	Status           string
	SupersededBy     *int64
	IngestedAt       time.Time
}

// Files lists the ingest ledger, oldest first.
func Files(ctx context.Context, db *sql.DB) ([]LedgerFile, error) {
	rows, err := db.QueryContext(ctx, `select file_id, file_name, coalesce(kinds, ''), coalesce(institution_code, ''), period_from, period_to,
		rows_loaded, rows_rejected, status, superseded_by, ingested_at from meta.ingest_file order by file_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LedgerFile
	for rows.Next() {
		var f LedgerFile
		if err := rows.Scan(&f.ID, &f.Name, &f.Kinds, &f.Institution, &f.From, &f.To, &f.Loaded, &f.Rejected, &f.Status, &f.SupersededBy, &f.IngestedAt); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Supersede takes file old out of force in favour of file by (a decision ingest left to
// the user). The next build reads the files in force.
func Supersede(ctx context.Context, db *sql.DB, old, by int64) error {
	if old == by {
		return fmt.Errorf("a file cannot supersede itself")
	}
	for _, id := range []int64{old, by} {
		if err := wantStatus(ctx, db, id, "loaded"); err != nil {
			return err
		}
	}
	_, err := db.ExecContext(ctx, "update meta.ingest_file set status = 'superseded', superseded_by = ? where file_id = ?", by, old)
	return err
}

// Restore puts a superseded file back in force (undoing Supersede or ingest's decision).
func Restore(ctx context.Context, db *sql.DB, id int64) error {
	if err := wantStatus(ctx, db, id, "superseded"); err != nil {
		return err
	}
	_, err := db.ExecContext(ctx, "update meta.ingest_file set status = 'loaded', superseded_by = NULL where file_id = ?", id)
	return err
}

func wantStatus(ctx context.Context, db *sql.DB, id int64, want string) error {
	var status string
	err := db.QueryRowContext(ctx, "select status from meta.ingest_file where file_id = ?", id).Scan(&status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return fmt.Errorf("no file %d in the ledger (xuncha files lists them)", id)
	case err != nil:
		return err
	case status != want:
		return fmt.Errorf("file %d is %s, not %s", id, status, want)
	}
	return nil
}
