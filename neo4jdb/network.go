package neo4jdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/armsgraph/armsgraph"
)

// SanctionScope says which designations make an entity sanctioned for a
// network question: in force on AsOf, and, when given, by one of the
// Authorities, under a program of one of the Programs' families (DPRK
// takes in DPRK2 ... DPRK4), of an entity of one of the Countries
// (nationality, registration or flag).
type SanctionScope struct {
	Authorities []string
	Programs    []string
	Countries   []string
	AsOf        string
}

// Scoped reports whether the scope narrows more than the date.
func (sc SanctionScope) Scoped() bool {
	return len(sc.Authorities) > 0 || len(sc.Programs) > 0 || len(sc.Countries) > 0
}

// designationConditions are the tests on designation d, with their
// parameters.
func (sc SanctionScope) designationConditions(params map[string]any) []string {
	conds := []string{inForce}
	params["asOf"] = sc.AsOf
	if len(sc.Authorities) > 0 {
		conds = append([]string{"d.authorityId IN $authorities"}, conds...)
		params["authorities"] = sc.Authorities
	}
	if len(sc.Programs) > 0 {
		// One text-index lookup per family: a list parameter would hide
		// the substrings from the planner.
		var alts []string
		for i, p := range sc.Programs {
			name := fmt.Sprintf("program%d", i)
			params[name] = p
			alts = append(alts, "("+armsgraph.ProgramFamilyCypher("d", "$"+name)+")")
		}
		conds = append([]string{"(" + strings.Join(alts, " OR ") + ")"}, conds...)
	}
	return conds
}

// entityCondition is the test on the designated entity e, if any.
func (sc SanctionScope) entityCondition(params map[string]any) string {
	if len(sc.Countries) == 0 {
		return ""
	}
	params["countries"] = sc.Countries
	return "EXISTS { (e)-[:" + armsgraph.CountryLinkPattern + "]->(c:Country) WHERE c.code IN $countries }"
}

// sanctioned is a condition that entity e has a designation in scope.
func (sc SanctionScope) sanctioned(params map[string]any) string {
	cond := "EXISTS {\n    MATCH (e)<-[:TARGETS]-(d:Designation)\n    WHERE " +
		strings.Join(sc.designationConditions(params), " AND ") + " }"
	if c := sc.entityCondition(params); c != "" {
		cond += "\n  AND " + c
	}
	return cond
}

// sanctionedEntities binds e to each distinct entity in scope, starting
// from the designations of the scope's authorities or programs (an index),
// else from its countries' nodes, rather than from the vessels. Scoped only
// by date, it starts from every designation.
func (sc SanctionScope) sanctionedEntities(params map[string]any) string {
	designated := strings.Join(sc.designationConditions(params), "\n  AND ")
	if len(sc.Authorities) == 0 && len(sc.Programs) == 0 && len(sc.Countries) > 0 {
		params["countries"] = sc.Countries
		return "MATCH (c:Country)<-[:" + armsgraph.CountryLinkPattern + "]-(e:Entity)\nUSING INDEX c:Country(code)\nWHERE c.code IN $countries" +
			"\nWITH DISTINCT e\nWHERE EXISTS {\n  MATCH (e)<-[:TARGETS]-(d:Designation)\n  WHERE " + designated + " }"
	}
	q := "MATCH (d:Designation)\nWHERE " + designated + "\nMATCH (d)-[:TARGETS]->(e:Entity)"
	if c := sc.entityCondition(params); c != "" {
		q += "\nWHERE " + c
	}
	return q + "\nWITH DISTINCT e"
}

// pathsTo is the subquery giving one shortest path from v to each of
// entities, in their order.
const pathsTo = `
CALL (v, entities) {
  UNWIND entities AS e
  MATCH p = shortestPath((v)-[:$$TYPES*1..$$HOPS]-(e))
  RETURN collect({nodes: [n IN nodes(p) | $$NODE],
                  rels: [r IN relationships(p) | $$REL]}) AS paths
}`

func (r PathRead) withHops(cypher string, hops int) string {
	return strings.NewReplacer("$$TYPES", armsgraph.NetworkPattern, "$$HOPS", fmt.Sprint(hops),
		"$$NODE", r.node(), "$$REL", r.relationship()).Replace(cypher)
}

// PathRead is what a linkage or a neighbourhood reads of the nodes and
// relationships it returns. A linkage names hundreds of entities and
// paths; read whole, with the authorities of every path node, the DPRK and
// RUSSIA linkage of the real lists cost the API 62 ms of CPU per answer to
// decode and answer.
type PathRead struct {
	// EntityProperties are read of the vessel, the linked entities and
	// the path nodes; nil reads them whole.
	EntityProperties Properties
	// Designated gives each path node the authorities whose designation
	// of it is in force on the scope's date.
	Designated bool
	// RelationshipProperties reads the relationships' own properties
	// (role, since, until, sources); without it, their type and ends.
	RelationshipProperties bool
}

