// Package cell turns the cells of hospital extracts into typed values.
//
// Institutions send whatever their finance, HIS, procurement and payroll systems export, so one
// column may hold the same value written in many ways. Every function here takes the text of a
// single cell, as a spreadsheet or CSV reader returns it, and either gives back a clean value or
// one of the sentinel errors ErrEmpty, ErrBadDate, ErrBadAmount, ErrBadNumber or ErrBadBool, which
// callers wrap with the cell's position and compare with errors.Is.
//
// Every parser first folds full-width characters to ASCII (“１２００” is “1200”, “（” is “(”),
// removes zero-width characters and the _x000D_ escapes Excel leaves in shared strings, and
// ignores padding spaces. A blank cell, or one holding only a placeholder such as "-", "—", "/",
// "NULL" or "N/A", is ErrEmpty: nothing was written there, which is different from something
// that could not be read.
//
// Dates (ParseDate) come back at UTC midnight:
//
//	"2025-03-07", "2025/3/7", "2025.03.07", "20250307"  → 2025-03-07
//	"2025年3月7日", "2025-03-07 14:03:22", "2025-03-07T14:03:22Z", "20250307140322" → 2025-03-07
//	"45723", "45723.5" (Excel serial, 1900 date system) → 2025-03-07
//	"2025年3月", "2025-03", "202503"                    → 2025-03-01, monthOnly
//	"2024-13-99", "2024.02.30", "2025"                  → ErrBadDate
//
// Money (ParseMoney) comes back as an exact int64 count of fen (分, 0.01 元); the decimal text is
// never routed through float64. The unit comes from the header or a unit line (NormalizeHeader,
// UnitLine) unless the cell names its own:
//
//	ParseMoney("1,234.50", UnitNone)     → 123450
//	ParseMoney("￥1,200", UnitNone)       → 120000
//	ParseMoney("(1,234.50)", UnitNone)   → -123450
//	ParseMoney("1.5", UnitWanyuan)       → 1500000   (1.5 万元 = 15,000 元)
//	ParseMoney("3000元", UnitWanyuan)    → 300000    (the cell's 元 wins)
//	ParseMoney("1.2E+06", UnitNone)      → 120000000
//	FormatFen(-123450)                   → "-1234.50"
//
// Headers (NormalizeHeader) are reduced to a key for matching against the synonyms in the
// dataset contracts, and the unit they carry is returned beside it:
//
//	"金额\n（万元）" → "金额", UnitWanyuan
//	" 采购 日期 "    → "采购日期", UnitNone
//	"*供应商名称："  → "供应商名称", UnitNone
//
// Other helpers: ParseNumber (quantities and percentages, "12.5%" → 0.125), ParseBool (是/否,
// Y/N, √/×, 有/无, 已/未 and the like), UnitLine ("单位：万元" above a table), IsTotalRow (合计,
// 总计, 小计 … rows at the bottom of a sheet) and NormalizeText (names, codes, vendors).
//
// No function in this package panics, whatever the input.
package cell

import "errors"

// Sentinel errors returned by the parsers. They are returned unwrapped so that callers can attach
// the file, sheet, row and column once, in their own error type.
var (
	ErrEmpty     = errors.New("empty") // blank cell (or a placeholder such as "-") where a value is needed
	ErrBadDate   = errors.New("not a date")
	ErrBadAmount = errors.New("not an amount")
	ErrBadNumber = errors.New("not a number")
	ErrBadBool   = errors.New("not a yes/no")
)
