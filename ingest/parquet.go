package ingest

import (
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/xuncha/xuncha/warehouse"
)

// openParquet reads a flat Parquet file as one sheet whose first row is the column names.
func openParquet(path string) (sheets []sheet, closeFn func() error, err error) {
	defer func() {
		if r := recover(); r != nil {
			sheets, closeFn, err = nil, nil, fmt.Errorf("%w: corrupt Parquet file (%v)", ErrUnsupported, r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%w: corrupt Parquet file (%s)", ErrUnsupported, warehouse.FirstLine(err.Error()))
	}
	schema := pf.Schema()
	paths := schema.Columns()
	header := make([]string, len(paths))
	convs := make([]func(parquet.Value) string, len(paths))
	for i, p := range paths {
		header[i] = strings.Join(p, ".")
		leaf, _ := schema.Lookup(p...)
		convs[i] = parquetConverter(leaf.Node)
	}
	s := sheet{name: filepath.Base(path)}
	s.rows = func(yield func(int, []string) bool) (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("corrupt Parquet data: %v", r)
			}
		}()
		if !yield(1, header) {
			return nil
		}
		r := parquet.NewReader(pf)
		defer r.Close()
		buf := make([]parquet.Row, 1024)
		rowNo := 1
		for {
			n, err := r.ReadRows(buf)
			for _, row := range buf[:n] {
				rowNo++
				cells := make([]string, len(header))
				for _, v := range row {
					if c := v.Column(); c >= 0 && c < len(cells) && !v.IsNull() {
						cells[c] = convs[c](v)
					}
				}
				if !yield(rowNo, cells) {
					return nil
				}
			}
			if err != nil {
				if n == 0 && err.Error() == "EOF" {
					return nil
				}
				if err.Error() == "EOF" {
					continue
				}
				return err
			}
		}
	}
	return []sheet{s}, f.Close, nil
}

func parquetConverter(n parquet.Node) func(parquet.Value) string {
	if n == nil {
		return func(v parquet.Value) string { return v.String() }
	}
	if lt := n.Type().LogicalType(); lt != nil {
		switch t := lt.Value.(type) {
		case *format.DateType:
			return func(v parquet.Value) string {
				return time.Unix(int64(v.Int32())*86400, 0).UTC().Format("2006-01-02")
			}
		case *format.TimestampType:
			div := int64(1)
			switch t.Unit.Value.(type) {
			case *format.MicroSeconds:
				div = 1_000
			case *format.NanoSeconds:
				div = 1_000_000
			}
			return func(v parquet.Value) string {
				return time.UnixMilli(v.Int64() / div).UTC().Format("2006-01-02 15:04:05")
			}
		case *format.DecimalType:
			scale := int(t.Scale)
			return func(v parquet.Value) string {
				var i big.Int
				switch v.Kind() {
				case parquet.Int32:
					i.SetInt64(int64(v.Int32()))
				case parquet.Int64:
					i.SetInt64(v.Int64())
				default:
					b := v.ByteArray()
					i.SetBytes(b)
					if len(b) > 0 && b[0]&0x80 != 0 { // two's complement
						i.Sub(&i, new(big.Int).Lsh(big.NewInt(1), uint(len(b)*8)))
					}
				}
				return new(big.Rat).SetFrac(&i, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)).FloatString(scale)
			}
		}
	}
	return func(v parquet.Value) string {
		switch v.Kind() {
		case parquet.Double:
			return strconv.FormatFloat(v.Double(), 'f', -1, 64)
		case parquet.Float:
			return strconv.FormatFloat(float64(v.Float()), 'f', -1, 32)
		case parquet.ByteArray, parquet.FixedLenByteArray:
			return string(v.ByteArray())
		}
		return v.String()
	}
}
