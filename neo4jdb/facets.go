package neo4jdb

import (
	"context"
	"strings"

	"github.com/armsgraph/armsgraph"
)

// Facets are counts over the entities an EntityFilter keeps, for a
// dashboard's filter panel. Each count of a value is how many of the kept
// entities have it, which is the totalCount of the filter with that value
// added (when the filter names none of that kind):
//
//   - Kinds partition the entities: their counts add up to Total.
//   - Authorities and Programs: entities with a designation by the
//     authority, or naming the program exactly, among the designations that
//     meet the filter's designation conditions (all of them when it has
//     none). An entity designated by two authorities counts under both, so
//     these counts add up to Total or more; an entity with no such
//     designation counts under none.
//   - Countries: entities linked to the country by nationality,
//     registration or flag (any period); two countries, two counts; none,
//     no count.
type Facets struct {
	Total       int
	Kinds       []FacetCount
	Authorities []FacetCount
	Programs    []FacetCount
	Countries   []FacetCount
}

// FacetCount is one value and how many entities have it.
type FacetCount struct {
	Value string
	Count int
}

// FacetsStatement builds the facets of the filter as one statement: the
// entities are reached as their count reaches them and their values are
// counted by facet and value; rows come by facet, most entities first,
// then by value.
func (s *Store) FacetsStatement(ctx context.Context, f EntityFilter) (Statement, error) {
	p, err := s.planEntities(ctx, f, countAll)
	if err != nil {
		return Statement{}, err
	}
	conds := p.q.conditions(p.st)
	var b strings.Builder
	if p.st != nil {
		b.WriteString(p.st.cypher)
	} else {
		b.WriteString("MATCH (e:" + p.q.label + ")")
		// Every entity has a name: the name index reads them all, where
		// the label would be scanned.
		conds = append([]string{"e.name IS NOT NULL"}, conds...)
	}
	if len(conds) > 0 {
		b.WriteString("\nWHERE " + strings.Join(conds, "\n  AND "))
	}
	designations := "MATCH (e)<-[:TARGETS]-(d:Designation)"
	if len(p.q.designation) > 0 {
		designations += " WHERE " + strings.Join(p.q.designation, " AND ")
	}
	// Each entity streams its values and only the (facet, value) groups
	// are held: collecting the matches first would hold them all.
	b.WriteString(`
CALL (e) {
  RETURN 'kind' AS facet, e.kind AS value
  UNION ALL
  ` + designations + ` RETURN DISTINCT 'authority' AS facet, d.authorityId AS value
  UNION ALL
  ` + designations + ` UNWIND coalesce(d.programs, []) AS program RETURN DISTINCT 'program' AS facet, program AS value
  UNION ALL
  MATCH (e)-[:` + armsgraph.CountryLinkPattern + `]->(c:Country) RETURN DISTINCT 'country' AS facet, c.code AS value
}
WITH facet, value, count(*) AS n
RETURN facet, value, n
ORDER BY facet, n DESC, value
LIMIT $maxFacetValues`)
	params := map[string]any{"maxFacetValues": maxFacetValues}
	for k, v := range p.q.params {
		params[k] = v
	}
	return Statement{Cypher: b.String(), Params: params}, nil
}

// maxFacetValues bounds the rows of the facets statement: the values of
// the four facets come from the graph's vocabularies (kinds, authorities,
// programs, countries), a few hundred together.
const maxFacetValues = 10000

// EntityFacets counts the entities the filter keeps by kind, authority,
// program and country (Facets says what adds up).
func (s *Store) EntityFacets(ctx context.Context, f EntityFilter) (Facets, error) {
	st, err := s.FacetsStatement(ctx, f)
	if err != nil {
		return Facets{}, err
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return Facets{}, err
	}
	var fc Facets
	for _, r := range recs {
		value, _ := r.Values[1].(string)
		n, _ := r.Values[2].(int64)
		c := FacetCount{Value: value, Count: int(n)}
		switch r.Values[0] {
		case "kind":
			fc.Kinds = append(fc.Kinds, c)
			fc.Total += c.Count // kinds partition the entities
		case "authority":
			fc.Authorities = append(fc.Authorities, c)
		case "program":
			fc.Programs = append(fc.Programs, c)
		case "country":
			fc.Countries = append(fc.Countries, c)
		}
	}
	return fc, nil
}
