package ingest

import (
	"context"
	"database/sql/driver"
	"fmt"
	"math"
	"math/bits"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/xuncha/xuncha/warehouse"
)

// recordRows and recordBytes bound an Arrow record: the loader hands DuckDB its rows a
// record at a time while DuckDB inserts them, so it holds a few small records, never a row
// group's worth (memory flat in the rows of a file). Long values (DuckDB keeps a string
// over 4 KiB apart, in its own blocks) count eight times over.
var (
	recordRows  = 8192
	recordBytes = 2 << 20
)

// batchRows bounds the rows of one INSERT: none, one INSERT takes all the rows of its
// table. DuckDB fills its row groups across the records of an INSERT; an INSERT per row
// group cost 40 % more CPU and twice the memory (1.85M claim lines: 14–17 s against
// 10–11 s, 550 against 200 MiB resident).
var batchRows = math.MaxInt

// batchBytes ends an INSERT early when its long values (over longText) reach it: rows of
// cells near the size limit fill memory long before the end of a file.
var batchBytes = 4 << 20

const longText = 4 << 10

// batch collects the rows of one raw table as Arrow columns and hands them to DuckDB
// a record at a time (one cgo crossing per record instead of one per value).
type batch struct {
	table   string
	columns []Column
	schema  *arrow.Schema
	b       *array.RecordBuilder
	fields  []array.Builder // b's, by column
	n       int
	bytes   int   // of the text collected, long values eight times
	long    int   // of the long values collected
	longAll int64 // of all the long values added
}

func newBatch(table string, cols []Column) *batch {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.Name, Type: arrowType(c.SQLType), Nullable: true}
	}
	s := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(&recycler{}, s)
	return &batch{table: table, columns: cols, schema: s, b: b, fields: b.Fields()}
}

// recycler is the allocator of a batch's Arrow buffers: a buffer of a record DuckDB has
// read (released) is handed out again for a record to come, instead of left to the garbage
// collector (0.4 GB for 1.85M claim lines, against a few MiB in use at a time). It keeps up
// to recycleKept buffers of each power of two up to recycleMax bytes, and hands out zeroed
// memory aligned to 64 bytes, as Arrow's Go allocator does.
type recycler struct {
	mu   sync.Mutex
	free [recycleClasses][][]byte
}

const (
	recycleClasses = 23 // up to 4 MiB
	recycleMax     = 1 << (recycleClasses - 1)
	recycleKept    = 64
)

// class is the size class of a buffer of n bytes: the power of two at or above it.
func class(n int) int { return bits.Len(uint(max(n, 1) - 1)) }

func (r *recycler) Allocate(size int) []byte {
	c := class(size)
	if c >= recycleClasses {
		return memory.DefaultAllocator.Allocate(size)
	}
	r.mu.Lock()
	if n := len(r.free[c]); n > 0 {
		b := r.free[c][n-1]
		r.free[c] = r.free[c][:n-1]
		r.mu.Unlock()
		clear(b[:size])
		return b[:size]
	}
	r.mu.Unlock()
	b := memory.DefaultAllocator.Allocate(1 << c)
	return b[:size]
}

func (r *recycler) Reallocate(size int, b []byte) []byte {
	if cap(b) >= size {
		if size > len(b) {
			clear(b[len(b):size]) // what Arrow's allocator hands out is zero
		}
		return b[:size]
	}
	nb := r.Allocate(size)
	copy(nb, b)
	return nb
}

func (r *recycler) Free(b []byte) {
	c := class(cap(b))
	if cap(b) != 1<<c || c >= recycleClasses {
		return // not one of the recycler's
	}
	r.mu.Lock()
	if len(r.free[c]) < recycleKept {
		r.free[c] = append(r.free[c], b[:0])
	}
	r.mu.Unlock()
}

func arrowType(sqlType string) arrow.DataType {
	switch sqlType {
	case "DATE":
		return arrow.FixedWidthTypes.Date32
	case "DECIMAL(18,2)":
		return &arrow.Decimal128Type{Precision: 18, Scale: 2}
	case "DOUBLE":
		return arrow.PrimitiveTypes.Float64
	case "BOOLEAN":
		return arrow.FixedWidthTypes.Boolean
	case "BIGINT":
		return arrow.PrimitiveTypes.Int64
	case "INTEGER":
		return arrow.PrimitiveTypes.Int32
	}
	return arrow.BinaryTypes.String
}

