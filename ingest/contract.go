package ingest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/xuncha/xuncha/transform"
)

// The dataset contracts are data: contracts.json declares every kind, its canonical
// fields, their types, which are required and the header names seen in the wild.
// Adding a synonym or a field is an edit there; raw tables follow it on next open.
//
//go:embed contracts.json
var contractsJSON []byte

// Field types in contracts.json.
const (
	TypeText        = "text"
	TypeDate        = "date"
	TypeMonth       = "month" // a period: stored as the first day of the month
	TypeMoney       = "money" // DECIMAL(18,2) 元, honouring 万元 units
	TypeNumber      = "number"
	TypeBool        = "bool"
	TypePID         = "pid"         // a patient identifier: pseudonymised at ingest
	TypePersonName  = "person_name" // masked at ingest (张三 → 张*)
	TypeInstitution = "institution" // resolves to institution_code; not stored itself
)

// Contract describes one dataset kind.
type Contract struct {
	Kind      string   `json:"kind"`
	Title     string   `json:"title"`
	Reference bool     `json:"reference"` // district-wide list: no institution
	DateField string   `json:"date_field"`
	FillDown  []string `json:"fill_down"` // fields often merged down many rows
	Wide      *Wide    `json:"wide"`
	Fields    []Field  `json:"fields"`
}

// Wide kinds carry one column per item (pay items, revenue categories); they are
// melted to one row per identity × item.
type Wide struct {
	ItemField  string   `json:"item_field"`
	ValueField string   `json:"value_field"`
	Totals     []string `json:"totals"`    // columns that are totals: checked, not items
	Items      []string `json:"items"`     // when set, only these columns are items
	NotItems   []string `json:"not_items"` // text columns beside the items (备注, 账号): neither loaded nor checked
}

// Field is one canonical field of a kind.
type Field struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Headers  []string `json:"headers"`
	enum     string
	norm     []string
}

// Enum maps canonical values to the spellings seen.
type Enum struct {
	Name   string
	Strict bool // an unknown value rejects the row (else it is kept as written)
	lookup map[string]string
	keys   []string // longest first, for contains-matching
}

type contractFile struct {
	Enums       map[string]map[string][]string `json:"enums"`
	StrictEnums []string                       `json:"strict_enums"`
	Kinds       []*Contract                    `json:"kinds"`
}

var (
	contracts     []*Contract
	contractByKey = map[string]*Contract{}
	enums         = map[string]*Enum{}
)

func init() {
	if err := loadContracts(contractsJSON); err != nil {
		panic("ingest: contracts.json: " + err.Error())
	}
}

func loadContracts(b []byte) error {
	var cf contractFile
	if err := json.Unmarshal(b, &cf); err != nil {
		return err
	}
	strict := map[string]bool{"channel": true}
	for _, s := range cf.StrictEnums {
		strict[s] = true
	}
	for name, values := range cf.Enums {
		e := &Enum{Name: name, Strict: strict[name], lookup: map[string]string{}}
		for canon, spellings := range values {
			for _, s := range append([]string{canon}, spellings...) {
				k := strings.ToLower(transform.NormalizeText(s))
				e.lookup[k] = canon
				e.keys = append(e.keys, k)
			}
		}
		sort.Slice(e.keys, func(i, j int) bool {
			if len(e.keys[i]) != len(e.keys[j]) {
				return len(e.keys[i]) > len(e.keys[j])
			}
			return e.keys[i] < e.keys[j]
		})
		enums[name] = e
	}
	for _, c := range cf.Kinds {
		if _, dup := contractByKey[c.Kind]; dup {
			return fmt.Errorf("kind %s declared twice", c.Kind)
		}
		for i := range c.Fields {
			f := &c.Fields[i]
			if strings.HasPrefix(f.Type, "enum:") {
				f.enum = strings.TrimPrefix(f.Type, "enum:")
				if enums[f.enum] == nil {
					return fmt.Errorf("%s.%s: unknown enum %s", c.Kind, f.Name, f.enum)
				}
			}
			for _, h := range f.Headers {
				n, _ := transform.NormalizeHeader(h)
				f.norm = append(f.norm, n)
			}
		}
		contracts = append(contracts, c)
		contractByKey[c.Kind] = c
	}
	return nil
}

// Contracts returns every kind, registry first.
func Contracts() []*Contract { return contracts }

// ContractFor returns the contract of a kind.
func ContractFor(kind string) (*Contract, bool) {
	c, ok := contractByKey[kind]
	return c, ok
}

// Kinds lists the kind names.
func Kinds() []string {
	out := make([]string, len(contracts))
	for i, c := range contracts {
		out[i] = c.Kind
	}
	return out
}

func (c *Contract) field(name string) *Field {
	for i := range c.Fields {
		if c.Fields[i].Name == name {
			return &c.Fields[i]
		}
	}
	return nil
}

// Normalise maps a value to its canonical spelling; ok is false when unknown.
func (e *Enum) Normalise(s string) (string, bool) {
	k := strings.ToLower(transform.NormalizeText(s))
	if v, ok := e.lookup[k]; ok {
		return v, true
	}
	for _, key := range e.keys {
		if len([]rune(key)) >= 2 && strings.Contains(k, key) {
			return e.lookup[key], true
		}
	}
	return s, false
}

// Column is one column of a raw table.
type Column struct{ Name, SQLType string }

// Columns lists the raw table's columns in order: data fields, then
// institution_code and the lineage columns.
func (c *Contract) Columns() []Column {
	var cols []Column
	for _, f := range c.Fields {
		if f.Type == TypeInstitution {
			continue
		}
		cols = append(cols, Column{f.Name, sqlType(f.Type)})
	}
	if c.Wide != nil {
		cols = append(cols, Column{c.Wide.ItemField, "VARCHAR"}, Column{c.Wide.ValueField, "DECIMAL(18,2)"})
	}
	if c.field("institution_code") == nil {
		cols = append(cols, Column{"institution_code", "VARCHAR"})
	}
	return append(cols,
		Column{"_file_id", "BIGINT"}, Column{"_sheet", "VARCHAR"}, Column{"_row", "INTEGER"})
}

func sqlType(t string) string {
	switch t {
	case TypeDate, TypeMonth:
		return "DATE"
	case TypeMoney:
		return "DECIMAL(18,2)"
	case TypeNumber:
		return "DOUBLE"
	case TypeBool:
		return "BOOLEAN"
	default:
		return "VARCHAR"
	}
}
