package ingest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/warehouse"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/quirks")

// quirkRegistry carries, beside the registry's own codes, the 医保定点 codes of a
// third-party numbering and one alias shared by two institutions.
const quirkRegistry = "机构编码,机构名称,简称,医院等级,机构类别,所在区县,市,医保定点编码,统一社会信用代码\n" +
	"T001,重庆市巴南区人民医院,区人民医院,三级甲等,综合医院,巴南区,重庆,H50011300123,12500113450412345X\n" +
	"T002,巴南区中医院,,二级甲等,中医医院,巴南区,重庆,H50011300456,\n" +
	"T003,巴南区界石镇中心卫生院,中心卫生院,基层,中心卫生院,巴南区,重庆,H50011300789,\n" +
	"T004,巴南区木洞镇中心卫生院,中心卫生院,基层,中心卫生院,巴南区,重庆,,\n"

// quirk is one messy export of testdata/quirks and what to dump of it into its golden
// file: the counts, kinds, detection reasons, warnings, rejects and the loaded rows.
type quirk struct {
	file  string
	opt   Options
	table string // raw table dumped
	order string // order of the dumped rows
	drop  string // columns left out of the dump besides _file_id (pseudonyms: keyed per warehouse)
}

var quirks = []quirk{
	// 期初余额 / 上年结转 rows without voucher number or date, balances only in 余额 with
	// 方向 (or without: the account's normal side, a contra account, a negative balance);
	// 本月合计 / 本年累计 rows labelled in 摘要 (one February credit subtotal is wrong);
	// 结转下年; a note.
	{file: "ledger_opening_totals.csv", table: "ledger"},
	// 序号 beside the real key 整改编号; status as 是否完成 (是/否) and as words
	{file: "整改台账_序号与编号.csv", table: "rectification"},
	// an insurance office's file for several institutions, each row naming its own by 医保定点
	// code and/or name: either resolves; a name two institutions share is settled by the
	// code, alone it is ambiguous; an unknown code and a code contradicting the name are
	// rejected naming the value
	{file: "医保结算明细_多机构.csv", table: "claims", order: "settlement_id", drop: "patient_id"},
}

func TestQuirks(t *testing.T) {
	for _, q := range quirks {
		t.Run(q.file, func(t *testing.T) {
			dir := t.TempDir()
			db := openTestDB(t)
			if res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, "机构名录.csv"), []byte(quirkRegistry))}, Options{}); err != nil || res[0].Err != nil {
				t.Fatal(err, res)
			}
			src := filepath.Join("testdata", "quirks", q.file)
			b, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Ingest(context.Background(), db, []string{write(t, filepath.Join(dir, q.file), b)}, q.opt)
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if r.Err == nil && r.Read != r.Loaded+r.Rejected+r.Skipped {
				t.Errorf("read %d ≠ loaded %d + rejected %d + skipped %d", r.Read, r.Loaded, r.Rejected, r.Skipped)
			}
			got := dumpQuirk(t, db, r, q)
			golden := src + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the golden file (rerun with -update and review the diff):\n%s", q.file, got)
			}
		})
	}
}

func dumpQuirk(t *testing.T, db *warehouse.DB, r FileResult, q quirk) string {
	t.Helper()
	var b strings.Builder
	if r.Err != nil {
		fmt.Fprintf(&b, "error: %s\n", strings.TrimPrefix(r.Err.Error(), filepath.Dir(r.Path)+string(filepath.Separator)))
		return b.String()
	}
	reasons := make([]string, 0, len(r.SkipReasons))
	for k, v := range r.SkipReasons {
		reasons = append(reasons, fmt.Sprintf("%s=%d", k, v))
	}
	sort.Strings(reasons)
	fmt.Fprintf(&b, "read %d loaded %d rejected %d skipped %d (%s)\n", r.Read, r.Loaded, r.Rejected, r.Skipped, strings.Join(reasons, " "))
	fmt.Fprintf(&b, "institution %s\n", r.Institution)
	for _, s := range r.Sheets {
		fmt.Fprintf(&b, "sheet %s: %s; %s\n", s.Sheet, s.Kind, s.Detection)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "warning: %s\n", w)
	}
	for _, re := range r.Rejects {
		fmt.Fprintf(&b, "reject: [%s] row %d: %s\n", re.Sheet, re.Row, re.Reason())
	}
	order := q.order
	if order == "" {
		order = "_sheet, _row"
	}
	drop := "_file_id"
	if q.drop != "" {
		drop += ", " + q.drop
	}
	rows, err := db.Query(fmt.Sprintf("select columns(*)::varchar from (select * exclude (%s) from raw.%q order by %s)", drop, q.table, order))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	fmt.Fprintf(&b, "%s\n", strings.Join(cols, "\t"))
	for rows.Next() {
		vals := make([]*string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out := make([]string, len(cols))
		for i, v := range vals {
			out[i] = "NULL"
			if v != nil {
				out[i] = *v
			}
		}
		fmt.Fprintf(&b, "%s\n", strings.Join(out, "\t"))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
