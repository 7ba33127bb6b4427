package transform

import (
	"testing"

	"github.com/xuncha/xuncha/ingest"
	xsql "github.com/xuncha/xuncha/sql"
)

// Every dataset kind of the contracts is counted by stg_row_counts, so that no extract is left
// out of data coverage (the report's blind-spot table, mart_rule_coverage's inputs).
func TestRowCountsCoverContracts(t *testing.T) {
	staging, err := LoadModels(xsql.FS, "staging", "stg_")
	if err != nil {
		t.Fatal(err)
	}
	var counts *Model
	for _, m := range staging {
		if m.Name == "stg_row_counts" {
			counts = m
		}
	}
	if counts == nil {
		t.Fatal("no sql/staging/stg_row_counts.sql")
	}
	for _, c := range ingest.Contracts() {
		if !counts.Reads(c.Kind) {
			t.Errorf("stg_row_counts.sql does not count raw.%s", c.Kind)
		}
	}
}
