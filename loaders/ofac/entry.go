package ofac

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/armsgraph/armsgraph/identity"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

// listing is one list record as either layout states it, already split
// into facts, before it is mapped to a record.Entry.
type listing struct {
	uid      string
	location string // path:line of the record
	kind     record.Kind
	name     string
	title    string
	programs []string

	callSign, vesselType, tonnage, grossTonnage, vesselFlag, vesselOwner string

	facts     []fact
	addresses []record.Address
	remarks   string
	warnings  []record.Warning
}

// buildEntry maps a listing to its entity, its one OFAC designation and
// the links it states. A fact whose value does not check out (a date, a
// country, an IMO number) becomes a warning; its text stays in the
// remarks.
func buildEntry(l listing) record.Entry {
	ref := AuthorityID + ":" + l.uid
	b := &builder{
		location: l.location,
		entity: record.Entity{
			Ref:             ref,
			Kind:            l.kind,
			Name:            l.name,
			SourceRecordIDs: []string{ref},
			Title:           l.title,
			Remarks:         l.remarks,
			CallSign:        l.callSign,
			VesselType:      l.vesselType,
			Tonnage:         l.tonnage,
			GrossTonnage:    l.grossTonnage,
			Addresses:       l.addresses,
		},
		designation: record.Designation{
			AuthorityID:    AuthorityID,
			TargetRef:      ref,
			Programs:       l.programs,
			SourceRecordID: ref,
		},
		warnings: l.warnings,
	}
	if l.vesselFlag != "" {
		b.addFlag(l.vesselFlag)
	}
	for _, f := range l.facts {
		b.apply(f)
	}
	b.entity.Aliases = append(b.strong, b.weak...)
	if l.vesselOwner != "" {
		b.link(l.vesselOwner, "owner")
	}
	return record.Entry{
		Entity:        b.entity,
		Designations:  []record.Designation{b.designation},
		Relationships: b.relationships,
		Warnings:      b.warnings,
	}
}

type builder struct {
	location      string
	entity        record.Entity
	designation   record.Designation
	relationships []record.Relationship
	strong, weak  []record.Alias
	warnings      []record.Warning
}

