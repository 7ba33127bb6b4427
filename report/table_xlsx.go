package report

import "io"

// WriteTableXLSX writes one result set as a workbook: frozen header, filter, column
// widths, numbers as numbers, text neutralised against formula injection. Used by
// `xuncha sql --format xlsx` for finance specialists' exports.
func WriteTableXLSX(w io.Writer, sheet string, columns []string, rows [][]any) (err error) {
	f, st, err := newWorkbook(sheet)
	if err != nil {
		return err
	}
	defer func() { err = joinErr(err, f.Close()) }()
	cols := make([]column, len(columns))
	for i, c := range columns {
		cols[i] = column{title: c, kind: colText}
	}
	name := sheetName(sheet, map[string]bool{})
	if err := writeTable(f, st, sheetTable{name: name, columns: cols, rows: rows}); err != nil {
		return err
	}
	if idx, err := f.GetSheetIndex(name); err == nil {
		f.SetActiveSheet(idx)
	}
	for _, s := range f.GetSheetList() {
		if s != name {
			if err := f.DeleteSheet(s); err != nil {
				return err
			}
		}
	}
	_, err = f.WriteTo(w)
	return err
}
