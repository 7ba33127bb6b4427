package marts

import (
	"fmt"
	"strings"
	"testing"
)

func TestProcOffPlatform(t *testing.T) {
	t.Parallel()
	// a month's orders: n offline of amount each, plus platform orders making up the rest
	type order struct {
		inst, cat, channel, item string
		month, n                 int
		amount                   float64
	}
	cases := []struct {
		name    string
		orders  []order
		catalog []string
		want    []string
	}{
		{"share over 5 percent", []order{
			{"H3A", "药品", "platform", "A", 1, 1, 940_000},
			{"H3A", "药品", "offline", "B", 2, 1, 60_000},
		}, nil, []string{"H3A/2025/药品"}},
		{"share at 5 percent is not over", []order{
			{"H3A", "药品", "platform", "A", 1, 1, 950_000},
			{"H3A", "药品", "offline", "B", 2, 1, 50_000},
		}, nil, nil},
		{"amount over 500k at a small share", []order{
			{"H3A", "高值耗材", "platform", "A", 1, 1, 20_000_000},
			{"H3A", "高值耗材", "offline", "B", 2, 1, 500_000.01},
		}, nil, []string{"H3A/2025/高值耗材"}},
		{"13 offline orders in a month", []order{
			{"H3A", "药品", "platform", "A", 1, 1, 100_000_000},
			{"H3A", "药品", "offline", "B", 3, 13, 100},
		}, nil, []string{"H3A/2025/药品"}},
		{"12 offline orders in a month is not over", []order{
			{"H3A", "药品", "platform", "A", 1, 1, 100_000_000},
			{"H3A", "药品", "offline", "B", 3, 12, 100},
		}, nil, nil},
		{"low-value consumables are out of scope", []order{
			{"H3A", "低值耗材", "offline", "B", 3, 20, 100_000},
		}, nil, nil},
		{"offline line of a platform-listed item", []order{
			{"H3A", "药品", "platform", "A", 1, 1, 100_000_000},
			{"H3A", "药品", "offline", "LISTED", 3, 1, 100},
		}, []string{"LISTED"}, []string{"H3A/2025/药品"}},
	}
	var pc []pepCase
	for k, tc := range cases {
		var want []pepWant
		for _, w := range tc.want {
			p := strings.SplitN(w, "/", 3)
			want = append(want, pepWant{inst: p[0], period: p[1], subject: p[2]})
		}
		pc = append(pc, pepCase{name: tc.name, want: want, rows: func(f pepDB) {
			no := 0
			for _, o := range tc.orders {
				for i := 0; i < o.n; i++ {
					no++
					f.insert("procurement", map[string]any{
						"institution_code": o.inst, "order_no": fmt.Sprintf("PO%02d%04d", k, no),
						"order_date": date(fmt.Sprintf("2025-%02d-%02d", o.month, 1+i%28)),
						"item_code":  o.item, "item_name": o.item, "category": o.cat, "vendor": "V",
						"amount": o.amount, "channel": o.channel,
					})
				}
			}
			for _, c := range tc.catalog {
				f.insert("platform_catalog", map[string]any{"item_code": c})
			}
		}})
	}
	pepRun(t, "PROC_OFF_PLATFORM", pc)
}

func TestProcOffPlatformThresholdFromConfig(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.insert("procurement", map[string]any{"institution_code": "H3A", "order_no": "1", "order_date": date("2025-01-02"),
		"item_name": "A", "category": "药品", "vendor": "V", "amount": 970_000, "channel": "platform"})
	f.insert("procurement", map[string]any{"institution_code": "H3A", "order_no": "2", "order_date": date("2025-01-03"),
		"item_name": "B", "category": "药品", "vendor": "V", "amount": 30_000, "channel": "offline"})
	f.build()
	if got := f.flags("PROC_OFF_PLATFORM"); len(got) != 0 {
		t.Fatalf("3 %% offline flagged under the default 5 %%: %v", got)
	}
	f.build("PROC_OFF_PLATFORM.max_offline_share = 0.02")
	got := f.flags("PROC_OFF_PLATFORM")
	if len(got) != 1 || got[0].EvidenceRows != 1 || got[0].Amount == nil || *got[0].Amount != 30_000 {
		t.Fatalf("with a 2 %% threshold: %+v", got)
	}
}
