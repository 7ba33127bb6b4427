package report

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/report/reporttest"
)

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -tags duckdb_arrow ./report -run %s -update writes it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -tags duckdb_arrow ./report -run %s -update rewrites it):\n%s",
			name, t.Name(), lineDiff(string(want), string(got)))
	}
}

// lineDiff lists the lines only want has (-) and only got has (+), in order, at most 20: the
// edit script of their longest common subsequence of lines.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	// lcs[i][j]: the longest common subsequence of w[i:] and g[j:]
	lcs := make([][]int, len(w)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(g)+1)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if w[i] == g[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	shown := 0
	line := func(sign string, n int, s string) {
		if shown < 20 {
			fmt.Fprintf(&out, "%s%d: %s\n", sign, n+1, s)
		}
		shown++
	}
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case i < len(w) && j < len(g) && w[i] == g[j]:
			i, j = i+1, j+1
		case j < len(g) && (i == len(w) || lcs[i][j+1] >= lcs[i+1][j]):
			line("+", j, g[j])
			j++
		default:
			line("-", i, w[i])
			i++
		}
	}
	if shown > 20 {
		fmt.Fprintf(&out, "… %d more\n", shown-20)
	}
	return out.String()
}

// The whole rendered reports of the fixture warehouse, stamped at a fixed time.
func TestReportsGolden(t *testing.T) {
	ctx := context.Background()
	db := readOnly(t, reporttest.New(t))
	opt := LoadOptions{Now: fixedNow}
	p, err := LoadPrevisit(ctx, db, reporttest.Institution, reporttest.Year, opt)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WritePrevisitHTML(&buf, p); err != nil {
		t.Fatal(err)
	}
	golden(t, "previsit_H3A_2025.html", buf.Bytes())

	tr, err := LoadTrend(ctx, db, 2024, 2025, opt)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := WriteTrendHTML(&buf, tr); err != nil {
		t.Fatal(err)
	}
	golden(t, "trend_2024_2025.html", buf.Bytes())
}
