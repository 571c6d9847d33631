// Package announcement reads announcement files: the YAML files in which
// data maintainers write down a sanctions announcement (who designated
// whom, when, citing what). It parses and validates one file into a
// record.Document, reporting every problem of a bad file at once with its
// line and column. The format is documented in FORMAT.md and published as
// a JSON Schema in schema/announcement.schema.json.
package announcement

//go:generate go run ./internal/genschema ../../schema/announcement.schema.json

import (
	"os"

	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

// Parse parses and validates one announcement file. path is used in
// problems and kept as the document's Source.Path. A nil ref means
// reference.Default(). A rejected file yields a *ValidationError holding
// every problem found.
func Parse(path string, data []byte, ref *reference.Data) (*record.Document, error) {
	if ref == nil {
		ref = reference.Default()
	}
	d := newDecoder(path, ref)
	file := d.decodeFile(data)
	if file != nil {
		d.validate(file)
	}
	if len(d.problems) > 0 {
		return nil, &ValidationError{Path: path, Problems: sortProblems(d.problems)}
	}
	return toDocument(path, file), nil
}

// ParseFile reads and parses the announcement file at path.
func ParseFile(path string, ref *reference.Data) (*record.Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data, ref)
}

func toDocument(path string, f *File) *record.Document {
	a := f.Announcement
	doc := &record.Document{
		Source: record.Source{
			ID:          string(a.ID),
			Kind:        record.SourceAnnouncement,
			Path:        path,
			AuthorityID: string(a.Authority),
			Title:       a.Title,
			Publisher:   a.Publisher,
			URL:         string(a.URL),
			PublishedOn: string(a.PublishedOn),
			Language:    string(a.Language),
			Stated:      statedCounts(a.Stated),
			Sources:     urls(a.Sources),
		},
	}
	for _, e := range f.Entities {
		doc.Entities = append(doc.Entities, toEntity(e))
	}
	for _, des := range f.Designations {
		doc.Designations = append(doc.Designations, toDesignation(des, a))
	}
	for _, rel := range f.Relationships {
		doc.Relationships = append(doc.Relationships, record.Relationship{
			Type:    recordRelationshipTypes[rel.Type],
			FromRef: string(rel.From),
			ToRef:   string(rel.To),
			Role:    rel.Role,
			Since:   string(rel.Since),
			Until:   string(rel.Until),
			Sources: urls(rel.Sources),
		})
	}
	for _, p := range f.Ports {
		doc.Ports = append(doc.Ports, record.Port{ID: string(p.ID), Name: p.Name, Country: string(p.Country)})
	}
	for _, t := range f.Transfers {
		tr := record.Transfer{
			ID:          string(t.ID),
			VesselRef:   string(t.Vessel),
			FromPortID:  string(t.From),
			ToPortID:    string(t.To),
			FromDate:    string(t.FromDate),
			ToDate:      string(t.ToDate),
			Cargo:       t.Cargo,
			Description: t.Description,
			Sources:     urls(t.Sources),
		}
		for _, p := range t.Parties {
			tr.Parties = append(tr.Parties, record.Party{Ref: string(p.Entity), Role: p.Role})
		}
		doc.Transfers = append(doc.Transfers, tr)
	}
	return doc
}

// statedCounts fills the total with the sum of the parts when the file
// leaves it out.
func statedCounts(s *Stated) *record.StatedCounts {
	if s == nil {
		return nil
	}
	counts := &record.StatedCounts{
		Persons:       valueOr0(s.Persons),
		Organizations: valueOr0(s.Organizations),
		Vessels:       valueOr0(s.Vessels),
	}
	counts.Total = counts.Persons + counts.Organizations + counts.Vessels
	if s.Total != nil {
		counts.Total = *s.Total
	}
	return counts
}

func valueOr0(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

func toEntity(e Entity) record.Entity {
	out := record.Entity{
		Ref:                string(e.ID),
		ID:                 string(e.ID),
		Kind:               recordKinds[e.Kind],
		Name:               e.Name,
		Gender:             string(e.Gender),
		Country:            string(e.Country),
		Title:              e.Title,
		Remarks:            e.Remarks,
		IMONumber:          string(e.IMONumber),
		MMSI:               string(e.MMSI),
		CallSign:           e.CallSign,
		VesselType:         e.VesselType,
		GrossTonnage:       e.GrossTonnage,
		BuildYear:          e.BuildYear,
		AircraftModel:      e.AircraftModel,
		TailNumber:         e.TailNumber,
		ManufacturerSerial: e.ManufacturerSerial,
		Sources:            urls(e.Sources),
	}
	for _, a := range e.Aliases {
		out.Aliases = append(out.Aliases, record.Alias{Name: a.Name, Type: string(a.Type), Quality: string(a.Quality)})
	}
	for _, s := range e.SourceRecordIDs {
		out.SourceRecordIDs = append(out.SourceRecordIDs, string(s))
	}
	if e.BirthDate != "" {
		out.BirthDates = append(out.BirthDates, string(e.BirthDate))
	}
	for _, b := range e.BirthDates {
		out.BirthDates = appendNew(out.BirthDates, string(b))
	}
	if e.BirthPlace != "" {
		out.BirthPlaces = []string{e.BirthPlace}
	}
	for _, n := range e.Nationality {
		out.Nationalities = append(out.Nationalities, string(n))
	}
	for _, id := range e.Identifiers {
		out.Identifiers = append(out.Identifiers, record.Identifier{
			Type: string(id.Type), Value: id.Value, Country: string(id.Country), Note: id.Note,
		})
	}
	for _, ad := range e.Addresses {
		out.Addresses = append(out.Addresses, record.Address{Text: ad.Text, City: ad.City, Country: string(ad.Country)})
	}
	for _, fl := range e.Flags {
		out.Flags = append(out.Flags, record.Flag{Country: string(fl.Country), Since: string(fl.Since), Until: string(fl.Until)})
	}
	return out
}

// toDesignation maps one designation; listedOn defaults to the
// announcement's date.
func toDesignation(des Designation, a Announcement) record.Designation {
	out := record.Designation{
		AuthorityID:    string(a.Authority),
		TargetRef:      string(des.Target),
		Reason:         des.Reason,
		ListedOn:       string(des.ListedOn),
		DelistedOn:     string(des.DelistedOn),
		SourceRecordID: des.SourceRecordID,
		Sources:        urls(des.Sources),
	}
	if out.ListedOn == "" {
		out.ListedOn = string(a.PublishedOn)
	}
	if des.Program != "" {
		out.Programs = []string{des.Program}
	}
	for _, m := range des.Measures {
		out.Measures = append(out.Measures, string(m))
	}
	for _, r := range des.Resolutions {
		out.Resolutions = append(out.Resolutions, int(r))
	}
	return out
}

func urls(list []URL) []string {
	var out []string
	for _, u := range list {
		out = appendNew(out, string(u))
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, have := range list {
		if have == s {
			return list
		}
	}
	return append(list, s)
}
