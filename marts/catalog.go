// Package marts owns the rule catalog and its thresholds, and the second half of a build: after
// transform has built staging and intermediate models, the rules (sql/rules) write
// int_risk_flags and the marts (sql/marts) build the tables that reports read.
package marts

import (
	"io/fs"
	"strings"

	"github.com/xuncha/xuncha/selfcheck"
	xsql "github.com/xuncha/xuncha/sql"
)

// Param is one threshold of a rule.
type Param struct {
	Name    string
	Default float64
	Doc     string
}

// Rule is one entry of the catalog in RISK_RULES order. The clauses it bears on are data:
// package clausemap. Its SQL lives in
// sql/rules/risk_<lower id>.sql; a rule without that file is "not implemented".
type Rule struct {
	ID      string
	TitleZH string
	Area    string   // 采购, 设备与资产, 薪酬, 财务, 医保, 药品耗材, 人员, 自查与整改
	Inputs  []string // staging tables it reads; absent data → "not assessed"
	Params  []Param
}

// File is the rule's SQL file within sql.FS.
func (r Rule) File() string { return "rules/risk_" + strings.ToLower(r.ID) + ".sql" }

// Implemented reports whether the rule's SQL file exists.
func (r Rule) Implemented() bool {
	_, err := fs.Stat(xsql.FS, r.File())
	return err == nil
}

