package ingest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/xuncha/xuncha/ingest/cell"
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
	Kind      string      `json:"kind"`
	Title     string      `json:"title"`
	Reference bool        `json:"reference"` // district-wide list: no institution
	DateField string      `json:"date_field"`
	FillDown  []string    `json:"fill_down"` // fields often merged down many rows
	Wide      *Wide       `json:"wide"`
	RowKinds  *RowKinds   `json:"row_kinds"`
	Period    *PeriodText `json:"period"`
	Fields    []Field     `json:"fields"`

	// NaturalKey names the fields that identify a row across exports: a later file that
	// repeats every key of an earlier one replaces it (supersede.go).
	NaturalKey []string `json:"natural_key"`
}

// RowKinds lets a kind carry rows that are not ordinary data, named by the text of one
// column (a ledger's 摘要): opening balances, loaded with row_kind 'opening'; period
// subtotals and running totals (本月合计, 本年累计), skipped and checked. Rows of such a
// kind get a row_kind column: 'opening' or 'movement'.
type RowKinds struct {
	LabelField string   `json:"label_field"`
	Opening    []string `json:"opening"`     // label prefixes of opening-balance rows (期初余额, 上年结转)
	OpeningMay []string `json:"opening_may"` // required fields an opening row may leave empty
	Totals     []string `json:"totals"`      // label prefixes of total rows beyond 合计/小计/累计 (承前页, 过次页)
	// Balance names the fields an opening row's balance is read from when its debit and
	// credit are empty (余额 with 方向 借/贷, else the account's normal side).
	Balance *struct {
		Amount      string `json:"amount"`
		Side        string `json:"side"`
		Debit       string `json:"debit"`
		Credit      string `json:"credit"`
		Account     string `json:"account"`
		AccountName string `json:"account_name"`
	} `json:"balance"`
}

// Wide kinds carry one column per item (pay items, revenue categories); they are
// melted to one row per identity × item. The item and value fields are fields of the
// kind: a sheet whose headers name both is read long, row by row, as it stands.
type Wide struct {
	ItemField  string   `json:"item_field"`
	ValueField string   `json:"value_field"`
	Totals     []string `json:"totals"` // columns that are totals: checked, not items
	Items      []string `json:"items"`  // when set, only these columns are items …
	// … and those whose name ends so (康复收入, 西药费): a category unlisted is still one
	ItemSuffixes []string `json:"item_suffixes"`
	NotItems     []string `json:"not_items"` // text columns beside the items (备注, 账号): neither loaded nor checked
}

// Field is one canonical field of a kind.
type Field struct {
	Name     string   `json:"name"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Headers  []string `json:"headers"`
	// Weak headers name the field only when no column has a proper name for it: 序号 is an
	// issue number in a register that has nothing better, never beside 整改编号.
	Weak []string `json:"weak_headers"`
	// Split: the amount may come as parts across columns (门诊 / 住院, with or without a 合计)
	Split *struct {
		Parts  []string `json:"parts"`  // part words, longest first where one starts another
		Totals []string `json:"totals"` // headers of the total column beside the parts
	} `json:"split"`
	enum  string
	names []fieldName // the headers above, the weak ones and the vocabulary's names
}

// Enum maps canonical values to the spellings seen.
type Enum struct {
	Name   string
	Strict bool // an unknown value rejects the row (else it is kept as written)
	lookup map[string]string
	// spellings of two or more characters, longest first: a value containing one has its value
	contained []string
}

type contractFile struct {
	Enums       map[string]map[string][]string `json:"enums"`
	StrictEnums []string                       `json:"strict_enums"`
	// InstitutionHeaders name the institution of a row in any kind: names join each kind's
	// institution field; codes (医保定点 codes and the like) make a second institution
	// field, so that a row naming both is resolved by either.
	InstitutionHeaders struct {
		Name []string `json:"name"`
		Code []string `json:"code"`
	} `json:"institution_headers"`
	Kinds []*Contract `json:"kinds"`
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
	if err := loadVocab(vocabFS); err != nil {
		panic("ingest: " + err.Error())
	}
	buildNameIndex()
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
				k := strings.ToLower(cell.NormalizeText(s))
				e.lookup[k] = canon
				if utf8.RuneCountInString(k) >= 2 {
					e.contained = append(e.contained, k)
				}
			}
		}
		sort.Slice(e.contained, func(i, j int) bool {
			if len(e.contained[i]) != len(e.contained[j]) {
				return len(e.contained[i]) > len(e.contained[j])
			}
			return e.contained[i] < e.contained[j]
		})
		enums[name] = e
	}
	for _, c := range cf.Kinds {
		if _, dup := contractByKey[c.Kind]; dup {
			return fmt.Errorf("kind %s declared twice", c.Kind)
		}
		if f := c.field("institution"); f != nil && f.Type == TypeInstitution {
			for _, h := range cf.InstitutionHeaders.Name {
				if !slices.Contains(f.Headers, h) {
					f.Headers = append(f.Headers, h)
				}
			}
			c.Fields = append(c.Fields, Field{Name: "institution_ref", Type: TypeInstitution, Headers: cf.InstitutionHeaders.Code})
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
				f.addName(newFieldName(h, sourceContract, 1))
			}
			for _, h := range f.Weak {
				f.addName(newFieldName(h, sourceContract, weakHeaderWeight))
			}
		}
		if err := c.checkRowKinds(); err != nil {
			return err
		}
		if err := c.checkNaturalKey(); err != nil {
			return err
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

func (c *Contract) fieldIndex(name string) int {
	for i := range c.Fields {
		if c.Fields[i].Name == name {
			return i
		}
	}
	return -1
}

// Normalise maps a value to its canonical spelling; ok is false when unknown.
func (e *Enum) Normalise(s string) (string, bool) {
	k := strings.ToLower(cell.NormalizeText(s))
	if v, ok := e.lookup[k]; ok {
		return v, true
	}
	for _, key := range e.contained {
		if strings.Contains(k, key) {
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
	for _, f := range c.Fields {
		if f.Split != nil {
			cols = append(cols, Column{f.Name + "_parts", "VARCHAR"}) // JSON: part → amount
		}
	}
	if c.RowKinds != nil {
		cols = append(cols, Column{"row_kind", "VARCHAR"})
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

func (c *Contract) checkRowKinds() error {
	if w := c.Wide; w != nil && (c.field(w.ItemField) == nil || c.field(w.ValueField) == nil) {
		return fmt.Errorf("%s.wide: item and value fields must be fields of the kind", c.Kind)
	}
	if p := c.Period; p != nil {
		if f := c.field(p.Field); f == nil || (f.Type != TypeNumber && f.Type != TypeMonth) {
			return fmt.Errorf("%s.period: no year (number) or month field %q", c.Kind, p.Field)
		}
	}
	rk := c.RowKinds
	if rk == nil {
		return nil
	}
	names := append([]string{rk.LabelField}, rk.OpeningMay...)
	if b := rk.Balance; b != nil {
		names = append(names, b.Amount, b.Side, b.Debit, b.Credit, b.Account, b.AccountName)
	}
	for _, n := range names {
		if c.field(n) == nil {
			return fmt.Errorf("%s.row_kinds: no field %q", c.Kind, n)
		}
	}
	return nil
}
