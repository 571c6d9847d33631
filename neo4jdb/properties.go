package neo4jdb

import (
	"slices"
	"strings"
)

// Reading a node whole (properties(n)) costs a db hit per property and a
// decode per value, including what the request never shows: a designation's
// listing events, an entity's remarks. A page may name the properties its
// request needs instead.

// Properties names the properties a read returns of an entity or a
// designation, beyond those every read returns; nil reads them all.
type Properties []string

// Always read: entities need their id, kind (the GraphQL type) and name (the
// order and the cursor); designations their id, authority and listed date
// (the order). A designation's in-force periods are read when a field asks
// (InForceProperties): they were a tenth of Neo4j's work on a page of 50
// vessels that never asked.
var (
	entityAlways      = []string{"id", "kind", "name"}
	designationAlways = []string{"id", "authorityId", "listedOn"}
	pathNodeAlways    = []string{"id", "kind", "name", "cargo", "fromDate"}
)

// InForceProperties are the properties of a designation that say when it
// is in force (Designation.InForce).
var InForceProperties = []string{"inForceFrom", "inForceUntil"}

// decodedProperties are the properties entityOf and designationOf read: a
// projection may name only these.
var decodedProperties = map[string]bool{
	"id": true, "kind": true, "name": true, "aliases": true, "weakAliases": true, "sourceRecordIds": true,
	"sourceUrls": true, "gender": true, "title": true, "birthDates": true, "birthPlaces": true,
	"identifiers": true, "addresses": true, "remarks": true, "imoNumber": true, "mmsi": true,
	"callSign": true, "vesselType": true, "tonnage": true, "grossTonnage": true, "buildYear": true,
	"aircraftModel": true, "tailNumber": true, "manufacturerSerial": true,
	"authorityId": true, "listedOn": true, "delistedOn": true, "program": true, "programs": true,
	"measures": true, "reason": true, "sourceRecordId": true, "sourceKind": true, "sources": true,
	"inForceFrom": true, "inForceUntil": true, "inForceSince": true, "inForceSinceEvidence": true,
	"inForceSinceSource": true,
}

// entity is the Cypher expression reading entity variable v as a map.
func (p Properties) entity(v string) string { return p.of(v, entityAlways) }

// designation is the Cypher expression reading designation variable v as a
// map.
func (p Properties) designation(v string) string { return p.of(v, designationAlways) }

// pathNode projects node variable v of a path, an entity or a transfer
// (whose caption is its cargo and date).
func (p Properties) pathNode(v string) string { return p.of(v, pathNodeAlways) }

// of is a map projection of the named properties and those always read, or
// properties(v) when p is nil or names a property no decoder reads (the
// names come from code, never from a request).
func (p Properties) of(v string, always []string) string {
	names, all := p.names(always)
	if all {
		return "properties(" + v + ")"
	}
	return v + " {." + strings.Join(names, ", .") + "}"
}

// designationWith reads designation variable v as designation does, with
// the entries of extra ("key: expression") added to the map. Read with its
// designation, a value costs Neo4j less than wrapped in a map of its own.
func (p Properties) designationWith(v, extra string) string {
	names, all := p.names(designationAlways)
	if all {
		return v + " {.*, " + extra + "}"
	}
	return v + " {." + strings.Join(names, ", .") + ", " + extra + "}"
}

// names are the properties to read: those always read and the named ones,
// or all of them when p is nil or names a property no decoder reads.
func (p Properties) names(always []string) (names []string, all bool) {
	if p == nil {
		return nil, true
	}
	names = slices.Clone(always)
	extra := slices.Clone(p)
	slices.Sort(extra)
	for _, n := range slices.Compact(extra) {
		if !decodedProperties[n] {
			return nil, true
		}
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return names, false
}
