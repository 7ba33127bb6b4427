package ingest

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/xuncha/xuncha/ingest/cell"
)

// KeyPath is the pseudonymisation key beside the warehouse (never inside it), so a
// copied warehouse file alone cannot be joined back to patients.
func KeyPath(dbPath string) string { return dbPath + ".key" }

// pseudonymiser turns patient identifiers into stable keyed hashes.
type pseudonymiser struct{ key []byte }

func loadKey(path string) (*pseudonymiser, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		if err := os.WriteFile(path, []byte(hex.EncodeToString(key)+"\n"), 0o600); err != nil {
			return nil, fmt.Errorf("create pseudonymisation key %s: %w", path, err)
		}
		return &pseudonymiser{key: key}, nil
	}
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("pseudonymisation key %s is damaged; restore it from backup (a new key would break joins with earlier loads)", path)
	}
	return &pseudonymiser{key: key}, nil
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
