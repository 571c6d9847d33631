package neo4jdb

import (
	"context"
	"strings"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/record"
)

// EntityFilter narrows the entities list. A designation condition
// (DesignatedBy, Program, ListedFrom, ListedTo, SanctionedAsOf) must hold
// for one and the same designation.
type EntityFilter struct {
	Kinds           []record.Kind
	Country         string // nationality, registration or flag (ISO alpha-2)
	DesignatedBy    string
	NotDesignatedBy string // no designation by this authority in force on NotDesignatedAsOf
	Program         string
	ListedFrom      string
	ListedTo        string
	SanctionedAsOf  string
	// NotDesignatedAsOf is the date for NotDesignatedBy; empty means today.
	NotDesignatedAsOf string
}

// entityQuery is an entity filter turned into Cypher: the label to walk,
// the conditions on e, on its designation d, and the parameters.
type entityQuery struct {
	label         string   // Entity, or the kind's label when there is one kind
	where         []string // on e
	designation   []string // on one designation d of e
	params        map[string]any
	country       bool
	byAuthority   bool
	program       bool
	listedBetween bool
}

func (f EntityFilter) query() entityQuery {
	q := entityQuery{label: "Entity", params: map[string]any{}}
	switch {
	case len(f.Kinds) == 1:
		q.label = f.Kinds[0].Label()
	case len(f.Kinds) > 1:
		q.where = append(q.where, "e.kind IN $kinds")
		q.params["kinds"] = kindStrings(f.Kinds)
	}
	if f.Country != "" {
		q.country = true
		q.params["country"] = f.Country
	}
	if f.NotDesignatedBy != "" {
		q.params["notBy"] = f.NotDesignatedBy
		q.params["notAsOf"] = f.NotDesignatedAsOf
		if f.NotDesignatedAsOf == "" {
			q.params["notAsOf"] = Today()
		}
		q.where = append(q.where, `NOT EXISTS {
    MATCH (e)<-[:TARGETS]-(other:Designation {authorityId: $notBy})
    WHERE `+armsgraph.InForceCypher("other", "$notAsOf")+` }`)
	}
	if f.DesignatedBy != "" {
		q.byAuthority = true
		q.designation = append(q.designation, "d.authorityId = $by")
		q.params["by"] = f.DesignatedBy
	}
	if f.Program != "" {
		q.program = true
		q.designation = append(q.designation, "d.program CONTAINS $program AND $program IN d.programs")
		q.params["program"] = f.Program
	}
	if f.ListedFrom != "" {
		q.listedBetween = true
		q.designation = append(q.designation, "d.listedOn >= $listedFrom")
		q.params["listedFrom"] = f.ListedFrom
	}
	if f.ListedTo != "" {
		q.listedBetween = true
		q.designation = append(q.designation, "d.listedOn <= $listedTo")
		q.params["listedTo"] = f.ListedTo
	}
	if f.SanctionedAsOf != "" {
		q.designation = append(q.designation, inForce)
		q.params["asOf"] = f.SanctionedAsOf
	}
	return q
}

