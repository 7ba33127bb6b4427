package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuncha/xuncha/samples"
)

func init() {
	register(command{name: "samples", summary: "write a synthetic district with planted risks and truth.csv", run: runSamples})
}

func samplesFlags(e *env, name, synopsis string) (*samplesOpts, func([]string) error) {
	fs := e.newFlags(name, synopsis)
	o := &samplesOpts{}
	fs.StringVar(&o.out, "out", o.defaultOut(name), "output folder")
	fs.Int64Var(&o.opt.Seed, "seed", 1, "random seed (the same seed gives the same bytes)")
	def := samples.DefaultYears()
	fs.StringVar(&o.years, "years", fmt.Sprintf("%d-%d", def[0], def[len(def)-1]), "years, e.g. 2025 or 2023-2025")
	fs.IntVar(&o.opt.Institutions, "institutions", 0, "institutions (0 = the default district)")
	fs.Float64Var(&o.opt.Scale, "scale", 1, "volume: 1 ≈ 200k claim lines, 100 ≈ 20M")
	fs.StringVar(&o.opt.Dialect, "dialect", "", "write the same district as other systems export it ("+strings.Join(samples.Dialects(), ", ")+"); default: the house headers")
	return o, func(args []string) error {
		if err := e.parse(fs, args); err != nil {
			return err
		}
		years, err := parseYears(o.years)
		if err != nil {
			return err
		}
		o.opt.Years = years
		if last := years[len(years)-1]; last >= time.Now().Year() {
			fmt.Fprintf(e.stderr, "warning: --years %s runs past today: data never lies in the future, so a build assesses HR_NO_ROTATION and RECT_OVERDUE at its own date and warns of the rows dated later; the cases planted relative to 31 December %d may not be found\n", o.years, last)
		}
		if d := o.opt.Dialect; d != "" && !slices.Contains(samples.Dialects(), d) {
			return usagef("--dialect %q: want one of %s", d, strings.Join(samples.Dialects(), ", "))
		}
		return nil
	}
}

type samplesOpts struct {
	out, years string
	opt        samples.Options
}

func (o *samplesOpts) defaultOut(name string) string {
	if name == "demo" {
		return "demo"
	}
	return "samples-out"
}

func parseYears(s string) ([]int, error) {
	from, to, ok := strings.Cut(s, "-")
	a, err1 := strconv.Atoi(strings.TrimSpace(from))
	b := a
	var err2 error
	if ok {
		b, err2 = strconv.Atoi(strings.TrimSpace(to))
	}
	if err1 != nil || err2 != nil || a < 2000 || b > 2100 || b < a {
		return nil, usagef("--years %q: want YYYY or YYYY-YYYY", s)
	}
	var out []int
	for y := a; y <= b; y++ {
		out = append(out, y)
	}
	return out, nil
}

func runSamples(e *env, args []string) error {
	o, parse := samplesFlags(e, "samples", "--out DIR [--seed N] [--years 2023-2025] [--institutions N] [--scale S] [--dialect NAME]")
	if err := parse(args); err != nil {
		return err
	}
	bar := newProgress(e)
	sum, err := samples.Generate(e.ctx, o.out, o.opt, bar.step)
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d files to %s (%d planted flags in %s, %d bad rows in %s)\n",
		sum.Files, o.out, sum.Truth, samples.TruthFile, sum.Rejects, samples.RejectsFile)
	return nil
}
