package ingest

import (
	"errors"
	"fmt"
	"strings"
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

// reasonWords are the codes that open a rejected row's stored reason (RowError.Reason), as a
// reader of a report says them.
var reasonWords = map[string]string{
	"missing_required":      "必填项为空",
	"bad_amount":            "金额无法识别",
	"bad_number":            "数值无法识别",
	"bad_date":              "日期无法识别",
	"bad_bool":              "是/否无法识别",
	"bad_value":             "取值不在取值表内",
	"unknown_institution":   "机构不在名录中",
	"ambiguous_institution": "机构不唯一",
	"cell_too_large":        "单元格过大",
}

// ReasonZH words a stored rejection reason ("bad_amount: 支付金额 = \"待定\"",
// "missing_required: 处置日期 is empty", "ambiguous_institution (T003, T004): …") in Chinese;
// a reason of another shape is kept.
func ReasonZH(reason string) string {
	head, rest, _ := strings.Cut(reason, ":")
	code, also, _ := strings.Cut(strings.TrimSpace(head), " ") // ambiguous_institution (T003, T004)
	zh, ok := reasonWords[code]
	if !ok {
		return reason
	}
	zh += strings.TrimSpace(also)
	rest = strings.ReplaceAll(strings.TrimSpace(rest), `" is `, `" 为 `)
	if col, empty := strings.CutSuffix(rest, " is empty"); empty {
		return zh + "：" + col + " 为空"
	}
	if rest == "" {
		return zh
	}
	return zh + "：" + rest
}