// add appends one row whose values follow the table's columns.
func (bt *batch) add(vals []driver.Value) error {
	if len(vals) != len(bt.columns) {
		return fmt.Errorf("raw.%s: %d values for %d columns", bt.table, len(vals), len(bt.columns))
	}
	for i, v := range vals {
		if v == nil {
			bt.fields[i].AppendNull()
			continue
		}
		switch b := bt.fields[i].(type) {
		case *array.StringBuilder:
			s := v.(string)
			b.Append(s)
			bt.bytes += len(s)
			if len(s) > longText {
				bt.bytes += 7 * len(s)
				bt.long += len(s)
				bt.longAll += int64(len(s))
			}
		case *array.Float64Builder:
			b.Append(v.(float64))
		case *array.Decimal128Builder:
			b.Append(decimal128.FromI64(v.(int64))) // fen
		case *array.Date32Builder:
			b.Append(arrow.Date32FromTime(v.(time.Time)))
		case *array.Int64Builder:
			b.Append(v.(int64))
		case *array.Int32Builder:
			b.Append(v.(int32))
		case *array.BooleanBuilder:
			b.Append(v.(bool))
		default:
			return fmt.Errorf("raw.%s.%s: no Arrow builder for %T", bt.table, bt.columns[i].Name, b)
		}
	}
	bt.n++
	return nil
}

func (bt *batch) full() bool { return bt.n >= recordRows || bt.bytes >= recordBytes }

// take returns the rows collected so far as one record (nil when there are none), with
// their count and the size of their long values, and starts the next record.
func (bt *batch) take() (rec arrow.RecordBatch, rows, long int) {
	if bt.n == 0 {
		return nil, 0, 0
	}
	rows, long = bt.n, bt.long
	bt.n, bt.bytes, bt.long = 0, 0, 0
	// the next record is most likely of as many rows and about as much text: its buffers
	// are made once at that size (text with an eighth more) instead of doubling up to it
	text := make([]int, len(bt.columns))
	for i := range bt.columns {
		if sb, ok := bt.b.Field(i).(*array.StringBuilder); ok {
			text[i] = sb.DataLen()
		}
	}
	rec = bt.b.NewRecordBatch()
	bt.b.Reserve(rows - 1) // Arrow rounds up past a power of two: 8,191 rows reserve 8,192, 8,192 would 16,384
	for i, n := range text {
		if n > 0 {
			bt.b.Field(i).(*array.StringBuilder).ReserveData(n + n/8)
		}
	}
	return rec, rows, long
}

// insert adds the records of reader to raw.<table> through the connection of the file's
// transaction, in one statement; view names the records while it runs.
func (bt *batch) insert(ctx context.Context, dc driver.Conn, reader array.RecordReader, view string) error {
	ar, err := duckdb.NewArrowFromConn(dc)
	if err != nil {
		return err
	}
	release, err := ar.RegisterView(reader, view)
	if err != nil {
		return fmt.Errorf("raw.%s: %w", bt.table, err)
	}
	defer release()
	names := make([]string, len(bt.columns))
	for i, c := range bt.columns {
		names[i] = warehouse.QuoteIdent(c.Name)
	}
	cols := strings.Join(names, ", ")
	q := fmt.Sprintf("insert into raw.%s (%s) select %s from %s", warehouse.QuoteIdent(bt.table), cols, cols, warehouse.QuoteIdent(view))
	if _, err := dc.(driver.ExecerContext).ExecContext(ctx, q, nil); err != nil {
		return fmt.Errorf("raw.%s: %w", bt.table, err)
	}
	// the view reads Arrow memory released on return: it must not outlive this call
	if _, err := dc.(driver.ExecerContext).ExecContext(ctx, "drop view "+warehouse.QuoteIdent(view), nil); err != nil {
		return fmt.Errorf("raw.%s: %w", bt.table, err)
	}
	return nil
}

func (bt *batch) release() { bt.b.Release() }
