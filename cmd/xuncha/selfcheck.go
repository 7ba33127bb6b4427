package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/xuncha/xuncha/report"
	"github.com/xuncha/xuncha/selfcheck"
	"github.com/xuncha/xuncha/transform"
)

func init() {
	register(command{name: "selfcheck",
		summary: `self-inspection against the plan: selfcheck --institution X --year Y [--format table|csv|json]; selfcheck match --checklist BN-L|BN-P|ZB-L "text"; selfcheck override --institution X --checklist ID`,
		run:     runSelfcheck})
}

const selfcheckUsage = `want one of:
  xuncha selfcheck --institution CODE|NAME [--year Y] [--format table|csv|json]
  xuncha selfcheck match --checklist BN-L|BN-P|ZB-L [--format table|csv] "item text"
  xuncha selfcheck override --institution CODE --checklist BN-L|BN-P|ZB-L|none [--note TEXT]`

func runSelfcheck(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "match":
			return runSelfcheckMatch(e, args[1:])
		case "override":
			return runSelfcheckOverride(e, args[1:])
		}
		if !strings.HasPrefix(args[0], "-") {
			return usagef("unknown selfcheck subcommand %q; %s", args[0], selfcheckUsage)
		}
	}
	return runSelfcheckReport(e, args)
}

// runSelfcheckMatch prints the top 3 clauses for one sentence. With --format csv the output is
// exactly the header rank,clause_id,score,clause_text and up to three rows, best first.
func runSelfcheckMatch(e *env, args []string) error {
	fs := e.newFlags("selfcheck match", `--checklist BN-L|BN-P|ZB-L [--format table|csv] "item text"`)
	checklist := fs.String("checklist", "", "BN-L, BN-P or ZB-L")
	format := fs.String("format", "table", "table or csv")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, []string{"table", "csv"}); err != nil {
		return err
	}
	if _, err := selfcheck.Checklist(*checklist); err != nil {
		return usagef("--checklist %q: want one of %s", *checklist, strings.Join(selfcheck.ChecklistIDs(), ", "))
	}
	text := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if text == "" {
		return usagef("give the self-inspection text to match")
	}
	return selfcheck.WriteMatches(e.stdout, selfcheck.MatchText(*checklist, text, 3), *format)
}

// runSelfcheckOverride sets (or with --checklist none removes) an institution's checklist.
func runSelfcheckOverride(e *env, args []string) error {
	fs := e.newFlags("selfcheck override", "--institution CODE --checklist BN-L|BN-P|ZB-L|none [--note TEXT]")
	inst := fs.String("institution", "", "institution code")
	checklist := fs.String("checklist", "", "BN-L, BN-P or ZB-L; none removes the override")
	note := fs.String("note", "", "why (kept with the override)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*inst) == "" || strings.TrimSpace(*checklist) == "" {
		return usagef("give --institution and --checklist")
	}
	id := *checklist
	if strings.EqualFold(id, "none") {
		id = ""
	} else if _, err := selfcheck.ResolveChecklist(id, "", "", ""); err != nil {
		return usagef("--checklist %q: want one of %s or none", id, strings.Join(selfcheck.ChecklistIDs(), ", "))
	}
	db, err := e.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := transform.SetChecklistOverride(e.ctx, db.DB, *inst, id, *note); err != nil {
		return err
	}
	if id == "" {
		fmt.Fprintf(e.stdout, "%s: override removed; the registry decides from the next `xuncha build`\n", *inst)
	} else {
		fmt.Fprintf(e.stdout, "%s: checklist %s from the next `xuncha build`\n", *inst, strings.ToUpper(id))
	}
	return nil
}

func runSelfcheckReport(e *env, args []string) error {
	fs := e.newFlags("selfcheck", "--institution CODE|NAME [--year Y] [--format table|csv|json]")
	inst := fs.String("institution", "", "institution code, name or alias, or a part of one that names it alone")
	year := fs.Int("year", 0, "year of the self-report (default: the latest)")
	format := fs.String("format", "table", "table, csv or json")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if len(fs.Args()) > 0 {
		return usagef("unexpected %q; %s", fs.Args()[0], selfcheckUsage)
	}
	if strings.TrimSpace(*inst) == "" {
		return usagef("give --institution; %s", selfcheckUsage)
	}
	if err := checkFormat(*format, formats); err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := report.LoadSelfcheck(e.ctx, db, strings.TrimSpace(*inst), *year)
	var amb *report.AmbiguousError
	switch {
	case errors.As(err, &amb):
		return usagef("--institution: %v", err)
	case err != nil:
		return err
	}
	switch *format {
	case "json":
		return report.WriteSelfcheckJSON(e.stdout, r)
	case "csv":
		return report.WriteSelfcheckCSV(e.stdout, r)
	}
	return report.WriteSelfcheckTable(e.stdout, r)
}
