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

func TestReasonZH(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`bad_amount: 支付金额 = "待定"`, `金额无法识别：支付金额 = "待定"`},
		{`missing_required: 处置日期 is empty`, `必填项为空：处置日期 为空`},
		{`ambiguous_institution (T003, T004): 定点医药机构名称 = "中心卫生院"`, `机构不唯一(T003, T004)：定点医药机构名称 = "中心卫生院"`},
		{`ambiguous_institution: 定点医药机构编号 "H50011300123" is T001, 定点医药机构名称 "巴南区中医院" is T002`,
			`机构不唯一：定点医药机构编号 "H50011300123" 为 T001, 定点医药机构名称 "巴南区中医院" 为 T002`},
		{`unknown_institution`, `机构不在名录中`},
		{`something else: x`, `something else: x`},
	} {
		if got := ReasonZH(tc.in); got != tc.want {
			t.Errorf("ReasonZH(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
