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
	"unicode"
	"unicode/utf8"

	"github.com/xuncha/xuncha/ingest/cell"
)

// registry resolves institution names, aliases and codes (its own, 医保定点 codes,
// 统一社会信用代码, 组织机构代码) to institution codes. A key that two institutions share
// resolves to neither.
type registry struct {
	byKey map[string][]string // normalised name / alias / code → codes
	keys  []string            // longest first, for finding a name inside a path or title
	names map[string]string   // code → registered name
	// bounded keys match only where a word starts (after a separator, not inside a longer
	// name): 区中医院 is the district's, not the tail of another district's 淄川区中医院
	bounded map[string]bool
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

// nameSep separates the aliases in one registry cell.
func nameSep(c rune) bool { return strings.ContainsRune("、,，;；/ ", c) }

// townshipRe is a township-level division inside a name (龙洲湾街道, 姜家镇), which short forms
// leave out: 龙洲湾街道社区卫生服务中心 is 龙洲湾社区卫生服务中心 in the wild.
var townshipRe = regexp.MustCompile(`(\p{Han}{2,})(?:街道|镇|乡)(\p{Han}{2,})`)

type shortForm struct {
	name    string
	bounded bool
}

// shortForms are the names an institution goes by without the divisions its registered name
// starts with: 重庆市巴南区人民医院 is also 巴南区人民医院, 人民医院 and, as the district's own
// hospital, 区人民医院 — with or without a township division inside it.
func shortForms(n, city, district string) []shortForm {
	var out []shortForm
	for _, p := range []string{city, city + "市", district} {
		if p != "" && strings.HasPrefix(n, p) && len(n) > len(p)+3 {
			rest := strings.TrimPrefix(n, p)
			out = append(out, shortForm{name: rest})
			if district != "" && strings.HasPrefix(rest, district) {
				out = append(out, shortForm{name: strings.TrimPrefix(rest, district)})
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
		out = append(out, shortForm{name: rest})
		if level := []rune(m)[len([]rune(m))-1]; level != '省' && !divisionRe.MatchString(rest) {
			out = append(out, shortForm{name: string(level) + rest, bounded: true})
		}
	}
	for i, n := 0, len(out); i < n; i++ {
		if t := townshipRe.ReplaceAllString(out[i].name, "$1$2"); t != out[i].name {
			out = append(out, shortForm{name: t, bounded: out[i].bounded})
		}
	}
	if t := townshipRe.ReplaceAllString(n, "$1$2"); t != n {
		out = append(out, shortForm{name: t})
	}
	return out
}

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
	free := map[string]bool{}        // derived aliases some name gives without a division's level
	for rows.Next() {
		var code, name, aliases, district, city, codes string
		if err := rows.Scan(&code, &name, &aliases, &district, &city, &codes); err != nil {
			return nil, err
		}
		r.names[code] = name
		r.add(code, code)
		r.add(name, code)
		names := []string{name}
		for _, a := range strings.FieldsFunc(aliases, nameSep) {
			r.add(a, code)
			names = append(names, a)
		}
		for _, c := range strings.FieldsFunc(codes, nameSep) {
			r.add(c, code)
		}
		for _, n := range names {
			for _, f := range shortForms(normName(n), normName(city), normName(district)) {
				derived[f.name] = append(derived[f.name], code)
				free[f.name] = free[f.name] || !f.bounded
			}
		}
	}
	r.bounded = map[string]bool{}
	for k, codes := range derived {
		if _, taken := r.byKey[k]; !taken && len(uniq(codes)) == 1 && len([]rune(k)) >= 4 {
			r.byKey[k] = codes[:1]
			if !free[k] {
				r.bounded[k] = true
			}
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
		if len([]rune(k)) >= 3 && strings.Contains(t, k) && (!r.bounded[k] || startsWord(t, k)) {
			return r.one(r.byKey[k])
		}
	}
	return "", ErrUnknownInstitution
}

// startsWord: k occurs in t where no Han character runs into it from the left.
func startsWord(t, k string) bool {
	for i := 0; ; {
		j := strings.Index(t[i:], k)
		if j < 0 {
			return false
		}
		before, _ := utf8.DecodeLastRuneInString(t[:i+j])
		if i+j == 0 || !unicode.Is(unicode.Han, before) {
			return true
		}
		i += j + len(k)
	}
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
