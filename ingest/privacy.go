package ingest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/xuncha/xuncha/ingest/cell"
)

// KeyPath is the pseudonymisation key beside the warehouse (never inside it), so a
// copied warehouse file alone cannot be joined back to patients.
func KeyPath(dbPath string) string { return dbPath + ".key" }

// ErrKey: the key file is missing, replaced, damaged or readable by others; ingest
// refuses rather than give the same person a second pseudonym.
var ErrKey = errors.New("pseudonymisation key")

// pseudonymiser turns patient identifiers into stable keyed hashes.
type pseudonymiser struct{ key []byte }

// openKey reads the key and checks it against the fingerprint the warehouse keeps of
// the key its pseudonyms were made with. A new key is made only for a warehouse that
// holds no data yet, or when newKey says the old pseudonyms may stop matching.
func openKey(ctx context.Context, db *sql.DB, path string, newKey bool) (*pseudonymiser, error) {
	ps, err := readKey(path)
	missing := errors.Is(err, fs.ErrNotExist)
	if err != nil && !missing {
		return nil, err
	}
	var known string
	err = db.QueryRowContext(ctx, "select fingerprint from meta.pseudonym_key order by since desc limit 1").Scan(&known)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var files int64
	if err := db.QueryRowContext(ctx, "select count(*) from meta.ingest_file").Scan(&files); err != nil {
		return nil, err
	}
	hasData := known != "" || files > 0
	const wayOut = "restore the key file that came with this warehouse, or pass --new-key to start a new key " +
		"(people loaded before will then get other pseudonyms than people loaded from now on: duplicate-billing and split-admission matches across them are lost)"
	switch {
	case missing && hasData && !newKey:
		return nil, fmt.Errorf("%w %s is missing, but this warehouse already holds pseudonymised data: %s", ErrKey, path, wayOut)
	case missing:
		if ps, err = createKey(path); err != nil {
			return nil, err
		}
	case known != "" && ps.fingerprint() != known && !newKey:
		return nil, fmt.Errorf("%w %s is not the key this warehouse's pseudonyms were made with: %s", ErrKey, path, wayOut)
	}
	if fp := ps.fingerprint(); fp != known {
		note := "first key"
		if hasData {
			note = "adopted for data loaded before keys were checked"
		}
		if newKey && hasData {
			note = "new key (--new-key): earlier pseudonyms do not match later ones"
		}
		if _, err := db.ExecContext(ctx, "insert into meta.pseudonym_key values (?, ?, ?)", fp, time.Now(), note); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

func readKey(path string) (*pseudonymiser, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w %s can be read by other users (mode %04o): run `chmod 600 %s` and check who copied it",
			ErrKey, path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("%w %s is damaged; restore it from backup (a new key would break joins with earlier loads)", ErrKey, path)
	}
	return &pseudonymiser{key: key}, nil
}

func createKey(path string) (*pseudonymiser, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("create pseudonymisation key %s: %w", path, err)
	}
	return &pseudonymiser{key: key}, nil
}

// fingerprint identifies the key without revealing it.
func (p *pseudonymiser) fingerprint() string {
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte("xuncha pseudonymisation key fingerprint"))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// pid returns "P" + 16 hex digits of HMAC-SHA256(key, identifier). The same person
// gets the same pseudonym across files, whether the export gave 身份证号 in upper or lower case.
func (p *pseudonymiser) pid(id string) string {
	id = strings.ToUpper(strings.ReplaceAll(cell.NormalizeText(id), " ", ""))
	m := hmac.New(sha256.New, p.key)
	m.Write([]byte(id))
	return "P" + hex.EncodeToString(m.Sum(nil))[:16]
}

// maskName keeps the first character: 张三丰 → 张**.
func maskName(s string) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= 1 {
		return string(r)
	}
	return string(r[0]) + strings.Repeat("*", len(r)-1)
}

// idNumberRe finds 身份证号-shaped numbers: 18 digits (the last may be X) or the old 15,
// a region code and a birth date inside, not part of a longer number. The date is
// checked in isIDNumber; the check digit is not, as exports carry typos.
var idNumberRe = regexp.MustCompile(`(^|[^0-9])([1-9][0-9]{5}(?:(?:18|19|20)[0-9]{2}[0-9]{4}[0-9]{3}[0-9Xx]|[0-9]{6}[0-9]{3}))($|[^0-9Xx])`)

func isIDNumber(s string) bool {
	var date string
	switch len(s) {
	case 18:
		date = s[6:14]
	case 15:
		date = "19" + s[6:12]
	default:
		return false
	}
	t, err := time.Parse("20060102", date)
	return err == nil && t.Year() >= 1880 && t.Before(time.Now())
}

// replaceIDNumbers rewrites every 身份证号-shaped number in s with repl(number).
func replaceIDNumbers(s string, repl func(string) string) string {
	if len(s) < 15 {
		return s
	}
	var b strings.Builder
	last := 0
	for start := 0; start < len(s); {
		m := idNumberRe.FindStringSubmatchIndex(s[start:])
		if m == nil {
			break
		}
		lo, hi := start+m[4], start+m[5]
		if isIDNumber(s[lo:hi]) {
			b.WriteString(s[last:lo])
			b.WriteString(repl(s[lo:hi]))
			last = hi
		}
		start = hi
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// redactCell is how a cell of a rejected row is stored: a patient identifier as its
// pseudonym, a name masked, and any 身份证号 in any other cell as its pseudonym, so that
// raw.rejected holds no identifier either.
func (p *pseudonymiser) redactCell(fieldType, v string) string {
	switch t := strings.TrimSpace(v); {
	case t == "" || isNullWord(t):
		return v
	case fieldType == TypePID:
		return p.pid(t)
	case fieldType == TypePersonName:
		return maskName(cell.NormalizeText(t))
	}
	return replaceIDNumbers(v, p.pid)
}

// redactCells redacts a row; types gives the contract field type of a column, where known.
func (p *pseudonymiser) redactCells(types map[int]string, cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = p.redactCell(types[i], c)
	}
	return out
}

// reject stores a rejected row with its identifier and name columns redacted by the
// types the sheet's mapping gives them (the file loader then hides any other 身份证号).
func (s *sheetLoader) reject(sheetName string, rowNo int, kind string, re *RowError, cells []string) error {
	types := map[int]string{}
	if s.m != nil {
		for col, fi := range s.m.cols {
			types[col] = s.m.contract.Fields[fi].Type
			if re.Column != "" && strings.TrimSpace(s.m.headers[col]) == re.Column {
				re.Value = s.ps.redactCell(types[col], re.Value)
			}
		}
	}
	return s.fileLoader.reject(sheetName, rowNo, kind, re, s.ps.redactCells(types, cells))
}
