package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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

// lineDiff shows the first lines where want and got part, as -want +got.
func lineDiff(want, got string) string {
	w, g := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	var out bytes.Buffer
	shown := 0
	for i := 0; i < max(len(w), len(g)) && shown < 10; i++ {
		var wl, gl []byte
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if !bytes.Equal(wl, gl) {
			shown++
			if i < len(w) {
				out.WriteString("-" + string(wl) + "\n")
			}
			if i < len(g) {
				out.WriteString("+" + string(gl) + "\n")
			}
		}
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
