package main

import (
	"testing"

	"github.com/xuncha/xuncha/report/reporttest"
)

// TestCLIGolden compares whole command outputs on the report fixture with
// testdata/golden/<case>.txt (go test -update rewrites them).
func TestCLIGolden(t *testing.T) {
	path := fixtureWarehouse(t)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"rules", []string{"rules"}},
		{"risks", []string{"--db", path, "risks"}},
		{"risks_institution_csv", []string{"--db", path, "risks", "--institution", reporttest.InstitutionName, "--year", "2025", "--format", "csv", "--no-bom"}},
		{"risks_ambiguous", []string{"--db", path, "risks", "--institution", "人民医院", "--rule", "proc_off_platform"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := xunchaCLI(t, tc.args...)
			if code != exitOK {
				t.Fatalf("exit %d\n%s", code, stderr)
			}
			golden(t, tc.name+".txt", stdout)
		})
	}
}
