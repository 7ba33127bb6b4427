package warehouse

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Build is one row of meta.build.
type Build struct {
	ID         int64
	Started    time.Time
	Finished   *time.Time
	Outcome    string // ok | failed | interrupted | running
	Error      string
	ParamsHash string
}

// Build outcomes.
const (
	BuildRunning     = "running"
	BuildOK          = "ok"
	BuildFailed      = "failed"
	BuildInterrupted = "interrupted"
)

// StartBuild records a build about to run with the given parameters. A build still
// 'running' died with its process (this one holds the warehouse): it is marked interrupted.
func (db *DB) StartBuild(ctx context.Context, params string) (*Build, error) {
	if _, err := db.ExecContext(ctx, "update meta.build set outcome = ? where outcome = ?", BuildInterrupted, BuildRunning); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(params))
	b := &Build{Started: time.Now(), Outcome: BuildRunning, ParamsHash: hex.EncodeToString(sum[:])}
	err := db.QueryRowContext(ctx, "insert into meta.build (build_id, started_at, outcome, params_hash, params) values (nextval('meta.build_id_seq'), ?, ?, ?, ?) returning build_id",
		b.Started, b.Outcome, b.ParamsHash, params).Scan(&b.ID)
	return b, err
}

// FinishBuild records how a build ended: inside its transaction for success, after the
// rollback for a failure.
func (db *DB) FinishBuild(ctx context.Context, b *Build, buildErr error) error {
	now := time.Now()
	b.Finished, b.Outcome = &now, BuildOK
	var msg any
	if buildErr != nil {
		b.Outcome, b.Error = BuildFailed, FirstLine(buildErr.Error())
		msg = b.Error
	}
	_, err := db.ExecContext(ctx, "update meta.build set finished_at = ?, outcome = ?, error = ? where build_id = ?", now, b.Outcome, msg, b.ID)
	return err
}

// LastBuilds returns the latest build and the latest that succeeded (nil when none).
func (db *DB) LastBuilds(ctx context.Context) (last, lastOK *Build, err error) {
	read := func(where string) (*Build, error) {
		b := &Build{}
		var msg sql.NullString
		err := db.QueryRowContext(ctx, "select build_id, started_at, finished_at, outcome, error, params_hash from meta.build "+where+" order by build_id desc limit 1").
			Scan(&b.ID, &b.Started, &b.Finished, &b.Outcome, &msg, &b.ParamsHash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		b.Error = msg.String
		if b.Outcome == BuildRunning {
			// only a read-write process runs a build, and none holds the warehouse now
			b.Outcome = BuildInterrupted
		}
		return b, err
	}
	if last, err = read(""); err != nil || last == nil {
		return nil, nil, err
	}
	lastOK, err = read("where outcome = 'ok'")
	return last, lastOK, err
}

// BuildWarning is one line for the commands that read the marts when the last build did
// not complete ("" when it did, or when there was none).
func (db *DB) BuildWarning(ctx context.Context) (string, error) {
	last, ok, err := db.LastBuilds(ctx)
	if err != nil || last == nil || last.Outcome == BuildOK {
		return "", err
	}
	what := "was interrupted"
	if last.Outcome == BuildFailed {
		what = "failed (" + last.Error + ")"
	}
	msg := fmt.Sprintf("the last build (#%d, started %s) %s and changed nothing: ", last.ID, last.Started.Format("2006-01-02 15:04"), what)
	if ok == nil {
		return msg + "no build has completed; run `xuncha build`", nil
	}
	return msg + fmt.Sprintf("the marts are those of build #%d (finished %s); run `xuncha build` again", ok.ID, ok.Finished.Format("2006-01-02 15:04")), nil
}
