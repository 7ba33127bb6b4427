package ingest

import (
	"errors"
	"fmt"
)

// Reasons a row is rejected. The code opens the reason stored in raw.rejected.
var (
	ErrMissing            = errors.New("missing_required")
	ErrUnknownValue       = errors.New("bad_value")
	ErrUnknownInstitution = errors.New("unknown_institution")
)

// RowError is why one input row was rejected; raw.rejected and the CLI line are made from it.
type RowError struct {
	File   string
	Sheet  string
	Row    int
	Column string // source header of the offending cell
	Value  string
	Err    error
}

func (e *RowError) Error() string {
	return fmt.Sprintf("%s [%s] row %d: %s", e.File, e.Sheet, e.Row, e.Reason())
}

// Reason is the stored form: "<code>: <column> = '<value>'".
func (e *RowError) Reason() string {
	code := e.Err.Error()
	switch {
	case e.Column == "":
		return code
	case e.Value == "":
		return fmt.Sprintf("%s: %s is empty", code, e.Column)
	default:
		return fmt.Sprintf("%s: %s = %q", code, e.Column, e.Value)
	}
}

func (e *RowError) Unwrap() error { return e.Err }

// FileError is a file that could not be ingested at all; nothing of it was loaded.
type FileError struct {
	File string
	Err  error
}

func (e *FileError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *FileError) Unwrap() error { return e.Err }

// errNeedRegistry defers a file until the institution registry is loaded.
var errNeedRegistry = errors.New("no institution registry loaded: ingest the registry (机构名录) first, or pass --institution")

// errNoKind: no sheet of the file looked like any dataset kind.
var errNoKind = errors.New("not an extract")
