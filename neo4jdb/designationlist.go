package neo4jdb

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/armsgraph/armsgraph"
	"github.com/armsgraph/armsgraph/record"
)

// DesignationFilter narrows the designations list.
type DesignationFilter struct {
	Authorities []string
	Program     string // exactly this program
	// ProgramFamily is a program family (armsgraph.InProgramFamily).
	ProgramFamily string
	TargetKinds   []record.Kind
	TargetID      string
	Country       string // the designating authority's country
	Announcement  string
	ListedFrom    string
	ListedTo      string
	InForceOn     string
}

// designationQuery is a designation filter turned into Cypher conditions
// on d and parameters.
type designationQuery struct {
	where  []string
	params map[string]any
	f      DesignationFilter
}

func (f DesignationFilter) query() designationQuery {
	q := designationQuery{params: map[string]any{}, f: f}
	add := func(cond, name string, value any) {
		q.where = append(q.where, cond)
		q.params[name] = value
	}
	if f.Program != "" {
		add("d.program CONTAINS $program AND $program IN d.programs", "program", f.Program)
	}
	if f.ProgramFamily != "" {
		add(armsgraph.ProgramFamilyCypher("d", "$programFamily"), "programFamily", f.ProgramFamily)
	}
	if len(f.TargetKinds) > 0 {
		add("EXISTS { MATCH (d)-[:TARGETS]->(t:Entity) WHERE t.kind IN $kinds }", "kinds", kindStrings(f.TargetKinds))
	}
	if f.ListedFrom != "" {
		add("d.listedOn >= $listedFrom", "listedFrom", f.ListedFrom)
	}
	if f.ListedTo != "" {
		add("d.listedOn <= $listedTo", "listedTo", f.ListedTo)
	}
	if f.InForceOn != "" {
		add(inForce, "asOf", f.InForceOn)
	}
	// Given a target or an announcement, the list starts from that node;
	// otherwise these are conditions.
	if f.TargetID != "" {
		q.params["target"] = f.TargetID
	}
	if f.Announcement != "" {
		q.params["announcement"] = f.Announcement
		if f.TargetID != "" {
			q.where = append(q.where, "EXISTS { (d)-[:ANNOUNCED_IN]->(:Announcement {id: $announcement}) }")
		}
	}
	if len(f.Authorities) > 0 {
		q.params["authorities"] = f.Authorities
	}
	if f.Country != "" {
		q.params["country"] = f.Country
	}
	return q
}

// authorityScoped reports whether the list is of the designations of some
// authorities (given, or those of a country).
func (q designationQuery) authorityScoped() bool {
	return len(q.f.Authorities) > 0 || q.f.Country != ""
}

// authoritiesCypher binds authority to each authority in scope.
func (q designationQuery) authoritiesCypher() string {
	switch {
	case q.f.Country != "" && len(q.f.Authorities) > 0:
		return "MATCH (:Country {code: $country})<-[:OF_COUNTRY]-(a:Authority) WHERE a.id IN $authorities\nWITH a.id AS authority"
	case q.f.Country != "":
		return "MATCH (:Country {code: $country})<-[:OF_COUNTRY]-(a:Authority)\nWITH a.id AS authority"
	}
	return "UNWIND $authorities AS authority"
}

// authorityConditions test d's authority when the list starts elsewhere.
func (q designationQuery) authorityConditions() []string {
	var out []string
	if len(q.f.Authorities) > 0 {
		out = append(out, "d.authorityId IN $authorities")
	}
	if q.f.Country != "" {
		out = append(out, "EXISTS { (d)-[:ISSUED_BY]->(:Authority)-[:OF_COUNTRY]->(:Country {code: $country}) }")
	}
	return out
}

// Orders of the designations list: by id (the default), by listed date
// or by authority, each then by id.
const (
	DesignationsByID        = "id"
	DesignationsByListedOn  = "listedOn"
	DesignationsByAuthority = "authorityId"
)

// DesignationOrder is the order of the designations list. By listed date,
// designations without one follow the dated ones whatever the direction,
// by id in that direction: their list continues after the last dated one.
type DesignationOrder struct {
	By   string // one of DesignationsBy...; empty is by id
	Desc bool
}

