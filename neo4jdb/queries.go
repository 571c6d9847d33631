package neo4jdb

import (
	"context"
	"fmt"
	"strings"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/record"
)

// Every read statement of the GraphQL API. Values are parameters; the only
// text spliced into Cypher is fixed here: relationship types and hop
// counts, which Cypher cannot take as parameters.

// inForce is true for designation d in force on $asOf.
var inForce = armsgraph.InForceCypher("d", "$asOf")

// designationProjection turns d into the map designationOf decodes, with
// its target, authority, announcement and resolutions: one row per
// designation, so a designation costs no further round trip.
const designationProjection = designationLinks + `
WITH *, {d: properties(d)` + designationLinksMap

// designationLinks reads the nodes around designation d; designationLinksMap
// ends the designation's map with them, after its own properties. Its
// variables must not be those of a statement it runs inside (a vessel's
// controls are r, h), which Neo4j refuses as shadowing.
const designationLinks = `
CALL (d) {
  MATCH (d)-[:TARGETS]->(t:Entity)
  OPTIONAL MATCH (d)-[:ISSUED_BY]->(a:Authority)
  OPTIONAL MATCH (a)-[:OF_COUNTRY]->(c:Country)
  OPTIONAL MATCH (d)-[:ANNOUNCED_IN]->(n:Announcement)
  RETURN properties(t) AS target, properties(a) AS authority, properties(c) AS country, properties(n) AS announcement
  LIMIT 1
}
CALL (d) {
  OPTIONAL MATCH (d)-[:CITES]->(cited:Resolution)
  WITH cited ORDER BY cited.number
  RETURN collect(properties(cited)) AS resolutions
}`

const designationLinksMap = `, target: target, authority: authority, country: country,
         announcement: announcement, resolutions: resolutions} AS designation`

// nodeProjection turns node variable n into the map nodeOf decodes; the
// authorities designating it as of $asOf come along for drawing.
var nodeProjection = `{props: properties(n), labels: labels(n),
  designatedBy: ` + nodeDesignatedBy + `}`

// nodeDesignatedBy lists the authorities designating node n as of $asOf.
var nodeDesignatedBy = `[(n)<-[:TARGETS]-(d:Designation) WHERE ` + inForce + ` | d.authorityId]`

const (
	relProjection = `{type: type(r), start: startNode(r).id, end: endNode(r).id, props: properties(r)}`
	relEnds       = `{type: type(r), start: startNode(r).id, end: endNode(r).id}`
)

// EntitiesByIDStatement fetches entities by id.
func EntitiesByIDStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (e:Entity {id: id})
RETURN properties(e) AS e
LIMIT $limit`, Params: map[string]any{"ids": ids, "limit": len(ids)}}
}

// EntitiesByID returns the entities with these ids, by id.
func (s *Store) EntitiesByID(ctx context.Context, ids []string) (map[string]Entity, error) {
	recs, err := s.collect(ctx, EntitiesByIDStatement(ids))
	if err != nil {
		return nil, err
	}
	out := make(map[string]Entity, len(recs))
	for _, r := range recs {
		e := entityOf(r.Values[0])
		out[e.ID] = e
	}
	return out, nil
}

// Entity returns the entity with this id, or nil.
func (s *Store) Entity(ctx context.Context, id string) (*Entity, error) {
	m, err := s.EntitiesByID(ctx, []string{id})
	if e, ok := m[id]; ok {
		return &e, err
	}
	return nil, err
}

// VesselStatement finds a vessel by IMO number, with the nested data w
// names.
func VesselStatement(imoNumber string, w With) Statement {
	params := map[string]any{"imo": imoNumber}
	return Statement{Cypher: `
