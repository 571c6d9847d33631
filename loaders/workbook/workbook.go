// Package workbook recognises which official list an xlsx file is, from
// its sheets' first rows rather than its name.
package workbook

import (
	"bytes"
	"io"

	"github.com/armsgraph/armsgraph/loaders/dfat"
	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/loaders/mof"
	"github.com/armsgraph/armsgraph/loaders/ofsi"
)

// headRows is how many rows of each sheet are looked at.
const headRows = 10

// IsZip reports whether a file's first bytes are a zip archive's, as an
// xlsx file's are.
func IsZip(head []byte) bool { return bytes.HasPrefix(head, []byte("PK\x03\x04")) }

// Identify returns the format of an xlsx list: dfat.Format, mof.Format or
// ofsi.Format; "" when it is none of them.
func Identify(path string) (string, error) {
	wb, err := sheet.Open(path)
	if err != nil {
		return "", err
	}
	defer wb.Close()
	for i, name := range wb.Sheets() {
		head, err := firstRows(wb, name)
		if err != nil {
			return "", err
		}
		if i == 0 && len(head) > 0 && dfat.Sniff(head[0]) {
			return dfat.Format, nil
		}
		if i == 0 && len(head) > 1 && ofsi.Sniff(head[0], head[1]) {
			return ofsi.Format, nil
		}
		if mof.SniffSheet(head) {
			return mof.Format, nil
		}
	}
	return "", nil
}

func firstRows(wb *sheet.Workbook, name string) ([][]string, error) {
	rows, err := wb.Rows(name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var head [][]string
	for len(head) < headRows {
		if err := rows.Next(); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		head = append(head, rows.Cells())
	}
	return head, nil
}
