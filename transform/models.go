package transform

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

// Model is one SQL file: the file name without .sql is the table or view it builds.
type Model struct {
	Name string
	Body string   // the SELECT, without a trailing semicolon
	Deps []string // models it reads, filled by Order
	ids  map[string]bool
}

// Reads reports whether the model's SQL (comments aside) names table.
func (m *Model) Reads(table string) bool { return m.ids[table] }

var (
	identRe   = regexp.MustCompile(`[a-z_][a-z0-9_]*`)
	commentRe = regexp.MustCompile(`--[^\n]*`)
)

// LoadModels reads dir/*.sql of fsys; every file name must start with prefix (stg_, int_, …),
// so a stray file in the wrong layer is an error rather than a model built out of turn.
func LoadModels(fsys fs.FS, dir, prefix string) ([]*Model, error) {
	names, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var models []*Model
	for _, n := range names {
		body, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(path.Base(n), ".sql")
		if !strings.HasPrefix(name, prefix) {
			return nil, fmt.Errorf("sql/%s: a model in %s/ is named %s*", n, dir, prefix)
		}
		m := &Model{Name: name, Body: strings.TrimRight(string(body), " \n\t;"), ids: map[string]bool{}}
		for _, id := range identRe.FindAllString(strings.ToLower(commentRe.ReplaceAllString(m.Body, "")), -1) {
			m.ids[id] = true
		}
		models = append(models, m)
	}
	return models, nil
}

// Order sorts models so that each comes after the models of the set it names, ties by name.
// extra, if not nil, adds dependencies the names do not show.
func Order(models []*Model, extra func(m *Model) []string) ([]*Model, error) {
	byName := map[string]*Model{}
	for _, m := range models {
		byName[m.Name] = m
	}
	for _, m := range models {
		seen := map[string]bool{}
		m.Deps = nil
		add := func(d string) {
			if _, ok := byName[d]; ok && d != m.Name && !seen[d] {
				seen[d] = true
				m.Deps = append(m.Deps, d)
			}
		}
		for id := range m.ids {
			add(id)
		}
		if extra != nil {
			for _, d := range extra(m) {
				add(d)
			}
		}
		sort.Strings(m.Deps)
	}
	sorted := append([]*Model(nil), models...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	var out []*Model
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(m *Model, chain []string) error
	visit = func(m *Model, chain []string) error {
		switch state[m.Name] {
		case 1:
			return fmt.Errorf("sql models form a cycle: %s", strings.Join(append(chain, m.Name), " → "))
		case 2:
			return nil
		}
		state[m.Name] = 1
		for _, d := range m.Deps {
			if err := visit(byName[d], append(chain, m.Name)); err != nil {
				return err
			}
		}
		state[m.Name] = 2
		out = append(out, m)
		return nil
	}
	for _, m := range sorted {
		if err := visit(m, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}
