package ingest

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/duckdb/duckdb-go/v2"

	"github.com/xuncha/xuncha/warehouse"
)

// money is an amount in fen, as a row value on its way to a DECIMAL(18,2) column.
type money int64

// batchRows is how many rows go to DuckDB in one Arrow record: large enough that the
// per-batch cost vanishes, small enough to keep memory flat on big files. It is DuckDB's row
// group size: an insert of a full row group is written to the file as it is, a smaller one
// waits in memory for the next and leaves half-filled row groups behind.
var batchRows = 122880

// batchBytes sends a batch early when its text reaches it: rows of cells near the size
// limit fill memory long before batchRows. Long values (DuckDB keeps a string over 4 KiB
// apart, in its own blocks) count eight times over: a batch of them goes at 4 MiB.
var batchBytes = 32 << 20

const longText = 4 << 10

// batch collects the rows of one raw table as Arrow columns and hands them to DuckDB
// a record at a time (one cgo crossing per batch instead of one per value).
type batch struct {
	table   string
	columns []Column
	schema  *arrow.Schema
	b       *array.RecordBuilder
	n       int
	bytes   int // of the text collected
	seq     int
}

func newBatch(table string, cols []Column) *batch {
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: c.Name, Type: arrowType(c.SQLType), Nullable: true}
	}
	s := arrow.NewSchema(fields, nil)
	return &batch{table: table, columns: cols, schema: s, b: array.NewRecordBuilder(memory.DefaultAllocator, s)}
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
		fb := bt.b.Field(i)
		if v == nil {
			fb.AppendNull()
			continue
		}
		switch b := fb.(type) {
		case *array.StringBuilder:
			s := v.(string)
			b.Append(s)
			bt.bytes += len(s)
			if len(s) > longText {
				bt.bytes += 7 * len(s)
			}
		case *array.Date32Builder:
			b.Append(arrow.Date32FromTime(v.(time.Time)))
		case *array.Decimal128Builder:
			b.Append(decimal128.FromI64(int64(v.(money))))
		case *array.Float64Builder:
			b.Append(v.(float64))
		case *array.BooleanBuilder:
			b.Append(v.(bool))
		case *array.Int64Builder:
			b.Append(v.(int64))
		case *array.Int32Builder:
			b.Append(v.(int32))
		default:
			return fmt.Errorf("raw.%s.%s: no Arrow builder for %T", bt.table, bt.columns[i].Name, fb)
		}
	}
	bt.n++
	return nil
}

func (bt *batch) full() bool { return bt.n >= batchRows || bt.bytes >= batchBytes }

// take returns the rows collected so far as one record (nil when there are none) with
// its sequence number in the file, and starts the next record.
func (bt *batch) take() (arrow.RecordBatch, int) {
	if bt.n == 0 {
		return nil, 0
	}
	bt.n, bt.bytes = 0, 0
	bt.seq++
	return bt.b.NewRecordBatch(), bt.seq
}

// insert adds a record to raw.<table> through the connection of the file's transaction.
func (bt *batch) insert(ctx context.Context, dc driver.Conn, rec arrow.RecordBatch, seq int) error {
	reader, err := array.NewRecordReader(bt.schema, []arrow.RecordBatch{rec})
	if err != nil {
		return err
	}
	defer reader.Release()
	ar, err := duckdb.NewArrowFromConn(dc)
	if err != nil {
		return err
	}
	view := fmt.Sprintf("xuncha_batch_%s_%d", bt.table, seq)
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
