package cell

import (
	"strings"
	"unicode/utf8"
)

// boolWords are the yes/no answers seen in extracts, compared after folding, removing spaces and
// lower-casing ASCII.
var boolWords = map[string]bool{
	"是": true, "否": false,
	"y": true, "n": false, "yes": true, "no": false,
	"true": true, "false": false, "t": true, "f": false,
	"1": true, "0": false, "1.0": true, "0.0": false,
	"√": true, "✓": true, "✔": true, "☑": true, "ok": true,
	"×": false, "✗": false, "✘": false, "✕": false, "✖": false, "☒": false, "╳": false, "x": false,
	"有": true, "无": false, "没有": false,
	"已": true, "未": false,
	"对": true, "错": false, "正确": true, "错误": false,
	"真": true, "假": false,
	"通过": true, "未通过": false, "不通过": false,
	"存在": true, "不存在": false,
	"已核验": true, "未核验": false,
	"合格": true, "不合格": false,
	"同意": true, "不同意": false,
	"是的": true, "不是": false,
}

// notAnswers start like an answer but say that there is none.
var notAnswers = map[string]bool{
	"不适用": true, "不涉及": true, "不详": true, "不明": true, "不确定": true, "未知": true,
	"是否": true, "有无": true, "有/无": true, "是/否": true, "已/未": true,
}

const (
	negativeMarks = "未无不否没非"
	positiveMarks = "已有是"
	alternatives  = "/、,;|或"
)

// ParseBool reads a yes/no cell: 是/否, Y/N, yes/no, true/false, 1/0, √/×, ✓/✗, 有/无, 已/未,
// 对/错, 通过/未通过, 存在/不存在, 已核验/未核验, 合格/不合格 …
//
// Short answers not in that list are decided by their first character: a negative marker
// (未 无 不 否 没 非) makes false, as in 未落实, 不存在, 没有发现; 已 有 是 make true, as in 已落实,
// 已完成, unless a negative marker or an alternative (有/无, 是否) follows. Non-answers such as 不适用
// and 未知 are ErrBadBool, as is any other text. A blank cell or a placeholder ("-", "/") is ErrEmpty.
func ParseBool(s string) (bool, error) {
	t := lowerASCII(compact(s))
	if t == "" || isPlaceholder(t) {
		return false, ErrEmpty
	}
	t = strings.TrimRight(t, ".。!")
	if v, ok := boolWords[t]; ok {
		return v, nil
	}
	if notAnswers[t] || utf8.RuneCountInString(t) > 8 {
		return false, ErrBadBool
	}
	r, size := utf8.DecodeRuneInString(t)
	rest := t[size:]
	switch {
	case rest == "" || strings.ContainsAny(rest, alternatives):
	case strings.ContainsRune(negativeMarks, r):
		return false, nil
	case strings.ContainsRune(positiveMarks, r) && !strings.ContainsAny(rest, negativeMarks):
		return true, nil
	}
	return false, ErrBadBool
}
