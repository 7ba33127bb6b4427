package main

import (
	"strings"
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
	rows, err := db.QueryContext(e.ctx, risksQuery,
		*inst, *inst, *inst, *year, *year, strings.ToUpper(*rule), strings.ToUpper(*rule))
	if err != nil {
		if strings.Contains(err.Error(), "mart_risk_flags") {
			return errNotBuilt
		}
		return err
	}
	defer rows.Close()
	_, err = writeResult(e.stdout, rows, outOpts{format: *format, bom: *format == "csv" && !*noBOM && isRegularFile(e.stdout)})
	return err
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
