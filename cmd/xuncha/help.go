package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
	"sort"
	"strings"
)

// examples are printed under each command's help, keyed by the name given to newFlags.
var examples = map[string][]string{
	"ingest": {
		"xuncha ingest extracts/                    # folders are walked; the registry goes first",
		"xuncha ingest 采购.xlsx --institution 区人民医院 --year 2025",
		"xuncha ingest -v 医保明细.xlsx                # per sheet the kind and score, per column the field and why",
		"xuncha ingest returned/                    # evidence workbooks with the panel's 核查结论 (docs/REVIEWS.md)",
		"xuncha --memory-limit 4GB ingest --cell-limit 16MiB 附件/  # a larger machine, longer texts",
	},
	"map": {
		"xuncha map 医保明细.xlsx                      # print a proposed mapping",
		"xuncha map -w 医保明细.xlsx                   # append it to xuncha-map.ini beside the file; edit, then ingest",
	},
	"build": {
		"xuncha build",
		"xuncha build --config strict.conf          # lines RULE_ID.param = value",
	},
	"rules": {
		"xuncha rules --config strict.conf",
	},
	"risks": {
		"xuncha risks --year 2025 --rule PROC_OFF_PLATFORM",
		"xuncha risks --institution 区人民医院 --format csv > flags.csv",
	},
	"report": {
		"xuncha report previsit --institution 区人民医院 --year 2025 -o previsit.html",
		"xuncha report trend -o trend.xlsx           # every year in the warehouse",
		"xuncha report district --year 2025 -o 巡查2025   # every institution: index.html, reports, workbooks, trend",
	},
	"report previsit": {
		"xuncha report previsit --institution 区人民医院 --year 2025 -o previsit.html",
		"xuncha report previsit --institution A1 --year 2025 -o evidence.xlsx",
	},
	"report trend": {
		"xuncha report trend -o trend.html           # every year in the warehouse",
		"xuncha report trend --from 2023 --to 2025 -o trend.xlsx",
	},
	"report district": {
		"xuncha report district --year 2025 -o 巡查2025   # every institution; open 巡查2025/index.html",
		"xuncha report district --tier 三级 -o 三级医院",
		"xuncha report district --institution 区人民医院,区中医院 -o 两院",
	},
	"sql": {
		"xuncha sql                                  # the REPL: .help lists its commands",
		`xuncha sql "select rule_id, count(*) from mart_risk_flags group by all"`,
		`xuncha sql -c "select * from mart_flag_evidence" -o evidence.xlsx`,
		"xuncha sql -f checks.sql --format csv -o checks.csv",
	},
	"export": {
		"xuncha export parquet --out lake",
	},
	"export parquet": {
		"xuncha export parquet --out lake",
		"xuncha export parquet --out lake --tables stg_procurement,mart_risk_flags",
	},
	"files": {
		"xuncha files                                # which file superseded which, and what is in force",
	},
	"supersede": {
		"xuncha supersede 12 --by 31                 # file 31 replaces file 12",
		"xuncha supersede --undo 12                  # file 12 back in force",
	},
	"review": {
		"xuncha review list --flag 3f2a…              # every review of a flag: in force, replaced, withdrawn",
		"xuncha review withdraw --flag 3f2a… --reason 核查人误填",
		"xuncha review withdraw --file returned/区人民医院.xlsx --reason 填错了机构",
	},
	"review list": {
		"xuncha review list                         # every review recorded, with its state",
		"xuncha review list --flag 3f2a…",
	},
	"review withdraw": {
		"xuncha review withdraw --flag 3f2a…,9c01… --reason 核查人误填",
		"xuncha review withdraw --file returned/区人民医院.xlsx --reason 填错了机构",
	},
	"sample": {
		"xuncha sample --institution 区人民医院 --year 2025 --of payments --size 25",
		"xuncha sample --institution A1 --of vouchers --method mus --seed 7 -o 抽样.xlsx",
	},
	"samples": {
		"xuncha samples --out district --seed 7 --years 2022-2025",
	},
	"demo": {
		"xuncha demo --out demo",
	},
	"eval": {
		"xuncha eval --truth demo/data/truth.csv",
	},
	"selfcheck": {
		"xuncha selfcheck --institution 区人民医院 --year 2025",
		`xuncha selfcheck match --checklist ZB-L "药品耗材均在阳光平台采购"`,
		"xuncha selfcheck override --institution A1 --checklist BN-P --note 社区卫生服务中心",
	},
	"selfcheck match": {
		`xuncha selfcheck match --checklist ZB-L "药品耗材均在阳光平台采购"`,
	},
	"selfcheck override": {
		"xuncha selfcheck override --institution A1 --checklist BN-P --note 社区卫生服务中心",
	},
}

