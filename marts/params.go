package marts

import (
	"fmt"
	"strings"
)

// InForce is the thresholds in force as text, one "RULE.param = value (source)" a line in
// catalog order: what meta.build records (and hashes) for each build.
func (t *Thresholds) InForce() string {
	var b strings.Builder
	for _, r := range Catalog {
		for _, p := range r.Params {
			v, src := t.Value(r.ID, p.Name)
			fmt.Fprintf(&b, "%s.%s = %v (%s)\n", r.ID, p.Name, v, src)
		}
	}
	for _, s := range t.VendorSplits {
		fmt.Fprintf(&b, "vendor.split = %s | %s\n", s[0], s[1])
	}
	return b.String()
}
