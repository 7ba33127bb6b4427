package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReplaceIDNumbers(t *testing.T) {
	mark := func(id string) string { return "<" + id + ">" }
	for _, tc := range []struct{ in, want string }{
		{"110101199003071234", "<110101199003071234>"},
		{"11010119900307123x", "<11010119900307123x>"},
		{"身份证110101199003071234号", "身份证<110101199003071234>号"},
		{"a 110101900307123 b", "a <110101900307123> b"},                                     // old 15-digit form
		{"110101199003071234,370302200102291235", "<110101199003071234>,370302200102291235"}, // 2001-02-29 is no date
		{"1101011990030712345", "1101011990030712345"},                                       // 19 digits: not an id
		{"110101199013071234", "110101199013071234"},                                         // month 13
		{"011010199003071234", "011010199003071234"},                                         // region cannot start with 0
		{"202501010001234567", "202501010001234567"},                                         // a settlement number
		{"1234567.89", "1234567.89"},
		{"", ""},
	} {
		if got := replaceIDNumbers(tc.in, mark); got != tc.want {
			t.Errorf("replaceIDNumbers(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A rejected claims row keeps neither the 身份证号 nor the name: the id column and any
// 身份证号 elsewhere in the row (a remark, the offending value) become the pseudonym a
// loaded row of the same person has.
func TestRejectedRowsKeepNoIdentifier(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))}, Options{})
	const id, other = "500113199001011234", "37030220010228123X"
	csv := "结算编号,身份证号,姓名,性别,出生日期,入院日期,出院日期,备注\n" +
		"JS1," + id + ",张三丰,男,1990-01-01,2025-01-01,2025-01-05,\n" +
		"JS2," + id + ",张三丰,男,1990-01-01,2025-02-01,2025-13-45,\n" +
		"JS3,," + "李四,女,2001-02-28,2025-02-01,2025-02-03,代办人 " + other + "\n" +
		"JS4," + id + ",张三丰,男,1990-01-01,2025-02-01," + other + ",\n"
	res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "区人民医院", "结算.csv"), []byte(csv))}, Options{})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	if res[0].Loaded != 1 || res[0].Rejected != 3 {
		t.Fatalf("loaded %d rejected %d, want 1 and 3", res[0].Loaded, res[0].Rejected)
	}
	pseudonym := query[string](t, db, "select patient_id from raw.claims")
	stored := query[string](t, db, "select string_agg(cells::varchar || ' ' || reason, '\n' order by row_no) from raw.rejected")
	for _, raw := range []string{id, other, "张三丰", "李四", "370302"} {
		if strings.Contains(stored, raw) {
			t.Errorf("raw.rejected keeps %q:\n%s", raw, stored)
		}
	}
	if strings.Count(stored, pseudonym) != 2 || !strings.Contains(stored, "张**") || !strings.Contains(stored, "李*") {
		t.Errorf("want the loaded row's pseudonym %s in both rows of that person and masked names:\n%s", pseudonym, stored)
	}
	for _, re := range res[0].Rejects {
		if strings.Contains(re.Error(), other) {
			t.Errorf("the CLI line keeps the id: %s", re)
		}
	}
}

func TestKeyRequiredOnceDataExists(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	keyPath := KeyPath(db.Path)
	ingestOne := func(name, settlement string, opt Options) error {
		t.Helper()
		csv := "结算编号,身份证号,姓名,出院日期\n" + settlement + ",500113199001011234,张三,2025-01-05\n"
		res, err := Ingest(context.Background(), db, []string{
			write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV)),
			write(t, filepath.Join(dir, "区人民医院", name), []byte(csv))}, opt)
		if err != nil {
			return err
		}
		for _, r := range res {
			if r.Err != nil {
				t.Fatal(r.Err)
			}
		}
		return nil
	}
	if err := ingestOne("a.csv", "JS1", Options{}); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v, mode %v: want 0600", err, st)
	}
	good, _ := os.ReadFile(keyPath)
	pseudonyms := func() int { return query[int](t, db, "select count(distinct patient_id) from raw.claims") }

	t.Run("missing", func(t *testing.T) {
		os.Remove(keyPath)
		err := ingestOne("b.csv", "JS2", Options{})
		if !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), "is missing") || !strings.Contains(err.Error(), "--new-key") {
			t.Fatalf("ingest without the key: %v; want a refusal naming --new-key", err)
		}
		if _, err := os.Stat(keyPath); err == nil {
			t.Error("a refused ingest made a key anyway")
		}
	})
	t.Run("replaced", func(t *testing.T) {
		write(t, keyPath, []byte(strings.Repeat("ab", 32)+"\n"))
		os.Chmod(keyPath, 0o600)
		err := ingestOne("b.csv", "JS2", Options{})
		if !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), "not the key") {
			t.Fatalf("ingest with another key: %v; want a refusal", err)
		}
	})
	t.Run("readable by others", func(t *testing.T) {
		write(t, keyPath, good)
		os.Chmod(keyPath, 0o644)
		err := ingestOne("b.csv", "JS2", Options{})
		if !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("ingest with a 0644 key: %v; want a refusal naming chmod 600", err)
		}
	})
	t.Run("restored", func(t *testing.T) {
		os.Chmod(keyPath, 0o600)
		if err := ingestOne("b.csv", "JS2", Options{}); err != nil {
			t.Fatal(err)
		}
		if n := pseudonyms(); n != 1 {
			t.Errorf("%d pseudonyms for one person with the restored key", n)
		}
	})
	t.Run("new key", func(t *testing.T) {
		os.Remove(keyPath)
		if err := ingestOne("c.csv", "JS3", Options{NewKey: true}); err != nil {
			t.Fatal(err)
		}
		if n := pseudonyms(); n != 2 {
			t.Errorf("%d pseudonyms after --new-key, want 2 (the old ones no longer match)", n)
		}
		if got := query[string](t, db, "select note from meta.pseudonym_key order by since desc limit 1"); !strings.Contains(got, "--new-key") {
			t.Errorf("key change not recorded: %q", got)
		}
		if err := ingestOne("d.csv", "JS4", Options{}); err != nil {
			t.Errorf("the new key is not accepted afterwards: %v", err)
		}
	})
}

// A registry row whose code could not name a folder is rejected with its row, not loaded.
func TestRegistryRefusesUnsafeCodes(t *testing.T) {
	dir := t.TempDir()
	db := openTestDB(t)
	csv := registryCSV + "../../x,路径医院,,,,,\n<script>,脚本医院,,,,,\nT-0.9,正常医院,,,,,\n"
	res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(csv))}, Options{})
	if err != nil || res[0].Err != nil {
		t.Fatal(err, res[0].Err)
	}
	if res[0].Loaded != 3 || res[0].Rejected != 2 {
		t.Errorf("loaded %d rejected %d; want 3 and 2", res[0].Loaded, res[0].Rejected)
	}
	for _, re := range res[0].Rejects {
		if !errors.Is(re, ErrBadCode) || !strings.Contains(re.Error(), "bad_code: 机构编码") {
			t.Errorf("reject %v", re)
		}
	}
}