// node is the map nodeOf decodes, for node variable n of a path.
func (r PathRead) node() string {
	designatedBy := ""
	if r.Designated {
		designatedBy = ", designatedBy: " + nodeDesignatedBy
	}
	return "{props: " + r.EntityProperties.pathNode("n") + ", labels: labels(n)" + designatedBy + "}"
}

// relationship is the map relationshipOf decodes, for relationship
// variable r.
func (r PathRead) relationship() string {
	if r.RelationshipProperties {
		return relProjection
	}
	return relEnds
}

// LinkageStatement finds vessels linking at least min entities sanctioned
// in scope within hops (1..MaxLinkageHops), most first: from the sanctioned
// entities outwards to the vessels in reach, so a narrow scope reads a
// small part of the graph. Unscoped, it starts from every designation in
// force: a question global by nature.
func LinkageStatement(min, hops int, scope SanctionScope, first int, r PathRead) Statement {
	params := map[string]any{"min": min, "first": first}
	cypher := scope.sanctionedEntities(params) + `
MATCH (e)-[:$$TYPES*1..$$HOPS]-(v:Vessel)
WHERE v <> e
WITH DISTINCT v, e
ORDER BY e.name, e.id
WITH v, collect(e) AS entities
WHERE size(entities) >= $min
WITH v, entities
ORDER BY size(entities) DESC, v.name, v.id
LIMIT $first` + pathsTo + `
RETURN ` + r.EntityProperties.entity("v") + ` AS vessel, [e IN entities | ` + r.EntityProperties.entity("e") + `] AS entities, paths`
	return Statement{Cypher: r.withHops(cypher, hops), Params: params}
}

// VesselsLinkingSanctionedEntities answers DESIGN question 1.
func (s *Store) VesselsLinkingSanctionedEntities(ctx context.Context, min, hops int, scope SanctionScope, first int, r PathRead) ([]VesselLinkage, error) {
	recs, err := s.collect(ctx, LinkageStatement(min, hops, scope, first, r))
	if err != nil {
		return nil, err
	}
	out := make([]VesselLinkage, 0, len(recs))
	decoded := decodedNodes{}
	for _, r := range recs {
		out = append(out, linkageOf(r.Values[0], r.Values[1], r.Values[2], decoded))
	}
	return out, nil
}

// maxLinkedPerVessel bounds the entities one vessel's linkage returns.
const maxLinkedPerVessel = 500

// LinkedSanctionedEntitiesStatement finds, for each of these vessels, the
// entities sanctioned in scope within hops, by name, with one shortest
// path to each.
func LinkedSanctionedEntitiesStatement(ids []string, hops int, scope SanctionScope, r PathRead) Statement {
	params := map[string]any{"ids": ids, "limit": maxLinkedPerVessel}
	cypher := `
UNWIND $ids AS id
MATCH (v:Vessel {id: id})
CALL (v) {
  MATCH (v)-[:$$TYPES*1..$$HOPS]-(e:Entity)
  WHERE e <> v
  WITH DISTINCT e
  WHERE ` + scope.sanctioned(params) + `
  WITH e ORDER BY e.name, e.id
  LIMIT $limit
  RETURN collect(e) AS entities
}` + pathsTo + `
RETURN ` + r.EntityProperties.entity("v") + ` AS vessel, [e IN entities | ` + r.EntityProperties.entity("e") + `] AS entities, paths`
	return Statement{Cypher: r.withHops(cypher, hops), Params: params}
}

// LinkedSanctionedEntities returns, by vessel id, the entities sanctioned
// in scope within hops of each vessel, with one shortest path to each.
func (s *Store) LinkedSanctionedEntities(ctx context.Context, ids []string, hops int, scope SanctionScope, r PathRead) (map[string]VesselLinkage, error) {
	recs, err := s.collect(ctx, LinkedSanctionedEntitiesStatement(ids, hops, scope, r))
	if err != nil {
		return nil, err
	}
	out := make(map[string]VesselLinkage, len(recs))
	decoded := decodedNodes{}
	for _, r := range recs {
		l := linkageOf(r.Values[0], r.Values[1], r.Values[2], decoded)
		out[l.Ship.ID] = l
	}
	return out, nil
}

func linkageOf(vessel, entities, paths any, decoded decodedNodes) VesselLinkage {
	l := VesselLinkage{Ship: entityOf(vessel)}
	es, _ := entities.([]any)
	for _, e := range es {
		l.Linked = append(l.Linked, entityOf(e))
	}
	ps, _ := paths.([]any)
	for _, p := range ps {
		m := mapOf(p)
		l.Paths = append(l.Paths, pathOf(m["nodes"], m["rels"], decoded))
	}
	return l
}
