package selfcheck

import (
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var showMisses = flag.Bool("misses", false, "print every labelled row whose clause is not ranked first")

type labelled struct {
	checklist, clauseID, text string
	line                      int
}

func readLabelled(t testing.TB, path string) []labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "checklist,clause_id,text" {
		t.Fatalf("%s: header %v", path, recs[0])
	}
	var out []labelled
	for i, rec := range recs[1:] {
		l := labelled{rec[0], rec[1], rec[2], i + 2}
		if _, ok := Lookup(l.clauseID); !ok || !strings.HasPrefix(l.clauseID, l.checklist+".") {
			t.Fatalf("%s:%d: unknown clause %q for %q", path, l.line, l.clauseID, l.checklist)
		}
		out = append(out, l)
	}
	return out
}

type accuracy struct {
	n, top1, top3, confident1 int
}

func (a accuracy) String() string {
	return fmt.Sprintf("n=%d top-1 %.3f top-3 %.3f", a.n, float64(a.top1)/float64(a.n), float64(a.top3)/float64(a.n))
}

func measure(t *testing.T, rows []labelled) (map[string]*accuracy, *accuracy) {
	per := map[string]*accuracy{}
	all := &accuracy{}
	for _, l := range rows {
		ms := MatchText(l.checklist, l.text, 3)
		a := per[l.checklist]
		if a == nil {
			a = &accuracy{}
			per[l.checklist] = a
		}
		for _, x := range []*accuracy{a, all} {
			x.n++
		}
		hit := -1
		for i, m := range ms {
			if m.ClauseID == l.clauseID {
				hit = i
			}
		}
		if hit == 0 {
			a.top1++
			all.top1++
			if Confident(ms[0]) {
				a.confident1++
				all.confident1++
			}
		}
		if hit >= 0 {
			a.top3++
			all.top3++
		}
		if hit != 0 && *showMisses {
			var got []string
			for _, m := range ms {
				c, _ := Lookup(m.ClauseID)
				got = append(got, fmt.Sprintf("%s %.3f [%s] %.40s", m.ClauseID, m.Score, m.Reason, c.Text))
			}
			want, _ := Lookup(l.clauseID)
			t.Logf("miss line %d %s %q\n    want %s %.50s\n    got  %s", l.line, l.clauseID, l.text, l.clauseID, want.Text, strings.Join(got, "\n         "))
		}
	}
	return per, all
}

// TestAccuracy measures top-1 and top-3 accuracy on the labelled paraphrases, per checklist
// and overall, and fails below top-1 0.80 / top-3 0.90. Run
//
//	go test -tags duckdb_arrow -run 'TestAccuracy' -v ./selfcheck
//
// for the figures in docs/SELFCHECK.md (add -args -misses to see each miss).
func TestAccuracy(t *testing.T) {
	var union []labelled
	for _, set := range []struct {
		file       string
		perCheck   bool // enforce the thresholds per checklist, not only overall
		minPerList int
	}{
		// Written first, before the matcher existed; the set the thresholds are defined on.
		{"testdata/paraphrases.csv", true, 30},
		// Written second, in office wording that avoids the plans' phrases, before any tuning;
		// the matcher was then tuned on both sets.
		{"testdata/paraphrases_hard.csv", false, 30},
		// Written after tuning and never used for it: the estimate for unseen rows.
		{"testdata/paraphrases_holdout.csv", false, 15},
	} {
		rows := readLabelled(t, set.file)
		union = append(union, rows...)
		per, all := measure(t, rows)
		for _, id := range ChecklistIDs() {
			a := per[id]
			if a == nil || a.n < set.minPerList {
				t.Errorf("%s %s: fewer than %d labelled rows", set.file, id, set.minPerList)
				continue
			}
			t.Logf("%-34s %s %v", set.file, id, a)
			if set.perCheck {
				checkAccuracy(t, set.file+" "+id, a)
			}
		}
		t.Logf("%-34s all  %v (top-1 confident: %d of %d)", set.file, all, all.confident1, all.top1)
		checkAccuracy(t, set.file, all)
	}
	per, all := measure(t, union)
	for _, id := range ChecklistIDs() {
		t.Logf("%-34s %s %v", "all three sets", id, per[id])
		checkAccuracy(t, "all sets "+id, per[id])
	}
	t.Logf("%-34s all  %v (top-1 confident: %d of %d)", "all three sets", all, all.confident1, all.top1)
}

func checkAccuracy(t *testing.T, name string, a *accuracy) {
	t.Helper()
	if top1 := float64(a.top1) / float64(a.n); top1 < 0.80 {
		t.Errorf("%s: top-1 accuracy %.3f < 0.80", name, top1)
	}
	if top3 := float64(a.top3) / float64(a.n); top3 < 0.90 {
		t.Errorf("%s: top-3 accuracy %.3f < 0.90", name, top3)
	}
}
