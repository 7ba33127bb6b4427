// Package clausemap is the map from risk rules to the checklist clauses they bear on
// (clause_map.csv: rule_id, checklist, clause_id, role), as the rule catalog defines it. It is
// data, kept apart from the rules' code so that the sample district's truth and the build read
// the same file without one depending on the other.
//
// role is "primary" (a flag is direct evidence against the clause) or "secondary" (related,
// worth reading). A flag carries only the clauses of its institution's checklist, primary first,
// in file order within a role.
package clausemap

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"strings"
	"sync"
)

//go:embed clause_map.csv
var file []byte

// Roles.
const (
	Primary   = "primary"
	Secondary = "secondary"
)

// Link is one row of the map.
type Link struct {
	Rule, Checklist, Clause, Role string
}

var (
	once  sync.Once
	links []Link
	err   error
)

// Links returns every row of the map in file order. The file is embedded, so an error means the
// file shipped with the program is malformed.
func Links() ([]Link, error) {
	once.Do(func() { links, err = parse(file) })
	return links, err
}

func parse(b []byte) ([]Link, error) {
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("clause_map.csv: %w", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "rule_id,checklist,clause_id,role" {
		return nil, fmt.Errorf("clause_map.csv: header %q, want rule_id,checklist,clause_id,role", recs[0])
	}
	seen := map[[3]string]bool{}
	var out []Link
	for i, r := range recs[1:] {
		l := Link{Rule: r[0], Checklist: r[1], Clause: r[2], Role: r[3]}
		switch {
		case l.Role != Primary && l.Role != Secondary:
			return nil, fmt.Errorf("clause_map.csv row %d: role %q, want primary or secondary", i+2, l.Role)
		case !strings.HasPrefix(l.Clause, l.Checklist+"."):
			return nil, fmt.Errorf("clause_map.csv row %d: clause %s is not of checklist %s", i+2, l.Clause, l.Checklist)
		case seen[[3]string{l.Rule, l.Checklist, l.Clause}]:
			return nil, fmt.Errorf("clause_map.csv row %d: %s %s listed twice", i+2, l.Rule, l.Clause)
		}
		seen[[3]string{l.Rule, l.Checklist, l.Clause}] = true
		out = append(out, l)
	}
	return out, nil
}

// Clauses returns the clauses of checklist that rule bears on, primary first; with primaryOnly,
// the primary ones alone. A rule the map does not list for that checklist has none.
func Clauses(rule, checklist string, primaryOnly bool) ([]string, error) {
	all, err := Links()
	if err != nil {
		return nil, err
	}
	var prim, sec []string
	for _, l := range all {
		if l.Rule != rule || l.Checklist != checklist {
			continue
		}
		if l.Role == Primary {
			prim = append(prim, l.Clause)
		} else if !primaryOnly {
			sec = append(sec, l.Clause)
		}
	}
	return append(prim, sec...), nil
}
