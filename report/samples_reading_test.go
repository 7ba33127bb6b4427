package report

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/marts"
	"github.com/xuncha/xuncha/samples"
	"github.com/xuncha/xuncha/warehouse"
)

// asOfRe is how a standing-state rule states the date it assesses at.
var asOfRe = regexp.MustCompile(`截至\d{4}-\d{2}-\d{2}（(数据最后日期|构建日期)`)

// The synthetic district's reports as a reader meets them: its first hospital generated,
// ingested and built today, and every year's pre-visit report, the trend report and the
// district index read with checkReads — among them the texts of the rules that judge a
// standing state (RECT_OVERDUE, HR_NO_ROTATION), which state the date they assess at: never
// one after the report's.
func TestSamplesReadAsWritten(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	data, path := filepath.Join(dir, "data"), filepath.Join(dir, "w.duckdb")
	if _, err := samples.Generate(ctx, data, samples.Options{Institutions: 1, Scale: 0.05}, nil); err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.Open(ctx, path, warehouse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ingest.Ingest(ctx, db, []string{data}, ingest.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ingest.EnsureRawTables(ctx, db.DB); err != nil {
		t.Fatal(err)
	}
	if _, err := marts.Build(ctx, db, nil, nil); err != nil {
		t.Fatal(err)
	}
	ro := readOnly(t, db)
	years, err := DataYears(ctx, ro, "")
	if err != nil || len(years) == 0 {
		t.Fatalf("years with data: %v, %v", years, err)
	}
	standing := map[string]bool{}
	var buf bytes.Buffer
	for _, y := range years {
		p, err := LoadPrevisit(ctx, ro, "12500113XC000101", y, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := WritePrevisitHTML(&buf, p); err != nil {
			t.Fatal(err)
		}
		checkReads(t, fmt.Sprintf("previsit %s %d", p.Institution.Code, p.Year), buf.String(), p.GeneratedAt)
		for _, rule := range []string{"RECT_OVERDUE", "HR_NO_ROTATION"} {
			if strings.Contains(buf.String(), `data-rule="`+rule+`"`) && asOfRe.MatchString(buf.String()) {
				standing[rule] = true
			}
		}
	}
	if !standing["RECT_OVERDUE"] || !standing["HR_NO_ROTATION"] {
		t.Errorf("the reports show the standing-state rules' texts: %v, want both (the planted cases)", standing)
	}
	tr, err := LoadTrend(ctx, ro, years[0], years[len(years)-1], LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteTrendHTML(&buf, tr); err != nil {
		t.Fatal(err)
	}
	checkReads(t, "trend", buf.String(), tr.GeneratedAt)

	files := folder{}
	d, err := WriteDistrict(ctx, ro, DistrictOptions{}, files.write)
	if err != nil {
		t.Fatal(err)
	}
	checkReads(t, "district index", string(files["index.html"]), d.GeneratedAt)
}
