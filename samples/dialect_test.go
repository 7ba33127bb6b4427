package samples

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// dialectScale keeps a dialect's generation to a few seconds.
const dialectScale = 0.02

type dialectRun struct {
	once sync.Once
	dir  string
	g    *gen
	err  error
}

var (
	dialectRuns   = map[string]*dialectRun{}
	dialectRunsMu sync.Mutex
)

// generated writes a dialect's district ("" the default) once at dialectScale for the tests
// that read it.
func generated(t *testing.T, name string) (string, *gen) {
	t.Helper()
	dialectRunsMu.Lock()
	r := dialectRuns[name]
	if r == nil {
		r = &dialectRun{}
		dialectRuns[name] = r
	}
	dialectRunsMu.Unlock()
	r.once.Do(func() {
		r.dir, r.err = os.MkdirTemp("", "samples-dialect-")
		if r.err == nil {
			r.g, r.err = generate(context.Background(), r.dir, Options{Scale: dialectScale, Dialect: name}, nil, nil)
		}
	})
	if r.err != nil {
		t.Fatal(r.err)
	}
	return r.dir, r.g
}

func removeDialectRuns() {
	for _, r := range dialectRuns {
		if r.dir != "" {
			os.RemoveAll(r.dir)
		}
	}
}

func TestDialectsRegistered(t *testing.T) {
	names := Dialects()
	if len(names) < 3 {
		t.Fatalf("dialects %v: want at least three", names)
	}
	held := 0
	for _, n := range names {
		if HeldOut(n) {
			held++
		}
	}
	if held != 1 || !HeldOut(names[len(names)-1]) {
		t.Errorf("dialects %v: want exactly one held out, listed last", names)
	}
	for _, n := range names {
		if d := dialects[n]; d.name != n || d.about == "" {
			t.Errorf("dialect %q: name %q, about %q", n, d.name, d.about)
		}
	}
	if _, err := Generate(context.Background(), t.TempDir(), Options{Dialect: "nosuch"}, nil); err == nil || !strings.Contains(err.Error(), "unknown dialect") {
		t.Errorf("unknown dialect: %v", err)
	}
}

// The hooks a dialect uses leave the default district alone: a dialect that renames nothing
// and changes no layout writes the default district's bytes.
func TestEmptyDialectIsTheDefault(t *testing.T) {
	opt := Options{Scale: dialectScale, Years: []int{2024, 2025}, Institutions: 6}
	a, b := t.TempDir(), t.TempDir()
	if _, err := Generate(context.Background(), a, opt, nil); err != nil {
		t.Fatal(err)
	}
	g, err := newGen(context.Background(), b, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(g.tmpDir)
	g.d = &dialect{name: "empty"}
	if err := g.run(); err != nil {
		t.Fatal(err)
	}
	da, na := digest(t, a)
	db, nb := digest(t, b)
	if da != db || na != nb {
		t.Errorf("an empty dialect writes other bytes than the default (%d and %d files)", na, nb)
	}
}

// Each dialect gives the same bytes for the same options.
func TestDialectsDeterministic(t *testing.T) {
	opt := Options{Scale: dialectScale, Years: []int{2024}, Institutions: 6}
	for _, name := range Dialects() {
		opt.Dialect = name
		a, b := t.TempDir(), t.TempDir()
		if _, err := Generate(context.Background(), a, opt, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := Generate(context.Background(), b, opt, nil); err != nil {
			t.Fatal(err)
		}
		da, na := digest(t, a)
		db, nb := digest(t, b)
		if da != db || na != nb {
			t.Errorf("%s: two generations differ (%d and %d files)", name, na, nb)
		}
	}
}

// A dialect changes names and layouts, never the data: the truth is the default district's
// byte for byte, the data rows of every kind are as many, and truth_rejects.csv points at the
// bad values wherever the dialect put them.
func TestDialectsKeepTheData(t *testing.T) {
	base, bg := generated(t, "")
	truth, err := os.ReadFile(filepath.Join(base, TruthFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range Dialects() {
		t.Run(name, func(t *testing.T) {
			dir, g := generated(t, name)
			got, err := os.ReadFile(filepath.Join(dir, TruthFile))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, truth) {
				t.Errorf("truth.csv differs from the default district's")
			}
			if !reflect.DeepEqual(g.sum.Rows, bg.sum.Rows) {
				t.Errorf("data rows %v, the default district %v", g.sum.Rows, bg.sum.Rows)
			}
			if len(g.rejects) != len(bg.rejects) {
				t.Errorf("%d bad rows, the default district %d", len(g.rejects), len(bg.rejects))
			}
			checkRejects(t, dir, g)
			checkEvidence(t, dir, g)
		})
	}
}

// A dialect renames every header the default district writes for a field — to a name the
// default district never uses for that kind — so that it cannot silently be a copy of the
// house headers. Item columns of the wide sheets (pay items, revenue categories, their totals)
// are data and stay.
func TestDialectsRenameEveryField(t *testing.T) {
	_, bg := generated(t, "")
	for _, name := range Dialects() {
		d := dialects[name]
		for kind, house := range bg.houseHeaders {
			for h := range house {
				if itemHeaders[h] {
					continue
				}
				got := d.header(kind, h)
				if got == h {
					t.Errorf("%s: %s header %q not renamed", name, kind, h)
				} else if house[got] {
					t.Errorf("%s: %s header %q renamed to %q, a house header of that kind", name, kind, h, got)
				}
			}
		}
		for kind, entries := range d.headers {
			if bg.houseHeaders[kind] == nil {
				t.Errorf("%s: headers for kind %q, which the district does not write", name, kind)
			}
			seen := map[string]bool{}
			for _, e := range entries {
				if len(e) < 2 {
					t.Errorf("%s: %s entry %v renames nothing", name, kind, e)
				}
				if seen[e[0]] {
					t.Errorf("%s: %s: two fields named %q", name, kind, e[0])
				}
				seen[e[0]] = true
			}
		}
	}
}
