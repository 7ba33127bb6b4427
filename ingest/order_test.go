package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// One run over a folder loads a file while the one before it commits; its results must
// be those of the files ingested one run each, in the same order: a corrected re-export
// supersedes the file before it, a copy of an earlier file is a duplicate, and file ids,
// counts, rejects and warnings are the same.
func TestFilesInOneRunSeeEarlierFiles(t *testing.T) {
	dir := t.TempDir()
	big := procurementCSV("2025-01-01", 20_000, func(i int) int { return 100 + i%50 })
	fixed := strings.Replace(big, ",2025-01-01,", ",2025-01-02,", 1)
	payroll := "工号,姓名,科室,发放月份,基本工资,绩效工资\nE01,某某,内科,2025-01,3000,1000\nE02,某某,外科,2025-13,3000,1000\nE03,某某,外科,2025-02,3100,900\n"
	files := []struct{ name, body string }{
		{"机构名录.csv", registryCSV},
		{"区人民医院/1_采购.csv", big},
		{"区人民医院/2_采购(更正).csv", fixed},
		{"区人民医院/3_采购副本.csv", fixed},
		{"区人民医院/4_工资.csv", payroll},
		{"区人民医院/5_采购.csv", procurementCSV("2025-02-01", 30, func(i int) int { return 7 })},
		{"巴南区中医院/6_工资.csv", payroll},
	}
	var paths []string
	for _, f := range files {
		paths = append(paths, write(t, filepath.Join(dir, f.name), []byte(f.body)))
	}

	// the commits of the two large files held back, so that the next file is read while
	// they wait
	beforeCommit = func(path string) {
		if strings.Contains(path, "采购") && !strings.Contains(path, "5_") {
			time.Sleep(time.Second)
		}
	}
	t.Cleanup(func() { beforeCommit = func(string) {} })
	oneRun := openTestDB(t)
	got, err := Ingest(context.Background(), oneRun, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	oneEach := openTestDB(t)
	beforeCommit = func(string) {}
	var want []FileResult
	for _, p := range paths {
		res, err := Ingest(context.Background(), oneEach, []string{p}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, res...)
	}

	if len(got) != len(want) {
		t.Fatalf("%d results, want %d", len(got), len(want))
	}
	for i := range want {
		if g, w := summary(got[i]), summary(want[i]); g != w {
			t.Errorf("file %d:\n got %s\nwant %s", i, g, w)
		}
	}
	if len(got[2].Superseded) != 1 {
		t.Errorf("the corrected re-export superseded %v, want the first export", got[2].Superseded)
	}
	if !got[3].Duplicate {
		t.Errorf("the copy of the corrected export was loaded again")
	}
	for _, q := range []string{
		"select string_agg(file_id || ' ' || file_name || ' ' || status || ' ' || coalesce(superseded_by, 0) || ' ' || coalesce(institution_code, '') || ' ' || rows_loaded || ' ' || rows_rejected, chr(10) order by file_id) from meta.ingest_file",
		"select string_agg(_file_id || ' ' || n, chr(10) order by _file_id) from (select _file_id, count(*) n from raw.procurement group by all)",
		"select string_agg(_file_id || ' ' || n, chr(10) order by _file_id) from (select _file_id, count(*) n from raw.payroll group by all)",
		"select string_agg(file_id || ' ' || row_no || ' ' || reason, chr(10) order by file_id, row_no) from raw.rejected",
	} {
		if g, w := query[string](t, oneRun, q), query[string](t, oneEach, q); g != w {
			t.Errorf("%s:\n got %s\nwant %s", q, g, w)
		}
	}
}

func summary(r FileResult) string {
	err := ""
	if r.Err != nil {
		err = r.Err.Error()
	}
	return fmt.Sprintf("%s id=%d dup=%v kinds=%v inst=%s read=%d loaded=%d rejected=%d skipped=%d superseded=%v warnings=%q err=%q",
		strings.TrimPrefix(r.Path, filepath.Dir(filepath.Dir(r.Path))+string(os.PathSeparator)), r.FileID, r.Duplicate, r.Kinds, r.Institution,
		r.Read, r.Loaded, r.Rejected, r.Skipped, r.Superseded, r.Warnings, err)
}
