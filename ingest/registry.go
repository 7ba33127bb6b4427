package ingest

import (
	"context"
	"database/sql"
	"sort"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// registry resolves institution names, aliases and codes to institution codes.
type registry struct {
	byKey map[string]string // normalised name / alias / code → code
	keys  []string          // longest first, for finding a name inside a path or title
	names map[string]string // code → registered name
}

func normName(s string) string {
	s = cell.NormalizeText(s)
	return strings.ToLower(strings.ReplaceAll(s, " ", ""))
}

// loadRegistry reads the institutions in force (files not superseded).
func loadRegistry(ctx context.Context, db *sql.DB) (*registry, error) {
	r := &registry{byKey: map[string]string{}, names: map[string]string{}}
	rows, err := db.QueryContext(ctx, `
		select i.institution_code, i.name, coalesce(i.aliases, ''), coalesce(i.district, ''), coalesce(i.city, '')
		from raw.institutions i join meta.ingest_file f on f.file_id = i._file_id
		where f.status = 'loaded'
		order by i._file_id, i._row`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	derived := map[string][]string{} // derived alias → codes, kept only when unique
	for rows.Next() {
		var code, name, aliases, district, city string
		if err := rows.Scan(&code, &name, &aliases, &district, &city); err != nil {
			return nil, err
		}
		r.names[code] = name
		r.byKey[normName(code)] = code
		r.byKey[normName(name)] = code
		for _, a := range strings.FieldsFunc(aliases, func(c rune) bool { return strings.ContainsRune("、,，;；/ ", c) }) {
			if a = normName(a); a != "" {
				r.byKey[a] = code
			}
		}
		// 重庆市巴南区人民医院 is also 巴南区人民医院 and 区人民医院 in the wild
		n := normName(name)
		for _, p := range []string{normName(city), normName(city) + "市", normName(district)} {
			if p != "" && strings.HasPrefix(n, p) && len(n) > len(p)+3 {
				rest := strings.TrimPrefix(n, p)
				derived[rest] = append(derived[rest], code)
				if d := normName(district); d != "" && strings.HasPrefix(rest, d) {
					derived[strings.TrimPrefix(rest, d)] = append(derived[strings.TrimPrefix(rest, d)], code)
				}
			}
		}
	}
	for k, codes := range derived {
		if _, taken := r.byKey[k]; !taken && len(uniq(codes)) == 1 && len([]rune(k)) >= 4 {
			r.byKey[k] = codes[0]
		}
	}
	for k := range r.byKey {
		r.keys = append(r.keys, k)
	}
	sort.Slice(r.keys, func(i, j int) bool {
		if len(r.keys[i]) != len(r.keys[j]) {
			return len(r.keys[i]) > len(r.keys[j])
		}
		return r.keys[i] < r.keys[j]
	})
	return r, rows.Err()
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func (r *registry) empty() bool { return len(r.names) == 0 }

// resolve matches a cell or flag value exactly (after normalising).
func (r *registry) resolve(s string) (string, bool) {
	code, ok := r.byKey[normName(s)]
	return code, ok
}

// findIn finds the longest registered name or alias inside free text (a path, a title).
func (r *registry) findIn(text string) (string, bool) {
	t := normName(text)
	for _, k := range r.keys {
		if len([]rune(k)) >= 3 && strings.Contains(t, k) {
			return r.byKey[k], true
		}
	}
	return "", false
}

// candidates lists registered names sharing the most characters with s, for error messages.
func (r *registry) candidates(s string) []string {
	type sc struct {
		name  string
		score int
	}
	var all []sc
	target := []rune(normName(s))
	for code, name := range r.names {
		score := 0
		for _, c := range target {
			if strings.ContainsRune(normName(name), c) {
				score++
			}
		}
		all = append(all, sc{name + " (" + code + ")", score})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].score != all[j].score {
			return all[i].score > all[j].score
		}
		return all[i].name < all[j].name
	})
	var out []string
	for i := 0; i < len(all) && i < 3; i++ {
		out = append(out, all[i].name)
	}
	return out
}