MATCH (e:Vessel {imoNumber: $imo})
WITH e LIMIT 1
RETURN ` + w.EntityProperties.entity("e") + ` AS e` + w.columns(params), Params: params}
}

// Vessel returns the vessel with this IMO number, or nil, and the nested
// data w names.
func (s *Store) Vessel(ctx context.Context, imoNumber string, w With) (*Entity, Nested, error) {
	recs, err := s.collect(ctx, VesselStatement(imoNumber, w))
	if err != nil || len(recs) == 0 {
		return nil, Nested{}, err
	}
	e := entityOf(recs[0].Values[0])
	var nested Nested
	if err := w.add(&nested, e, recs[0].Values); err != nil {
		return nil, Nested{}, err
	}
	return &e, nested, nil
}

// SearchStatement looks text up in the entity_names full-text index. ok is
// false when the text holds no word to look for.
func SearchStatement(text string, kinds []record.Kind, first int) (st Statement, ok bool) {
	query := LuceneQuery(text)
	return fullTextStatement(query, kinds, first), query != ""
}

// fullTextStatement reads the limit best hits of a Lucene query in the
// entity_names index, of the given kinds (all when none).
func fullTextStatement(query string, kinds []record.Kind, limit int) Statement {
	params := map[string]any{"query": query, "limit": limit}
	where := ""
	if len(kinds) > 0 {
		where = "\nWHERE node.kind IN $kinds"
		params["kinds"] = kindStrings(kinds)
	}
	return Statement{Cypher: `
CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score` + where + `
RETURN properties(node) AS e, score
ORDER BY score DESC, node.name, node.id
LIMIT $limit`, Params: params}
}

// Search finds entities whose name or alias matches text, best first.
func (s *Store) Search(ctx context.Context, text string, kinds []record.Kind, first int) ([]SearchHit, error) {
	st, ok := SearchStatement(text, kinds, first)
	if !ok {
		return nil, nil
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return nil, err
	}
	return searchHits(text, recs), nil
}

func (s *Store) count(ctx context.Context, st Statement) (int, error) {
	recs, err := s.collect(ctx, st)
	if err != nil || len(recs) == 0 {
		return 0, err
	}
	n, _ := recs[0].Values[0].(int64)
	return int(n), nil
}

// maxDesignationsPerBatch bounds the designations one batch returns.
const maxDesignationsPerBatch = 10000

// DesignationsOfEntitiesStatement fetches every designation of these
// entities, in force or not.
func DesignationsOfEntitiesStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (:Entity {id: id})<-[:TARGETS]-(d:Designation)
WITH d ORDER BY coalesce(d.listedOn, ''), d.id
LIMIT $limit` + designationProjection + `
RETURN designation
ORDER BY coalesce(d.listedOn, ''), d.id`, Params: map[string]any{"ids": ids, "limit": maxDesignationsPerBatch}}
}

// DesignationsOfEntities returns every designation of these entities,
// oldest listing first, by entity id.
func (s *Store) DesignationsOfEntities(ctx context.Context, ids []string) (map[string][]Designation, error) {
	return complete(s.designationsBy(ctx, DesignationsOfEntitiesStatement(ids), func(d Designation) string { return d.TargetNode.ID }))
}

// complete refuses a batch that reached maxDesignationsPerBatch: some of
// its entities would miss designations (and read as not sanctioned).
func complete(batch map[string][]Designation, err error) (map[string][]Designation, error) {
	n := 0
	for _, ds := range batch {
		n += len(ds)
	}
	if err == nil && n >= maxDesignationsPerBatch {
		return nil, ErrResultTooLarge
	}
	return batch, err
}

// DesignationsOfAnnouncementsStatement fetches the designations these
// announcements made.
func DesignationsOfAnnouncementsStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (:Announcement {id: id})<-[:ANNOUNCED_IN]-(d:Designation)
WITH d ORDER BY d.id
LIMIT $limit` + designationProjection + `
RETURN designation
ORDER BY d.id`, Params: map[string]any{"ids": ids, "limit": maxDesignationsPerBatch}}
}

// DesignationsOfAnnouncements returns the designations of these
// announcements, by announcement id.
func (s *Store) DesignationsOfAnnouncements(ctx context.Context, ids []string) (map[string][]Designation, error) {
	return complete(s.designationsBy(ctx, DesignationsOfAnnouncementsStatement(ids), func(d Designation) string {
		if d.Announcement == nil {
			return ""
		}
		return d.Announcement.ID
	}))
}

// DesignationsOfAuthoritiesStatement fetches up to first designations of
// each authority, in id order.
func DesignationsOfAuthoritiesStatement(ids []string, first int) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (a:Authority {id: id})
CALL (a) {
  MATCH (d:Designation {authorityId: a.id})
  RETURN d ORDER BY d.id LIMIT $first
}` + designationProjection + `
RETURN designation
ORDER BY a.id, d.id
LIMIT $limit`, Params: map[string]any{"ids": ids, "first": first, "limit": first * len(ids)}}
}