// Catalog is every rule of RISK_RULES.md with its default thresholds.
var Catalog = []Rule{
	{ID: "PROC_OFF_PLATFORM", TitleZH: "药品耗材线下采购（未通过集中采购平台）", Area: "采购",
		Inputs: []string{"stg_procurement"},
		Params: []Param{
			{"max_offline_share", 0.05, "offline share of the category's annual amount"},
			{"max_offline_yuan", 500000, "offline amount per category and year, 元"},
			{"max_offline_orders_month", 12, "offline orders in any one month"},
			{"high_factor", 2, "severity high from this multiple of a threshold (or any offline line of a listed item)"},
		}},
	{ID: "PROC_SPLIT_PURCHASE", TitleZH: "化整为零规避招标", Area: "采购",
		Inputs: []string{"stg_procurement"},
		Params: []Param{
			{"tender_threshold_yuan", 1000000, "tender threshold for goods, 元"},
			{"window_days", 30, "orders within this many days count together"},
			{"min_orders", 2, "orders in the window"},
			{"high_factor", 2, "severity high when the orders total this multiple of the threshold"},
		}},
	{ID: "PROC_NO_TENDER", TitleZH: "达到限额未采用竞争性方式采购", Area: "采购",
		Inputs: []string{"stg_contracts", "stg_procurement"},
		Params: []Param{{"tender_threshold_yuan", 1000000, "tender threshold, 元"}}},
	{ID: "PROC_PAY_BEFORE_ACCEPT", TitleZH: "验收前付款或超合同付款", Area: "采购",
		Inputs: []string{"stg_contracts", "stg_payments"},
		Params: []Param{
			{"max_prepay_share", 0.30, "share payable without acceptance"},
			{"max_paid_ratio", 1.0, "Σ payments / contract amount"},
		}},
	{ID: "PROC_VENDOR_CONCENTRATION", TitleZH: "供应商集中度过高", Area: "采购",
		Inputs: []string{"stg_procurement"},
		Params: []Param{
			{"max_vendor_share", 0.60, "one vendor's share of a category's annual spend"},
			{"min_category_yuan", 1000000, "category spend above which the rule applies, 元"},
			{"min_market_vendors", 3, "vendors in the category across peer institutions"},
		}},
	{ID: "EQUIP_UNAPPROVED_PURCHASE", TitleZH: "大型设备未批先购、未经论证", Area: "设备与资产",
		Inputs: []string{"stg_equipment"},
		Params: []Param{{"large_value_yuan", 1000000, "original value from which approval is required, 元"}}},
	{ID: "EQUIP_SCRAP_NO_PHYSICAL", TitleZH: "无实物报废、报废手续不全", Area: "设备与资产",
		Inputs: []string{"stg_equipment"},
		Params: []Param{{"early_life_share", 0.5, "scrapped before this share of useful life raises severity"}}},
	{ID: "EQUIP_EARLY_SCRAP_REBUY", TitleZH: "提前报废后重复购置", Area: "设备与资产",
		Inputs: []string{"stg_equipment"},
		Params: []Param{
			{"rebuy_days", 365, "re-purchase within this many days of scrapping"},
			{"early_life_share", 0.5, "scrapped before this share of useful life raises severity to high"},
		}},
	{ID: "PAY_TIED_TO_REVENUE", TitleZH: "绩效工资与科室药品耗材检查收入挂钩", Area: "薪酬",
		Inputs: []string{"stg_payroll", "stg_dept_revenue"},
		Params: []Param{
			{"min_months", 12, "months of pay and revenue needed"},
			{"min_r", 0.8, "Pearson r of monthly performance pay and revenue"},
			{"max_ratio_cv", 0.10, "coefficient of variation of pay / revenue (fixed share)"},
		}},
	{ID: "PAY_REVENUE_COMMISSION", TitleZH: "开单提成、收入提成类薪酬项目", Area: "薪酬",
		Inputs: []string{"stg_payroll"},
		Params: []Param{{"score_full_share", 0.2, "commission's share of the department's payroll that scores 100"}}},
	{ID: "PAY_GP_SUPPLEMENT_MISSING", TitleZH: "全科医生每月300元绩效补助未发放", Area: "薪酬",
		Inputs: []string{"stg_payroll"},
		Params: []Param{
			{"min_supplement_yuan", 300, "monthly GP supplement, 元"},
			{"high_missing_months", 3, "severity high from this many months without it"},
		}},
	{ID: "PAY_VILLAGE_SUBSIDY_LATE", TitleZH: "乡村医生补助未按月预拨、按季结算", Area: "薪酬",
		Inputs: []string{"stg_payroll"},
		Params: []Param{
			{"max_settle_days", 30, "days after quarter end for the quarter's settlement"},
			{"high_missing_months", 3, "severity high from this many months without the subsidy"},
			{"score_full_months", 12, "missing months + 2 × late quarters that score 100"},
		}},
	{ID: "FIN_OFF_BOOK_INCOME", TitleZH: "信息系统收入未入账（账外账、小金库）", Area: "财务",
		Inputs: []string{"stg_his_income", "stg_ledger"},
		Params: []Param{
			{"min_gap_share", 0.01, "gap as a share of HIS charges"},
			{"min_gap_yuan", 50000, "gap, 元"},
			{"score_full_month_share", 0.05, "gap as a share of the month's HIS charges that gives the money half of the score in full"},
		}},
	{ID: "FIN_THREE_PUBLIC_OVERRUN", TitleZH: "三公经费超预算或增长过快", Area: "财务",
		Inputs: []string{"stg_budget"},
		Params: []Param{{"max_growth", 0.10, "year-on-year growth"}}},
	{ID: "FIN_BUDGET_DEVIATION", TitleZH: "预算执行偏差过大", Area: "财务",
		Inputs: []string{"stg_budget"},
		Params: []Param{
			{"max_deviation", 0.20, "|actual − budget| / budget"},
			{"min_line_yuan", 1000000, "budget lines above this, 元"},
			{"high_factor", 2, "severity high from this multiple of max_deviation"},
			{"score_full_yuan", 10000000, "|actual − budget| that gives the money half of the score in full, 元"},
		}},
	{ID: "FIN_LIABILITY_RATIO", TitleZH: "资产负债率过高或举债建设", Area: "财务",
		Inputs: []string{"stg_ledger"},
		Params: []Param{
			{"max_ratio", 0.50, "liability ratio"},
			{"max_rise_points", 5, "rise in a year, percentage points"},
			{"score_full_points", 0.2, "ratio above the limit (or rise) that gives the second half of the score in full"},
			{"score_full_loans_share", 0.05, "construction loans as a share of total assets that score 100"},
		}},
	{ID: "FIN_SPECIAL_FUND_MISUSE", TitleZH: "专项资金未专款专用", Area: "财务",
		Inputs: []string{"stg_ledger"},
		Params: []Param{{"score_full_fund_share", 0.1, "misused share of the fund's spending that year that scores 100"}}},
	{ID: "FIN_DUPLICATE_PAYMENT", TitleZH: "重复付款", Area: "财务",
		Inputs: []string{"stg_payments"},
		Params: []Param{
			{"min_amount_yuan", 1000, "smallest payment compared, 元"},
			{"max_days_apart", 30, "payments without invoice no. this many days apart or closer count as one bill paid twice"},
			{"score_half_factor", 100, "duplicated amount, as a multiple of min_amount_yuan, that scores 75 (halfway from 50 to 100)"},
		}},
	{ID: "FIN_BENFORD_DEVIATION", TitleZH: "金额首位数字分布异常（本福特定律）", Area: "财务",
		Inputs: []string{"stg_ledger", "stg_payments"},
		Params: []Param{
			{"min_amount_yuan", 10, "smallest amount counted, 元"},
			{"min_rows", 1000, "amounts per institution, year and dataset needed to test"},
			{"max_mad", 0.015, "Nigrini first-digit MAD from which the distribution is nonconforming"},
		}},
	{ID: "FIN_VOUCHER_GAP", TitleZH: "记账凭证断号或重号", Area: "财务",
		Inputs: []string{"stg_ledger"}},
	// pull_sample_size and pull_seed do not change the rule: they size and seed the random
	// sample of settlements to pull on site (mart_settlements_to_pull), kept here because the
	// catalog admits no pseudo-rule.
	{ID: "INS_DUPLICATE_BILLING", TitleZH: "重复收费", Area: "医保",
		Inputs: []string{"stg_claims", "stg_claim_lines", "stg_price_list"},
		Params: []Param{
			{"pull_sample_size", 20, "settlements sampled per institution-year for the on-site pull list (mart_settlements_to_pull), besides every high-severity INS flag"},
			{"pull_seed", 20241, "seed of that sample: the list is ordered by md5(seed || settlement_id), so the same seed redraws the same list"},
			scoreClaimsShare,
		}},
	{ID: "INS_OVER_PRICE", TitleZH: "超标准收费", Area: "医保",
		Inputs: []string{"stg_claim_lines", "stg_price_list"},
		Params: []Param{scoreClaimsShare}},
	{ID: "INS_SPLIT_ADMISSION", TitleZH: "分解住院", Area: "医保",
		Inputs: []string{"stg_claims"},
		Params: []Param{{"max_gap_days", 15, "readmission within this many days of discharge"}, scoreClaimsShare}},
	{ID: "INS_BED_HANGING", TitleZH: "挂床住院", Area: "医保",
		Inputs: []string{"stg_claims", "stg_claim_lines"},
		Params: []Param{{"min_bed_only_days", 3, "consecutive days billing only bed/nursing/meal items"}, scoreClaimsShare}},
	{ID: "INS_GENDER_AGE_MISMATCH", TitleZH: "限定性别、年龄项目违规收费", Area: "医保",
		Inputs: []string{"stg_claims", "stg_claim_lines", "stg_price_list"},
		Params: []Param{{"score_half_years", 5, "years outside an item's age limit that give half of the first half of the score"}, scoreClaimsShare}},
	{ID: "INS_OUTSIDE_STAY", TitleZH: "住院期间外收费", Area: "医保",
		Inputs: []string{"stg_claims", "stg_claim_lines"},
		Params: []Param{{"score_half_days", 7, "days outside the stay that give half of the first half of the score"}, scoreClaimsShare}},
	{ID: "INS_FREQUENCY_EXCEEDED", TitleZH: "超频次收费", Area: "医保",
		Inputs: []string{"stg_claims", "stg_claim_lines", "stg_price_list"},
		Params: []Param{scoreClaimsShare}},
	{ID: "INS_BILLED_OVER_PURCHASED", TitleZH: "进销存不符（药品耗材结算超过购进）", Area: "医保",
		Inputs: []string{"stg_claim_lines", "stg_procurement"},
		Params: []Param{{"tolerance", 1.05, "billed beyond (purchased + opening stock) × this is over"},
			{"min_excess_yuan", 10000, "flag an item-year when the excess × the billed price reaches this, 元"},
			{"score_full_excess_factor", 4, "excess, as a multiple of min_excess_yuan, that gives the money half of the score in full"}}},
	{ID: "INS_MARKUP", TitleZH: "药品耗材加成收费", Area: "医保",
		Inputs: []string{"stg_claim_lines", "stg_procurement"},
		Params: []Param{{"markup_factor", 1.005, "a billed unit price above the highest purchase unit price of the 12 months before × this is a markup"},
			{"min_excess_yuan", 5000, "flag an item-year when Σ (billed − purchase price) × qty reaches this, 元"},
			{"score_full_markup", 0.3, "markup over the purchase price that gives the first half of the score in full"},
			{"score_full_excess_factor", 4, "excess, as a multiple of min_excess_yuan, that gives the money half of the score in full"}}},
	{ID: "INS_BUNDLED_CHARGE", TitleZH: "重复收费（项目内涵已含仍另收）", Area: "医保",
		Inputs: []string{"stg_claims", "stg_claim_lines", "stg_charge_bundles"},
		Params: []Param{{"score_full_days", 3, "days billed twice that give the first half of the score in full"}, scoreClaimsShare}},
	{ID: "MED_HVC_OUTLIER", TitleZH: "高值耗材使用异常", Area: "药品耗材",
		Inputs: []string{"stg_claims", "stg_claim_lines"},
		Params: []Param{{"max_z", 3, "z-score against peers"}, {"max_growth", 0.5, "year-on-year growth"},
			{"hvc_min_unit_yuan", 500, "a 医用耗材 line at this unit price or more counts as high-value where procurement does not list it, 元"},
			{"score_full_yuan", 100000, "spend above the peer rate that gives the money half of the score in full, 元"}}},
	{ID: "MED_PRESCRIBER_OUTLIER", TitleZH: "个别医师集中开具某药品（统方、回扣信号）", Area: "药品耗材",
		Inputs: []string{"stg_claims", "stg_claim_lines"},
		Params: []Param{{"max_share", 0.5, "doctor's share of the drug's volume"}, {"min_prescribers", 5, "prescribers of the drug"}, {"max_z", 3, "z-score"},
			{"score_full_yuan", 100000, "the doctor's amount of the drug that gives the money half of the score in full, 元"}}},
	{ID: "MED_ESSENTIAL_SHARE_LOW", TitleZH: "基本药物使用比例偏低", Area: "药品耗材",
		Inputs: []string{"stg_procurement", "stg_essential_drugs"},
		Params: []Param{{"min_share_tertiary", 0.25, "floor for 三级"}, {"min_share_secondary", 0.35, "floor for 二级"}, {"min_share_primary", 0.60, "floor for 基层"},
			{"high_share_of_floor", 0.5, "severity high when the share is under this fraction of the floor"},
			{"score_full_drug_share", 0.1, "shortfall as a share of drug spend that gives the money half of the score in full"}}},
	{ID: "HR_NO_ROTATION", TitleZH: "重点岗位长期未轮岗", Area: "人员",
		Inputs: []string{"stg_staff_positions"},
		Params: []Param{{"max_years", 5, "continuous years in a key post"}, {"high_factor", 2, "severity high from this multiple of max_years"}}},
	{ID: "SELF_COVERAGE_GAP", TitleZH: "自查未覆盖巡查条款", Area: "自查与整改",
		Inputs: []string{"stg_self_inspection"},
		Params: []Param{{"min_confidence", selfcheck.MinConfidence, "a row addresses the clause it matches best with at least this confidence"}}},
	{ID: "SELF_CONTRADICTION", TitleZH: "自查称已落实但数据显示问题", Area: "自查与整改",
		Inputs: []string{"stg_self_inspection"},
		Params: []Param{
			{"min_confidence", selfcheck.MinConfidence, "a row speaks for the clause it matches best with at least this confidence"},
			{"max_flag_evidence", 20, "evidence rows copied from each contradicting data flag (its own evidence stays complete)"},
		}},
	{ID: "RECT_OVERDUE", TitleZH: "整改逾期未完成", Area: "自查与整改",
		Inputs: []string{"stg_rectification"},
		Params: []Param{
			{"default_days_banan", 30, "deadline after found_date where none is given (Banan)"},
			{"default_months_zibo", 2, "same, Zibo (city or district contains 淄博), months"},
			{"as_of", 0, "assessment date as YYYYMMDD; 0 = the latest date of the institution's data (int_assessment_dates)"},
			{"high_overdue_days", 90, "days past the deadline from which severity is high"},
			{"score_full_days", 365, "days overdue that score 100"},
		}},
}

// scoreClaimsShare scales the money half of an insurance rule's score to the institution's size.
var scoreClaimsShare = Param{"score_claims_share", 0.0001, "money at risk, as a share of the institution's claims total that year, that gives the money half of the score in full"}

// RuleByID finds a rule.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Catalog {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// Areas lists the areas in catalog order.
func Areas() []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range Catalog {
		if !seen[r.Area] {
			seen[r.Area] = true
			out = append(out, r.Area)
		}
	}
	return out
}
