package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/xuncha/xuncha/report"
)

func init() {
	register(command{name: "sample", summary: "draw a reproducible sample to pull on site (--institution, --of, --method random|stratified|mus, --seed)", run: runSample, logged: true})
}

var sampleFormats = []string{"table", "csv", "xlsx"}

func runSample(e *env, args []string) error {
	fs := e.newFlags("sample", "--institution CODE|NAME [--year Y] [--of payments|vouchers|contracts|settlements] [--method random|stratified|mus] [--size N] [--seed N] [--format table|csv|xlsx] [-o FILE]")
	inst := fs.String("institution", "", "institution code, registered name or alias")
	year := fs.Int("year", 0, "year (default: the institution's last year with data)")
	of := fs.String("of", "payments", "population: payments, vouchers (ledger lines by voucher no.), contracts or settlements")
	method := fs.String("method", "random", "random, stratified (amount quartiles) or mus (monetary-unit)")
	size := fs.Int("size", 20, "items to draw (mus may take fewer: an item holding several points is taken once)")
	seed := fs.Int64("seed", report.DefaultSampleSeed, "seed of the draw; the same seed over the same data draws the same items")
	format := fs.String("format", "", "table, csv or xlsx (default: from the -o name, else table)")
	out := fs.String("o", "", "write the sample to this file (.csv or .xlsx) instead of stdout")
	noBOM := fs.Bool("no-bom", false, "CSV without the UTF-8 byte order mark Excel needs")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if *inst == "" {
		return usagef("--institution is required")
	}
	if !slices.Contains(report.SamplePopulations, *of) {
		return usagef("--of %q: want one of %s", *of, strings.Join(report.SamplePopulations, ", "))
	}
	if !slices.Contains(report.SampleMethods, *method) {
		return usagef("--method %q: want one of %s", *method, strings.Join(report.SampleMethods, ", "))
	}
	if *size < 1 {
		return usagef("--size %d: want at least 1", *size)
	}
	if *format == "" {
		*format = "table"
		if *out != "" {
			f, err := formatFromExt(*out)
			if err != nil {
				return err
			}
			*format = f
		}
	}
	if err := checkFormat(*format, sampleFormats); err != nil {
		return err
	}
	if *format == "xlsx" && (*out == "" || *out == "-") {
		return usagef("--format xlsx writes a workbook: give -o FILE.xlsx")
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	e.warnIncompleteBuild(db)
	in, err := report.ResolveInstitution(e.ctx, db, *inst)
	if err != nil {
		return reportError(err)
	}
	if *year == 0 {
		if *year, err = lastDataYear(e, db, in.Code); err != nil {
			return err
		}
	}
	if err := checkDataYear(e, db, in.Code, *year); err != nil {
		return err
	}
	s, err := report.DrawSampleOf(e.ctx, db, in, *year, *of, *method, *size, *seed)
	if err != nil {
		return err
	}
	// what the draw depends on besides the arguments typed, for the command log; the
	// pre-visit workbook draws it again from there as its pull list
	e.inputs = s.Draw().Inputs()
	if s.Population == 0 {
		return fmt.Errorf("nothing to sample: %s has no %s in %d (the data ingested for that year holds none)", in.Label(), *of, *year)
	}
	if len(s.Items) == 0 {
		return fmt.Errorf("nothing to sample: %s's %d %s of %d all have amounts of zero or less, which monetary-unit sampling cannot draw; use --method random or stratified", in.Label(), s.Population, *of, *year)
	}
	write := func(w io.Writer) error {
		switch *format {
		case "xlsx":
			return report.WriteSampleXLSX(w, s)
		case "csv":
			return writeSampleCSV(w, s, !*noBOM && (*out != "" || isRegularFile(w)))
		}
		return writeSampleTable(w, s)
	}
	if *out == "" {
		err = write(e.stdout)
	} else {
		err = writeOutput(e, *out, write)
	}
	if err != nil {
		return err
	}
	switch {
	case *out != "" && *out != "-":
		fmt.Fprintf(e.stdout, "wrote %s: %s\n", *out, s.Header())
	case *format == "csv": // the CSV stays a table; the seed goes to the terminal
		fmt.Fprintln(e.stderr, s.Header())
	}
	return nil
}

var sampleColumns = []string{"no", "document_no", "date", "amount_yuan", "description", "file", "sheet", "row_no", "band", "item_key"}

func sampleRow(i int, it report.SampleItem, money func(any) string) []string {
	band := ""
	if it.Band > 0 {
		band = strconv.Itoa(it.Band)
	}
	date := ""
	if it.Date != nil {
		date = it.Date.Format("2006-01-02")
	}
	return []string{strconv.Itoa(i + 1), it.DocumentNo, date, money(it.AmountYuan), it.Description,
		it.FileName, it.Sheet, strconv.Itoa(it.RowNo), band, it.Key}
}

func writeSampleTable(w io.Writer, s *report.Sample) error {
	fmt.Fprintln(w, s.Header())
	t := newTable(w)
	t.row(sampleColumns)
	for i, it := range s.Items {
		cells := sampleRow(i, it, displayText)
		cells[4] = truncate(cells[4], maxCellWidth)
		t.row(cells)
	}
	return t.flush()
}

func writeSampleCSV(w io.Writer, s *report.Sample, bom bool) error {
	if bom {
		io.WriteString(w, utf8BOM)
	}
	cw := csv.NewWriter(w)
	cw.Write(sampleColumns)
	for i, it := range s.Items {
		cells := sampleRow(i, it, text)
		for j, c := range cells {
			cells[j] = report.Neutralise(c)
		}
		cw.Write(cells)
	}
	cw.Flush()
	return cw.Error()
}
