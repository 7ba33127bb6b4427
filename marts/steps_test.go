package marts

import "testing"

// Steps, the N of "model i of N" while a build runs, is the number of steps Build reports.
func TestStepsCountsWhatBuildReports(t *testing.T) {
	f := newFixture(t)
	steps, err := Build(f.ctx, f.db, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, err := Steps()
	if err != nil {
		t.Fatal(err)
	}
	if n != len(steps) {
		t.Errorf("Steps() = %d, Build reported %d steps", n, len(steps))
	}
}
