// Package ftm maps armsgraph's records to FollowTheMoney (FtM) entities,
// the JSON-lines format of OpenSanctions and Aleph: one mapping for
// `armsgraph export --format ftm` and for the delta lines of `armsgraph
// diff --delta`. It is pure Go: no database, no file format of a list.
// docs/DESIGN.md has the mapping table; loaders/ftm reads it back.
package ftm

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// Entity is one FtM entity as a line of JSON. Properties are lists of
// strings, as FtM has them; encoding/json writes map keys sorted, and
// every list is sorted here, so one graph always gives the same bytes.
type Entity struct {
	ID         string              `json:"id"`
	Schema     string              `json:"schema"`
	Properties map[string][]string `json:"properties"`
	Referents  []string            `json:"referents,omitempty"`
}

// FtM schemata armsgraph writes. Organisations are written as Company:
// our kind does not tell a company from another organisation, and Company
// is both an Organization and an Asset, so it is valid as the asset of an
// Ownership and as the organization of a Directorship.
const (
	SchemaPerson         = "Person"
	SchemaCompany        = "Company"
	SchemaVessel         = "Vessel"
	SchemaAirplane       = "Airplane"
	SchemaSanction       = "Sanction"
	SchemaIdentification = "Identification"
	SchemaPassport       = "Passport"
	SchemaOwnership      = "Ownership"
	SchemaDirectorship   = "Directorship"
	SchemaFamily         = "Family"
	SchemaUnknownLink    = "UnknownLink"
)

// KindSchema is the FtM schema armsgraph writes for a kind.
func KindSchema(k record.Kind) string {
	switch k {
	case record.Person:
		return SchemaPerson
	case record.Vessel:
		return SchemaVessel
	case record.Aircraft:
		return SchemaAirplane
	}
	return SchemaCompany
}

// Roles marking an UnknownLink as one of our relationship types that FtM
// has no interval schema for: a vessel's operator and manager. They are
// not "operator" and "manager", which lists use as the role of a plain
// link (OFAC's aircraft operators are LINKED_TO with role operator).
const (
	RoleOperator = "operates"
	RoleManager  = "manages"
)

// Authority is what the mapping needs to know of an authority.
type Authority struct {
	Name    string
	Country string // alpha-2, "" for the UN and the EU
}

// Mapper maps records to FtM entities; Authorities gives the name and
// country written on each Sanction, by authority id.
type Mapper struct {
	Authorities map[string]Authority
}

// props collects property values, dropping empty ones.
type props map[string][]string

func (p props) add(name string, values ...string) {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			p[name] = append(p[name], v)
		}
	}
}

// sorted sorts and de-duplicates every list.
func (p props) sorted() map[string][]string {
	for k, vs := range p {
		sort.Strings(vs)
		out := vs[:0]
		for i, v := range vs {
			if i == 0 || v != vs[i-1] {
				out = append(out, v)
			}
		}
		p[k] = out
	}
	return p
}

// identifierProperty is the FtM property that carries an identifier of our
// type on an entity of kind: FtM's own where one exists, else idNumber.
func identifierProperty(kind record.Kind, typ string) string {
	switch typ {
	case record.IDPassport:
		if kind == record.Person {
			return "passportNumber"
		}
	case record.IDRegistration:
		return "registrationNumber"
	case record.IDTax:
		if kind == record.Person || kind == record.Organization {
			return "taxNumber"
		}
	case record.IDCompanyIMO:
		if kind == record.Organization {
			return "imoNumber"
		}
	}
	return "idNumber"
}

// Thing maps an entity (its ID already the graph id) to its FtM entity
// and the Identification (or Passport) entities of its identifiers: the
// identifier's own type and issuing country live there, since a flat
// property holds the number only.
func (m Mapper) Thing(e record.Entity) []Entity {
	p := props{}
	p.add("name", e.Name)
	for _, a := range e.Aliases {
		switch {
		case a.Quality == "weak":
			p.add("weakAlias", a.Name)
		case a.Type == "fka" || a.Type == "previous-name":
			p.add("previousName", a.Name)
		default:
			p.add("alias", a.Name)
		}
	}
	p.add("notes", e.Remarks)
	p.add("sourceUrl", e.Sources...)
	for _, a := range e.Addresses {
		p.add("address", addressText(a))
	}
	switch e.Kind {
	case record.Person:
		p.add("birthDate", e.BirthDates...)
		p.add("birthPlace", e.BirthPlaces...)
		p.add("gender", strings.ToLower(e.Gender))
		p.add("title", e.Title)
		p.add("nationality", lowerAll(e.Nationalities)...)
	case record.Vessel:
		p.add("imoNumber", e.IMONumber)
		p.add("mmsi", e.MMSI)
		p.add("callSign", e.CallSign)
		p.add("type", e.VesselType)
		p.add("tonnage", e.Tonnage)
		p.add("grossRegisteredTonnage", e.GrossTonnage)
		if e.BuildYear != 0 {
			p.add("buildDate", strconv.Itoa(e.BuildYear))
		}
		for _, f := range e.Flags {
			p.add("flag", strings.ToLower(f.Country))
		}
		p.add("country", strings.ToLower(e.Country))
	case record.Aircraft:
		p.add("model", e.AircraftModel)
		p.add("registrationNumber", e.TailNumber)
		p.add("serialNumber", e.ManufacturerSerial)
		p.add("country", strings.ToLower(e.Country))
	default:
		p.add("country", strings.ToLower(e.Country))
	}
	out := []Entity{{ID: e.ID, Schema: KindSchema(e.Kind), Referents: sortedCopy(e.SourceRecordIDs)}}
	var ids []Entity
	for _, id := range e.Identifiers {
		p.add(identifierProperty(e.Kind, id.Type), id.Value)
		ip := props{}
		ip.add("holder", e.ID)
		ip.add("number", id.Value)
		ip.add("type", id.Type)
		ip.add("country", strings.ToLower(id.Country))
		schema := SchemaIdentification
		if id.Type == record.IDPassport {
			schema = SchemaPassport
		}
		ids = append(ids, Entity{ID: e.ID + "-id-" + shortHash(id.Type, id.Value, id.Country), Schema: schema, Properties: ip.sorted()})
	}
	out[0].Properties = p.sorted()
	sort.Slice(ids, func(i, j int) bool { return ids[i].ID < ids[j].ID })
	return append(out, dedupe(ids)...)
}

