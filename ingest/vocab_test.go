package ingest

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/ingest/cell"
)

// TestVocabularyFilesWellFormed: every vocabulary file says what it is about, every source
// has terms, and no term is empty or repeats a name.
func TestVocabularyFilesWellFormed(t *testing.T) {
	files, err := fs.Glob(vocabFS, "vocab/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("vocabulary files: %v (%d)", err, len(files))
	}
	for _, name := range files {
		b, err := fs.ReadFile(vocabFS, name)
		if err != nil {
			t.Fatal(err)
		}
		var vf vocabFile
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&vf); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if strings.TrimSpace(vf.About) == "" || len(vf.Sources) == 0 {
			t.Errorf("%s: needs an about and at least one source", name)
		}
		for _, src := range vf.Sources {
			if len(src.Terms) == 0 {
				t.Errorf("%s: %s: no terms", name, src.ID)
			}
			for _, term := range src.Terms {
				if len(term.Names) == 0 {
					t.Errorf("%s: %s: %s.%s has no names", name, src.ID, term.Kind, term.Field)
				}
				seen := map[string]bool{}
				for _, n := range term.Names {
					norm, _ := cell.NormalizeHeader(n)
					if seen[norm] {
						t.Errorf("%s: %s: %s.%s lists %q twice", name, src.ID, term.Kind, term.Field, n)
					}
					seen[norm] = true
				}
			}
		}
	}
}

// TestVocabularyNameNamesOneField: within a kind, a vocabulary name (or an interface code in
// any spelling) belongs to one field — else the header would be a coin toss between them.
// The institution's name and code fields are one concept and may share a name (机构编码);
// the contracts' own overlaps (统一社会信用代码 as the registry's key and its credit code)
// are theirs to decide.
func TestVocabularyNameNamesOneField(t *testing.T) {
	institution := func(f string) bool { return f == "institution" || f == "institution_ref" }
	type owner struct{ field, source string }
	for _, c := range Contracts() {
		owners := map[string]owner{}
		for i := range c.Fields {
			f := &c.Fields[i]
			for _, n := range f.names {
				keys := []string{n.norm}
				if n.code != "" {
					keys = append(keys, "\x00"+n.code)
				}
				for _, k := range keys {
					prev, ok := owners[k]
					if !ok {
						owners[k] = owner{f.Name, n.source}
						continue
					}
					if prev.field == f.Name || institution(prev.field) && institution(f.Name) ||
						prev.source == sourceContract && n.source == sourceContract {
						continue
					}
					t.Errorf("%s: %q names both %s (%s) and %s (%s)", c.Kind, strings.TrimPrefix(k, "\x00"), prev.field, prev.source, f.Name, n.source)
				}
			}
		}
	}
}
