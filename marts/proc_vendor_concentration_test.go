package marts

import (
	"fmt"
	"testing"
)

func TestProcVendorConcentration(t *testing.T) {
	t.Parallel()
	// Markets are per tier, year and category, so each case buys in a year of its own and the
	// cases share one warehouse without seeing each other's vendors.
	type buy struct {
		inst, vendor, cat string
		amount            float64
	}
	type tcase struct {
		name string
		buys []buy
		want []string // subjects flagged at H3A
		ev   int      // evidence rows of the one flag
	}
	cases := []tcase{
		{"two thirds with three vendors among peers", []buy{
			{"H3A", "甲公司", "药品", 500_000}, {"H3A", "甲公司", "药品", 300_000},
			{"H3A", "乙公司", "药品", 400_000}, {"H3B", "丙公司", "药品", 100},
		}, []string{"甲公司"}, 2},
		{"two spellings of one vendor dominate together", []buy{
			{"H3A", "重庆医药(集团)股份有限公司", "药品", 400_000}, {"H3A", "重庆医药集团股份有限公司", "药品", 400_000},
			{"H3A", "重庆医药集团股份有限公司", "药品", 100}, {"H3A", "乙公司", "药品", 400_000}, {"H3B", "丙公司", "药品", 100},
			{"H3B", "丁公司", "药品", 100},
		}, []string{"重庆医药集团股份有限公司"}, 3},
		{"only two vendors in the market", []buy{
			{"H3A", "甲公司", "药品", 800_000}, {"H3A", "乙公司", "药品", 400_000}, {"H3B", "乙公司", "药品", 100},
		}, nil, 0},
		{"a third vendor of another tier is not a peer", []buy{
			{"H3A", "甲公司", "药品", 800_000}, {"H3A", "乙公司", "药品", 400_000}, {"H2A", "丙公司", "药品", 100},
		}, nil, 0},
		{"a third vendor in another category does not count", []buy{
			{"H3A", "甲公司", "药品", 800_000}, {"H3A", "乙公司", "药品", 400_000}, {"H3B", "丙公司", "试剂", 100},
		}, nil, 0},
		{"share exactly 60 percent", []buy{
			{"H3A", "甲公司", "药品", 900_000}, {"H3A", "乙公司", "药品", 300_000}, {"H3A", "丙公司", "药品", 300_000},
		}, nil, 0},
		{"share just over 60 percent", []buy{
			{"H3A", "甲公司", "药品", 900_000.02}, {"H3A", "乙公司", "药品", 300_000}, {"H3A", "丙公司", "药品", 299_999.99},
		}, []string{"甲公司"}, 1},
		{"category spend exactly one million", []buy{
			{"H3A", "甲公司", "药品", 900_000}, {"H3A", "乙公司", "药品", 50_000}, {"H3A", "丙公司", "药品", 50_000},
		}, nil, 0},
		{"category spend one fen over one million", []buy{
			{"H3A", "甲公司", "药品", 900_000.01}, {"H3A", "乙公司", "药品", 50_000}, {"H3A", "丙公司", "药品", 50_000},
		}, []string{"甲公司"}, 1},
		{"one vendor dominating two categories is one flag", []buy{
			{"H3A", "甲公司", "药品", 2_000_000}, {"H3A", "乙公司", "药品", 100_000}, {"H3A", "丙公司", "药品", 100_000},
			{"H3A", "甲公司", "试剂", 2_000_000}, {"H3A", "乙公司", "试剂", 100_000}, {"H3A", "丙公司", "试剂", 100_000},
		}, []string{"甲公司"}, 2},
	}
	f := newFixture(t)
	for i, tc := range cases {
		for _, b := range tc.buys {
			pepProc(f, b.inst, "", fmt.Sprintf("%d-03-01", 2001+i), b.vendor, b.cat, b.amount, "platform", "")
		}
	}
	f.build()
	all := f.flags("PROC_VENDOR_CONCENTRATION")
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			year := 2001 + i
			var got []flag
			for _, g := range all {
				if g.Year == year {
					got = append(got, g)
				}
			}
			var want []pepWant
			for _, s := range tc.want {
				want = append(want, pepWant{"H3A", fmt.Sprint(year), s, "medium", tc.ev})
			}
			pepCompare(t, "PROC_VENDOR_CONCENTRATION", got, want)
		})
	}
}
