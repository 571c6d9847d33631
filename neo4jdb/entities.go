package neo4jdb

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/record"
)

// EntityFilter narrows the entities list. A designation condition
// (DesignatedBy, Program, ProgramFamily, ListedFrom, ListedTo, SanctionedAsOf) must hold
// for one and the same designation.
type EntityFilter struct {
	Kinds           []record.Kind
	Country         string // nationality, registration or flag (ISO alpha-2)
	DesignatedBy    string
	NotDesignatedBy string // no designation by this authority in force on NotDesignatedAsOf
	Program         string // exactly this program
	// ProgramFamily is a program family (armsgraph.InProgramFamily): DPRK
	// takes in DPRK, DPRK2, DPRK3 and DPRK4.
	ProgramFamily  string
	ListedFrom     string
	ListedTo       string
	SanctionedAsOf string
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
	programFamily bool
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
	if f.ProgramFamily != "" {
		q.programFamily = true
		q.designation = append(q.designation, armsgraph.ProgramFamilyCypher("d", "$programFamily"))
		q.params["programFamily"] = f.ProgramFamily
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
		authority := fromDesignations("authority", " USING INDEX d:Designation(authorityId)", "d.authorityId = $by")
		authority.matchCost = authorityMatchCost
		out = append(out, authority)
	}
	if q.program {
		out = append(out, fromDesignations("program", " USING TEXT INDEX d:Designation(program)", "d.program CONTAINS $program"))
	}
	if q.programFamily {
		out = append(out, fromDesignations("programFamily", " USING TEXT INDEX d:Designation(program)", "d.program CONTAINS $programFamily"))
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

// Orders of the entities list: by name (the default), by the number of
// designations in force today, or by the first listed date of any of the
// entity's designations; each then by name and id.
const (
	EntitiesByName             = "name"
	EntitiesByDesignationCount = "designationCount"
	EntitiesByFirstListed      = "firstListed"
)

// EntityOrder is the order of the entities list. Only the name order is
// read from an index; the others compute each match's key and sort them
// all (a question global by nature, priced so in the cost model).
type EntityOrder struct {
	By   string // one of EntitiesBy...; empty is by name
	Desc bool
	// Today is the day designations must be in force to count, for
	// EntitiesByDesignationCount; empty is the store's today.
	Today string
}

func (o EntityOrder) byName() bool { return o.By == "" || o.By == EntitiesByName }

// sortKeyCypher is the computed key of e for the orders other than name.
// An entity without a listed date sorts last in both directions.
func (o EntityOrder) sortKeyCypher() string {
	if o.By == EntitiesByDesignationCount {
		return "COUNT { (e)<-[:TARGETS]-(dc:Designation) WHERE " + armsgraph.InForceCypher("dc", "$countAsOf") + " }"
	}
	none := "'9999-12-31'"
	if o.Desc {
		none = "''"
	}
	return "coalesce(COLLECT { MATCH (e)<-[:TARGETS]-(dl:Designation) WHERE dl.listedOn IS NOT NULL RETURN dl.listedOn ORDER BY dl.listedOn LIMIT 1 }[0], " + none + ")"
}

// statement builds one page in the order o after the cursor key (nil for
// the first page), asking for first+1 rows to know whether more follow,
// with the nested data w names. Walking by name, the name index gives the
// order and the page stops the walk; by another key, every match is read
// and sorted.
func (p entitiesPlan) statement(o EntityOrder, first int, afterKey []string, w With) Statement {
	params := map[string]any{"first": first + 1}
	for k, v := range p.q.params {
		params[k] = v
	}
	conds := p.q.conditions(p.st)
	op, dir := ">", ""
	if o.Desc {
		op, dir = "<", " DESC"
	}
	var b strings.Builder
	if p.st != nil {
		b.WriteString(p.st.cypher)
	} else {
		b.WriteString("MATCH (e:" + p.q.label + ")")
	}
	switch {
	case (afterKey == nil || !o.byName()) && p.st == nil:
		// Every entity has a name: the name index reads them all, where the
		// label would be scanned.
		conds = append([]string{"e.name IS NOT NULL"}, conds...)
	case afterKey != nil && o.byName() && p.st == nil:
		conds = append([]string{"e.name " + op + "= $afterName", "(e.name " + op + " $afterName OR e.id " + op + " $afterID)"}, conds...)
	case afterKey != nil && o.byName():
		conds = append([]string{"(e.name " + op + " $afterName OR (e.name = $afterName AND e.id " + op + " $afterID))"}, conds...)
	}
	if len(conds) > 0 {
		b.WriteString("\nWHERE " + strings.Join(conds, "\n  AND "))
	}
	order := "e.name" + dir + ", e.id" + dir
	sortKey := ""
	if o.byName() {
		if afterKey != nil {
			params["afterName"], params["afterID"] = afterKey[0], afterKey[1]
		}
		// Sorting e before projecting it lets the name index give the
		// order; the nested data is read for the page's rows only.
		b.WriteString("\nWITH e ORDER BY " + order + " LIMIT $first")
	} else {
		params["countAsOf"] = o.Today
		b.WriteString("\nWITH e, " + o.sortKeyCypher() + " AS sortKey")
		if afterKey != nil {
			var key any = afterKey[0]
			if o.By == EntitiesByDesignationCount {
				key, _ = strconv.Atoi(afterKey[0]) // entityCursor checked it
			}
			params["afterKey"], params["afterName"], params["afterID"] = key, afterKey[1], afterKey[2]
			b.WriteString("\nWHERE sortKey " + op + " $afterKey OR (sortKey = $afterKey AND (e.name " + op + " $afterName OR (e.name = $afterName AND e.id " + op + " $afterID)))")
		}
		order = "sortKey" + dir + ", " + order
		b.WriteString("\nWITH e, sortKey ORDER BY " + order + " LIMIT $first")
		sortKey = ", sortKey"
	}
	columns := w.columns(params)
	b.WriteString("\nRETURN " + w.EntityProperties.entity("e") + " AS e" + columns + sortKey)
	if columns != "" {
		b.WriteString("\nORDER BY " + order)
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

// entityCursor decodes a cursor of order o: [name, id] by name, else
// [order, key, name, id].
func entityCursor(o EntityOrder, after string) ([]string, error) {
	if after == "" {
		return nil, nil
	}
	if o.byName() {
		return decodeCursor("after", after, 2)
	}
	k, err := decodeCursor("after", after, 4)
	if err == nil && k[0] != o.By {
		err = &InputError{Field: "after", Message: "a cursor of another order (use pageInfo.endCursor of this order)"}
	}
	if err != nil {
		return nil, err
	}
	if _, nerr := strconv.Atoi(k[1]); o.By == EntitiesByDesignationCount && nerr != nil {
		return nil, &InputError{Field: "after", Message: "not a cursor this API returned (use pageInfo.endCursor)"}
	}
	return k[1:], nil
}

// EntitiesStatement plans one page of entities in the order o after the
// cursor after ("" for the first page), with the nested data w names, and
// returns the statement the store runs for it.
func (s *Store) EntitiesStatement(ctx context.Context, f EntityFilter, o EntityOrder, first int, after string, w With) (Statement, error) {
	key, err := entityCursor(o, after)
	if err != nil {
		return Statement{}, err
	}
	if o.Today == "" {
		o.Today = s.Today()
	}
	pageRows := first + 1
	if !o.byName() {
		// Every match is read whatever the start.
		pageRows = countAll
	}
	p, err := s.planEntities(ctx, f, pageRows)
	if err != nil {
		return Statement{}, err
	}
	return p.statement(o, first, key, w), nil
}

// Entities returns a page of entities in the order o, and the nested data
// w names for them.
func (s *Store) Entities(ctx context.Context, f EntityFilter, o EntityOrder, first int, after string, w With) (Page[Entity], Nested, error) {
	st, err := s.EntitiesStatement(ctx, f, o, first, after, w)
	if err != nil {
		return Page[Entity]{}, Nested{}, err
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return Page[Entity]{}, Nested{}, err
	}
	// An Entity is a large struct: growing the page by appending copied
	// each one about twice.
	page := Page[Entity]{Items: make([]Entity, 0, min(len(recs), first)), Cursors: make([]string, 0, min(len(recs), first))}
	var nested Nested
	for i, r := range recs {
		if i == first {
			page.HasNext = true
			break
		}
		e := entityOf(r.Values[0])
		page.Items = append(page.Items, e)
		if o.byName() {
			page.Cursors = append(page.Cursors, encodeCursor(e.Name, e.ID))
		} else {
			page.Cursors = append(page.Cursors, encodeCursor(o.By, fmt.Sprint(r.Values[len(r.Values)-1]), e.Name, e.ID))
		}
		if err := w.add(&nested, e, r.Values); err != nil {
			return Page[Entity]{}, Nested{}, err
		}
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