// DesignationsOfAuthorities returns up to first designations of each
// authority, by authority id.
func (s *Store) DesignationsOfAuthorities(ctx context.Context, ids []string, first int) (map[string][]Designation, error) {
	return s.designationsBy(ctx, DesignationsOfAuthoritiesStatement(ids, first), func(d Designation) string { return d.Authority.ID })
}

func (s *Store) designationsBy(ctx context.Context, st Statement, key func(Designation) string) (map[string][]Designation, error) {
	recs, err := s.collect(ctx, st)
	if err != nil {
		return nil, err
	}
	out := map[string][]Designation{}
	for _, r := range recs {
		d := designationOf(r.Values[0])
		out[key(d)] = append(out[key(d)], d)
	}
	return out, nil
}

// CountryLinksStatement fetches the nationality, registration and flag
// links of these entities.
func CountryLinksStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (:Entity {id: id})-[r:NATIONAL_OF|REGISTERED_IN|FLAGGED]->(c:Country)
RETURN id, type(r) AS type, r.since AS since, r.until AS until, properties(c) AS country, r.sources AS sources
ORDER BY id, type, coalesce(r.since, ''), c.code
LIMIT $limit`, Params: map[string]any{"ids": ids, "limit": 100 * len(ids)}}
}

// CountryLinks returns the country links of these entities, by entity id.
func (s *Store) CountryLinks(ctx context.Context, ids []string) (map[string][]CountryLink, error) {
	recs, err := s.collect(ctx, CountryLinksStatement(ids))
	if err != nil {
		return nil, err
	}
	out := map[string][]CountryLink{}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		typ, _ := r.Values[1].(string)
		since, _ := r.Values[2].(string)
		until, _ := r.Values[3].(string)
		out[id] = append(out[id], CountryLink{
			Type: typ, Since: since, Until: until, Country: *countryOf(r.Values[4]), Sources: anyStrings(r.Values[5]),
		})
	}
	return out, nil
}

// ControlsStatement fetches who owns, operates or manages these vessels.
func ControlsStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (:Vessel {id: id})<-[r:` + strings.Join(VesselControlTypes, "|") + `]-(e:Entity)
RETURN id, type(r) AS type, properties(r) AS rel, properties(e) AS e
ORDER BY id, type, e.name, e.id
LIMIT $limit`, Params: map[string]any{"ids": ids, "limit": perVesselControls * len(ids)}}
}

// Controls returns the owners, operators and managers of these vessels,
// by vessel id. A batch that reached its limit may miss some: it is
// refused with ErrResultTooLarge.
func (s *Store) Controls(ctx context.Context, ids []string) (map[string][]Control, error) {
	recs, err := s.collect(ctx, ControlsStatement(ids))
	if err != nil {
		return nil, err
	}
	if len(ids) > 0 && len(recs) >= perVesselControls*len(ids) {
		return nil, ErrResultTooLarge
	}
	out := map[string][]Control{}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		typ, _ := r.Values[1].(string)
		out[id] = append(out[id], controlOf(typ, mapOf(r.Values[2]), r.Values[3]))
	}
	return out, nil
}

// controlOf decodes a control from its type, the relationship's properties
// and the holder.
func controlOf(typ string, rel map[string]any, holder any) Control {
	return Control{
		Type: typ, Role: Text(str(rel, "role")), Since: str(rel, "since"), Until: str(rel, "until"),
		Sources: strList(rel, "sources"), Holder: entityOf(holder),
	}
}

