package ingest

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A sheet's rows below its header are converted ahead, in chunks, on several goroutines:
// what a cell converts to (a date, an amount, an enum, an institution) depends on the cell
// and its column only, so converters work on many chunks at once, each with memos of its
// own. The loader takes the chunks in file order and does all that depends on the rows
// before — fill-down, totals, opening rows, rejects, counts, the rows handed to DuckDB —
// taking a cell's value from its chunk where the cell is the one converted.

// convWorkers is the number of converters (0: none, the loader converts every cell).
var convWorkers = runtime.GOMAXPROCS(0)

// A chunk holds up to convChunkRows rows or convChunkBytes of text; a loader keeps up to
// two chunks per converter in flight.
var (
	convChunkRows  = 256
	convChunkBytes = 1 << 20
)

// chunksConverted counts the chunks converted ahead, for the tests to see converters ran.
var chunksConverted atomic.Int64

// preCell is a cell converted ahead: the cell as read, raw trimmed, and what it gives (an
// institution's code in code, any other field's value in v).
type preCell struct {
	cell, raw, code string
	v               any
	err             error
	ok              bool
}

type convRow struct {
	no    int
	cells []string
	pre   []preCell // by position in the sheet's order
}

type convChunk struct {
	rows  []convRow
	pre   []preCell // the rows' pre, end to end
	bytes int
	done  chan struct{}
}

// converter feeds the loader's process the rows it is given, in order, with their cells
// converted ahead.
type converter struct {
	process func(rowNo int, cells []string, pre []preCell) bool
	jobs    chan *convChunk
	queue   []*convChunk // handed to the converters, in file order
	cur     *convChunk
	free    []*convChunk // passed on, to be filled again
	wg      sync.WaitGroup
}

func (s *sheetLoader) newConverter(process func(int, []string, []preCell) bool) *converter {
	c := &converter{process: process, jobs: make(chan *convChunk, 2*convWorkers)}
	c.wg.Add(convWorkers)
	for range convWorkers {
		go func() {
			defer c.wg.Done()
			var ms memos
			for ch := range c.jobs {
				s.convertChunk(ch, &ms)
				chunksConverted.Add(1)
				close(ch.done)
			}
		}()
	}
	return c
}

// add takes one row; false when the loader stopped (an error, or cancelled).
func (c *converter) add(rowNo int, cells []string) bool {
	if c.cur == nil {
		c.cur = &convChunk{}
		if n := len(c.free); n > 0 {
			c.cur, c.free = c.free[n-1], c.free[:n-1]
		}
		c.cur.done = make(chan struct{})
	}
	c.cur.rows = append(c.cur.rows, convRow{no: rowNo, cells: cells})
	for _, v := range cells {
		c.cur.bytes += len(v)
	}
	if len(c.cur.rows) < convChunkRows && c.cur.bytes < convChunkBytes {
		return true
	}
	return c.send()
}

// send hands the chunk being filled to the converters, after passing on the chunks
// already converted and, when too many are in flight, waiting for the oldest.
func (c *converter) send() bool {
	for len(c.queue) > 0 {
		head := c.queue[0]
		if len(c.queue) < 2*convWorkers && !closed(head.done) {
			break
		}
		<-head.done
		if !c.pass(head) {
			return false
		}
		c.queue = c.queue[1:]
	}
	if c.cur != nil {
		c.queue = append(c.queue, c.cur)
		c.jobs <- c.cur
		c.cur = nil
	}
	return true
}

func closed(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// pass hands the rows of a converted chunk to the loader, and keeps the chunk for reuse.
func (c *converter) pass(ch *convChunk) bool {
	for _, r := range ch.rows {
		if !c.process(r.no, r.cells, r.pre) {
			return false
		}
	}
	clear(ch.rows) // the cells of rows kept for later stay theirs
	ch.rows, ch.bytes = ch.rows[:0], 0
	c.free = append(c.free, ch)
	return true
}

// flush passes on every row given; false when the loader stopped.
func (c *converter) flush() bool {
	if !c.send() {
		return false
	}
	for _, ch := range c.queue {
		<-ch.done
		if !c.pass(ch) {
			return false
		}
	}
	c.queue = nil
	return true
}

// close ends the converters.
func (c *converter) close() {
	close(c.jobs)
	c.wg.Wait()
}

// convertChunk converts the mapped cells of a chunk's rows that convert alone: not empty,
// not a null word (whether one is refused depends on the row).
func (s *sheetLoader) convertChunk(ch *convChunk, ms *memos) {
	fields := s.m.contract.Fields
	n := len(ch.rows) * len(s.order)
	if cap(ch.pre) < n {
		ch.pre = make([]preCell, n)
	}
	ch.pre = ch.pre[:n]
	for i := range ch.rows {
		r := &ch.rows[i]
		r.pre = ch.pre[i*len(s.order) : (i+1)*len(s.order)]
		for k, cf := range s.order {
			c := cellAt(r.cells, cf.col)
			raw := trimCell(c)
			if raw == "" || isNullWord(raw) {
				r.pre[k].ok = false // a reused chunk's pre may hold an earlier row's cell
				continue
			}
			f := &fields[cf.fi]
			p := preCell{cell: c, raw: raw, ok: true}
			if f.Type == TypeInstitution {
				p.code, p.err = s.institutionIn(ms, raw, cf.col)
			} else {
				p.v, p.err = s.memoValue(ms, f, raw, cf.col)
			}
			r.pre[k] = p
		}
	}
}

// trimmed is the cell at position k of the sheet's order trimmed, and whether it was
// converted ahead (s.pre[k]). A cell filled down is not the one converted.
func (s *sheetLoader) trimmed(k int, cell string) (string, bool) {
	if k < len(s.pre) && s.pre[k].ok && s.pre[k].cell == cell {
		return s.pre[k].raw, true
	}
	return trimCell(cell), false
}

// institutionAt is the institution the cell of column col names, as converted.
func (s *sheetLoader) institutionAt(raw string, col int) (string, error) {
	for k, cf := range s.order {
		if cf.col == col && k < len(s.pre) && s.pre[k].ok && s.pre[k].raw == raw {
			return s.pre[k].code, s.pre[k].err
		}
	}
	return s.institutionIn(&s.memos, raw, col)
}
