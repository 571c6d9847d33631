package neo4jdb

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// Exported is one entity of the graph as an export writes it: the entity
// (ID its graph id), the designations that target it (ID the designation
// id, TargetRef the entity id, DelistedOn the end of its last closed
// in-force period) and its relationships to other actors (FromRef and
// ToRef graph ids).
type Exported struct {
	Entity        record.Entity
	Designations  []record.Designation
	Relationships []record.Relationship
}

// ExportPageSize is how many entities one read of an export returns:
// memory stays bounded by a page, whatever the size of the graph.
const ExportPageSize = 500

// exportPageCypher reads one page of entities after a given id (keyset
// paging on the Entity(id) index), with their countries, designations and
// outgoing links to other actors.
var exportPageCypher = `
MATCH (e:Entity) USING INDEX e:Entity(id)
WHERE e.id > $after
WITH e ORDER BY e.id LIMIT $limit
RETURN e {.*} AS entity,
  COLLECT { MATCH (e)-[:NATIONAL_OF]->(c:Country) RETURN c.code } AS nationalities,
  COLLECT { MATCH (e)-[:REGISTERED_IN]->(c:Country) RETURN c.code } AS registeredIn,
  COLLECT { MATCH (e)-[f:FLAGGED]->(c:Country) RETURN {country: c.code, since: f.since, until: f.until} } AS flags,
  COLLECT { MATCH (d:Designation)-[:TARGETS]->(e) RETURN d {.*} } AS designations,
  COLLECT { MATCH (e)-[r:` + strings.Join(record.ActorRelationshipTypes, "|") + `]->(o:Entity)
            RETURN {type: type(r), to: o.id, since: r.since, until: r.until, role: r.role, urls: r.sourceUrls} } AS links
ORDER BY e.id`

// ExportPageStatement reads the limit entities after id after ("" for the
// first page), as Export does.
func ExportPageStatement(after string, limit int) Statement {
	return Statement{Cypher: exportPageCypher, Params: map[string]any{"after": after, "limit": int64(limit)}}
}

// exportAuthoritiesCypher reads the authorities, for the names and
// countries an export writes on each sanction.
const exportAuthoritiesCypher = `
MATCH (a:Authority)
OPTIONAL MATCH (a)-[:OF_COUNTRY]->(c:Country)
RETURN a.id AS id, coalesce(a.name, a.id) AS name, c.code AS country
ORDER BY id
LIMIT 10000`

// ExportAuthority is an authority's name and country (alpha-2, "" if none).
type ExportAuthority struct {
	ID, Name, Country string
}

// ExportAuthorities returns every authority of the graph, by id.
func (s *Store) ExportAuthorities(ctx context.Context) ([]ExportAuthority, error) {
	recs, err := s.collect(ctx, Statement{Cypher: exportAuthoritiesCypher})
	if err != nil {
		return nil, err
	}
	out := make([]ExportAuthority, 0, len(recs))
	for _, r := range recs {
		m := r.AsMap()
		out = append(out, ExportAuthority{ID: str(m, "id"), Name: str(m, "name"), Country: str(m, "country")})
	}
	return out, nil
}

// Export calls each for every entity of the graph in id order, reading
// pageSize entities per read transaction. Each page is consistent in
// itself; a load running meanwhile may show in later pages only.
func (s *Store) Export(ctx context.Context, pageSize int, each func(Exported) error) error {
	if pageSize <= 0 {
		pageSize = ExportPageSize
	}
	after := ""
	for {
		recs, err := s.collect(ctx, ExportPageStatement(after, pageSize))
		if err != nil {
			return err
		}
		for _, r := range recs {
			x, err := exportedOf(r.AsMap())
			if err != nil {
				return err
			}
			if err := each(x); err != nil {
				return err
			}
			after = x.Entity.ID
		}
		if len(recs) < pageSize {
			return nil
		}
	}
}

