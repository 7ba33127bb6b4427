package marts

import (
	"strings"
	"testing"
)

// The vendor master's joins are visible in mart_vendor_spellings, and a config split undoes one.
func TestVendorSpellings(t *testing.T) {
	t.Parallel()
	rows := func(f *fixture) {
		pepProc(f, "H3A", "A1", "2025-03-01", "重庆医药(集团)股份有限公司", "药品", 1000, "offline", "")
		pepProc(f, "H3A", "A2", "2025-03-02", "重庆医药集团股份有限公司", "药品", 1000, "offline", "")
		pepProc(f, "H3A", "A3", "2025-03-03", "重庆医药集团股份有限公司", "药品", 1000, "offline", "")
		pepProc(f, "H3A", "A4", "2025-03-04", "重庆康华医疗器械有限公司", "设备", 1000, "offline", "")
		f.insert("payments", map[string]any{"institution_code": "H3A", "pay_date": date("2025-03-05"),
			"amount": 1000.0, "payee": "重庆康辉医疗器械有限公司"})
	}
	spellings := func(f *fixture) string {
		t.Helper()
		r, err := f.db.QueryContext(f.ctx, `select vendor || ' ← ' || spelling || ' ×' || n_rows from mart_vendor_spellings`)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var out []string
		for r.Next() {
			var s string
			if err := r.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		return strings.Join(out, "\n")
	}
	t.Run("joined", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rows(f)
		f.build()
		want := "重庆医药集团股份有限公司 ← 重庆医药集团股份有限公司 ×2\n重庆医药集团股份有限公司 ← 重庆医药(集团)股份有限公司 ×1"
		if got := spellings(f); got != want {
			t.Errorf("mart_vendor_spellings:\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("split in the config", func(t *testing.T) {
		t.Parallel()
		f := newFixture(t)
		rows(f)
		f.build("vendor.split = 重庆医药集团股份有限公司 | 重庆医药(集团)股份有限公司")
		if got := spellings(f); got != "" {
			t.Errorf("mart_vendor_spellings after the split:\n%s\nwant nothing", got)
		}
	})
}
