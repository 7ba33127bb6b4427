package marts

import (
	"fmt"
	"testing"
)

func TestFinVoucherGap(t *testing.T) {
	t.Parallel()
	// line writes one ledger line of voucher no on day.
	line := func(f pepDB, day, no, summary, account string, debit, credit float64) {
		f.insert("ledger", map[string]any{"institution_code": "H3A", "voucher_date": date(day), "voucher_no": no,
			"account_code": account, "summary": summary, "debit": debit, "credit": credit})
	}
	// voucher writes a balanced two-line voucher.
	voucher := func(f pepDB, day, no, summary string) {
		line(f, day, no, summary, "5001", 100, 0)
		line(f, day, no, summary, "1002", 0, 100)
	}
	numbered := func(f pepDB, month string, word string, nos ...int) {
		for _, n := range nos {
			voucher(f, month+"-10", fmt.Sprintf("%s-%04d", word, n), fmt.Sprintf("业务%d", n))
		}
	}
	pepRun(t, "FIN_VOUCHER_GAP", []pepCase{
		{name: "complete numbering", rows: func(f pepDB) {
			numbered(f, "2025-03", "记", 1, 2, 3, 4)
		}},
		{name: "a number missing", rows: func(f pepDB) {
			numbered(f, "2025-03", "记", 1, 2, 4)
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 2}}}, // vouchers 2 and 4 around the gap
		{name: "numbering from 1: a month starting at 2 misses 1", rows: func(f pepDB) {
			numbered(f, "2025-03", "付", 2, 3)
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 付", "low", 1}}},
		{name: "each word and month numbered on its own", rows: func(f pepDB) {
			numbered(f, "2025-03", "记", 1, 2)
			numbered(f, "2025-03", "收", 1)
			numbered(f, "2025-04", "记", 1, 2, 3)
		}},
		{name: "the month-in-number format 记-03-0012", rows: func(f pepDB) {
			voucher(f, "2025-05-02", "记-05-0001", "甲")
			voucher(f, "2025-05-03", "记-05-0002", "乙")
		}},
		{name: "one number on two dates", rows: func(f pepDB) {
			voucher(f, "2025-03-10", "记-0001", "甲")
			voucher(f, "2025-03-11", "记-0001", "乙")
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 4}}},
		{name: "one number for two balanced vouchers on one date", rows: func(f pepDB) {
			voucher(f, "2025-03-10", "记-0001", "支付水费")
			voucher(f, "2025-03-10", "记-0001", "支付电费")
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 4}}},
		{name: "one number written two ways, on two dates", rows: func(f pepDB) {
			voucher(f, "2025-03-10", "记-0001", "甲")
			voucher(f, "2025-03-11", "记-1", "乙")
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 4}}},
		{name: "one number written two ways for two balanced vouchers on one date", rows: func(f pepDB) {
			voucher(f, "2025-03-10", "记-0001", "支付水费")
			voucher(f, "2025-03-10", "记1", "支付电费")
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 4}}},
		{name: "a month numbered to 100,000 is read for gaps", rows: func(f pepDB) {
			numbered(f, "2025-03", "记", 1, 100000)
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 2}}},
		{name: "a month numbered beyond 100,000 is not read for gaps", rows: func(f pepDB) {
			numbered(f, "2025-03", "记", 1, 100001)
		}},
		{name: "beyond 100,000, one number written two ways on two dates", rows: func(f pepDB) {
			voucher(f, "2025-03-10", "记-100001", "甲")
			voucher(f, "2025-03-11", "记0100001", "乙")
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 4}}},
		{name: "a number written two ways on two dates beside a gap", rows: func(f pepDB) {
			voucher(f, "2025-03-10", "记-0001", "甲")
			voucher(f, "2025-03-11", "记-1", "乙")
			voucher(f, "2025-03-12", "记-0003", "丙")
		}, want: []pepWant{{"H3A", "2025-03", "2025-03 记", "low", 6}}}, // number 1's four lines as doubled, its first and 3's first beside the gap
		{name: "one voucher whose lines write its number two ways", rows: func(f pepDB) {
			line(f, "2025-03-10", "记-0001", "支付水费", "5001", 100, 0)
			line(f, "2025-03-10", "记1", "支付水费", "1002", 0, 100)
		}},
		{name: "one voucher whose lines word the summary differently", rows: func(f pepDB) {
			line(f, "2025-03-31", "记-0001", "3月药品领用", "500102", 60, 0)
			line(f, "2025-03-31", "记-0001", "3月卫生材料领用", "500103", 40, 0)
			line(f, "2025-03-31", "记-0001", "3月药品卫材领用", "1302", 0, 100)
		}},
	})
}
