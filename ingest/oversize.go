package ingest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuncha/xuncha/ingest/xlsx"
)

// ErrCellTooLarge: a cell over the reader's size limit; its row is rejected with a
// prefix of the value, never loaded cut short.
var ErrCellTooLarge = errors.New("cell_too_large")

// oversize is a cell a reader cut to a prefix.
type oversize struct {
	col         int
	size, limit int64
}

// cellTooLarge is the reject of a row one of whose cells was cut, or nil.
func (s *sheetLoader) cellTooLarge(rowNo int, cells []string) *RowError {
	if s.sh.tooLarge == nil {
		return nil
	}
	o, ok := s.sh.tooLarge(rowNo)
	if !ok {
		return nil
	}
	col := xlsx.ColumnName(o.col)
	if o.col < len(s.m.headers) && strings.TrimSpace(s.m.headers[o.col]) != "" {
		col = strings.TrimSpace(s.m.headers[o.col])
	}
	return &RowError{Column: col, Value: cellAt(cells, o.col) + "…",
		Err: fmt.Errorf("%w (%s, over the %s limit)", ErrCellTooLarge, sizeString(o.size), sizeString(o.limit))}
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
