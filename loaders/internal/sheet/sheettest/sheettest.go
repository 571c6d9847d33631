// Package sheettest writes small xlsx fixtures in an official list's
// layout for the parsers' tests.
package sheettest

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Sheet is one worksheet: its name and its rows. A cell that is an int
// or a float is written as a number (as Excel stores dates), anything
// else as text.
type Sheet struct {
	Name string
	Rows [][]any
}

// Write writes the sheets to name in a fresh temporary folder and returns
// the file's path.
func Write(tb testing.TB, name string, sheets ...Sheet) string {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				tb.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			tb.Fatal(err)
		}
		for r, row := range s.Rows {
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			if err != nil {
				tb.Fatal(err)
			}
			if err := f.SetSheetRow(s.Name, cell, &row); err != nil {
				tb.Fatal(err)
			}
		}
	}
	path := filepath.Join(tb.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		tb.Fatal(err)
	}
	return path
}
