// Package dfat parses the Australian Consolidated List published by the
// Department of Foreign Affairs and Trade (regulation8_consolidated.xlsx)
// into record.Entry values. The list has one row per name: a listing's
// primary name (Reference "7966") is followed by its other names ("7966a",
// "7966b", "34c1"), and every row repeats the listing's facts. Rows are
// streamed and a listing is yielded once its last row has been read. A
// few names stand away from their listing (2940j after 2989d): a first
// pass over the file finds them, and keeps only those, so each listing
// gets all its names.
package dfat

import (
	"fmt"
	"io"
	"strings"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/record"
)

// AuthorityID is the reference-data id of DFAT.
const AuthorityID = "au-dfat"

// Format is the format name ingest gives the list.
const Format = "au-dfat-xlsx"

// URL is the official download address of the list.
const URL = "https://www.dfat.gov.au/sites/default/files/Australian_Sanctions_Consolidated_List.xlsx"

// Columns of the list, by their header.
const (
	colReference   = "reference"
	colName        = "name of individual or entity"
	colType        = "type"
	colNameType    = "name type"
	colDOB         = "date of birth"
	colPOB         = "place of birth"
	colCitizenship = "citizenship"
	colAddress     = "address"
	colAdditional  = "additional information"
	colListing     = "listing information"
	colCommittees  = "committees"
	colControlDate = "control date"
)

var requiredColumns = []string{colReference, colName, colType, colNameType, colDOB, colPOB, colCitizenship, colAddress, colAdditional, colListing, colCommittees, colControlDate}

// Options date the list.
type Options struct {
	// PublishedOn (YYYY-MM-DD) dates the list. When empty: a date in the
	// file's path, else the latest Control Date in the list.
	PublishedOn string
}

// Decoder yields the listings of one DFAT list file, one at a time.
type Decoder struct {
	wb      *sheet.Workbook
	rows    *sheet.Rows
	cols    map[string]int
	source  record.Source
	pending *row // the first row of the next listing, already read
	done    bool
	// strays are the rows that stand away from their listing's other
	// rows, by listing number; strayLines marks them by row.
	strays     map[string][]row
	strayLines map[int]bool
	// Rows counts the name rows read so far.
	Rows int
}

// Open opens a DFAT list and checks its header row.
func Open(path string, opts Options) (*Decoder, error) {
	wb, err := sheet.Open(path)
	if err != nil {
		return nil, err
	}
	d := &Decoder{wb: wb}
	fail := func(err error) (*Decoder, error) {
		wb.Close()
		return nil, err
	}
	if err := d.start(); err != nil {
		return fail(err)
	}
	latest, err := d.survey()
	if err != nil {
		return fail(err)
	}
	if err := d.start(); err != nil {
		return fail(err)
	}
	published := opts.PublishedOn
	if published != "" && !sheet.CheckDate(published) {
		return fail(fmt.Errorf("%s: Options.PublishedOn %q is not a YYYY-MM-DD date", path, published))
	}
	if published == "" {
		published, _ = sheet.PathDate(path)
	}
	if published == "" {
		published = latest
	}
	d.source = record.Source{
		ID:          record.SourceDFAT + "-" + published,
		Kind:        record.SourceDFAT,
		Path:        path,
		AuthorityID: AuthorityID,
		Title:       "Australian Consolidated Sanctions List",
		Publisher:   "Australian Government, Department of Foreign Affairs and Trade",
		URL:         URL,
		PublishedOn: published,
		Language:    "en",
		Complete:    true,
	}
	return d, nil
}

// start (re)opens the first sheet and reads its header row.
func (d *Decoder) start() error {
	if d.rows != nil {
		d.rows.Close()
	}
	sheets := d.wb.Sheets()
	if len(sheets) == 0 {
		return fmt.Errorf("%s: the workbook has no sheet", d.wb.Path)
	}
	rows, err := d.wb.Rows(sheets[0])
	if err != nil {
		return err
	}
	d.rows = rows
	if err := rows.Next(); err != nil {
		if err == io.EOF {
			return fmt.Errorf("%s:%s: the sheet is empty", d.wb.Path, sheets[0])
		}
		return err
	}
	cols, err := HeaderColumns(rows.Cells())
	if err != nil {
		return rows.Errorf(-1, "%v", err)
	}
	d.cols = cols
	d.pending = nil
	d.done = false
	d.Rows = 0
	return nil
}

// HeaderColumns maps the list's column headers to their positions; it
// fails when one is missing.
func HeaderColumns(header []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range header {
		if _, dup := cols[sheet.Fold(h)]; !dup {
			cols[sheet.Fold(h)] = i
		}
	}
	var missing []string
	for _, c := range requiredColumns {
		if _, ok := cols[c]; !ok {
			missing = append(missing, fmt.Sprintf("%q", c))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("not a DFAT consolidated list header: no column %s", strings.Join(missing, ", "))
	}
	return cols, nil
}

// Sniff reports whether a header row is the DFAT list's.
func Sniff(header []string) bool {
	_, err := HeaderColumns(header)
	return err == nil
}

// survey reads every row once: it checks them, finds the rows that stand
// away from their listing, and returns the latest Control Date.
func (d *Decoder) survey() (string, error) {
	latest := ""
	d.strays, d.strayLines = map[string][]row{}, map[int]bool{}
	seen := map[string]bool{}
	last := ""
	for {
		r, err := d.readRow()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", err
		}
		if r.controlDate > latest {
			latest = r.controlDate
		}
		if r.number != last && seen[r.number] {
			d.strays[r.number] = append(d.strays[r.number], r)
			d.strayLines[r.line] = true
			continue
		}
		seen[r.number] = true
		last = r.number
	}
	if latest == "" {
		return "", fmt.Errorf("%s: the list has no row", d.wb.Path)
	}
	return latest, nil
}

// Source describes the list.
func (d *Decoder) Source() record.Source { return d.source }

// Close releases the file.
func (d *Decoder) Close() error {
	if d.rows != nil {
		d.rows.Close()
	}
	return d.wb.Close()
}

// Next returns the next listing with all its names, or io.EOF.
func (d *Decoder) Next() (record.Entry, error) {
	if d.done {
		return record.Entry{}, io.EOF
	}
	var group []row
	if d.pending != nil {
		group = append(group, *d.pending)
		d.pending = nil
	}
	for {
		r, err := d.readRow()
		if err == io.EOF {
			d.done = true
			break
		}
		if err != nil {
			return record.Entry{}, err
		}
		if d.strayLines[r.line] {
			continue
		}
		if len(group) > 0 && r.number != group[0].number {
			d.pending = &r
			break
		}
		group = append(group, r)
	}
	if len(group) == 0 {
		return record.Entry{}, io.EOF
	}
	return buildEntry(append(group, d.strays[group[0].number]...))
}
