package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	xsql "github.com/xuncha/xuncha/sql"
)

// RecordedReview is a review as meta.flag_review keeps it: never deleted, and withdrawn rather
// than changed when it was recorded by mistake.
type RecordedReview struct {
	ID int64
	Review
	File       string // the returned workbook's file name
	RecordedAt time.Time
	InForce    bool        // the flag's review in force (meta.flag_review_in_force)
	Withdrawn  *Withdrawal // nil unless withdrawn
}

// Withdrawal is who took a review back, when and why.
type Withdrawal struct {
	Reason, By string
	At         time.Time
}

var reviewHistorySQL = mustRead("ingest/review_history.sql")

func mustRead(name string) string {
	b, err := xsql.FS.ReadFile(name)
	if err != nil {
		panic("ingest: missing " + name) // a build error in all but name
	}
	return string(b)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ReviewHistory lists every review recorded of flagID (of every flag when empty), by flag and
// date: the ones in force, those a later review replaced and those withdrawn.
func ReviewHistory(ctx context.Context, db querier, flagID string) ([]RecordedReview, error) {
	rows, err := db.QueryContext(ctx, reviewHistorySQL, flagID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RecordedReview
	for rows.Next() {
		var r RecordedReview
		var reason, by sql.NullString
		var at sql.NullTime
		if err := rows.Scan(&r.ID, &r.FlagID, &r.Verdict, &r.Note, &r.Reviewer, &r.ReviewedOn, &r.File, &r.Sheet, &r.Row,
			&r.RecordedAt, &reason, &by, &at, &r.InForce); err != nil {
			return nil, err
		}
		if reason.Valid {
			r.Withdrawn = &Withdrawal{Reason: reason.String, By: by.String, At: at.Time}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// WithdrawSelection says which reviews to withdraw: the reviews in force of some flags, or every
// review recorded from a returned workbook (File, known by its sha256 as ingest knew it).
type WithdrawSelection struct {
	FlagIDs []string
	File    string
}

// WithdrawReviews withdraws the selected reviews, all or none: each is kept in meta.flag_review
// and its withdrawal recorded with reason, user and time; a flag's earlier review, if any, is in
// force again. It returns the reviews withdrawn.
func WithdrawReviews(ctx context.Context, db *sql.DB, sel WithdrawSelection, reason, by string) (out []RecordedReview, err error) {
	if reason == "" {
		return nil, errors.New("a withdrawal needs a reason")
	}
	if (len(sel.FlagIDs) == 0) == (sel.File == "") {
		return nil, errors.New("withdraw the reviews of some flags or of one returned workbook")
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	all, err := ReviewHistory(ctx, tx, "")
	if err != nil {
		return nil, err
	}
	if sel.File != "" {
		sum, _, err := fileHash(sel.File)
		if err != nil {
			return nil, err
		}
		var ingested int
		if err := tx.QueryRowContext(ctx, "select count(*) from meta.ingest_file where sha256 = ?", sum).Scan(&ingested); err != nil {
			return nil, err
		}
		if ingested == 0 {
			return nil, fmt.Errorf("%s was never ingested: no review of it to withdraw", sel.File)
		}
		ids := map[int64]bool{}
		rows, err := tx.QueryContext(ctx, "select review_id from meta.flag_review join meta.ingest_file using (file_id) where sha256 = ?", sum)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids[id] = true
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, err
		}
		for _, r := range all {
			if ids[r.ID] && r.Withdrawn == nil {
				out = append(out, r)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s recorded no review that stands: nothing to withdraw (xuncha review list shows them)", sel.File)
		}
	}
	taken := map[int64]bool{} // a flag named twice is withdrawn once
	for _, id := range sel.FlagIDs {
		found := false
		for _, r := range all {
			if r.FlagID == id && r.InForce {
				found = true
				if !taken[r.ID] {
					out, taken[r.ID] = append(out, r), true
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("flag %s has no review in force: nothing to withdraw (xuncha review list --flag %s shows its reviews)", id, id)
		}
	}
	now := time.Now()
	for i := range out {
		if _, err := tx.ExecContext(ctx, "insert into meta.flag_review_withdrawal values (?, ?, ?, ?)", out[i].ID, reason, by, now); err != nil {
			return nil, err
		}
		out[i].Withdrawn = &Withdrawal{Reason: reason, By: by, At: now}
		out[i].InForce = false
	}
	return out, tx.Commit()
}
