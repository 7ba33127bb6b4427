package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuncha/xuncha/report"
)

// demoReports writes the pre-visit report (HTML and XLSX) of the institution with the
// highest-scoring flags in the latest year, the trend report over all years, and the district
// folder of the latest year (every institution, linked from OUT/district/index.html).
func demoReports(e *env, out string) error {
	db, err := e.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	inst, year, from, to, err := report.Busiest(e.ctx, db)
	if err != nil {
		return fmt.Errorf("no flags to report on: %w", err)
	}
	e.stdoutStep("reports → " + out)
	write := func(name string, render func(*bytes.Buffer) error) error {
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "    %s\n", p)
		return nil
	}
	pv, err := report.LoadPrevisit(e.ctx, db, inst, year, report.LoadOptions{})
	if err != nil {
		return err
	}
	name := fmt.Sprintf("previsit-%s-%d", inst, year)
	if err := write(name+".html", func(b *bytes.Buffer) error { return report.WritePrevisitHTML(b, pv) }); err != nil {
		return err
	}
	pvAll, err := report.LoadPrevisit(e.ctx, db, inst, year, report.LoadOptions{AllEvidence: true})
	if err != nil {
		return err
	}
	if err := write(name+".xlsx", func(b *bytes.Buffer) error { return report.WritePrevisitXLSX(b, pvAll) }); err != nil {
		return err
	}
	tr, err := report.LoadTrend(e.ctx, db, from, to, report.LoadOptions{})
	if err != nil {
		return err
	}
	if err := write(fmt.Sprintf("trend-%d-%d.html", from, to), func(b *bytes.Buffer) error { return report.WriteTrendHTML(b, tr) }); err != nil {
		return err
	}
	dir := filepath.Join(out, "district")
	d, err := e.writeDistrict(db, report.DistrictOptions{Year: year}, dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "    %s: %d institutions, %d flags (open it for every report)\n", filepath.Join(dir, report.IndexFile), len(d.Institutions), d.Total.Flags)
	return nil
}

func (e *env) stdoutStep(msg string) { fmt.Fprintf(e.stdout, "==> %s\n", msg) }
