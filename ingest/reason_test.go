package ingest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/xuncha/xuncha/ingest/cell"
)

// A rejected row's error reads as the stored code and still matches the parser's sentinel.
func TestReasonCodeKeepsErrorsIs(t *testing.T) {
	for _, tc := range []struct {
		sentinel error
		code     string
	}{
		{cell.ErrBadDate, "bad_date"},
		{cell.ErrBadAmount, "bad_amount"},
		{cell.ErrBadNumber, "bad_number"},
		{cell.ErrBadBool, "bad_bool"},
	} {
		row := &RowError{Column: "金额", Value: "x", Err: reasonCode(fmt.Errorf("%q: %w", "x", tc.sentinel))}
		if !errors.Is(row, tc.sentinel) {
			t.Errorf("%s: errors.Is(row error, sentinel) = false", tc.code)
		}
		if got, want := row.Reason(), tc.code+`: 金额 = "x"`; got != want {
			t.Errorf("reason %q, want %q", got, want)
		}
	}
	if err := reasonCode(ErrMissing); err != ErrMissing {
		t.Errorf("reasonCode(ErrMissing) = %v, want it unchanged", err)
	}
}
