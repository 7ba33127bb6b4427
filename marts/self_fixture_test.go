package marts

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuncha/xuncha/selfcheck"
)

// Helpers of the self-inspection and rectification tests.

// selfRegistry adds institutions beyond the fixture's four: more Banan hospitals (B1…B9, 三级
// 综合医院), a Zibo hospital Z3 and a Zibo primary-care institution ZP (which no plan covers).
func (f *fixture) selfRegistry() {
	for i := 1; i <= 9; i++ {
		f.insert("institutions", map[string]any{"institution_code": fmt.Sprintf("B%d", i), "name": fmt.Sprintf("巴南第%d医院", i),
			"tier": "三级甲等", "category": "综合医院", "district": "巴南区", "city": "重庆"})
	}
	f.insert("institutions", map[string]any{"institution_code": "Z3", "name": "淄博市第一医院", "tier": "三级甲等",
		"category": "综合医院", "district": "张店区", "city": "淄博市"})
	f.insert("institutions", map[string]any{"institution_code": "ZP", "name": "淄博某镇卫生院", "tier": "一级",
		"category": "乡镇卫生院", "district": "淄川区", "city": "淄博市"})
}

// ingestFile registers another ingested file at path and makes it the file later rows go in
// under (the fixture starts with file 1, fixture.xlsx). It returns the file id.
func (f *fixture) ingestFile(path string) int64 {
	f.t.Helper()
	var id int64
	if err := f.db.QueryRowContext(f.ctx, "select coalesce(max(file_id), 0) + 1 from meta.ingest_file").Scan(&id); err != nil {
		f.t.Fatal(err)
	}
	name := path[strings.LastIndex(path, "/")+1:]
	f.exec(`insert into meta.ingest_file (file_id, path, file_name, sha256, size_bytes, rows_read, rows_loaded, rows_rejected, rows_skipped, status, ingested_at)
		values (?, ?, ?, ?, 0, 0, 0, 0, 0, 'loaded', timestamp '2030-06-01 10:00:00')`, id, path, name, fmt.Sprint("sha", id))
	f.file = id
	return id
}

// selfItem is one row of a self-inspection report.
type selfItem struct {
	area, section, text, status, issue string
}

// selfReport writes a self-inspection report of inst in a new file at path: one row per item.
func (f *fixture) selfReport(inst, path string, items []selfItem) int64 {
	f.t.Helper()
	id := f.ingestFile(path)
	for i, it := range items {
		row := map[string]any{"institution_code": inst, "item_no": fmt.Sprint(i + 1), "item_text": it.text}
		for k, v := range map[string]string{"area": it.area, "section": it.section, "status": it.status, "issue": it.issue} {
			if v != "" {
				row[k] = v
			}
		}
		f.insert("self_inspection", row)
	}
	f.file = 1
	return id
}

// checklistItems is a report with one row per clause of checklist, in the plan's words with
// its area and section headings as merged cells, status 已落实 and no issue, leaving out the
// clauses named in skip and taking other statuses from status (clause → "status|issue").
func checklistItems(t *testing.T, checklist string, skip []string, status map[string]string) []selfItem {
	t.Helper()
	cl, err := selfcheck.Checklist(checklist)
	if err != nil {
		t.Fatal(err)
	}
	omit := map[string]bool{}
	for _, s := range skip {
		omit[s] = true
	}
	var out []selfItem
	for _, c := range cl {
		if omit[c.ID] {
			continue
		}
		it := selfItem{area: c.AreaTitle, section: c.SectionTitle, text: c.Text, status: "已落实"}
		if s, ok := status[c.ID]; ok {
			it.status, it.issue, _ = strings.Cut(s, "|")
		}
		out = append(out, it)
	}
	return out
}

// matchRows reads mart_self_inspection_match for one institution: "year row_no rank clause_id confident".
func (f *fixture) matchRows(inst string) []string {
	f.t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `select year, row_no, coalesce(rank::varchar, '-'), coalesce(clause_id, '-'), is_confident, is_row_matched, reason
		from mart_self_inspection_match where institution_code = ? order by year, file_id, row_no, rank nulls first`, inst)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var year, rowNo int
		var rank, clause, reason string
		var confident, matched bool
		if err := rows.Scan(&year, &rowNo, &rank, &clause, &confident, &matched, &reason); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d %d %s %s %v %v %s", year, rowNo, rank, clause, confident, matched, reason))
	}
	return out
}

// evidence returns the evidence of the flag of rule on inst/subject as "dataset file_id sheet row_no | detail".
func (f *fixture) evidence(rule, inst, subject string) []string {
	f.t.Helper()
	rows, err := f.db.QueryContext(f.ctx, `select e.dataset, e.file_id, e.sheet, e.row_no, e.detail
		from (select unnest(evidence) as e from int_risk_flags where rule_id = ? and institution_code = ? and subject = ?)`,
		rule, inst, subject)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var dataset, sheet, detail string
		var fileID int64
		var rowNo int
		if err := rows.Scan(&dataset, &fileID, &sheet, &rowNo, &detail); err != nil {
			f.t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %d %s %d | %s", dataset, fileID, sheet, rowNo, detail))
	}
	return out
}

// subjectsOf filters subjects(rule) to one institution: "period/subject".
func (f *fixture) subjectsOf(rule, inst string) []string {
	var out []string
	for _, fl := range f.flags(rule) {
		if fl.Institution == inst {
			out = append(out, fl.Period+"/"+fl.Subject)
		}
	}
	return out
}
