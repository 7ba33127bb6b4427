package ingest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// registry resolves institution names, aliases and codes (its own, 医保定点 codes,
// 统一社会信用代码, 组织机构代码) to institution codes. A key that two institutions share
// resolves to neither.
type registry struct {
	byKey map[string][]string // normalised name / alias / code → codes
	keys  []string            // longest first, for finding a name inside a path or title
	names map[string]string   // code → registered name
}

// ErrAmbiguousInstitution: a name or code that more than one registered institution carries.
var ErrAmbiguousInstitution = errors.New("ambiguous_institution")

func (r *registry) add(key, code string) {
	if key = normName(key); key != "" && !slices.Contains(r.byKey[key], code) {
		r.byKey[key] = append(r.byKey[key], code)
	}
}

// divisionRe is an administrative division at the start of a name: 重庆市, 巴南区, 黑龙江省,
// 淄川区 — two to four characters ending in 省, 市, 区 or 县 (a longer run, 龙洲湾街道社区,
// is part of the name).
var divisionRe = regexp.MustCompile(`^\p{Han}{1,3}?(?:省|市|区|县)`)

func normName(s string) string {
	s = cell.NormalizeText(s)
	return strings.ToLower(strings.ReplaceAll(s, " ", ""))
}

// loadRegistry reads the institutions in force (files not superseded).
func loadRegistry(ctx context.Context, db *sql.DB) (*registry, error) {
	r := &registry{byKey: map[string][]string{}, names: map[string]string{}}
	rows, err := db.QueryContext(ctx, `
		select i.institution_code, i.name, coalesce(i.aliases, ''), coalesce(i.district, ''), coalesce(i.city, ''),
		       concat_ws(' ', i.insurance_code, i.credit_code, i.org_code)
		from raw.institutions i join meta.ingest_file f on f.file_id = i._file_id
		where f.status = 'loaded'
		order by i._file_id, i._row`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	derived := map[string][]string{} // derived alias → codes, kept only when unique
	for rows.Next() {
		var code, name, aliases, district, city, codes string
		if err := rows.Scan(&code, &name, &aliases, &district, &city, &codes); err != nil {
			return nil, err
		}
		r.names[code] = name
		r.add(code, code)
		r.add(name, code)
		for _, a := range strings.FieldsFunc(aliases+" "+codes, func(c rune) bool { return strings.ContainsRune("、,，;；/ ", c) }) {
			r.add(a, code)
		}
		// 重庆市巴南区人民医院 is also 巴南区人民医院 and 人民医院 in the wild
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
		// …whether or not the registry has city and district columns
		for rest := n; ; {
			m := divisionRe.FindString(rest)
			if m == "" {
				break
			}
			rest = strings.TrimPrefix(rest, m)
			derived[rest] = append(derived[rest], code)
		}
	}
	for k, codes := range derived {
		if _, taken := r.byKey[k]; !taken && len(uniq(codes)) == 1 && len([]rune(k)) >= 4 {
			r.byKey[k] = codes[:1]
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

// resolve matches a cell or flag value exactly (after normalising) to one institution:
// ErrUnknownInstitution when none carries it, ErrAmbiguousInstitution when several do.
func (r *registry) resolve(s string) (string, error) {
	return r.one(r.byKey[normName(s)])
}

func (r *registry) one(codes []string) (string, error) {
	switch len(codes) {
	case 0:
		return "", ErrUnknownInstitution
	case 1:
		return codes[0], nil
	}
	return "", fmt.Errorf("%w (%s)", ErrAmbiguousInstitution, strings.Join(codes, ", "))
}

// findIn finds the longest registered name or alias inside free text (a path, a title, a
// cell such as 重庆市巴南区人民医院（总院）); the longest one found must be unambiguous.
func (r *registry) findIn(text string) (string, error) {
	t := normName(text)
	for _, k := range r.keys {
		if len([]rune(k)) >= 3 && strings.Contains(t, k) {
			return r.one(r.byKey[k])
		}
	}
	return "", ErrUnknownInstitution
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
