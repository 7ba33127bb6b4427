package main

import (
	"strings"

	"github.com/xuncha/xuncha/selfcheck"
)

func init() {
	register(command{name: "selfcheck", summary: `match self-inspection text to plan clauses: selfcheck match --checklist BN-L|BN-P|ZB-L "text"`, run: runSelfcheck})
}

func runSelfcheck(e *env, args []string) error {
	if len(args) == 0 || args[0] != "match" {
		return usagef(`want: xuncha selfcheck match --checklist BN-L|BN-P|ZB-L [--format table|csv] "item text"`)
	}
	fs := e.newFlags("selfcheck match", `--checklist BN-L|BN-P|ZB-L [--format table|csv] "item text"`)
	checklist := fs.String("checklist", "", "BN-L, BN-P or ZB-L")
	format := fs.String("format", "table", "table or csv")
	if err := e.parse(fs, args[1:]); err != nil {
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
