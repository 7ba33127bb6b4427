package report

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"io"
	"slices"
	"sync"
)

// districtScript sorts and filters the index's tables in the page itself; the page's
// Content-Security-Policy admits this script by its hash and nothing else.
var districtScript = sync.OnceValues(func() (inlineScript, error) {
	b, err := templateFS.ReadFile("templates/district.js")
	if err != nil {
		return inlineScript{}, err
	}
	sum := sha256.Sum256(b)
	return inlineScript{template.JS(b), "sha256-" + base64.StdEncoding.EncodeToString(sum[:])}, nil // our own embedded script
})

type inlineScript struct {
	JS   template.JS
	Hash string // for the Content-Security-Policy
}

type districtView struct {
	D          *District
	CSS        template.CSS
	Version    string
	Script     template.JS
	ScriptHash string
	Tiers      []string // the tiers in the index, for its filter
	Severities []string
}

// WriteDistrictHTML writes a district's index page: its institutions with their risks by area
// and severity, data coverage and review progress, each linked to its reports, and every risk
// of the year, both tables sortable and filterable in the page (no network).
func WriteDistrictHTML(w io.Writer, d *District) error {
	t, err := templates()
	if err != nil {
		return err
	}
	script, err := districtScript()
	if err != nil {
		return err
	}
	v := districtView{D: d, CSS: css, Version: Version, Script: script.JS, ScriptHash: script.Hash, Severities: []string{"high", "medium", "low"}}
	for _, i := range d.Institutions {
		if i.Tier != "" && !slices.Contains(v.Tiers, i.Tier) {
			v.Tiers = append(v.Tiers, i.Tier)
		}
	}
	sortTiers(v.Tiers)
	return t.ExecuteTemplate(w, "district", v)
}
