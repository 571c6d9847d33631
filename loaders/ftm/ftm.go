// Package ftm reads FollowTheMoney (FtM) entities, JSON lines as
// OpenSanctions, yente and `armsgraph export --format ftm` write them, into
// one record.Document that goes through the ingest like every other source.
//
// What an FtM file is as a source: a SourceList of kind "ftm" whose id is
// "ftm-" and the first 16 hex digits of the file's SHA-256, so loading the
// same bytes again is the same source and changes nothing, and another
// file is another source. It is never a complete list (it delists
// nothing) and carries no list date. Its authority is not one: each
// Sanction names its own, from its authority (an id or a name of the
// reference data) and country; see Authority. Entities keep their FtM id
// as graph id and designations their Sanction's id, unless an identity key
// joins them to a node already in the graph.
package ftm

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/armsgraph/armsgraph/ftm"
	"github.com/armsgraph/armsgraph/loaders/reference"
	"github.com/armsgraph/armsgraph/record"
)

// Format is the ingest's name of the format.
const Format = "ftm-json"

// SourceKind is the kind of the source an FtM file is.
const SourceKind = "ftm"

// maxLine bounds one line (one entity) of a file.
const maxLine = 16 << 20

// maxProblems bounds how many problems one file reports.
const maxProblems = 50

// Sniff reports whether head, the first bytes of a file, is FtM JSON
// lines: a JSON object whose top-level keys include "schema" (a delta
// line's "op" and "entity" are not).
func Sniff(head []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(bytes.TrimLeft(head, " \t\r\n\ufeff")))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return false
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return false
		}
		if key == "schema" {
			v, err := dec.Token()
			_, isString := v.(string)
			return err == nil && isString
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false
		}
	}
	return false
}

// line is one FtM entity as read, with where it stands.
type line struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Caption    string              `json:"caption"`
	Properties map[string][]string `json:"properties"`
	Referents  []string            `json:"referents"`
	n          int
}

