package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
)

// Atomic runs f with a handle on which every statement belongs to one transaction,
// committed when f returns nil and rolled back otherwise — and by DuckDB itself when the
// process dies before the commit, so a reader after a crash sees the state before f.
// Called on such a handle, Atomic runs f in the same transaction.
//
// The handle is a pool of one connection: f must not hold a result set open while it runs
// another statement, and must not Close the handle.
func (db *DB) Atomic(ctx context.Context, f func(tx *DB) error) (err error) {
	if db.pinned {
		return f(db)
	}
	pool := sql.OpenDB(sharedConnector{db.connector})
	pool.SetMaxOpenConns(1)
	pool.SetMaxIdleConns(1)
	defer func() { err = errors.Join(err, pool.Close()) }()
	// Checkpoints before and after keep the write-ahead log down to this unit alone, so
	// a log DuckDB cannot replay after a kill costs only this unit (see Open).
	if _, err := pool.ExecContext(ctx, "checkpoint"); err != nil {
		return err
	}
	if _, err := pool.ExecContext(ctx, "begin transaction"); err != nil {
		return err
	}
	var txid int64
	if err := pool.QueryRowContext(ctx, "select txid_current()").Scan(&txid); err != nil {
		return errors.Join(err, rollback(pool))
	}
	if err := f(&DB{DB: pool, Path: db.Path, connector: db.connector, pinned: true}); err != nil {
		return errors.Join(err, rollback(pool))
	}
	// The pool could have replaced a connection it found broken; then the statements
	// after that ran outside the transaction, and committing would hide it.
	var still int64
	if err := pool.QueryRowContext(ctx, "select txid_current()").Scan(&still); err != nil || still != txid {
		return errors.Join(fmt.Errorf("the transaction was lost midway (connection replaced)"), err, rollback(pool))
	}
	if _, err := pool.ExecContext(ctx, "commit"); err != nil {
		return err
	}
	_, err = pool.ExecContext(ctx, "checkpoint")
	return err
}

// sharedConnector hides the connector's Close from the pool, which would otherwise close
// the warehouse's database when it is closed itself.
type sharedConnector struct{ driver.Connector }

func rollback(pool *sql.DB) error {
	_, err := pool.ExecContext(context.Background(), "rollback")
	return err
}
