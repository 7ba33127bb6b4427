package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/xuncha/xuncha/warehouse"
)

// insertQueue is how many full batches may wait for DuckDB while the next one fills;
// 0 inserts each batch in the loading goroutine.
var insertQueue = 1

// inserter sends full batches to DuckDB from its own goroutine, so that reading and
// normalising rows overlaps DuckDB's insert of the rows before them. The file's
// connection is used by one goroutine at a time.
type inserter struct {
	ctx   context.Context
	conn  *sql.Conn
	mu    sync.Mutex // held while the connection is in use
	queue chan insertJob
	done  chan struct{}
	errMu sync.Mutex
	err   error // the first failed insert
}

type insertJob struct {
	bt  *batch
	rec arrow.RecordBatch
	seq int
}

func newInserter(ctx context.Context, conn *sql.Conn) *inserter {
	in := &inserter{ctx: ctx, conn: conn}
	if insertQueue > 0 {
		in.queue = make(chan insertJob, insertQueue)
		in.done = make(chan struct{})
		go in.loop()
	}
	return in
}

func (in *inserter) loop() {
	defer close(in.done)
	for j := range in.queue {
		if in.failed() != nil {
			j.rec.Release()
			continue
		}
		if err := in.insert(j); err != nil {
			in.errMu.Lock()
			in.err = err
			in.errMu.Unlock()
		}
	}
}

func (in *inserter) failed() error {
	in.errMu.Lock()
	defer in.errMu.Unlock()
	return in.err
}

func (in *inserter) insert(j insertJob) error {
	defer j.rec.Release()
	return in.withConn(func(dc driver.Conn) error { return j.bt.insert(in.ctx, dc, j.rec, j.seq) })
}

// send hands the rows of a batch over for insertion; it returns the error of an
// earlier insert, so that loading stops at the first failure.
func (in *inserter) send(bt *batch) error {
	rec, seq := bt.take()
	if rec == nil {
		return in.failed()
	}
	j := insertJob{bt, rec, seq}
	if in.queue == nil {
		return in.insert(j)
	}
	if err := in.failed(); err != nil {
		rec.Release()
		return err
	}
	select {
	case in.queue <- j:
		return nil
	case <-in.ctx.Done():
		rec.Release()
		return in.ctx.Err()
	}
}

// wait lets the queued inserts finish and returns the first error.
func (in *inserter) wait() error {
	if in.queue == nil {
		return nil
	}
	close(in.queue)
	<-in.done
	return in.failed()
}

// withConn runs f on the file's connection while no insert runs.
func (in *inserter) withConn(f func(driver.Conn) error) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	return warehouse.Raw(in.ctx, in.conn, f)
}