func (b *builder) warn(format string, args ...any) {
	b.warnings = append(b.warnings, record.Warning{Location: b.location, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) apply(f fact) {
	e := &b.entity
	for _, m := range measureLabels {
		if f.label == m {
			b.designation.Measures = append(b.designation.Measures, m+" "+f.value)
			return
		}
	}
	if idType, ok := identifierLabels[f.label]; ok {
		b.identifier(idType, f)
		return
	}
	switch f.label {
	case labelAKA, labelFKA, labelNKA:
		b.alias(f)
	case labelLinkedTo:
		if !b.linked(f.value) {
			b.relationships = append(b.relationships, record.Relationship{Type: record.LinkedTo, FromRef: e.Ref, ToName: f.value})
		}
	case labelDOB, labelEstablished:
		dates, ok := parseBirthDates(f.value)
		if !ok {
			b.warn("%s %q is not a date OFAC writes (DD Mon YYYY, Mon YYYY, YYYY, circa, a range)", f.label, f.value)
			return
		}
		e.BirthDates = appendNew(e.BirthDates, dates...)
	case labelPOB:
		e.BirthPlaces = appendNew(e.BirthPlaces, f.value)
	case labelNationality, labelCitizen:
		if code, ok := countryCode(f.value); ok {
			e.Nationalities = appendNew(e.Nationalities, code)
		} else {
			b.warn("%s %q is not a known country", f.label, f.value)
		}
	case labelGender:
		e.Gender = f.value
	case labelRegistrationState:
		if code, ok := countryCode(f.value); ok {
			e.Country = code
		} else {
			b.warn("%s %q is not a known country", f.label, f.value)
		}
	case labelVesselReg:
		b.vesselRegistration(f)
	case labelMMSI:
		if e.MMSI == "" {
			e.MMSI = f.value
		}
	case labelBuildYear:
		if y, ok := parseYear(f.value); ok {
			e.BuildYear = y
		} else {
			b.warn("%s %q is not a year", f.label, f.value)
		}
	case labelAircraftBuilt:
		if d, ok := parseDate(f.value); ok {
			e.BuildYear = d.year
		} else {
			b.warn("%s %q is not a date", f.label, f.value)
		}
	case labelFormerFlag:
		b.addFlag(f.value)
	case labelAircraftModel:
		e.AircraftModel = f.value
	case labelTailNumber:
		e.TailNumber = f.value
	case labelPreviousTail:
		e.Identifiers = append(e.Identifiers, record.Identifier{Type: "previous-tail-number", Value: f.value, Note: f.label})
	case labelAircraftMSN:
		e.ManufacturerSerial = f.value
	case labelConstructionNo:
		e.Identifiers = append(e.Identifiers, record.Identifier{Type: "aircraft-construction-number", Value: f.value, Note: f.label})
		// The construction number identifies the airframe when no MSN is given.
		if e.ManufacturerSerial == "" {
			e.ManufacturerSerial = f.value
		}
	case labelAircraftOperator:
		b.link(f.value, "operator")
	}
}

// link records a named counterpart. OFAC does not say which of owner,
// operator or manager a "Linked To" is, so an explicit role is added to
// the matching Linked To when there is one, else it is a new link.
func (b *builder) link(name, role string) {
	key := identity.NameKey(name)
	for i, r := range b.relationships {
		if r.Role == "" && identity.NameKey(r.ToName) == key {
			b.relationships[i].Role = role
			return
		}
	}
	b.relationships = append(b.relationships, record.Relationship{Type: record.LinkedTo, FromRef: b.entity.Ref, ToName: name, Role: role})
}

// linked reports whether a link to name is already recorded, perhaps
// with a role.
func (b *builder) linked(name string) bool {
	key := identity.NameKey(name)
	for _, r := range b.relationships {
		if identity.NameKey(r.ToName) == key {
			return true
		}
	}
	return false
}

func (b *builder) alias(f fact) {
	a := record.Alias{Name: f.value, Type: strings.ReplaceAll(strings.TrimSuffix(f.label, "."), ".", ""), Quality: "strong"}
	if f.weak {
		a.Quality = "weak"
	}
	for _, list := range [][]record.Alias{b.strong, b.weak} {
		for _, have := range list {
			if have.Name == a.Name && have.Type == a.Type {
				return
			}
		}
	}
	if f.weak {
		b.weak = append(b.weak, a)
	} else {
		b.strong = append(b.strong, a)
	}
}

func (b *builder) addFlag(country string) {
	if country == "None Identified" {
		return
	}
	code, ok := countryCode(country)
	if !ok {
		b.warn("vessel flag %q is not a known country", country)
		return
	}
	for _, f := range b.entity.Flags {
		if f.Country == code {
			return
		}
	}
	b.entity.Flags = append(b.entity.Flags, record.Flag{Country: code})
}

// identifier maps a document number. "Identification Number IMO 6246853"
// and "Company Number IMO ..." are IMO company numbers, checked before
// they become identity keys.
func (b *builder) identifier(idType string, f fact) {
	if imo, ok := strings.CutPrefix(f.value, "IMO "); ok && (f.label == labelIdentification || f.label == labelCompanyNumber) {
		imo = strings.TrimSpace(imo)
		if !record.ValidCompanyIMO(imo) {
			b.warn("%s IMO %q fails the IMO company number check; not used as an identifier", f.label, imo)
			return
		}
		b.entity.Identifiers = append(b.entity.Identifiers, record.Identifier{Type: record.IDCompanyIMO, Value: imo, Note: f.label})
		return
	}
	if f.label == labelIdentification {
		idType = record.IDRegistration
		if b.entity.Kind == record.Person {
			idType = record.IDNationalID
		}
	}
	id := record.Identifier{Type: idType, Value: f.value, Note: f.label}
	if f.country != "" {
		if code, ok := countryCode(f.country); ok {
			id.Country = code
		} else {
			b.warn("%s %s: issuing country %q is not a known country", f.label, f.value, f.country)
		}
	}
	if f.issued != "" {
		id.Note += "; issued " + dateOrText(f.issued)
	}
	if f.expires != "" {
		id.Note += "; expires " + dateOrText(f.expires)
	}
	b.entity.Identifiers = append(b.entity.Identifiers, id)
}

// vesselRegistration maps "Vessel Registration Identification IMO
// 9179842" to the hull's IMO number when the check digit holds; any other
// registration is an identifier.
func (b *builder) vesselRegistration(f fact) {
	imo, isIMO := strings.CutPrefix(f.value, "IMO")
	// Some records give the bare seven digits.
	if !isIMO && f.country == "" && record.ValidIMO(f.value) {
		imo, isIMO = f.value, true
	}
	if !isIMO {
		id := record.Identifier{Type: "vessel-registration", Value: f.value, Note: f.label}
		if code, ok := countryCode(f.country); ok {
			id.Country = code
		}
		b.entity.Identifiers = append(b.entity.Identifiers, id)
		return
	}
	imo = strings.TrimSpace(imo)
	switch {
	case b.entity.Kind != record.Vessel:
		b.warn("%s IMO %s on an entry of kind %s; not used as an IMO number", f.label, imo, b.entity.Kind)
	case !record.ValidIMO(imo):
		b.warn("%s IMO %q fails the IMO check digit; not used as the IMO number", f.label, imo)
	case b.entity.IMONumber == "":
		b.entity.IMONumber = imo
	case b.entity.IMONumber != imo:
		b.warn("%s IMO %s: a second IMO number; %s kept", f.label, imo, b.entity.IMONumber)
	}
}

func dateOrText(s string) string {
	if d, ok := normalizeDate(s); ok {
		return d
	}
	return s
}

func appendNew(list []string, values ...string) []string {
next:
	for _, v := range values {
		for _, have := range list {
			if have == v {
				continue next
			}
		}
		list = append(list, v)
	}
	return list
}

// countryCache holds country lookups: a list repeats a few hundred country
// names thousands of times. It stops growing at maxCachedCountries so that
// hostile input cannot fill memory.
var countryCache = struct {
	sync.Mutex
	codes map[string]countryLookup
}{codes: make(map[string]countryLookup)}

const maxCachedCountries = 4096

// ofacCountrySpellings are OFAC's names for countries that the reference
// data knows under another name.
var ofacCountrySpellings = map[string]string{
	"North Macedonia, The Republic of": "North Macedonia",
	"St. Kitts & Nevis":                "Saint Kitts and Nevis",
}

type countryLookup struct {
	code string
	ok   bool
}

func countryCode(name string) (string, bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	countryCache.Lock()
	defer countryCache.Unlock()
	if c, ok := countryCache.codes[name]; ok {
		return c.code, c.ok
	}
	lookup := name
	if spelled, ok := ofacCountrySpellings[name]; ok {
		lookup = spelled
	}
	code, ok := reference.Default().CountryCode(lookup)
	if len(countryCache.codes) < maxCachedCountries {
		countryCache.codes[name] = countryLookup{code, ok}
	}
	return code, ok
}

// parseUID checks an ent_num/uid: a positive integer.
func parseUID(s string) (string, bool) {
	n, err := strconv.ParseUint(s, 10, 63)
	if err != nil || n == 0 {
		return "", false
	}
	return strconv.FormatUint(n, 10), true
}
