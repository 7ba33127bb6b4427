package cell

import (
	"errors"
	"testing"
)

func TestParseBool(t *testing.T) {
	tests := []struct {
		in   string
		want bool
		err  error
	}{
		// The pairs, yes beside no.
		{in: "是", want: true}, {in: "否", want: false},
		{in: "Y", want: true}, {in: "N", want: false},
		{in: "y", want: true}, {in: "n", want: false},
		{in: "yes", want: true}, {in: "no", want: false},
		{in: "YES", want: true}, {in: "No", want: false},
		{in: "true", want: true}, {in: "false", want: false},
		{in: "TRUE", want: true}, {in: "FALSE", want: false},
		{in: "T", want: true}, {in: "F", want: false},
		{in: "1", want: true}, {in: "0", want: false},
		{in: "1.0", want: true}, {in: "0.0", want: false},
		{in: "√", want: true}, {in: "×", want: false},
		{in: "✓", want: true}, {in: "✗", want: false},
		{in: "✔", want: true}, {in: "✘", want: false},
		{in: "✔️", want: true}, {in: "✖️", want: false},
		{in: "☑", want: true}, {in: "☒", want: false},
		{in: "有", want: true}, {in: "无", want: false},
		{in: "已", want: true}, {in: "未", want: false},
		{in: "对", want: true}, {in: "错", want: false},
		{in: "正确", want: true}, {in: "错误", want: false},
		{in: "通过", want: true}, {in: "未通过", want: false},
		{in: "通过", want: true}, {in: "不通过", want: false},
		{in: "存在", want: true}, {in: "不存在", want: false},
		{in: "已核验", want: true}, {in: "未核验", want: false},
		{in: "合格", want: true}, {in: "不合格", want: false},
		{in: "有", want: true}, {in: "没有", want: false},
		{in: "X", want: false},

		// Similar pairs, decided by the leading marker.
		{in: "已落实", want: true}, {in: "未落实", want: false},
		{in: "已完成", want: true}, {in: "未完成", want: false},
		{in: "已论证", want: true}, {in: "无论证", want: false},
		{in: "有专家论证", want: true}, {in: "没有发现", want: false},
		{in: "是的", want: true}, {in: "不是", want: false},
		{in: "非平台", want: false},
		{in: "否决", want: false},

		// Padding, full width, punctuation.
		{in: " 是 ", want: true},
		{in: "\u3000否\r\n", want: false},
		{in: "ＹＥＳ", want: true},
		{in: "是。", want: true},
		{in: "１", want: true},

		// Not answers.
		{in: "不适用", err: ErrBadBool},
		{in: "未知", err: ErrBadBool},
		{in: "是否", err: ErrBadBool},
		{in: "有无", err: ErrBadBool},
		{in: "有/无", err: ErrBadBool},
		{in: "已/未", err: ErrBadBool},
		{in: "未/已", err: ErrBadBool},
		{in: "部分落实", err: ErrBadBool},
		{in: "待核验", err: ErrBadBool},
		{in: "已落实但未完成", err: ErrBadBool},
		{in: "2", err: ErrBadBool},
		{in: "maybe", err: ErrBadBool},
		{in: "yess", err: ErrBadBool},
		{in: "未经过相关部门的审批同意并且没有备案", err: ErrBadBool},

		// Nothing written.
		{in: "", err: ErrEmpty},
		{in: "  ", err: ErrEmpty},
		{in: "-", err: ErrEmpty},
		{in: "/", err: ErrEmpty},
	}
	for _, tt := range tests {
		got, err := ParseBool(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("ParseBool(%q) = %v, %v; want error %v", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseBool(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func FuzzParseBool(f *testing.F) {
	for _, s := range []string{"是", "否", "Y", "√", "×", "已核验", "未通过", "不适用", "有/无", " ✔️ "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseBool(s)
		if err != nil {
			if err != ErrEmpty && err != ErrBadBool {
				t.Fatalf("ParseBool(%q) error %v is not a sentinel", s, err)
			}
			if v {
				t.Fatalf("ParseBool(%q) = true with error %v", s, err)
			}
			return
		}
		// Padding and full-width folding do not change the answer.
		if v2, err := ParseBool(" \u3000" + s + "\r\n"); err != nil || v2 != v {
			t.Fatalf("ParseBool(%q) = %v but padded gives %v, %v", s, v, v2, err)
		}
		// An answer is never read with the opposite meaning once a 不 is put in front
		// of a positive one.
		if v {
			if v2, err := ParseBool("不" + s); err == nil && v2 {
				t.Fatalf("ParseBool(%q) = true and ParseBool(%q) = true", s, "不"+s)
			}
		}
	})
}