func kindStrings(kinds []record.Kind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

// starts lists the ways into the list that reach only matching entities:
// from the designations of an authority, of a program or of a listing
// period (each an index, named so that the planner cannot start from the
// kind's label instead), or from a country's node. Counting, which reads
// every match anyway, may also start from all designations.
func (q entityQuery) starts(counting bool) []start {
	fromDesignations := func(name, hint, cond string) start {
		return start{name: name,
			cypher: "MATCH (d:Designation)" + hint + "\nWHERE " + strings.Join(q.designation, " AND ") +
				"\nMATCH (d)-[:TARGETS]->(e:" + q.label + ")\nWITH DISTINCT e",
			count: "MATCH (d:Designation) WHERE " + cond + " RETURN count(d) AS n LIMIT 1"}
	}
	var out []start
	if q.byAuthority {
		out = append(out, fromDesignations("authority", " USING INDEX d:Designation(authorityId)", "d.authorityId = $by"))
	}
	if q.program {
		out = append(out, fromDesignations("program", " USING TEXT INDEX d:Designation(program)", "d.program CONTAINS $program"))
	}
	if q.listedBetween {
		var conds []string
		for _, c := range q.designation {
			if strings.HasPrefix(c, "d.listedOn >") || strings.HasPrefix(c, "d.listedOn <") {
				conds = append(conds, c)
			}
		}
		out = append(out, fromDesignations("listed", " USING INDEX d:Designation(listedOn)", strings.Join(conds, " AND ")))
	}
	if q.country {
		out = append(out, start{name: "country",
			cypher: "MATCH (c:Country {code: $country})<-[:" + armsgraph.CountryLinkPattern + "]-(e:" + q.label + ")\nUSING INDEX c:Country(code)\nWITH DISTINCT e",
			count:  "MATCH (c:Country {code: $country}) RETURN COUNT { (c)<-[:" + armsgraph.CountryLinkPattern + "]-() } AS n LIMIT 1"})
	}
	if counting && len(out) == 0 && len(q.designation) > 0 {
		out = append(out, fromDesignations("designations", "", "true"))
	}
	return out
}

// conditions are the tests left once the list started at st (nil: the
// ordered walk): those the start did not already apply.
func (q entityQuery) conditions(st *start) []string {
	conds := append([]string{}, q.where...)
	if q.country && (st == nil || st.name != "country") {
		conds = append(conds, "EXISTS { (e)-[:"+armsgraph.CountryLinkPattern+"]->(:Country {code: $country}) }")
	}
	if len(q.designation) > 0 && (st == nil || st.name == "country") {
		conds = append(conds, "EXISTS {\n    MATCH (e)<-[:TARGETS]-(d:Designation)\n    WHERE "+
			strings.Join(q.designation, " AND ")+" }")
	}
	return conds
}

// entitiesPlan is the chosen start of an entities statement.
type entitiesPlan struct {
	q  entityQuery
	st *start
}

func (s *Store) planEntities(ctx context.Context, f EntityFilter, pageRows int) (entitiesPlan, error) {
	if f.NotDesignatedAsOf == "" {
		f.NotDesignatedAsOf = s.Today()
	}
	q := f.query()
	starts := q.starts(pageRows == countAll)
	if len(starts) == 0 {
		return entitiesPlan{q: q}, nil
	}
	total, err := s.estimate(ctx, "MATCH (e:"+q.label+") RETURN count(e) AS n LIMIT 1", nil)
	if err != nil {
		return entitiesPlan{}, err
	}
	st, err := s.chooseStart(ctx, starts, q.params, total, pageRows)
	return entitiesPlan{q: q, st: st}, err
}

// statement builds one page in name order after the cursor key (nil for
// the first page), asking for first+1 rows to know whether more follow,
// with the nested data w names. Walking, the name index gives the order
// and the page stops the walk.
func (p entitiesPlan) statement(first int, afterKey []string, w With) Statement {
	params := map[string]any{"first": first + 1}
	for k, v := range p.q.params {
		params[k] = v
	}
	conds := p.q.conditions(p.st)
	var b strings.Builder
	if p.st != nil {
		b.WriteString(p.st.cypher)
		if afterKey != nil {
			conds = append([]string{"(e.name > $afterName OR (e.name = $afterName AND e.id > $afterID))"}, conds...)
		}
	} else {
		b.WriteString("MATCH (e:" + p.q.label + ")")
		if afterKey != nil {
			conds = append([]string{"e.name >= $afterName", "(e.name > $afterName OR e.id > $afterID)"}, conds...)
		} else {
			conds = append([]string{"e.name IS NOT NULL"}, conds...)
		}
	}
	if afterKey != nil {
		params["afterName"], params["afterID"] = afterKey[0], afterKey[1]
	}
	if len(conds) > 0 {
		b.WriteString("\nWHERE " + strings.Join(conds, "\n  AND "))
	}
	// Sorting e before projecting it lets the name index give the order;
	// the nested data is read for the page's rows only.
	b.WriteString("\nWITH e ORDER BY e.name, e.id LIMIT $first")
	calls, columns := w.cypher(params)
	b.WriteString(calls + "\nRETURN properties(e) AS e" + columns)
	if calls != "" {
		b.WriteString("\nORDER BY e.name, e.id")
	}
	return Statement{Cypher: b.String(), Params: params}
}

// countStatement counts the entities the filter keeps.
func (p entitiesPlan) countStatement() Statement {
	conds := p.q.conditions(p.st)
	var b strings.Builder
	if p.st != nil {
		b.WriteString(p.st.cypher)
	} else {
		b.WriteString("MATCH (e:" + p.q.label + ")")
	}
	if len(conds) > 0 {
		b.WriteString("\nWHERE " + strings.Join(conds, "\n  AND "))
	}
	b.WriteString("\nRETURN count(e) AS n\nLIMIT 1")
	return Statement{Cypher: b.String(), Params: p.q.params}
}

// EntitiesStatement plans one page of entities in name order after the
// cursor after ("" for the first page), with the nested data w names, and
// returns the statement the store runs for it.
func (s *Store) EntitiesStatement(ctx context.Context, f EntityFilter, first int, after string, w With) (Statement, error) {
	var key []string
	if after != "" {
		var err error
		if key, err = decodeCursor("after", after, 2); err != nil {
			return Statement{}, err
		}
	}
	p, err := s.planEntities(ctx, f, first+1)
	if err != nil {
		return Statement{}, err
	}
	return p.statement(first, key, w), nil
}

// Entities returns a page of entities in name order, and the nested data
// w names for them.
func (s *Store) Entities(ctx context.Context, f EntityFilter, first int, after string, w With) (Page[Entity], Nested, error) {
	st, err := s.EntitiesStatement(ctx, f, first, after, w)
	if err != nil {
		return Page[Entity]{}, Nested{}, err
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return Page[Entity]{}, Nested{}, err
	}
	var page Page[Entity]
	var nested Nested
	for i, r := range recs {
		if i == first {
			page.HasNext = true
			break
		}
		e := entityOf(r.Values[0])
		page.Items = append(page.Items, e)
		page.Cursors = append(page.Cursors, encodeCursor(e.Name, e.ID))
		w.add(&nested, e.ID, r.Values)
	}
	return page, nested, nil
}

// countAll is the page size that makes chooseStart prefer any start that
// reaches only matches.
const countAll = 1 << 30

// EntitiesCountStatement plans the count of the entities the filter keeps.
func (s *Store) EntitiesCountStatement(ctx context.Context, f EntityFilter) (Statement, error) {
	// Counting reads every match whatever the start, so any start that
	// reaches only matches beats the walk.
	p, err := s.planEntities(ctx, f, countAll)
	return p.countStatement(), err
}

// CountEntities counts the entities the filter keeps.
func (s *Store) CountEntities(ctx context.Context, f EntityFilter) (int, error) {
	st, err := s.EntitiesCountStatement(ctx, f)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, st)
}
