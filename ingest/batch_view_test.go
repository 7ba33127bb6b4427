package ingest

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// The Arrow views a load registers are gone when it returns: a view left behind reads
// released memory (a crash for whoever selects from it on that connection).
func TestIngestLeavesNoArrowViews(t *testing.T) {
	db := openTestDB(t)
	db.SetMaxOpenConns(1) // the connection that loaded is the one asked below
	dir := t.TempDir()
	write(t, filepath.Join(dir, "机构名录.csv"), []byte(registryCSV))
	var b []byte
	b = append(b, "采购日期,品名,类别,供应商,金额,是否平台采购\n"...)
	for i := 0; i < 3000; i++ {
		b = append(b, "2025-03-07,阿莫西林,药品,甲医药,100,平台\n"...)
	}
	write(t, filepath.Join(dir, "巴南区人民医院", "采购.csv"), b)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	res, err := Ingest(ctx, db, []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var loaded int64
	for _, r := range res {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		loaded += r.Loaded
	}
	if loaded < 3000 {
		t.Fatalf("loaded %d rows", loaded)
	}
	if n := query[int](t, db, "select count(*) from duckdb_views() where view_name like 'xuncha_batch_%'"); n != 0 {
		t.Errorf("%d Arrow views left in the catalog", n)
	}
}