// designationKeys is a page's sort key: the order's property, then id.
// Undated designations of the listed-date order are keyed by id alone.
func (o DesignationOrder) keys(undated bool) []string {
	if o.By == "" || o.By == DesignationsByID || undated {
		return []string{"d.id"}
	}
	return []string{"d." + o.By, "d.id"}
}

// keyset is the condition "after the cursor's key" on keys (ascending:
// greater), written so that its first part bounds an index seek; without a
// cursor it only asks the first key to exist, which lets the planner walk
// the key's index in order.
func keyset(keys []string, after []string, desc bool, params map[string]any) string {
	if after == nil {
		return keys[0] + " IS NOT NULL"
	}
	op := ">"
	if desc {
		op = "<"
	}
	for i := range keys {
		params[fmt.Sprintf("after%d", i)] = after[i]
	}
	if len(keys) == 1 {
		return keys[0] + " " + op + " $after0"
	}
	return keys[0] + " " + op + "= $after0 AND (" + keys[0] + " " + op + " $after0 OR " + keys[1] + " " + op + " $after1)"
}

func sortOf(keys []string, desc bool) string {
	dir := ""
	if desc {
		dir = " DESC"
	}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + dir
	}
	return strings.Join(out, ", ")
}

// statement builds one page in the order o after the cursor key (nil for
// the first page), asking for first+1 rows; undated is the phase of the
// listed-date order that lists designations without a date. From a
// target or an announcement it reads their few designations and sorts
// them; for authorities, each authority's designations in order from the
// (authorityId, id) or (authorityId, listedOn) index, a page at most
// each; otherwise it walks the order's index and stops after the page.
func (q designationQuery) statement(first int, o DesignationOrder, undated bool, after []string, w With) Statement {
	params := map[string]any{"first": first + 1}
	for k, v := range q.params {
		params[k] = v
	}
	keys := o.keys(undated)
	sort := sortOf(keys, o.Desc)
	where := append([]string{}, q.where...)
	if o.By == DesignationsByListedOn {
		if undated {
			where = append(where, "d.listedOn IS NULL")
		} else {
			where = append(where, "d.listedOn IS NOT NULL")
		}
	}
	cond := func(first ...string) string {
		var all []string
		for _, c := range append(first, where...) {
			if !slices.Contains(all, c) {
				all = append(all, c)
			}
		}
		return "\nWHERE " + strings.Join(all, "\n  AND ")
	}
	var b strings.Builder
	switch {
	case q.f.TargetID != "" || q.f.Announcement != "":
		if q.f.TargetID != "" {
			b.WriteString("MATCH (:Entity {id: $target})<-[:TARGETS]-(d:Designation)")
		} else {
			b.WriteString("MATCH (:Announcement {id: $announcement})<-[:ANNOUNCED_IN]-(d:Designation)")
		}
		conds := q.authorityConditions()
		if after != nil {
			conds = append(conds, keyset(keys, after, o.Desc, params))
		}
		if len(conds)+len(where) > 0 {
			b.WriteString(cond(conds...))
		}
		b.WriteString("\nWITH d ORDER BY " + sort + " LIMIT $first")
	case q.authorityScoped():
		inner := sort
		if keys[0] != "d.authorityId" {
			inner = sortOf(append([]string{"d.authorityId"}, keys...), o.Desc)
		}
		b.WriteString(q.authoritiesCypher() + "\nCALL (authority) {\n  MATCH (d:Designation)" +
			strings.ReplaceAll(cond("d.authorityId = authority", keyset(keys, after, o.Desc, params)), "\n", "\n  ") +
			"\n  RETURN d ORDER BY " + inner + " LIMIT $first\n}\nWITH d ORDER BY " + sort + " LIMIT $first")
	case keys[0] == "d.authorityId":
		// The (authorityId, id) index gives the order; the planner takes
		// the authorityId index, which does not, unless told.
		b.WriteString("MATCH (d:Designation) USING INDEX d:Designation(authorityId, id)" +
			cond(keyset(keys, after, o.Desc, params), "d.id IS NOT NULL") + "\nWITH d ORDER BY " + sort + " LIMIT $first")
	default:
		b.WriteString("MATCH (d:Designation)" + cond(keyset(keys, after, o.Desc, params)) + "\nWITH d ORDER BY " + sort + " LIMIT $first")
	}
	b.WriteString(w.pageDesignation() + "\nRETURN designation\nORDER BY " + sort)
	return Statement{Cypher: b.String(), Params: params}
}

