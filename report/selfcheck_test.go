package report

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/report/reporttest"
)

// The self-check names its institution through ResolveInstitution: a part of several names is
// an error listing them all, never a pick of one; a name of none, or an institution without a
// self-report, says there is nothing to read.
func TestLoadSelfcheckInstitution(t *testing.T) {
	db := readOnly(t, reporttest.New(t))
	ctx := context.Background()
	var amb *AmbiguousError
	_, err := LoadSelfcheck(ctx, db, "人民医院", 0)
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || !strings.Contains(err.Error(), "H3A") || !strings.Contains(err.Error(), "H3B") {
		t.Errorf("ambiguous name: %v", err)
	}
	for _, q := range []string{"乙县医院", reporttest.Institution} {
		if _, err := LoadSelfcheck(ctx, db, q, 0); !errors.Is(err, ErrNoSelfReport) {
			t.Errorf("LoadSelfcheck(%q): %v", q, err)
		}
	}
}
