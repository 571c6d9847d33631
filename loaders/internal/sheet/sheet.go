// Package sheet holds what the spreadsheet list parsers (DFAT, MOF, OFSI)
// share: a streaming row reader over one worksheet of an xlsx file that
// names every cell it complains about as file:sheet:row:column, Excel
// date serials, and text clean-up.
package sheet

import (
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Workbook is an open xlsx file.
type Workbook struct {
	Path string
	File *excelize.File
}

// Open opens an xlsx file. Cell values are read raw, so dates stay Excel
// serial numbers whatever the cell's display format.
func Open(path string) (*Workbook, error) {
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable xlsx workbook: %w", path, err)
	}
	return &Workbook{Path: path, File: f}, nil
}

// Close releases the workbook.
func (w *Workbook) Close() error { return w.File.Close() }

// Sheets lists the worksheet names in workbook order.
func (w *Workbook) Sheets() []string { return w.File.GetSheetList() }

// Rows is a streaming reader over one worksheet.
type Rows struct {
	wb    *Workbook
	sheet string
	rows  *excelize.Rows
	row   int
	cells []string
}

// Rows starts reading a worksheet from its first row.
func (w *Workbook) Rows(sheet string) (*Rows, error) {
	r, err := w.File.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%s:%s: %w", w.Path, sheet, err)
	}
	return &Rows{wb: w, sheet: sheet, rows: r}, nil
}

// Next advances to the next row; it returns io.EOF after the last one.
// Empty rows are returned too, with no cells, so Row stays the sheet's row
// number.
func (r *Rows) Next() error {
	if !r.rows.Next() {
		if err := r.rows.Error(); err != nil {
			return r.Errorf(0, "%v", err)
		}
		return io.EOF
	}
	r.row++
	cells, err := r.rows.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return r.Errorf(0, "%v", err)
	}
	r.cells = cells
	return nil
}

// Close releases the reader.
func (r *Rows) Close() error { return r.rows.Close() }

// Row is the 1-based sheet row number of the current row.
func (r *Rows) Row() int { return r.row }

// Cells are the raw values of the current row.
func (r *Rows) Cells() []string { return r.cells }

// Cell is the raw value of the 0-based column col, "" when absent.
func (r *Rows) Cell(col int) string {
	if col < 0 || col >= len(r.cells) {
		return ""
	}
	return r.cells[col]
}

// Text is the cell's value cleaned with Clean.
func (r *Rows) Text(col int) string { return Clean(r.Cell(col)) }

// Empty reports whether every cell of the current row is blank.
func (r *Rows) Empty() bool {
	for _, c := range r.cells {
		if Clean(c) != "" {
			return false
		}
	}
	return true
}

// Where names the current row and a 0-based column: file:sheet:row:column
// (the column as its letters); col < 0 names the row only.
func (r *Rows) Where(col int) string {
	loc := fmt.Sprintf("%s:%s:%d", r.wb.Path, r.sheet, r.row)
	if col >= 0 {
		name, _ := excelize.ColumnNumberToName(col + 1)
		loc += ":" + name
	}
	return loc
}

// Errorf is an error located at the current row and column col.
func (r *Rows) Errorf(col int, format string, args ...any) error {
	return &Error{Location: r.Where(col), Message: fmt.Sprintf(format, args...)}
}

// Error is a problem found in a cell.
type Error struct {
	Location string // file:sheet:row:column
	Message  string
}

func (e *Error) Error() string { return e.Location + ": " + e.Message }

var spaces = regexp.MustCompile(`[\s\x{00a0}\x{3000}]+`)

// Clean trims a cell and folds runs of white space (including no-break
// and ideographic spaces) to one space.
func Clean(s string) string {
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// Fold is Clean in lower case, for comparing labels that lists write with
// stray case and spaces ("Primary Name ", "primary name").
func Fold(s string) string { return strings.ToLower(Clean(s)) }

// excelEpoch is day 0 of the 1900 date system as Excel counts it (Excel
// treats 1900 as a leap year, so serials from 61 on start a day early).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// SerialDate converts an Excel date serial ("45429") to YYYY-MM-DD.
func SerialDate(s string) (string, bool) {
	days, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	if days < 61 || days > 2958465 {
		return "", false
	}
	return excelEpoch.AddDate(0, 0, days).Format(time.DateOnly), true
}

// ValidDate reports whether y-m-d is a calendar day; it returns it as
// YYYY-MM-DD.
func ValidDate(y, m, d int) (string, bool) {
	if y < 1800 || y > 2200 {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if m < 1 || m > 12 || d < 1 || t.Day() != d || int(t.Month()) != m {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

var (
	dashedDate  = regexp.MustCompile(`(?:^|\D)(\d{4})-(\d{2})-(\d{2})(?:\D|$)`)
	compactDate = regexp.MustCompile(`(?:^|\D)(\d{4})(\d{2})(\d{2})(?:\D|$)`)
)

// PathDate finds the date a file's path gives it, nearest the file first:
// "20260305" in the file's name ("shisantouketsu20260305.xlsx") or
// "2024-11-11" in its name or a folder's.
func PathDate(path string) (string, bool) {
	parts := strings.Split(filepath.ToSlash(path), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		patterns := []*regexp.Regexp{dashedDate}
		if i == len(parts)-1 {
			patterns = append(patterns, compactDate)
		}
		for _, p := range patterns {
			if m := p.FindStringSubmatch(parts[i]); m != nil {
				y, _ := strconv.Atoi(m[1])
				mo, _ := strconv.Atoi(m[2])
				d, _ := strconv.Atoi(m[3])
				if date, ok := ValidDate(y, mo, d); ok {
					return date, true
				}
			}
		}
	}
	return "", false
}

// CheckDate reports whether s is a YYYY-MM-DD date.
func CheckDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// AppendNew appends the values not already in list.
func AppendNew(list []string, values ...string) []string {
	for _, v := range values {
		if v == "" {
			continue
		}
		dup := false
		for _, have := range list {
			if have == v {
				dup = true
				break
			}
		}
		if !dup {
			list = append(list, v)
		}
	}
	return list
}