// countStatement counts the designations the filter keeps.
func (q designationQuery) countStatement() Statement {
	var b strings.Builder
	where := q.where
	switch {
	case q.f.TargetID != "":
		b.WriteString("MATCH (:Entity {id: $target})<-[:TARGETS]-(d:Designation)")
	case q.f.Announcement != "":
		b.WriteString("MATCH (:Announcement {id: $announcement})<-[:ANNOUNCED_IN]-(d:Designation)")
	case q.authorityScoped():
		b.WriteString(q.authoritiesCypher() + "\nMATCH (d:Designation)")
		where = append([]string{"d.authorityId = authority"}, where...)
	default:
		b.WriteString("MATCH (d:Designation)")
	}
	if q.f.TargetID != "" || q.f.Announcement != "" {
		where = append(q.authorityConditions(), where...)
	}
	if len(where) > 0 {
		b.WriteString("\nWHERE " + strings.Join(where, "\n  AND "))
	}
	b.WriteString("\nRETURN count(d) AS n\nLIMIT 1")
	return Statement{Cypher: b.String(), Params: q.params}
}

// designationCursor is the key a cursor holds and whether it is one of
// an undated designation. By id a cursor is [id]; by another property,
// [property, value, id], value empty for an undated designation.
func designationCursor(o DesignationOrder, after string) (key []string, undated bool, err error) {
	if after == "" {
		return nil, false, nil
	}
	if o.By == "" || o.By == DesignationsByID {
		key, err = decodeCursor("after", after, 1)
		return key, false, err
	}
	k, err := decodeCursor("after", after, 3)
	if err == nil && k[0] != o.By {
		err = &InputError{Field: "after", Message: "a cursor of another order (use pageInfo.endCursor of this order)"}
	}
	if err != nil {
		return nil, false, err
	}
	if k[1] == "" {
		return k[2:], true, nil
	}
	return k[1:], false, nil
}

func (o DesignationOrder) cursor(d Designation) string {
	switch o.By {
	case "", DesignationsByID:
		return encodeCursor(d.ID)
	case DesignationsByListedOn:
		return encodeCursor(o.By, d.ListedOn, d.ID)
	}
	return encodeCursor(o.By, d.Authority.ID, d.ID)
}

// DesignationsStatement builds the first statement of one page of
// designations in the order o after the cursor after.
func DesignationsStatement(f DesignationFilter, o DesignationOrder, first int, after string, w With) (Statement, error) {
	key, undated, err := designationCursor(o, after)
	if err != nil {
		return Statement{}, err
	}
	return f.query().statement(first, o, undated, key, w), nil
}

// DesignationsCountStatement counts the designations the filter keeps.
func DesignationsCountStatement(f DesignationFilter) Statement {
	return f.query().countStatement()
}

// Designations returns a page of designations in the order o. By listed
// date, a page that reaches the end of the dated designations goes on
// with the undated ones (a second statement).
func (s *Store) Designations(ctx context.Context, f DesignationFilter, o DesignationOrder, first int, after string, w With) (Page[Designation], error) {
	key, undated, err := designationCursor(o, after)
	if err != nil {
		return Page[Designation]{}, err
	}
	q := f.query()
	var page Page[Designation]
	for {
		want := first - len(page.Items)
		recs, err := s.collect(ctx, q.statement(want, o, undated, key, w))
		if err != nil {
			return Page[Designation]{}, err
		}
		page.Items = slices.Grow(page.Items, min(len(recs), want))
		page.Cursors = slices.Grow(page.Cursors, min(len(recs), want))
		for i, r := range recs {
			if i == want {
				page.HasNext = true
				break
			}
			d := designationOf(r.Values[0])
			page.Items = append(page.Items, d)
			page.Cursors = append(page.Cursors, o.cursor(d))
		}
		// A dated page that ended early goes on with the undated ones (a
		// full page asks for one, to know whether more follow).
		if page.HasNext || o.By != DesignationsByListedOn || undated || f.ListedFrom != "" || f.ListedTo != "" {
			return page, nil
		}
		undated, key = true, nil
	}
}

// CountDesignations counts the designations the filter keeps.
func (s *Store) CountDesignations(ctx context.Context, f DesignationFilter) (int, error) {
	return s.count(ctx, DesignationsCountStatement(f))
}