func exportedOf(m map[string]any) (Exported, error) {
	e := mapOf(m["entity"])
	x := record.Entity{
		ID: str(e, "id"), Ref: str(e, "id"), Kind: record.Kind(str(e, "kind")), Name: str(e, "name"),
		SourceRecordIDs: strList(e, "sourceRecordIds"), BirthDates: strList(e, "birthDates"),
		BirthPlaces: strList(e, "birthPlaces"), Gender: str(e, "gender"), Title: str(e, "title"),
		Remarks: str(e, "remarks"), IMONumber: str(e, "imoNumber"), MMSI: str(e, "mmsi"),
		CallSign: str(e, "callSign"), VesselType: str(e, "vesselType"), Tonnage: str(e, "tonnage"),
		GrossTonnage: str(e, "grossTonnage"), AircraftModel: str(e, "aircraftModel"),
		TailNumber: str(e, "tailNumber"), ManufacturerSerial: str(e, "manufacturerSerial"),
		Sources: strList(e, "sourceUrls"),
	}
	if x.Kind.Label() == "" {
		return Exported{}, fmt.Errorf("entity %s: unknown kind %q", x.ID, x.Kind)
	}
	if y := intPtr(e, "buildYear"); y != nil {
		x.BuildYear = *y
	}
	weak := map[string]bool{}
	for _, a := range strList(e, "weakAliases") {
		weak[a] = true
	}
	for _, a := range strList(e, "aliases") {
		alias := record.Alias{Name: a, Type: "aka"}
		if weak[a] {
			alias.Quality = "weak"
		}
		x.Aliases = append(x.Aliases, alias)
	}
	for _, s := range strList(e, "identifiers") {
		x.Identifiers = append(x.Identifiers, parseIdentifierString(s))
	}
	for _, s := range strList(e, "addresses") {
		x.Addresses = append(x.Addresses, record.Address{Text: s})
	}
	nationalities, _ := m["nationalities"].([]any)
	for _, c := range nationalities {
		x.Nationalities = append(x.Nationalities, c.(string))
	}
	sort.Strings(x.Nationalities)
	if registered, _ := m["registeredIn"].([]any); len(registered) > 0 {
		codes := toStrings(registered)
		sort.Strings(codes)
		x.Country = codes[0]
	}
	flags, _ := m["flags"].([]any)
	for _, f := range flags {
		fm := mapOf(f)
		x.Flags = append(x.Flags, record.Flag{Country: str(fm, "country"), Since: str(fm, "since"), Until: str(fm, "until")})
	}
	sort.Slice(x.Flags, func(i, j int) bool { return x.Flags[i].Country < x.Flags[j].Country })
	out := Exported{Entity: x}
	designations, _ := m["designations"].([]any)
	for _, v := range designations {
		d := mapOf(v)
		listed := str(d, "listedOn")
		if listed == "" {
			listed = str(d, "inForceSince")
		}
		out.Designations = append(out.Designations, record.Designation{
			ID: str(d, "id"), AuthorityID: str(d, "authorityId"), TargetRef: x.ID,
			Programs: strList(d, "programs"), Measures: strList(d, "measures"), Reason: str(d, "reason"),
			ListedOn: listed, DelistedOn: str(d, "delistedOn"), SourceRecordID: str(d, "sourceRecordId"),
			Sources: strList(d, "sourceUrls"),
		})
	}
	sort.Slice(out.Designations, func(i, j int) bool { return out.Designations[i].ID < out.Designations[j].ID })
	links, _ := m["links"].([]any)
	for _, v := range links {
		l := mapOf(v)
		out.Relationships = append(out.Relationships, record.Relationship{
			Type: str(l, "type"), FromRef: x.ID, ToRef: str(l, "to"), Role: str(l, "role"),
			Since: str(l, "since"), Until: str(l, "until"), Sources: strList(l, "urls"),
		})
	}
	sort.Slice(out.Relationships, func(i, j int) bool {
		a, b := out.Relationships[i], out.Relationships[j]
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.ToRef < b.ToRef
	})
	return out, nil
}
