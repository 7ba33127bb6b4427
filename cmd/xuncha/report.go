package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xuncha/xuncha/report"
)

func init() {
	register(command{name: "report", summary: "previsit --institution X --year Y -o FILE.html|.xlsx; trend --from Y --to Y -o FILE; district [--year Y] -o DIR", run: runReport, logged: true})
}

const reportSynopsis = `previsit --institution CODE|NAME [--year Y] -o FILE.html|FILE.xlsx
       xuncha report trend [--from Y] [--to Y] -o FILE.html|FILE.xlsx
       xuncha report district ` + districtSynopsis

func runReport(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("which report? usage: xuncha report %s", reportSynopsis)
	}
	switch args[0] {
	case "previsit":
		return runPrevisit(e, args[1:])
	case "trend":
		return runTrend(e, args[1:])
	case "district":
		return runDistrict(e, args[1:])
	case "-h", "--help", "help":
		return e.groupHelp("report", reportSynopsis)
	}
	return usagef("unknown report %q: want previsit, trend or district", args[0])
}

// reportFormat is html or xlsx, from the output file's extension.
func reportFormat(out string) (string, error) {
	if out == "" {
		return "", usagef("-o FILE.html or FILE.xlsx is required")
	}
	if out == "-" {
		return "html", nil
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".html", ".htm":
		return "html", nil
	case ".xlsx":
		return "xlsx", nil
	}
	return "", usagef("-o %s: want a .html or .xlsx file", out)
}

func runPrevisit(e *env, args []string) error {
	fs := e.newFlags("report previsit", "--institution CODE|NAME [--year Y] -o FILE.html|FILE.xlsx")
	inst := fs.String("institution", "", "institution code, registered name or alias")
	year := fs.Int("year", 0, "inspection year (default: the institution's last year with data)")
	out := fs.String("o", "", "output file: .html (the expert panel's report) or .xlsx (evidence workbook); - for HTML on stdout")
	perFlag := fs.Int("evidence", 10, "evidence rows per flag in the HTML report (the workbook has all)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if *inst == "" {
		return usagef("--institution is required")
	}
	format, err := reportFormat(*out)
	if err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	e.warnIncompleteBuild(db)
	start := time.Now()
	if *year == 0 {
		if *year, err = lastDataYear(e, db, *inst); err != nil {
			return err
		}
	}
	p, err := report.LoadPrevisit(e.ctx, db, *inst, *year, report.LoadOptions{EvidencePerFlag: *perFlag, AllEvidence: format == "xlsx", SampleDraws: db.SampleDraws})
	if err != nil {
		return reportError(err)
	}
	if err := checkDataYear(e, db, p.Institution.Code, p.Year); err != nil {
		return err
	}
	err = writeOutput(e, *out, func(w io.Writer) error {
		if format == "xlsx" {
			return report.WritePrevisitXLSX(w, p)
		}
		return report.WritePrevisitHTML(w, p)
	})
	if err != nil {
		return err
	}
	if *out != "-" {
		fmt.Fprintf(e.stdout, "wrote %s: %s %d年, %d flags (%d high), %d rules not assessed, %.1f s\n",
			*out, p.Institution.Label(), p.Year, p.Summary.Flags, p.Summary.High, p.Coverage.Rules.NotAssessed, time.Since(start).Seconds())
	}
	return nil
}

func runTrend(e *env, args []string) error {
	fs := e.newFlags("report trend", "[--from Y] [--to Y] -o FILE.html|FILE.xlsx")
	from := fs.Int("from", 0, "first year (default: the first year in the warehouse)")
	to := fs.Int("to", 0, "last year (default: --from if given, else the last year in the warehouse)")
	out := fs.String("o", "", "output file: .html or .xlsx; - for HTML on stdout")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if *to == 0 && *from != 0 {
		*to = *from
	}
	format, err := reportFormat(*out)
	if err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	e.warnIncompleteBuild(db)
	if *from == 0 {
		years, err := report.DataYears(e.ctx, db, "")
		if err != nil {
			return reportError(err)
		}
		if len(years) == 0 {
			return fmt.Errorf("no data in the warehouse: nothing has been ingested and built (xuncha ingest PATH, then xuncha build)")
		}
		*from = years[0]
		if *to == 0 {
			*to = years[len(years)-1]
		}
	}
	if *to < *from || *to-*from > 50 {
		return usagef("--from %d --to %d: want a range of at most 50 years, from ≤ to", *from, *to)
	}
	t, err := report.LoadTrend(e.ctx, db, *from, *to, report.LoadOptions{})
	if err != nil {
		return reportError(err)
	}
	years, err := report.DataYears(e.ctx, db, "")
	if err != nil {
		return reportError(err)
	}
	if !slices.ContainsFunc(years, func(y int) bool { return y >= *from && y <= *to }) {
		return fmt.Errorf("no data in %d–%d (years with data: %s)", *from, *to, yearList(years))
	}
	err = writeOutput(e, *out, func(w io.Writer) error {
		if format == "xlsx" {
			return report.WriteTrendXLSX(w, t)
		}
		return report.WriteTrendHTML(w, t)
	})
	if err != nil {
		return err
	}
	if *out != "-" {
		flags := 0
		for _, y := range t.Totals {
			flags += y.Flags
		}
		fmt.Fprintf(e.stdout, "wrote %s: %d–%d, %d institutions, %d flags\n", *out, t.From, t.To, len(t.Institutions), flags)
	}
	return nil
}

// lastDataYear is the last year with data of an institution, for a report asked for
// without --year.
func lastDataYear(e *env, db report.DB, name string) (int, error) {
	inst, err := report.ResolveInstitution(e.ctx, db, name)
	if err != nil {
		return 0, reportError(err)
	}
	years, err := report.DataYears(e.ctx, db, inst.Code)
	if err != nil {
		return 0, reportError(err)
	}
	if len(years) == 0 {
		return 0, fmt.Errorf("no data for %s: nothing has been ingested and built for it (xuncha ingest PATH, then xuncha build)", inst.Label())
	}
	return years[len(years)-1], nil
}

func reportError(err error) error {
	var amb *report.AmbiguousError
	if errors.Is(err, report.ErrNoInstitution) || errors.As(err, &amb) {
		return usageError{err.Error()}
	}
	return err
}

// writeOutput writes to a temporary file beside out and renames it into place, so
// that a failed report never leaves half a file under the name asked for.
func writeOutput(e *env, out string, write func(io.Writer) error) error {
	if out == "-" {
		return write(e.stdout)
	}
	if err := e.guardOutput(out); err != nil {
		return err
	}
	if dir := filepath.Dir(out); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return err
	}
	if err := write(tmp); err != nil {
		return errors.Join(err, tmp.Close(), os.Remove(tmp.Name()))
	}
	if err := tmp.Close(); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return errors.Join(err, os.Remove(tmp.Name()))
	}
	return nil
}