func usage(w io.Writer) {
	fmt.Fprintln(w, `xuncha — pre-visit risk warehouse for public-hospital inspections (医院巡查)

usage: xuncha [--db PATH] [--memory-limit 4GB] COMMAND [flags]
       xuncha help COMMAND     flags and examples of one command

commands:`)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	t := newTable(w)
	for _, n := range names {
		fmt.Fprintf(t, "  %s\t%s\n", n, commands[n].summary)
	}
	t.flush()
	fmt.Fprintln(w, `
global flags:
  --db PATH             warehouse file (default ./xuncha.duckdb, or $XUNCHA_DB)
  --memory-limit SIZE   DuckDB memory limit, e.g. 2GB (or $XUNCHA_MEMORY_LIMIT); for ingest the
                        whole process's, DuckDB and the readers together (default 1GiB)
  --version             print the version

exit codes: 0 ok, 1 failure, 2 usage error, 3 rows were rejected (all other rows loaded)`)
}

// printHelp is a command's help: synopsis, flags, examples.
func printHelp(w io.Writer, name, synopsis string, fs *flag.FlagSet) {
	fmt.Fprintln(w, strings.TrimSpace("usage: xuncha "+name+" "+synopsis))
	if fs != nil {
		t := newTable(w)
		fs.VisitAll(func(f *flag.Flag) {
			if f.Name == "db" {
				return
			}
			arg, use := flag.UnquoteUsage(f)
			dash := "--"
			if len(f.Name) == 1 {
				dash = "-"
			}
			if arg != "" {
				arg = " " + argName(synopsis, dash+f.Name, arg)
			}
			if d := f.DefValue; d != "" && d != "0" && d != "false" && !strings.Contains(use, "(default") {
				use += fmt.Sprintf(" (default %s)", d)
			}
			fmt.Fprintf(t, "  %s%s%s\t%s\n", dash, f.Name, arg, use)
		})
		if len(t.rows) > 0 {
			fmt.Fprintln(w, "\nflags:")
			t.flush()
		}
	}
	if ex := examples[name]; len(ex) > 0 {
		fmt.Fprintln(w, "\nexamples:")
		for _, x := range ex {
			fmt.Fprintln(w, "  "+x)
		}
	}
}

// argName is what a flag's value is called in the synopsis (`--year Y`, `-c "SQL"`),
// else a word for its type.
func argName(synopsis, flagName, typ string) string {
	f := strings.Fields(synopsis)
	for i, w := range f {
		if strings.Trim(w, "[") == flagName && i+1 < len(f) {
			if v := strings.Trim(f[i+1], `[]"`); v != "" && !strings.HasPrefix(v, "-") {
				return v
			}
		}
	}
	switch typ {
	case "int", "uint", "int64":
		return "N"
	case "float":
		return "X"
	case "duration":
		return "DURATION"
	}
	return "TEXT"
}

// groupHelp answers -h for a command made of subcommands (report, export).
func (e *env) groupHelp(name, synopsis string) error {
	printHelp(e.stdout, name, synopsis, nil)
	return flag.ErrHelp
}

// buildVersion is the version stamped by `make` (-ldflags -X main.Version=…), else the
// module version `go install module@version` records, else the VCS revision.
func buildVersion(stamped string, bi *debug.BuildInfo) string {
	if stamped != "" && stamped != "dev" {
		return stamped
	}
	if bi == nil {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev string
	var dirty bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "-dirty"
	}
	return rev
}
