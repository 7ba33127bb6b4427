package report

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/xuncha/xuncha/report/reporttest"
)

// TestInsuranceSection plants the three insurance marts and checks that the pre-visit HTML and
// workbook show the share of fund paid, the top departments and doctors and the pull list
// with its seed; without the marts the section says so instead of failing.
func TestInsuranceSection(t *testing.T) {
	ctx := context.Background()
	db := reporttest.New(t)

	// the fixture has no claims: the marts are built but empty for H3A
	p, err := LoadPrevisit(ctx, db, "H3A", 2025, LoadOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if p.Insurance.Missing == "" || len(p.Insurance.Rules) != 0 {
		t.Errorf("without claims the insurance section should say so: %+v", p.Insurance)
	}

	for _, q := range []string{
		`create or replace table mart_insurance_summary as
			select 'H3A' as institution_code, 2025 as year, 'INS_DUPLICATE_BILLING' as rule_id, '重复收费' as title_zh,
			       2 as flags, 2 as high_flags, 2 as flagged_settlements, 40 as settlements,
			       500.00::decimal(18,2) as flagged_yuan, 100000.00::decimal(18,2) as fund_paid_yuan, 0.005::double as share_of_fund_paid
			union all select 'H3A', 2025, 'INS_OVER_PRICE', '超标准收费', 0, 0, 0, 40, 0, 100000, 0`,
		`create or replace table mart_insurance_top as
			select 'H3A' as institution_code, 2025 as year, 'department' as kind, 1 as rank, '心内科' as name, 2 as flags, 2 as settlements, 500.00::decimal(18,2) as flagged_yuan
			union all select 'H3A', 2025, 'doctor', 1, '王医生', 2, 2, 500`,
		`create or replace table mart_settlements_to_pull as
			select 'H3A' as institution_code, 2025 as year, 'JS0001' as settlement_id, 'high' as reason, 'INS_DUPLICATE_BILLING' as rule_ids,
			       300.00::decimal(18,2) as amount_yuan, 2000.00::decimal(18,2) as fund_paid_yuan, '心内科' as department, '王医生' as doctor,
			       4242::bigint as seed, 'a' as draw_key
			union all select 'H3A', 2025, 'JS0777', 'sample', null, null, 150, '外科', '李医生', 4242, 'b'`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	p, err = LoadPrevisit(ctx, db, "H3A", 2025, LoadOptions{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	ins := p.Insurance
	if ins.Missing != "" || len(ins.Rules) != 2 || ins.Rules[0].SharePct() != "0.50%" || len(ins.Departments) != 1 || len(ins.Doctors) != 1 {
		t.Errorf("insurance = %+v", ins)
	}
	if ins.Pull.Seed == nil || *ins.Pull.Seed != 4242 || ins.Pull.High != 1 || ins.Pull.Sampled != 1 {
		t.Errorf("pull = %+v", ins.Pull)
	}

	var buf bytes.Buffer
	if err := WritePrevisitHTML(&buf, p); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{`id="insurance"`, "医保基金使用", "INS_DUPLICATE_BILLING", "0.50%", "10.00万元", "心内科", "王医生",
		`抽样种子：<span class="code">4242</span>`, "JS0001", "JS0777", "高风险线索", "随机抽样"} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}

	buf.Reset()
	if err := WritePrevisitXLSX(&buf, p); err != nil {
		t.Fatal(err)
	}
	wb, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	var all []string
	for _, name := range []string{"概要", "医保汇总", "调阅结算单"} {
		rows, err := wb.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			all = append(all, strings.Join(r, "|"))
		}
	}
	sheet := strings.Join(all, "\n")
	for _, want := range []string{"抽样种子: 4242", "INS_DUPLICATE_BILLING", "心内科", "王医生", "JS0001", "JS0777", "4242"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("workbook lacks %q:\n%s", want, sheet)
		}
	}

	// a warehouse built without the insurance marts: an error naming the first one read
	if _, err := db.ExecContext(ctx, `drop table mart_insurance_summary`); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadPrevisit(ctx, db, "H3A", 2025, LoadOptions{Now: fixedNow}); !errors.Is(err, ErrNotBuilt) ||
		!strings.Contains(err.Error(), "mart_insurance_summary") {
		t.Errorf("without mart_insurance_summary: %v", err)
	}
}
