package selfcheck

import "testing"

// BenchmarkMatch matches 1,000 self-inspection rows (the labelled sets, cycled) against their
// checklist and three candidates each, as ingest would for one large workbook: one op is the
// 1,000 rows.
func BenchmarkMatch(b *testing.B) {
	var rows []labelled
	for _, f := range []string{"testdata/paraphrases.csv", "testdata/paraphrases_hard.csv", "testdata/paraphrases_holdout.csv"} {
		rows = append(rows, readLabelled(b, f)...)
	}
	for _, id := range ChecklistIDs() {
		MatchText(id, "预热", 3) // build the indexes outside the timer
	}
	b.ResetTimer()
	for b.Loop() {
		for i := range 1000 {
			l := rows[i%len(rows)]
			if ms := MatchText(l.checklist, l.text, 3); len(ms) != 3 {
				b.Fatalf("%q: %d matches", l.text, len(ms))
			}
		}
	}
}
