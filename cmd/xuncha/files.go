package main

import (
	"fmt"
	"strconv"

	"github.com/xuncha/xuncha/ingest"
)

func init() {
	register(command{name: "files", summary: "the ingest ledger: files loaded, which are in force and what superseded what", run: runFiles, logged: true})
	register(command{name: "supersede", summary: "take a file out of force in favour of another (FILE --by NEWER), or put it back (--undo FILE)", run: runSupersede, logged: true})
}

func runFiles(e *env, args []string) error {
	fs := e.newFlags("files", "")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	files, err := ingest.Files(e.ctx, db.DB)
	if err != nil {
		return err
	}
	tw := newTable(e.stdout)
	fmt.Fprintln(tw, "id\tfile\tkinds\tinstitution\tperiod\tloaded\trejected\tstatus")
	for _, f := range files {
		period := ""
		if f.From != nil && f.To != nil {
			period = f.From.Format("2006-01-02") + ".." + f.To.Format("2006-01-02")
		}
		status := f.Status
		if f.SupersededBy != nil {
			status += fmt.Sprintf(" by %d", *f.SupersededBy)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%s\n", f.ID, f.Name, f.Kinds, f.Institution, period, f.Loaded, f.Rejected, status)
	}
	return tw.Flush()
}

func runSupersede(e *env, args []string) error {
	fs := e.newFlags("supersede", "FILE_ID --by NEWER_FILE_ID | --undo FILE_ID")
	by := fs.Int64("by", 0, "the file that replaces FILE_ID")
	undo := fs.Bool("undo", false, "put FILE_ID back in force")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || (*by == 0) == !*undo {
		return usagef("name one file id, and either --by NEWER_FILE_ID or --undo (xuncha files lists the ids)")
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return usagef("%q is not a file id (xuncha files lists them)", fs.Arg(0))
	}
	db, err := e.open(false)
	if err != nil {
		return err
	}
	defer db.Close()
	if *undo {
		err = ingest.Restore(e.ctx, db.DB, id)
	} else {
		err = ingest.Supersede(e.ctx, db.DB, id, *by)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "done; run `xuncha build` for the marts to follow")
	return nil
}
