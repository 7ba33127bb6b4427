package ingest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/xuncha/xuncha/warehouse"
)

// Rejected rows wait for the INSERT running on the connection to end, up to these many
// rows or bytes (then the INSERT is ended early).
var (
	rejectRows  = 2048
	rejectBytes = 1 << 20
)

// inserter owns the file's connection while its rows are read: from its own goroutine it
// runs the INSERT of a table (batchRows), which reads the loader's Arrow records as they are
// made. Reading and normalising overlap DuckDB's insert, and the loader holds a few small
// records at a time, not a row group of rows. Rejected rows go to raw.rejected between
// two INSERTs.
type inserter struct {
	ctx  context.Context
	conn *sql.Conn
	jobs chan job
	done chan struct{}

	errMu sync.Mutex
	err   error // the first failure

	// the loader's side
	open    *stream // the INSERT the loader feeds
	views   int
	rejects [][]driver.Value
	rbytes  int

	app *duckdb.Appender // raw.rejected, the inserter's side

	// taken, when set, is called with each record DuckDB's INSERT has taken, from the
	// INSERT's thread while it waits for the next one (writtenBlocks); an error ends it
	taken func(table string, rows int) error
}

// job is an INSERT fed by the loader, or rows for raw.rejected.
type job struct {
	s       *stream
	rejects [][]driver.Value
}

func newInserter(ctx context.Context, conn *sql.Conn) *inserter {
	// one job may wait while another runs: the loader fills the next INSERT's first
	// record while DuckDB finishes the one before
	in := &inserter{ctx: ctx, conn: conn, jobs: make(chan job, 1), done: make(chan struct{})}
	go in.loop()
	return in
}

func (in *inserter) loop() {
	defer close(in.done)
	for j := range in.jobs {
		err := in.failed()
		if err == nil {
			err = warehouse.Raw(in.ctx, in.conn, func(dc driver.Conn) error { return in.run(dc, j) })
			in.fail(err)
		}
		if j.s != nil {
			j.s.err = err
			close(j.s.ended)
		}
	}
	if in.app != nil {
		in.fail(in.app.Close())
	}
}

func (in *inserter) run(dc driver.Conn, j job) error {
	if j.s != nil {
		return j.s.bt.insert(in.ctx, dc, j.s, j.s.view)
	}
	if in.app == nil {
		var err error
		if in.app, err = duckdb.NewAppender(dc, "", "raw", "rejected"); err != nil {
			return fmt.Errorf("appender raw.rejected: %w", err)
		}
	}
	for _, r := range j.rejects {
		if err := in.app.AppendRow(r...); err != nil {
			return err
		}
	}
	return nil
}

func (in *inserter) fail(err error) {
	if err == nil {
		return
	}
	in.errMu.Lock()
	defer in.errMu.Unlock()
	if in.err == nil {
		in.err = err
	}
}

func (in *inserter) failed() error {
	in.errMu.Lock()
	defer in.errMu.Unlock()
	return in.err
}

func (in *inserter) queue(j job) error {
	select {
	case in.jobs <- j:
		return nil
	case <-in.ctx.Done():
		return in.ctx.Err()
	}
}

// send hands the rows collected in bt to DuckDB. It returns the error of an earlier
// insert, so that loading stops at the first failure.
func (in *inserter) send(bt *batch) error {
	if err := in.failed(); err != nil {
		return err
	}
	rec, rows, long := bt.take()
	if rec == nil {
		return nil
	}
	if in.open != nil && in.open.bt != bt {
		if err := in.end(); err != nil {
			rec.Release()
			return err
		}
	}
	s := in.open
	if s == nil {
		in.views++
		s = newStream(in.ctx, bt, fmt.Sprintf("xuncha_batch_%s_%d", bt.table, in.views))
		s.taken = in.taken
		if err := in.queue(job{s: s}); err != nil {
			rec.Release()
			return err
		}
		in.open = s
	}
	select {
	case s.recs <- rec:
	case <-s.ended:
		rec.Release()
		return s.err
	case <-in.ctx.Done():
		rec.Release()
		return in.ctx.Err()
	}
	s.rows, s.long = s.rows+rows, s.long+long
	if s.rows >= batchRows || s.long >= batchBytes {
		return in.end()
	}
	return nil
}

// end ends the INSERT the loader feeds and sends the rejected rows that waited for it.
func (in *inserter) end() error {
	if in.open != nil {
		close(in.open.recs)
		in.open = nil
	}
	if len(in.rejects) == 0 {
		return nil
	}
	rs := in.rejects
	in.rejects, in.rbytes = nil, 0
	return in.queue(job{rejects: rs})
}

// reject adds a row of raw.rejected; size is about its bytes.
func (in *inserter) reject(row []driver.Value, size int) error {
	if err := in.failed(); err != nil {
		return err
	}
	in.rejects = append(in.rejects, row)
	in.rbytes += size
	if len(in.rejects) >= rejectRows || in.rbytes >= rejectBytes {
		return in.end()
	}
	return nil
}

// finish sends what waits, lets the inserts finish and returns the first error.
func (in *inserter) finish() error {
	err := in.end()
	close(in.jobs)
	<-in.done
	if ferr := in.failed(); ferr != nil {
		return ferr
	}
	return err
}

// stream is the array.RecordReader of one INSERT: DuckDB's scan takes the records the
// loader sends, until the loader closes recs.
type stream struct {
	ctx   context.Context
	bt    *batch
	view  string
	recs  chan arrow.RecordBatch
	ended chan struct{} // closed when the INSERT has returned, err its error
	err   error

	rows, long int // sent so far (the loader's side)
	taken      func(table string, rows int) error

	refs atomic.Int64
	cur  arrow.RecordBatch
	rerr error
}

// streamDepth is how many records may wait for DuckDB. Its insert is bursty: each full row
// group is compressed and written at once, while the loader goes on making records; with
// one waiting record, each side stood idle a third of the time (1.85M claim lines: 5.9 s
// against 4.5 s wall, +30 MiB resident at 16, a record being at most recordRows rows or
// recordBytes of text).
var streamDepth = 16

func newStream(ctx context.Context, bt *batch, view string) *stream {
	s := &stream{ctx: ctx, bt: bt, view: view, recs: make(chan arrow.RecordBatch, streamDepth), ended: make(chan struct{})}
	s.refs.Store(1)
	return s
}

func (s *stream) Retain() { s.refs.Add(1) }

func (s *stream) Release() {
	if s.refs.Add(-1) == 0 && s.cur != nil {
		s.cur.Release()
		s.cur = nil
	}
}

func (s *stream) Schema() *arrow.Schema { return s.bt.schema }

func (s *stream) Next() bool {
	if s.cur != nil {
		n := int(s.cur.NumRows())
		s.cur.Release()
		s.cur = nil
		if s.taken != nil {
			if s.rerr = s.taken(s.bt.table, n); s.rerr != nil {
				return false
			}
		}
	}
	select {
	case rec, ok := <-s.recs:
		s.cur = rec
		return ok
	case <-s.ctx.Done():
		s.rerr = s.ctx.Err()
		return false
	}
}

func (s *stream) RecordBatch() arrow.RecordBatch { return s.cur }

// Record is RecordBatch under its former name.
func (s *stream) Record() arrow.RecordBatch { return s.cur }

func (s *stream) Err() error { return s.rerr }
