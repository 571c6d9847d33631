package dfat

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/armsgraph/armsgraph/loaders/internal/sheet"
	"github.com/armsgraph/armsgraph/record"
)

// row is one name row of the list, checked.
type row struct {
	line        int
	where       string // file:sheet:row
	typeWhere   string // file:sheet:row:column of its Type
	reference   string // "7966a"
	number      string // "7966": the listing the name belongs to
	name        string
	kind        record.Kind
	nameType    string // primary, aka, fka, original-script, previous-name
	dob         string
	pob         string
	citizenship string
	address     string
	additional  string
	listing     string
	committee   string
	controlDate string
}

var referencePattern = regexp.MustCompile(`^(\d+)([a-z]+\d*)?$`)

// nameTypes maps the Name Type column, folded, to an alias type; "" is
// the primary name.
var nameTypes = map[string]string{
	"primary name":         "",
	"aka":                  "aka",
	"original script":      "original-script",
	"formerly known as":    "fka",
	"previously listed as": "previous-name",
}

var kinds = map[string]record.Kind{
	"individual": record.Person,
	"entity":     record.Organization,
}

// readRow reads the next non-empty row and checks its cells.
func (d *Decoder) readRow() (row, error) {
	rs := d.rows
	for {
		if err := rs.Next(); err != nil {
			return row{}, err
		}
		if !rs.Empty() {
			break
		}
	}
	d.Rows++
	text := func(col string) string { return rs.Text(d.cols[col]) }
	r := row{
		line:        rs.Row(),
		where:       rs.Where(-1),
		typeWhere:   rs.Where(d.cols[colType]),
		reference:   strings.ToLower(text(colReference)),
		name:        text(colName),
		dob:         text(colDOB),
		pob:         text(colPOB),
		citizenship: text(colCitizenship),
		address:     strings.TrimSpace(rs.Cell(d.cols[colAddress])),
		additional:  strings.TrimSpace(rs.Cell(d.cols[colAdditional])),
		listing:     text(colListing),
		committee:   text(colCommittees),
	}
	m := referencePattern.FindStringSubmatch(r.reference)
	if m == nil {
		return row{}, rs.Errorf(d.cols[colReference], "reference %q is not a listing number with an optional name suffix (7966, 7966a, 34c1)", r.reference)
	}
	r.number = m[1]
	if r.name == "" {
		return row{}, rs.Errorf(d.cols[colName], "reference %s has no name", r.reference)
	}
	kind, ok := kinds[sheet.Fold(text(colType))]
	if !ok {
		return row{}, rs.Errorf(d.cols[colType], "type %q is neither Individual nor Entity", text(colType))
	}
	r.kind = kind
	nameType, ok := nameTypes[sheet.Fold(text(colNameType))]
	if !ok {
		return row{}, rs.Errorf(d.cols[colNameType], "name type %q is not one the list uses (Primary Name, aka, Original Script, Formerly known as, Previously listed as)", text(colNameType))
	}
	r.nameType = nameType
	control := text(colControlDate)
	date, ok := sheet.SerialDate(control)
	if !ok {
		return row{}, rs.Errorf(d.cols[colControlDate], "control date %q is not a date", control)
	}
	r.controlDate = date
	return r, nil
}

// buildEntry maps a listing's rows to its entity and one DFAT designation.
// The primary name row gives the listing's facts; without one, the first
// row does.
func buildEntry(group []row) (record.Entry, error) {
	primary := group[0]
	for _, r := range group {
		if r.nameType == "" {
			primary = r
			break
		}
	}
	for _, r := range group {
		if r.kind != primary.kind {
			return record.Entry{}, fmt.Errorf("%s: reference %s is typed %s but its listing's primary name is %s", r.typeWhere, r.reference, r.kind.Label(), primary.kind.Label())
		}
	}
	ref := AuthorityID + ":" + primary.number
	e := record.Entity{
		Ref:             ref,
		Kind:            primary.kind,
		Name:            primary.name,
		SourceRecordIDs: []string{ref},
	}
	var warnings []record.Warning
	warn := func(format string, args ...any) {
		warnings = append(warnings, record.Warning{Location: primary.where, Message: fmt.Sprintf(format, args...)})
	}
	if primary.nameType != "" {
		warn("listing %s has no Primary Name row; its first name %q stands for it", primary.number, primary.name)
	}
	for _, r := range group {
		if r.line == primary.line {
			continue
		}
		a := record.Alias{Name: r.name, Type: r.nameType}
		if a.Type == "" {
			a.Type = "aka"
		}
		dup := false
		for _, have := range e.Aliases {
			if have.Name == a.Name {
				dup = true
			}
		}
		if !dup && a.Name != e.Name {
			e.Aliases = append(e.Aliases, a)
		}
	}
	e.BirthDates = parseDates(primary.dob)
	if primary.pob != "" && !isNotApplicable(primary.pob) {
		e.BirthPlaces = []string{primary.pob}
	}
	for _, c := range splitList(primary.citizenship) {
		if code, ok := sheet.CountryCode(c); ok {
			e.Nationalities = sheet.AppendNew(e.Nationalities, code)
		}
	}
	e.Addresses = parseAddresses(primary.address)
	var remarks []string
	if primary.additional != "" && !isNotApplicable(primary.additional) {
		remarks = append(remarks, sheet.Clean(primary.additional))
	}
	if primary.listing != "" {
		remarks = append(remarks, "Listing information: "+primary.listing)
	}
	e.Remarks = strings.Join(remarks, "\n")
	country := ""
	if len(e.Addresses) > 0 {
		country = e.Addresses[0].Country
		for _, a := range e.Addresses[1:] {
			if a.Country != country {
				country = ""
			}
		}
	}
	if e.Kind == record.Organization {
		e.Country = country
	}
	ids, idWarnings := parseIdentifiers(primary.additional, country, e.Nationalities)
	e.Identifiers = ids
	for _, w := range idWarnings {
		warn("%s", w)
	}
	var programs []string
	for _, r := range group {
		programs = sheet.AppendNew(programs, r.committee)
	}
	des := record.Designation{
		AuthorityID:    AuthorityID,
		TargetRef:      ref,
		Programs:       programs,
		Measures:       []string{"asset-freeze"},
		ListedOn:       primary.controlDate,
		SourceRecordID: ref,
		Sources:        []string{URL},
	}
	return record.Entry{Entity: e, Designations: []record.Designation{des}, Warnings: warnings}, nil
}

func isNotApplicable(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "na", "n/a", "-":
		return true
	}
	return false
}

// itemMarker finds the "a) ", "b) " markers DFAT numbers list items with.
var itemMarker = regexp.MustCompile(`(?:^|\s)\(?[a-z]\)\s*`)

// splitList splits a cell into its items: lines, semicolons and a) b)
// markers.
func splitList(s string) []string {
	s = itemMarker.ReplaceAllString(s, "\n")
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == ';' }) {
		if p := strings.Trim(sheet.Clean(part), " ,."); p != "" && !isNotApplicable(p) {
			out = append(out, p)
		}
	}
	return out
}

// parseAddresses reads the Address cell: one address per line, semicolon
// or a) b) item; the country is the last comma-separated part when it
// names one.
func parseAddresses(s string) []record.Address {
	var out []record.Address
	for _, text := range splitList(s) {
		a := record.Address{Text: text}
		a.Country = sheet.AddressCountry(text)
		out = append(out, a)
	}
	return out
}