func (l *line) first(prop string) string {
	for _, v := range l.Properties[prop] {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func (l *line) all(props ...string) []string {
	var out []string
	for _, p := range props {
		for _, v := range l.Properties[p] {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// thingKinds are the FtM schemata read as actors, with their kind.
var thingKinds = map[string]record.Kind{
	"Person": record.Person, "Organization": record.Organization, "Company": record.Organization,
	"LegalEntity": record.Organization, "PublicBody": record.Organization,
	"Vessel": record.Vessel, "Airplane": record.Aircraft,
}

// parser holds one file's state.
type parser struct {
	path     string
	ref      *reference.Data
	problems []error
	warnings []record.Warning
	lines    map[string]*line
	order    []*line
	skipped  map[string]int
	// claimed marks, per entity, the identifiers an Identification set.
	claimed map[int]map[int]bool
}

func (p *parser) fail(l *line, field, format string, args ...any) {
	if len(p.problems) < maxProblems {
		p.problems = append(p.problems, fmt.Errorf("%s:%d:%s: %s", p.path, l.n, field, fmt.Sprintf(format, args...)))
	}
}

func (p *parser) warn(l *line, format string, args ...any) {
	p.warnings = append(p.warnings, record.Warning{Location: fmt.Sprintf("%s:%d", p.path, l.n), Message: fmt.Sprintf(format, args...)})
}

// ParseFile reads a whole FtM file into one document. Every problem is
// reported as file:line:field; with any, no document is returned.
func ParseFile(path string, ref *reference.Data) (*record.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sum := sha256.New()
	doc, err := Parse(io.TeeReader(f, sum), path, ref)
	if err != nil {
		return nil, err
	}
	digest := hex.EncodeToString(sum.Sum(nil))
	doc.Source.ID = "ftm-" + digest[:16]
	doc.Source.SHA256 = digest
	return doc, nil
}

// Parse reads FtM lines from r; path names the file in problems. The
// source id is left to the caller (ParseFile derives it from the bytes).
func Parse(r io.Reader, path string, ref *reference.Data) (*record.Document, error) {
	p := &parser{path: path, ref: ref, lines: map[string]*line{}, skipped: map[string]int{}, claimed: map[int]map[int]bool{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	n := 0
	for sc.Scan() {
		n++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		l := &line{n: n}
		if err := json.Unmarshal(raw, l); err != nil {
			p.fail(l, "json", "not an FtM entity: %v", err)
			continue
		}
		switch {
		case l.ID == "":
			p.fail(l, "id", "missing")
		case l.Schema == "":
			p.fail(l, "schema", "missing")
		case p.lines[l.ID] != nil:
			p.fail(l, "id", "%q is also the id of line %d", l.ID, p.lines[l.ID].n)
		default:
			p.lines[l.ID] = l
			p.order = append(p.order, l)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", path, n+1, err)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: empty: no FtM entity", path)
	}
	doc := p.document()
	if len(p.problems) > 0 {
		return nil, errors.Join(p.problems...)
	}
	return doc, nil
}

func (p *parser) document() *record.Document {
	doc := &record.Document{Source: record.Source{
		Kind: SourceKind, Path: p.path, Title: "FollowTheMoney entities from " + filepath.Base(p.path),
	}}
	things := map[string]int{}
	for _, l := range p.order {
		if kind, ok := thingKinds[l.Schema]; ok {
			things[l.ID] = len(doc.Entities)
			doc.Entities = append(doc.Entities, p.entity(l, kind))
		}
	}
	for _, l := range p.order {
		if _, ok := thingKinds[l.Schema]; ok {
			continue
		}
		switch l.Schema {
		case "Sanction":
			if d, ok := p.designation(l, things); ok {
				doc.Designations = append(doc.Designations, d)
			}
		case "Identification", "Passport":
			p.identification(l, doc, things)
		case "Address":
			// read through the addressEntity of the entities that use it
		case "Ownership", "Directorship", "Family", "UnknownLink", "Associate":
			if r, ok := p.relationship(l, things); ok {
				doc.Relationships = append(doc.Relationships, r)
			}
		default:
			p.skipped[l.Schema]++
		}
	}
	schemata := make([]string, 0, len(p.skipped))
	for s := range p.skipped {
		schemata = append(schemata, s)
	}
	sort.Strings(schemata)
	for _, s := range schemata {
		doc.Warnings = append(doc.Warnings, record.Warning{Location: p.path, Message: fmt.Sprintf("%d %s entities: no armsgraph mapping; not loaded", p.skipped[s], s)})
	}
	doc.Warnings = append(doc.Warnings, p.warnings...)
	return doc
}

var (
	datePattern = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?`)
	codePattern = regexp.MustCompile(`^[a-zA-Z]{2}$`)
)

// date is the date part of an FtM date (which may carry a time).
func (p *parser) date(l *line, field, v string) string {
	d := datePattern.FindString(v)
	if d == "" {
		p.fail(l, field, "%q is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", v)
	}
	return d
}

// countries keeps the two-letter codes (FtM's are lower case; armsgraph's
// upper case); FtM's other codes (eu, suhh, zz-…) have no Country node.
func (p *parser) countries(l *line, field string, values []string) []string {
	var out []string
	for _, v := range values {
		if !codePattern.MatchString(v) {
			p.warn(l, "%s %q is not an ISO 3166-1 alpha-2 code; not kept", field, v)
			continue
		}
		c := strings.ToUpper(v)
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func (p *parser) entity(l *line, kind record.Kind) record.Entity {
	e := record.Entity{Ref: l.ID, ID: l.ID, Kind: kind, SourceRecordIDs: dedupe(l.Referents)}
	names := dedupe(l.all("name"))
	switch {
	case len(names) == 0:
		p.fail(l, "name", "a %s needs a name", l.Schema)
	case slices.Contains(names, l.Caption):
		e.Name = l.Caption
	default:
		e.Name = names[0]
	}
	seen := map[string]bool{e.Name: true}
	addAlias := func(name, typ, quality string) {
		if !seen[name] {
			seen[name] = true
			e.Aliases = append(e.Aliases, record.Alias{Name: name, Type: typ, Quality: quality})
		}
	}
	for _, n := range names {
		addAlias(n, "aka", "")
	}
	for _, n := range l.all("alias") {
		addAlias(n, "aka", "")
	}
	for _, n := range l.all("previousName") {
		addAlias(n, "fka", "")
	}
	for _, n := range l.all("weakAlias") {
		addAlias(n, "aka", "weak")
	}
	e.Remarks = strings.Join(l.all("notes"), "\n")
	e.Sources = dedupe(l.all("sourceUrl"))
	for _, a := range dedupe(l.all("address")) {
		e.Addresses = append(e.Addresses, record.Address{Text: a})
	}
	for _, id := range l.all("addressEntity") {
		// FtM files often name addresses they do not carry; the text is
		// then in the address property, read above.
		a, ok := p.lines[id]
		if !ok || a.Schema != "Address" {
			continue
		}
		text := a.first("full")
		if text == "" {
			text = strings.Join(a.all("street", "postalCode", "city", "region"), ", ")
		}
		addr := record.Address{Text: text, City: a.first("city")}
		if cs := p.countries(a, "country", a.all("country")); len(cs) > 0 {
			addr.Country = cs[0]
		}
		if text != "" && !hasAddress(e.Addresses, text) {
			e.Addresses = append(e.Addresses, addr)
		}
	}
	addID := func(typ, value, country string) {
		if value != "" && !hasIdentifier(e.Identifiers, typ, value) {
			e.Identifiers = append(e.Identifiers, record.Identifier{Type: typ, Value: value, Country: country})
		}
	}
	// The Russian codes first: a number that is also a registrationNumber
	// or taxNumber keeps the type and country its code states.
	if kind == record.Person || kind == record.Organization {
		for _, v := range l.all("innCode") {
			addID(record.IDTax, v, "RU") // INN: Russia's taxpayer number
		}
		for _, v := range l.all("ogrnCode") {
			addID(record.IDRegistration, v, "RU") // OGRN: Russia's state registration number
		}
		for _, v := range l.all("taxNumber") {
			addID(record.IDTax, v, "")
		}
	}
	if kind == record.Person {
		for _, d := range l.all("birthDate") {
			if d = p.date(l, "birthDate", d); d != "" && !slices.Contains(e.BirthDates, d) {
				e.BirthDates = append(e.BirthDates, d)
			}
		}
		e.BirthPlaces = dedupe(l.all("birthPlace"))
		e.Gender = strings.ToLower(l.first("gender"))
		e.Title = l.first("title")
		e.Nationalities = p.countries(l, "nationality", l.all("nationality", "citizenship"))
		for _, v := range l.all("passportNumber") {
			addID(record.IDPassport, v, "")
		}
		for _, v := range l.all("idNumber") {
			addID(record.IDNationalID, v, "")
		}
	} else {
		if cs := p.countries(l, "country", l.all("jurisdiction", "country", "mainCountry")); len(cs) > 0 {
			e.Country = cs[0]
		}
	}
	switch kind {
	case record.Organization:
		for _, v := range l.all("imoNumber") {
			digits := strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(v), "IMO"))
			if !record.ValidCompanyIMO(digits) {
				p.fail(l, "imoNumber", "%q is not an IMO company number (seven digits, check digit)", v)
				continue
			}
			addID(record.IDCompanyIMO, digits, "")
		}
		for _, v := range l.all("registrationNumber") {
			addID(record.IDRegistration, v, "")
		}
		for _, v := range l.all("idNumber") {
			addID("id-number", v, "")
		}
		for _, v := range l.all("swiftBic") {
			addID("swift-bic", v, "")
		}
	case record.Vessel:
		if v := l.first("imoNumber"); v != "" {
			digits := strings.TrimSpace(strings.TrimPrefix(strings.ToUpper(v), "IMO"))
			if record.ValidIMO(digits) {
				e.IMONumber = digits
			} else {
				p.fail(l, "imoNumber", "%q is not a ship IMO number (seven digits, check digit)", v)
			}
		}
		e.MMSI, e.CallSign, e.VesselType = l.first("mmsi"), l.first("callSign"), l.first("type")
		e.Tonnage, e.GrossTonnage = l.first("tonnage"), l.first("grossRegisteredTonnage")
		if d := l.first("buildDate"); d != "" {
			if d = p.date(l, "buildDate", d); len(d) >= 4 {
				fmt.Sscan(d[:4], &e.BuildYear)
			}
		}
		for _, c := range p.countries(l, "flag", l.all("flag")) {
			e.Flags = append(e.Flags, record.Flag{Country: c})
		}
		for _, v := range l.all("registrationNumber", "idNumber") {
			addID("vessel-registration", v, "")
		}
	case record.Aircraft:
		e.AircraftModel, e.TailNumber, e.ManufacturerSerial = l.first("model"), l.first("registrationNumber"), l.first("serialNumber")
		for _, v := range l.all("idNumber") {
			addID("id-number", v, "")
		}
	}
	return e
}

// identification gives its holder's identifier of that number its type
// and issuing country, or adds it.
func (p *parser) identification(l *line, doc *record.Document, things map[string]int) {
	holder, number := l.first("holder"), l.first("number")
	i, ok := things[holder]
	if !ok {
		p.warn(l, "%s %s: holder %q is not an entity of the file; not kept", l.Schema, l.ID, holder)
		return
	}
	if number == "" {
		return // FtM Passports without a number say nothing we keep
	}
	typ := strings.ToLower(l.first("type"))
	if typ == "" || l.Schema == "Passport" {
		typ = record.IDPassport
		if l.Schema != "Passport" {
			typ = "id-number"
		}
	}
	var country string
	if cs := p.countries(l, "country", l.all("country")); len(cs) > 0 {
		country = cs[0]
	}
	// It claims the flat identifier of its number, of its type if there is
	// one, else of the type its property suggested; one number may stand
	// for two identifiers (a Cedula and a passport of one number).
	e := &doc.Entities[i]
	if p.claimed[i] == nil {
		p.claimed[i] = map[int]bool{}
	}
	j := -1
	for k, id := range e.Identifiers {
		if !p.claimed[i][k] && id.Value == number && (id.Type == typ || j < 0) {
			j = k
		}
	}
	if j < 0 {
		j = len(e.Identifiers)
		e.Identifiers = append(e.Identifiers, record.Identifier{})
	}
	e.Identifiers[j] = record.Identifier{Type: typ, Value: number, Country: country}
	p.claimed[i][j] = true
}

func (p *parser) designation(l *line, things map[string]int) (record.Designation, bool) {
	target := l.first("entity")
	if _, ok := things[target]; !ok {
		p.warn(l, "Sanction %s: entity %q is not an actor of the file; not kept", l.ID, target)
		return record.Designation{}, false
	}
	authority := Authority(p.ref, l.all("authority"), l.all("country"))
	if authority == "" {
		p.fail(l, "authority", "a Sanction needs an authority or a country")
	}
	programs := dedupe(l.all("program"))
	if len(programs) == 0 {
		programs = dedupe(l.all("programId"))
	}
	d := record.Designation{
		ID: l.ID, AuthorityID: authority, TargetRef: target, Programs: programs,
		Measures: dedupe(l.all("provisions")), Reason: strings.Join(l.all("reason"), "\n"),
		SourceRecordID: l.first("authorityId"), Sources: dedupe(l.all("sourceUrl")),
	}
	// armsgraph's record ids are <authority>:<id> (us-ofac:46773), so a
	// listing joins the same listing loaded from the authority's own list
	if d.SourceRecordID != "" && authority != "" && !strings.Contains(d.SourceRecordID, ":") {
		d.SourceRecordID = authority + ":" + d.SourceRecordID
	}
	if v := l.first("startDate"); v != "" {
		d.ListedOn = p.date(l, "startDate", v)
	} else if v := l.first("listingDate"); v != "" {
		d.ListedOn = p.date(l, "listingDate", v)
	}
	if v := l.first("endDate"); v != "" {
		d.DelistedOn = p.date(l, "endDate", v)
	}
	return d, true
}

// Authority is the authority id of a Sanction: the reference authority
// whose id or name is one of names, or whose name contains one of them
// and whose country is one of countries ("Office of Foreign Assets
// Control", us: us-ofac); else the country and the first name as an id
// ("OFAC", us: us-ofac; "Ministry of Foreign Affairs and Trade", nz:
// nz-ministry-of-foreign-affairs-and-trade), which has no Authority node
// unless the reference data gains one; "" when there is neither.
func Authority(ref *reference.Data, names, countries []string) string {
	norm := func(s string) string {
		s = strings.ToLower(strings.ReplaceAll(s, "&", "and"))
		return strings.Join(strings.Fields(s), " ")
	}
	for _, n := range names {
		for _, a := range ref.Authorities {
			if a.ID == n || norm(a.Name) == norm(n) {
				return a.ID
			}
		}
	}
	for _, n := range names {
		for _, a := range ref.Authorities {
			if a.Country != "" && containsFold(countries, a.Country) && strings.Contains(norm(a.Name), norm(n)) {
				return a.ID
			}
		}
	}
	country := ""
	if len(countries) > 0 {
		country = strings.ToLower(countries[0])
	}
	switch {
	case len(names) > 0 && country != "":
		return ftm.Slug(country + "-" + names[0])
	case len(names) > 0:
		return ftm.Slug(names[0])
	case country != "":
		return country + "-authority"
	}
	return ""
}

// relationship maps an FtM interval entity to a relationship between two
// actors of the file.
func (p *parser) relationship(l *line, things map[string]int) (record.Relationship, bool) {
	var r record.Relationship
	var from, to string
	roles := dedupe(l.all("role"))
	switch l.Schema {
	case "Ownership":
		r.Type, from, to = record.Owns, l.first("owner"), l.first("asset")
	case "Directorship":
		r.Type, from, to = record.Directs, l.first("director"), l.first("organization")
	case "Family":
		r.Type, from, to = record.FamilyOf, l.first("person"), l.first("relative")
		roles = dedupe(l.all("relationship"))
	case "Associate":
		r.Type, from, to = record.LinkedTo, l.first("person"), l.first("associate")
		roles = dedupe(l.all("relationship"))
	case "UnknownLink":
		r.Type, from, to = record.LinkedTo, l.first("subject"), l.first("object")
		var rest []string
		for _, role := range roles {
			switch role {
			case ftm.RoleOperator:
				r.Type = record.Operates
			case ftm.RoleManager:
				r.Type = record.Manages
			default:
				rest = append(rest, role)
			}
		}
		roles = rest
	}
	for _, end := range []string{from, to} {
		if _, ok := things[end]; !ok {
			p.warn(l, "%s %s: %q is not an actor of the file; not linked", l.Schema, l.ID, end)
			return r, false
		}
	}
	r.FromRef, r.ToRef, r.Role = from, to, strings.Join(roles, "; ")
	if v := l.first("startDate"); v != "" {
		r.Since = p.date(l, "startDate", v)
	}
	if v := l.first("endDate"); v != "" {
		r.Until = p.date(l, "endDate", v)
	}
	r.Sources = dedupe(l.all("sourceUrl"))
	return r, true
}

func dedupe(values []string) []string {
	var out []string
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func hasAddress(list []record.Address, text string) bool {
	for _, a := range list {
		if a.Text == text {
			return true
		}
	}
	return false
}

func hasIdentifier(list []record.Identifier, typ, value string) bool {
	for _, id := range list {
		if id.Type == typ && id.Value == value {
			return true
		}
	}
	return false
}
