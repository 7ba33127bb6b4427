package ingest

import (
	"context"
	"fmt"
	"sync"

	"github.com/xuncha/xuncha/warehouse"
)

// rowGroupRows is DuckDB's row group size: a transaction's appended rows go to the warehouse
// file a full row group at a time (write_buffer_row_group_count = 1).
const rowGroupRows = 122_880

// keepCached is how much of the blocks it has written DuckDB may keep after a drop.
const keepCached = 1 << 20

var writtenBlocksSQL = mustRead("ingest/written_blocks.sql")

// writtenBlocks drops from DuckDB's buffer pool the blocks an ingest has written. DuckDB keeps
// every block it writes in memory until memory runs short (1.2-1.5 MiB per 100k claim lines:
// 13 MiB more at the end of a 1M-row file than of a 100k-row one) and has no statement that
// drops them; lowering its memory_limit does, the blocks of tables first (it can read them
// back from the file), and hands the memory its allocator has freed back to the system.
//
// So after each row group a file's INSERT has written, while that INSERT waits for its next
// record, the limit is set to what DuckDB holds less those blocks, then put back. No other
// DuckDB work runs meanwhile (it inserts on one thread during an ingest, and a file's rows do
// not overlap another file's commit), so nothing can need memory under the lowered limit. If
// DuckDB cannot get down to it, the statement fails and the limit stays as it was.
type writtenBlocks struct {
	ctx   context.Context
	db    *warehouse.DB
	limit string
	mu    sync.Mutex
}

// newWrittenBlocks is nil for a warehouse opened with DuckDB's default memory limit, which a
// SET cannot put back exactly (DuckDB prints it rounded, and RESET does not reach its buffer
// pool): there the blocks stay. The command always opens it with a limit.
func newWrittenBlocks(ctx context.Context, db *warehouse.DB) *writtenBlocks {
	if db.MemoryLimit() == "" {
		return nil
	}
	return &writtenBlocks{ctx: ctx, db: db, limit: db.MemoryLimit()}
}

// restore puts DuckDB's memory limit back to the warehouse's.
func (w *writtenBlocks) restore() error {
	if w == nil {
		return nil
	}
	if _, err := w.db.ExecContext(context.WithoutCancel(w.ctx), "SET GLOBAL memory_limit = "+warehouse.QuoteLiteral(w.limit)); err != nil {
		return fmt.Errorf("put DuckDB's memory_limit back to %s: %w", w.limit, err)
	}
	return nil
}

// file returns what a file's INSERTs call with each record DuckDB has taken, nil without w.
// An error ends the INSERT: the limit could not be put back.
func (w *writtenBlocks) file() func(table string, rows int) error {
	if w == nil {
		return nil
	}
	taken := map[string]int{}
	return func(table string, rows int) error {
		before := taken[table]
		taken[table] += rows
		// DuckDB writes a full row group when the row after it comes
		if (before-1)/rowGroupRows != (taken[table]-1)/rowGroupRows {
			return w.drop()
		}
		return nil
	}
}

// droppedBlocks lets a test look at DuckDB's memory right after a drop.
var droppedBlocks = func() {}

func (w *writtenBlocks) drop() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	var used, cached int64
	if err := w.db.QueryRowContext(w.ctx, writtenBlocksSQL).Scan(&used, &cached); err != nil || cached <= keepCached {
		return nil // the INSERT's own error, if any, says more
	}
	lower := fmt.Sprintf("%dB", used-cached+keepCached)
	if _, err := w.db.ExecContext(w.ctx, "SET GLOBAL memory_limit = "+warehouse.QuoteLiteral(lower)); err != nil {
		return nil // DuckDB could not free that much: its limit is unchanged
	}
	if err := w.restore(); err != nil {
		return err
	}
	droppedBlocks()
	return nil
}
