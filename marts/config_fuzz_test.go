package marts

import (
	"math"
	"strings"
	"testing"
)

// FuzzParseConfig: a --config file is untrusted text. Parsing never panics; an error names
// the file and line; what it accepts sets only catalog parameters, to finite numbers.
func FuzzParseConfig(f *testing.F) {
	f.Add("# strict\nPROC_OFF_PLATFORM.max_offline_share = 0.03\n")
	f.Add("proc_off_platform.max_offline_yuan=1e6 # 万元 no\n")
	f.Add("PROC_OFF_PLATFORM.max_offline_share = NaN\n")
	f.Add("PROC_OFF_PLATFORM.max_offline_share = +Inf\n")
	f.Add("=\n.=\nX.=1\n")
	f.Fuzz(func(t *testing.T, text string) {
		th := DefaultThresholds()
		err := th.ParseConfig("fuzz.conf", strings.NewReader(text))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.conf:") && !strings.Contains(err.Error(), "token too long") {
				t.Errorf("error does not name the file and line: %v", err)
			}
			return
		}
		for _, r := range Catalog {
			for _, p := range r.Params {
				v, src := th.Value(r.ID, p.Name)
				if math.IsNaN(v) || math.IsInf(v, 0) || (src != "default" && src != "fuzz.conf") {
					t.Errorf("%s.%s = %v from %q", r.ID, p.Name, v, src)
				}
			}
		}
	})
}

func TestConfigRefusesNonFinite(t *testing.T) {
	for _, v := range []string{"NaN", "inf", "-Inf", "1e999"} {
		err := DefaultThresholds().ParseConfig("x.conf", strings.NewReader("PROC_OFF_PLATFORM.max_offline_share = "+v+"\n"))
		if err == nil || !strings.Contains(err.Error(), "x.conf:1") {
			t.Errorf("%s: %v; want a line error", v, err)
		}
	}
}
