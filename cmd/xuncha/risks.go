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
	code := ""
	if *inst != "" {
		i, err := report.ResolveInstitution(e.ctx, db, *inst)
		var amb *report.AmbiguousError
		switch {
		case errors.Is(err, report.ErrNoInstitution):
			return usagef("no institution matches %q in the registry", *inst)
		case errors.As(err, &amb): // a part of several names: list them all
		case err != nil:
			return err
		default:
			code = i.Code
		}
	}
	if err := checkDataYear(e, db, code, *year); err != nil {
		return err
	}
	rows, err := db.QueryContext(e.ctx, risksQuery,
		*inst, *inst, *inst, *year, *year, strings.ToUpper(*rule), strings.ToUpper(*rule))
	if err != nil {
		if strings.Contains(err.Error(), "mart_risk_flags") {
			return errNotBuilt
		}
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
	if errors.Is(err, report.ErrNotBuilt) {
		return errNotBuilt
	}
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

const risksQuery = `
select f.institution_code, i.name as institution, f.year, f.rule_id, f.period, f.subject,
       f.severity, f.score, f.amount_yuan, f.evidence_rows, f.clause_ids, f.summary_zh, f.flag_id
from mart_risk_flags f
left join stg_institutions i using (institution_code)
where (? = '' or f.institution_code = ? or i.name like '%' || ? || '%')
  and (? = 0 or f.year = ?)
  and (? = '' or f.rule_id = ?)
order by f.institution_code, f.year, f.risk_rank nulls last, f.rule_id, f.subject`