// transferProjection turns transfer t into the map transferOf decodes,
// with its vessel, ports and parties.
const transferProjection = `
OPTIONAL MATCH (v:Vessel)-[:CARRIED]->(t)
OPTIONAL MATCH (t)-[:FROM]->(fp:Port)
OPTIONAL MATCH (fp)-[:IN]->(fc:Country)
OPTIONAL MATCH (t)-[:TO]->(tp:Port)
OPTIONAL MATCH (tp)-[:IN]->(tc:Country)
CALL (t) {
  OPTIONAL MATCH (e:Entity)-[r:PARTY_TO]->(t)
  WITH e, r ORDER BY e.name, e.id
  RETURN collect({role: r.role, e: properties(e)}) AS parties
}
RETURN {t: properties(t), vessel: v.id, from: {p: properties(fp), c: properties(fc)},
        to: {p: properties(tp), c: properties(tc)}, parties: parties} AS transfer`

// TransfersOfVesselsStatement fetches the transfers these vessels carried.
func TransfersOfVesselsStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (:Vessel {id: id})-[:CARRIED]->(t:Transfer)
WITH t ORDER BY coalesce(t.fromDate, ''), t.id
LIMIT $limit` + transferProjection, Params: map[string]any{"ids": ids, "limit": 100 * len(ids)}}
}

// TransfersByIDStatement fetches transfers by id.
func TransfersByIDStatement(ids []string) Statement {
	return Statement{Cypher: `
UNWIND $ids AS id
MATCH (t:Transfer {id: id})
WITH t LIMIT $limit` + transferProjection, Params: map[string]any{"ids": ids, "limit": len(ids)}}
}

// TransfersByID returns the transfers with these ids, by id.
func (s *Store) TransfersByID(ctx context.Context, ids []string) (map[string]Transfer, error) {
	recs, err := s.collect(ctx, TransfersByIDStatement(ids))
	if err != nil {
		return nil, err
	}
	out := make(map[string]Transfer, len(recs))
	for _, r := range recs {
		t := transferOf(r.Values[0])
		out[t.ID] = t
	}
	return out, nil
}

// TransfersOfVessels returns the transfers of these vessels, by vessel id.
func (s *Store) TransfersOfVessels(ctx context.Context, ids []string) (map[string][]Transfer, error) {
	recs, err := s.collect(ctx, TransfersOfVesselsStatement(ids))
	if err != nil {
		return nil, err
	}
	out := map[string][]Transfer{}
	for _, r := range recs {
		t := transferOf(r.Values[0])
		out[t.VesselID] = append(out[t.VesselID], t)
	}
	return out, nil
}

// AuthoritiesStatement lists every authority.
func AuthoritiesStatement() Statement {
	return Statement{Cypher: `
MATCH (a:Authority)
OPTIONAL MATCH (a)-[:OF_COUNTRY]->(c:Country)
RETURN properties(a) AS a, properties(c) AS c
ORDER BY a.id
LIMIT 1000`}
}

// Authorities lists every authority, by id.
func (s *Store) Authorities(ctx context.Context) ([]Authority, error) {
	recs, err := s.collect(ctx, AuthoritiesStatement())
	if err != nil {
		return nil, err
	}
	out := make([]Authority, 0, len(recs))
	for _, r := range recs {
		out = append(out, authorityOf(r.Values[0], r.Values[1]))
	}
	return out, nil
}

// ResolutionsStatement lists every resolution.
func ResolutionsStatement() Statement {
	return Statement{Cypher: `
MATCH (r:Resolution)
RETURN properties(r) AS r
ORDER BY r.number
LIMIT 1000`}
}

// Resolutions lists every resolution, by number.
func (s *Store) Resolutions(ctx context.Context) ([]Resolution, error) {
	recs, err := s.collect(ctx, ResolutionsStatement())
	if err != nil {
		return nil, err
	}
	out := make([]Resolution, 0, len(recs))
	for _, r := range recs {
		out = append(out, resolutionOf(r.Values[0]))
	}
	return out, nil
}

// AnnouncementsStatement lists announcements, newest first; with ids, only
// those.
func AnnouncementsStatement(ids []string) Statement {
	var idParam any
	if ids != nil {
		idParam = ids
	}
	return Statement{Cypher: `
