// Package ofsi parses the UK Consolidated List of financial sanctions
// targets that HM Treasury's Office of Financial Sanctions Implementation
// published as ConList.xlsx, into record.Entry values. The sheet has a
// "Last Updated" row, a header row, then one row per name; the rows of one
// target share a Group ID but are not next to each other (the list is
// sorted by name), so the decoder reads the sheet once and keeps a compact
// record per group before it yields them in Group ID order. The UK
// designations are made by the FCDO, hence the authority gb-fcdo.
package ofsi

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/record"
)

// AuthorityID is the reference-data id of the UK authority.
const AuthorityID = "gb-fcdo"

// Format is the format name ingest gives the list.
const Format = "gb-ofsi-xlsx"

// Columns, by header.
const (
	colGroupID    = "Group ID"
	colGroupType  = "Group Type"
	colAliasType  = "Alias Type"
	colAliasQual  = "Alias Quality"
	colRegime     = "Regime"
	colListedOn   = "Listed On"
	colTitle      = "Title"
	colNonLatin   = "Name Non-Latin Script"
	colDOB        = "DOB"
	colTownBirth  = "Town of Birth"
	colCtryBirth  = "Country of Birth"
	colNationalty = "Nationality"
	colPassport   = "Passport Number"
	colPassDetail = "Passport Details"
	colNationalID = "National Identification Number"
	colNIDetail   = "National Identification Details"
	colPosition   = "Position"
	colPostCode   = "Post/Zip Code"
	colCountry    = "Country"
	colOtherInfo  = "Other Information"
)

var requiredColumns = []string{"Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Name 6", colGroupType, colAliasType, colRegime, colListedOn, colGroupID}

// Options date the list.
type Options struct {
	// PublishedOn (YYYY-MM-DD) dates the list. When empty: the list's
	// "Last Updated" date.
	PublishedOn string
}

// Decoder yields the targets of one ConList file, one at a time.
type Decoder struct {
	source record.Source
	groups []*group
	next   int
	// Rows counts the name rows read.
	Rows int
}

// Sniff reports whether the first two rows of a sheet are ConList's.
func Sniff(first, header []string) bool {
	if len(first) == 0 || sheet.Clean(first[0]) != "Last Updated" {
		return false
	}
	_, err := headerColumns(header)
	return err == nil
}

func headerColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		h = sheet.Clean(h)
		if _, dup := cols[h]; !dup && h != "" {
			cols[h] = i
		}
	}
	var missing []string
	for _, c := range requiredColumns {
		if _, ok := cols[c]; !ok {
			missing = append(missing, fmt.Sprintf("%q", c))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("not an OFSI ConList header: no column %s", strings.Join(missing, ", "))
	}
	return cols, nil
}

// Open reads a ConList file whole (one compact record per target) and
// checks every row; the first problem is returned.
func Open(path string, opts Options) (*Decoder, error) {
	wb, err := sheet.Open(path)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	sheets := wb.Sheets()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: the workbook has no sheet", path)
	}
	rows, err := wb.Rows(sheets[0])
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	d := &Decoder{}
	if err := rows.Next(); err != nil {
		return nil, fmt.Errorf("%s:%s: the sheet is empty", path, sheets[0])
	}
	if rows.Text(0) != "Last Updated" {
		return nil, rows.Errorf(0, "the first row must be \"Last Updated\" and the list's date, not %q", rows.Text(0))
	}
	lastUpdated, ok := parseDate(rows.Text(1))
	if !ok || len(lastUpdated) != len("2006-01-02") {
		return nil, rows.Errorf(1, "Last Updated %q is not a date (DD/MM/YYYY)", rows.Text(1))
	}
	if err := rows.Next(); err != nil {
		return nil, fmt.Errorf("%s:%s: no header row", path, sheets[0])
	}
	cols, err := headerColumns(rows.Cells())
	if err != nil {
		return nil, rows.Errorf(-1, "%v", err)
	}
	byID := map[int]*group{}
	for {
		if err := rows.Next(); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if rows.Empty() {
			continue
		}
		d.Rows++
		if err := addRow(byID, rows, cols); err != nil {
			return nil, err
		}
	}
	for _, g := range byID {
		d.groups = append(d.groups, g)
	}
	sort.Slice(d.groups, func(i, j int) bool { return d.groups[i].id < d.groups[j].id })

	published := opts.PublishedOn
	if published != "" && !sheet.CheckDate(published) {
		return nil, fmt.Errorf("%s: Options.PublishedOn %q is not a YYYY-MM-DD date", path, published)
	}
	if published == "" {
		published = lastUpdated
	}
	d.source = record.Source{
		ID:          record.SourceOFSI + "-" + published,
		Kind:        record.SourceOFSI,
		Path:        path,
		AuthorityID: AuthorityID,
		Title:       "Consolidated List of Financial Sanctions Targets in the UK (OFSI ConList)",
		Publisher:   "HM Treasury, Office of Financial Sanctions Implementation",
		PublishedOn: published,
		Language:    "en",
		Complete:    true,
	}
	return d, nil
}

// Source describes the list.
func (d *Decoder) Source() record.Source { return d.source }

// Close releases nothing: Open has read the file.
func (d *Decoder) Close() error { return nil }

// Next returns the next target, or io.EOF.
func (d *Decoder) Next() (record.Entry, error) {
	if d.next >= len(d.groups) {
		return record.Entry{}, io.EOF
	}
	g := d.groups[d.next]
	d.groups[d.next] = nil
	d.next++
	return g.entry(), nil
}

var (
	ddmmyyyy = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)
	mmyyyy   = regexp.MustCompile(`^(\d{1,2})/(\d{4})$`)
	yyyy     = regexp.MustCompile(`^(\d{4})$`)
)

// parseDate reads DD/MM/YYYY (00 for an unknown day or month), MM/YYYY,
// YYYY or an Excel date serial, at the precision given.
func parseDate(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if m := ddmmyyyy.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		switch {
		case d == 0 && mo == 0:
			if _, ok := sheet.ValidDate(y, 1, 1); ok {
				return m[3], true
			}
		case d == 0:
			if _, ok := sheet.ValidDate(y, mo, 1); ok {
				return fmt.Sprintf("%04d-%02d", y, mo), true
			}
		default:
			return sheet.ValidDate(y, mo, d)
		}
		return "", false
	}
	if m := mmyyyy.FindStringSubmatch(s); m != nil {
		mo, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		if _, ok := sheet.ValidDate(y, mo, 1); ok {
			return fmt.Sprintf("%04d-%02d", y, mo), true
		}
		return "", false
	}
	if yyyy.MatchString(s) {
		y, _ := strconv.Atoi(s)
		if _, ok := sheet.ValidDate(y, 1, 1); ok {
			return s, true
		}
		return "", false
	}
	return sheet.SerialDate(s)
}
