package main

import (
	"fmt"
	"strings"

	"github.com/xuncha/xuncha/marts"
)

func init() {
	register(command{name: "eval", summary: "precision and recall of the flags against a truth.csv", run: runEval, logged: true})
}

func runEval(e *env, args []string) error {
	fs := e.newFlags("eval", "--truth DIR/truth.csv [--min-recall 0.95] [--min-precision 0.90]")
	truth := fs.String("truth", "", "ground truth (rule_id,institution_code,year,subject); truth_rejects.csv beside it is used too")
	minRecall := fs.Float64("min-recall", 0.95, "fail when an implemented rule's recall is below this")
	minPrecision := fs.Float64("min-precision", 0.90, "fail when an implemented rule's precision is below this")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if *truth == "" {
		return usagef("--truth is required")
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	ev, err := marts.Evaluate(e.ctx, db, *truth)
	if err != nil {
		return err
	}
	return printEval(e, ev, *minRecall, *minPrecision)
}

func printEval(e *env, ev *marts.Evaluation, minRecall, minPrecision float64) error {
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "rule\tstatus\ttruth\tflagged\tfound\tprecision\trecall\tmissed / extra (first 3)")
	for _, s := range ev.Rules {
		status := "ok"
		switch {
		case !s.Implemented:
			status = "not implemented"
		case s.Truth == 0:
			status = "no truth rows"
		case s.Recall < minRecall || s.Precision < minPrecision:
			status = "BELOW BAR"
		}
		notes := ""
		if len(s.Missed) > 0 {
			notes += "missed " + strings.Join(first(s.Missed, 3), "; ")
		}
		if len(s.Extra) > 0 {
			if notes != "" {
				notes += " | "
			}
			notes += "extra " + strings.Join(first(s.Extra, 3), "; ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%.2f\t%.2f\t%s\n", s.Rule, status, s.Truth, s.Flagged, s.Found, s.Precision, s.Recall, notes)
	}
	tw.Flush()
	if ev.RejectsTruth > 0 || ev.RejectsGot > 0 {
		fmt.Fprintf(e.stdout, "\nrejected rows: %d expected, %d rejected, %d agree", ev.RejectsTruth, ev.RejectsGot, ev.Agreed)
		if len(ev.MissedRejects) > 0 {
			fmt.Fprintf(e.stdout, "; not rejected: %s", strings.Join(first(ev.MissedRejects, 3), "; "))
		}
		if len(ev.ExtraRejects) > 0 {
			fmt.Fprintf(e.stdout, "; rejected but not expected: %s", strings.Join(first(ev.ExtraRejects, 3), "; "))
		}
		fmt.Fprintln(e.stdout)
	}
	if bad := ev.Failing(minRecall, minPrecision); len(bad) > 0 {
		ids := make([]string, len(bad))
		for i, b := range bad {
			ids[i] = b.Rule
		}
		return fmt.Errorf("%d implemented rule(s) below recall %.2f / precision %.2f: %s", len(bad), minRecall, minPrecision, strings.Join(ids, ", "))
	}
	return nil
}

func first(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