MATCH (n:Announcement)
WHERE $ids IS NULL OR n.id IN $ids
RETURN properties(n) AS n
ORDER BY n.publishedOn DESC, n.id
LIMIT 1000`, Params: map[string]any{"ids": idParam}}
}

// Announcements lists announcements, newest first; with ids, only those.
func (s *Store) Announcements(ctx context.Context, ids []string) ([]Announcement, error) {
	recs, err := s.collect(ctx, AnnouncementsStatement(ids))
	if err != nil {
		return nil, err
	}
	out := make([]Announcement, 0, len(recs))
	for _, r := range recs {
		out = append(out, *announcementOf(r.Values[0]))
	}
	return out, nil
}

// Hop limits: Cypher takes path lengths only as literals, so each allowed
// length has its own statement text, built here from integers.
const (
	MaxLinkageHops  = 4
	MaxShortestHops = 6
	MaxDepth        = 3
)

var shortestCypher = statementsByHops(MaxShortestHops, shortestTemplate)

func statementsByHops(max int, template string) []string {
	out := make([]string, max+1)
	for h := 1; h <= max; h++ {
		out[h] = strings.ReplaceAll(strings.ReplaceAll(template, "$$HOPS", fmt.Sprint(h)), "$$TYPES", armsgraph.NetworkPattern)
	}
	return out
}

var shortestTemplate = `
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE a <> b
MATCH p = shortestPath((a)-[:$$TYPES*1..$$HOPS]-(b))
RETURN [n IN nodes(p) | ` + nodeProjection + `] AS nodes,
       [r IN relationships(p) | ` + relProjection + `] AS rels
LIMIT 1`

// ShortestPathStatement finds a shortest chain of at most hops
// (1..MaxShortestHops) network relationships between two entities.
func ShortestPathStatement(from, to string, hops int, asOf string) Statement {
	return Statement{Cypher: shortestCypher[hops], Params: map[string]any{"from": from, "to": to, "asOf": asOf}}
}

// ShortestPath answers DESIGN question 2; nil when no chain is in reach.
func (s *Store) ShortestPath(ctx context.Context, from, to string, hops int, asOf string) (*Path, error) {
	recs, err := s.collect(ctx, ShortestPathStatement(from, to, hops, asOf))
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	p := pathOf(recs[0].Values[0], recs[0].Values[1], nil)
	return &p, nil
}

// neighborhoodTemplate: the nearest $first-1 nodes within the depth (the
// centre makes $first), and the network relationships among them.
var neighborhoodTemplate = `
MATCH (s:Entity {id: $id})
CALL (s) {
  OPTIONAL MATCH p = (s)-[:$$TYPES*1..$$HOPS]-(n)
  WHERE n <> s
  WITH n, min(length(p)) AS distance
  ORDER BY distance, coalesce(n.name, n.id), n.id
  LIMIT $limit
  RETURN collect(n) AS reached
}
WITH [s] + reached[..$first - 1] AS members, size(reached) >= $first AS truncated
CALL (members) {
  UNWIND members AS a
  MATCH (a)-[r:$$TYPES]->(b)
  WHERE b IN members
  WITH r ORDER BY startNode(r).id, type(r), endNode(r).id
  LIMIT $relLimit
  RETURN collect($$REL) AS rels
}
RETURN [n IN members | $$NODE] AS nodes, rels, truncated
LIMIT 1`

// NeighborhoodStatement fetches up to first nodes within depth
// (1..MaxDepth) of an entity, reading of them what r names.
func NeighborhoodStatement(id string, depth, first int, asOf string, r PathRead) Statement {
	return Statement{Cypher: r.withHops(neighborhoodTemplate, depth), Params: map[string]any{
		"id": id, "first": first, "limit": first, "relLimit": 20 * first, "asOf": asOf,
	}}
}

// Neighborhood answers DESIGN question 3; nil when the entity is unknown.
func (s *Store) Neighborhood(ctx context.Context, id string, depth, first int, asOf string, r PathRead) (*Subgraph, error) {
	recs, err := s.collect(ctx, NeighborhoodStatement(id, depth, first, asOf, r))
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	p := pathOf(recs[0].Values[0], recs[0].Values[1], nil)
	truncated, _ := recs[0].Values[2].(bool)
	return &Subgraph{Nodes: p.Nodes, Relationships: p.Relationships, Truncated: truncated}, nil
}
