package main

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuncha/xuncha/report"
)

func init() {
	register(command{name: "risks", summary: "list flags (--institution, --year, --rule, --format table|csv|json)", run: runRisks, logged: true})
}

func runRisks(e *env, args []string) error {
	fs := e.newFlags("risks", "[--institution CODE] [--year Y] [--rule ID] [--format table|csv|json]")
	inst := fs.String("institution", "", "institution code or name (substring)")
	year := fs.Int("year", 0, "year")
	rule := fs.String("rule", "", "rule id")
	format := fs.String("format", "table", "table, csv or json")
	noBOM := fs.Bool("no-bom", false, "CSV redirected into a file without the UTF-8 byte order mark Excel needs")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, formats); err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	e.warnIncompleteBuild(db)
	var filter report.RiskFilter
	code := ""
	if *inst != "" {
		i, err := report.ResolveInstitution(e.ctx, db, *inst)
		var amb *report.AmbiguousError
		switch {
		case errors.Is(err, report.ErrNoInstitution):
			return usagef("no institution matches %q in the registry", *inst)
		case errors.As(err, &amb): // a part of several names: list them all
			for _, c := range amb.Candidates {
				filter.Institutions = append(filter.Institutions, c.Code)
			}
		case err != nil:
			return err
		default:
			code = i.Code
			filter.Institutions = []string{code}
		}
	}
	if err := checkDataYear(e, db, code, *year); err != nil {
		return err
	}
	filter.Year, filter.Rule = *year, *rule
	rows, err := report.Risks(e.ctx, db, filter)
	if err != nil {
		return err
	}
	defer rows.Close()
	n, err := writeResult(e.stdout, rows, outOpts{format: *format, bom: *format == "csv" && !*noBOM && isRegularFile(e.stdout)})
	if err == nil && n.rows == 0 {
		fmt.Fprintln(e.stderr, "no flags: the rules found nothing for this selection (xuncha report previsit shows which rules could not be assessed)")
	}
	return err
}

// checkDataYear fails when year (0: any) has no data for the institution (code; "" for all),
// naming the years that have some, so that an empty answer never looks like a clean one.
func checkDataYear(e *env, db report.DB, code string, year int) error {
	years, err := report.DataYears(e.ctx, db, code)
	if err != nil {
		return err
	}
	whose := "the warehouse"
	if code != "" {
		whose = code
	}
	switch {
	case len(years) == 0:
		return fmt.Errorf("no data for %s: nothing has been ingested and built for it (xuncha ingest PATH, then xuncha build)", whose)
	case year != 0 && !slices.Contains(years, year):
		return fmt.Errorf("no data for %s in %d (years with data: %s)", whose, year, yearList(years))
	}
	return nil
}

func yearList(years []int) string {
	s := make([]string, len(years))
	for i, y := range years {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, ", ")
}
