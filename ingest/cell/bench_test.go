package cell

import "testing"

// Ingest calls these once per cell, millions of times per workbook.

func BenchmarkParseMoney(b *testing.B) {
	for b.Loop() {
		ParseMoney("¥1,234,567.89", UnitNone)
		ParseMoney("1234.5", UnitWanyuan)
	}
}

func BenchmarkParseDate(b *testing.B) {
	for b.Loop() {
		ParseDate("2025-03-07 14:03:22", false)
		ParseDate("45723", false)
	}
}

func BenchmarkNormalizeHeader(b *testing.B) {
	for b.Loop() {
		NormalizeHeader("合同金额\n（万元）")
	}
}
