package main

import (
	"fmt"
	"strings"

	"github.com/xuncha/xuncha/ingest"
	"github.com/xuncha/xuncha/warehouse"
)

func init() {
	register(command{name: "review", summary: "the panel's reviews: list [--flag ID]; withdraw a wrong one (withdraw --flag ID | --file RETURNED.xlsx --reason TEXT)", run: runReview, logged: true})
}

const reviewSynopsis = `list [--flag ID]
       xuncha review withdraw (--flag ID[,ID…] | --file RETURNED.xlsx) --reason TEXT`

func runReview(e *env, args []string) error {
	if len(args) == 0 {
		return usagef("which review command? want list or withdraw: xuncha review %s", reviewSynopsis)
	}
	switch args[0] {
	case "list":
		return runReviewList(e, args[1:])
	case "withdraw":
		return runReviewWithdraw(e, args[1:])
	case "-h", "--help", "help":
		return e.groupHelp("review", reviewSynopsis)
	}
	return usagef("unknown review command %q: want list or withdraw", args[0])
}

// runReviewList prints every review recorded, the withdrawn and replaced ones too: the audit
// trail of the panel's verdicts.
func runReviewList(e *env, args []string) error {
	fs := e.newFlags("review list", "[--flag ID]")
	flag := fs.String("flag", "", "one flag's reviews (its 风险编号)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	reviews, err := ingest.ReviewHistory(e.ctx, db.DB, *flag)
	if err != nil {
		return err
	}
	if len(reviews) == 0 {
		if *flag != "" {
			return fmt.Errorf("no review of flag %s has been recorded", *flag)
		}
		fmt.Fprintln(e.stdout, "no review recorded yet (xuncha ingest the returned evidence workbooks)")
		return nil
	}
	t := newTable(e.stdout)
	t.row([]string{"review", "flag", "verdict", "reviewer", "reviewed_on", "state", "workbook", "note"})
	for _, r := range reviews {
		t.row([]string{fmt.Sprint(r.ID), r.FlagID, r.Verdict, r.Reviewer, r.ReviewedOn.Format("2006-01-02"), reviewState(r),
			fmt.Sprintf("%s [%s] row %d", r.File, r.Sheet, r.Row), truncate(r.Note, maxCellWidth)})
	}
	return t.flush()
}

func reviewState(r ingest.RecordedReview) string {
	switch {
	case r.Withdrawn != nil:
		return fmt.Sprintf("withdrawn by %s on %s: %s", r.Withdrawn.By, r.Withdrawn.At.Format("2006-01-02"), r.Withdrawn.Reason)
	case r.InForce:
		return "in force"
	}
	return "replaced by a later review"
}

// runReviewWithdraw takes back reviews recorded by mistake; they stay in the warehouse, marked
// withdrawn with who, when and why, and a flag's earlier review is in force again.
func runReviewWithdraw(e *env, args []string) error {
	fs := e.newFlags("review withdraw", "(--flag ID[,ID…] | --file RETURNED.xlsx) --reason TEXT")
	flags := fs.String("flag", "", "the flags (风险编号, comma-separated) whose review in force is wrong")
	file := fs.String("file", "", "a returned evidence workbook: every review recorded from it")
	reason := fs.String("reason", "", "why the reviews are withdrawn (kept with them)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if (*flags == "") == (*file == "") {
		return usagef("give either --flag ID or --file RETURNED.xlsx")
	}
	if strings.TrimSpace(*reason) == "" {
		return usagef("--reason is required: it is kept with the withdrawn reviews")
	}
	sel := ingest.WithdrawSelection{File: *file}
	if *flags != "" {
		for _, id := range strings.Split(*flags, ",") {
			if id = strings.TrimSpace(id); id != "" {
				sel.FlagIDs = append(sel.FlagIDs, id)
			}
		}
	}
	db, err := e.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	withdrawn, err := ingest.WithdrawReviews(e.ctx, db.DB, sel, strings.TrimSpace(*reason), warehouse.OSUser())
	if err != nil {
		return err
	}
	for _, r := range withdrawn {
		now := "unreviewed"
		history, err := ingest.ReviewHistory(e.ctx, db.DB, r.FlagID)
		if err != nil {
			return err
		}
		for _, h := range history {
			if h.InForce {
				now = "in force: " + h.Review.String()
			}
		}
		fmt.Fprintf(e.stdout, "withdrew review %d of flag %s (%s, from %s); %s\n", r.ID, r.FlagID, r.Review, r.File, now)
	}
	fmt.Fprintf(e.stdout, "%d review(s) withdrawn and kept in the audit trail (xuncha review list); run `xuncha build` for the reports to follow\n", len(withdrawn))
	return nil
}