// Sanction maps a designation (its ID the graph's designation id, its
// TargetRef the target's graph id) to an FtM Sanction.
func (m Mapper) Sanction(d record.Designation) Entity {
	p := props{}
	p.add("entity", d.TargetRef)
	if a, ok := m.Authorities[d.AuthorityID]; ok {
		p.add("authority", a.Name)
		p.add("country", strings.ToLower(a.Country))
	} else {
		p.add("authority", d.AuthorityID)
	}
	// FtM's authorityId is the authority's own id of the listing: 46773,
	// not armsgraph's us-ofac:46773
	p.add("authorityId", strings.TrimPrefix(d.SourceRecordID, d.AuthorityID+":"))
	p.add("program", d.Programs...)
	p.add("provisions", d.Measures...)
	p.add("reason", d.Reason)
	p.add("startDate", d.ListedOn)
	p.add("endDate", d.DelistedOn)
	p.add("sourceUrl", d.Sources...)
	return Entity{ID: SanctionID(d.ID), Schema: SchemaSanction, Properties: p.sorted()}
}

// SanctionPrefix begins the FtM id of every Sanction armsgraph writes.
const SanctionPrefix = "sanction-"

// SanctionID is the FtM id of a designation: its graph id made a valid FtM
// id (letters, digits, dots and dashes). A designation loaded from an FtM
// Sanction keeps that entity's id as its graph id, so an id that already
// is one of ours is written as it is: export, load and export again give
// the same id.
func SanctionID(designationID string) string {
	if strings.HasPrefix(designationID, SanctionPrefix) && Slug(designationID) == designationID {
		return designationID
	}
	return SanctionPrefix + Slug(designationID)
}

// Link maps a relationship between two actors (FromRef and ToRef are graph
// ids) to its FtM interval entity.
func (m Mapper) Link(r record.Relationship) Entity {
	p := props{}
	var schema string
	switch r.Type {
	case record.Owns:
		schema = SchemaOwnership
		p.add("owner", r.FromRef)
		p.add("asset", r.ToRef)
		p.add("role", r.Role)
	case record.Directs:
		schema = SchemaDirectorship
		p.add("director", r.FromRef)
		p.add("organization", r.ToRef)
		p.add("role", r.Role)
	case record.FamilyOf:
		schema = SchemaFamily
		p.add("person", r.FromRef)
		p.add("relative", r.ToRef)
		p.add("relationship", r.Role)
	default:
		schema = SchemaUnknownLink
		p.add("subject", r.FromRef)
		p.add("object", r.ToRef)
		p.add("role", r.Role)
		switch r.Type {
		case record.Operates:
			p.add("role", RoleOperator)
		case record.Manages:
			p.add("role", RoleManager)
		}
	}
	p.add("startDate", r.Since)
	p.add("endDate", r.Until)
	p.add("sourceUrl", r.Sources...)
	return Entity{ID: "link-" + shortHash(r.Type, r.FromRef, r.ToRef), Schema: schema, Properties: p.sorted()}
}

// Entry maps one list entry, as a parser gives it, to its FtM entities:
// the thing, its identifications and its sanctions. id is the FtM id of
// the thing. Relationships that name their other side only by name, as
// lists do, have no FtM entity and are left out.
func (m Mapper) Entry(id string, e record.Entry) []Entity {
	x := e.Entity
	x.ID = id
	out := m.Thing(x)
	for i, d := range e.Designations {
		d.TargetRef = id
		if d.ID == "" {
			d.ID = designationKey(d, id, i)
		}
		out = append(out, m.Sanction(d))
	}
	return out
}

// designationKey names a list entry's designation as the ingest would
// when the list gives a record id, else by the entry and its position.
func designationKey(d record.Designation, id string, i int) string {
	if d.SourceRecordID != "" {
		if strings.HasPrefix(d.SourceRecordID, d.AuthorityID+":") {
			return d.SourceRecordID
		}
		return d.AuthorityID + ":" + d.SourceRecordID
	}
	return id + "-" + strconv.Itoa(i+1)
}

// RecordID is the FtM id of a list record id ("us-ofac:46773" is
// us-ofac-46773), as the delta lines of a diff name entities.
func RecordID(ref string) string { return Slug(ref) }

// Slug lowercases s and turns every run of characters FtM ids do not
// allow into one dash.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-.")
}

func shortHash(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:8])
}

func addressText(a record.Address) string {
	parts := []string{a.Text}
	if a.City != "" && !strings.Contains(a.Text, a.City) {
		parts = append(parts, a.City)
	}
	if a.Country != "" {
		parts = append(parts, a.Country)
	}
	var out []string
	for _, s := range parts {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

func sortedCopy(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

func dedupe(es []Entity) []Entity {
	out := es[:0]
	for i, e := range es {
		if i == 0 || e.ID != es[i-1].ID {
			out = append(out, e)
		}
	}
	return out
}
