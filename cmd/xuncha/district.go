package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuncha/xuncha/report"
)

const districtSynopsis = "[--year Y] [--institution CODE|NAME,...] [--tier T,...] -o DIR"

// runDistrict writes a district's folder: every institution's pre-visit report and workbook,
// the trend report and the index linking them.
func runDistrict(e *env, args []string) error {
	fs := e.newFlags("report district", districtSynopsis)
	year := fs.Int("year", 0, "inspection year (default: the last year with data)")
	var insts, tiers []string
	fs.Func("institution", "institutions by code, registered name or alias, comma-separated or repeated (default: all)", func(s string) error {
		insts = append(insts, splitComma(s)...)
		return nil
	})
	fs.Func("tier", "only institutions of these tiers: 三级, 二级, 一级, 基层, 未定级 (comma-separated or repeated)", func(s string) error {
		tiers = append(tiers, splitComma(s)...)
		return nil
	})
	out := fs.String("o", "", "output folder (created if needed; files of the same names are replaced)")
	perFlag := fs.Int("evidence", 10, "evidence rows per flag in the HTML reports (the workbooks have all)")
	if err := e.parse(fs, args); err != nil {
		return err
	}
	if *out == "" || *out == "-" {
		return usagef("-o DIR is required: the folder to write the index, reports and workbooks into")
	}
	if ext := strings.ToLower(filepath.Ext(*out)); ext == ".html" || ext == ".xlsx" {
		return usagef("-o %s: a district is a folder of reports; give a folder, not a file", *out)
	}
	if err := e.guardOutput(*out); err != nil {
		return err
	}
	db, err := e.open(true)
	if err != nil {
		return err
	}
	defer db.Close()
	e.warnIncompleteBuild(db)
	start := time.Now()
	d, err := e.writeDistrict(db, report.DistrictOptions{Year: *year, Institutions: insts, Tiers: tiers, EvidencePerFlag: *perFlag, SampleDraws: db.SampleDraws}, *out)
	if err != nil {
		return reportError(err)
	}
	fmt.Fprintf(e.stdout, "wrote %s: %d年, %d institutions (%d with data), %d flags (%d high), trend %d–%d, %.1f s\n",
		filepath.Join(*out, report.IndexFile), d.Year, len(d.Institutions), d.WithData, d.Total.Flags, d.Total.High, d.TrendFrom, d.TrendTo, time.Since(start).Seconds())
	var none []string
	for _, i := range d.Institutions {
		if !i.HasData {
			none = append(none, i.Label())
		}
	}
	if len(none) > 0 {
		fmt.Fprintf(e.stdout, "no data in %d, listed without a report: %s\n", d.Year, strings.Join(none, ", "))
	}
	return nil
}

// writeDistrict writes a district folder into dir, with progress on a terminal.
func (e *env) writeDistrict(db report.DB, opt report.DistrictOptions, dir string) (*report.District, error) {
	bar := newProgress(e)
	defer bar.done()
	opt.Progress = func(i, n int, inst report.Institution) { bar.district(i, n, inst.Label()) }
	return report.WriteDistrict(e.ctx, db, opt, func(name string, write func(io.Writer) error) error {
		return writeOutput(e, filepath.Join(dir, name), write)
	})
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
