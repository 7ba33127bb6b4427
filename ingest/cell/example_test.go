package cell_test

import (
	"errors"
	"fmt"

	"github.com/xuncha/xuncha/ingest/cell"
)

func ExampleParseDate() {
	for _, s := range []string{"2025/3/7", "2025年3月7日", "2025-03-07 14:03:22", "45723", "2025年3月", "2024.02.30", ""} {
		t, monthOnly, err := cell.ParseDate(s, false)
		if err != nil {
			fmt.Printf("%q: %v\n", s, err)
			continue
		}
		fmt.Printf("%q: %s month=%v\n", s, t.Format("2006-01-02"), monthOnly)
	}
	// Output:
	// "2025/3/7": 2025-03-07 month=false
	// "2025年3月7日": 2025-03-07 month=false
	// "2025-03-07 14:03:22": 2025-03-07 month=false
	// "45723": 2025-03-07 month=false
	// "2025年3月": 2025-03-01 month=true
	// "2024.02.30": not a date
	// "": empty
}

func ExampleParseMoney() {
	// The header says the column is in 万元; one cell overrides it.
	_, unit := cell.NormalizeHeader("合同金额\n（万元）")
	for _, s := range []string{"1.5", "3000元", "(1,234.50)", "￥1,200", "待定"} {
		fen, err := cell.ParseMoney(s, unit)
		if errors.Is(err, cell.ErrBadAmount) {
			fmt.Printf("%q: rejected\n", s)
			continue
		}
		fmt.Printf("%q: %d fen = %s 元\n", s, fen, cell.FormatFen(fen))
	}
	// Output:
	// "1.5": 1500000 fen = 15000.00 元
	// "3000元": 300000 fen = 3000.00 元
	// "(1,234.50)": -1234500000 fen = -12345000.00 元
	// "￥1,200": 1200000000 fen = 12000000.00 元
	// "待定": rejected
}

func ExampleNormalizeHeader() {
	for _, h := range []string{"金额\n（万元）", " 采购 日期 ", "*供应商名称：", "单价(元/盒)"} {
		name, unit := cell.NormalizeHeader(h)
		fmt.Printf("%q → %q %q\n", h, name, unit)
	}
	// Output:
	// "金额\n（万元）" → "金额" "万元"
	// " 采购 日期 " → "采购日期" ""
	// "*供应商名称：" → "供应商名称" ""
	// "单价(元/盒)" → "单价" "元"
}

func ExampleUnitLine() {
	for _, s := range []string{"单位：万元", "编制单位：巴南区人民医院", "1.5万元"} {
		unit, ok := cell.UnitLine(s)
		fmt.Println(s, unit.Multiplier(), ok)
	}
	// Output:
	// 单位：万元 10000 true
	// 编制单位：巴南区人民医院 1 false
	// 1.5万元 1 false
}

func ExampleIsTotalRow() {
	fmt.Println(cell.IsTotalRow([]string{"", "合 计", "", "12,345.00"}))
	fmt.Println(cell.IsTotalRow([]string{"3", "合计金额核对", "", "12,345.00"}))
	// Output:
	// true
	// false
}

func ExampleParseBool() {
	for _, s := range []string{"是", "×", "已核验", "未落实", "不适用"} {
		v, err := cell.ParseBool(s)
		fmt.Println(s, v, err)
	}
	// Output:
	// 是 true <nil>
	// × false <nil>
	// 已核验 true <nil>
	// 未落实 false <nil>
	// 不适用 false not a yes/no
}

func ExampleParseNumber() {
	v, _ := cell.ParseNumber("12.5%")
	fmt.Println(v)
	// Output: 0.125
}
