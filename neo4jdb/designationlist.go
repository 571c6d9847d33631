package neo4jdb

import (
	"context"
	"strings"

	"github.com/armsgraph/armsgraph/record"
)

// DesignationFilter narrows the designations list.
type DesignationFilter struct {
	Authorities  []string
	Program      string
	TargetKinds  []record.Kind
	TargetID     string
	Country      string // the designating authority's country
	Announcement string
	ListedFrom   string
	ListedTo     string
	InForceOn    string
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

// statement builds one page in id order after the cursor key ("" for the
// first page), asking for first+1 rows. From a target or an announcement
// it reads their few designations; for authorities, each authority's
// designations in id order from the (authorityId, id) index, a page at
// most each; otherwise it walks the id index in order and stops after the
// page.
func (q designationQuery) statement(first int, after string) Statement {
	params := map[string]any{"first": first + 1}
	for k, v := range q.params {
		params[k] = v
	}
	where := append([]string{}, q.where...)
	if after != "" {
		params["after"] = after
		where = append([]string{"d.id > $after"}, where...)
	}
	cond := func(extra ...string) string {
		all := append(extra, where...)
		if len(all) == 0 {
			return ""
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
		b.WriteString(cond(q.authorityConditions()...))
		b.WriteString("\nWITH d ORDER BY d.id LIMIT $first")
	case q.authorityScoped():
		idFrom := "d.id IS NOT NULL"
		if after != "" {
			idFrom = "d.id > $after"
			where = where[1:]
		}
		b.WriteString(q.authoritiesCypher() + "\nCALL (authority) {\n  MATCH (d:Designation)" +
			strings.ReplaceAll(cond("d.authorityId = authority", idFrom), "\n", "\n  ") +
			"\n  RETURN d ORDER BY d.authorityId, d.id LIMIT $first\n}\nWITH d ORDER BY d.id LIMIT $first")
	default:
		idFrom := "d.id IS NOT NULL"
		if after != "" {
			idFrom = "d.id > $after"
			where = where[1:]
		}
		b.WriteString("MATCH (d:Designation)" + cond(idFrom) + "\nWITH d ORDER BY d.id LIMIT $first")
	}
	b.WriteString(designationProjection + "\nRETURN designation\nORDER BY d.id")
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

// DesignationsStatement builds one page of designations in id order.
func DesignationsStatement(f DesignationFilter, first int, after string) (Statement, error) {
	var key string
	if after != "" {
		k, err := decodeCursor("after", after, 1)
		if err != nil {
			return Statement{}, err
		}
		key = k[0]
	}
	return f.query().statement(first, key), nil
}

// DesignationsCountStatement counts the designations the filter keeps.
func DesignationsCountStatement(f DesignationFilter) Statement {
	return f.query().countStatement()
}

// Designations returns a page of designations in id order.
func (s *Store) Designations(ctx context.Context, f DesignationFilter, first int, after string) (Page[Designation], error) {
	st, err := DesignationsStatement(f, first, after)
	if err != nil {
		return Page[Designation]{}, err
	}
	recs, err := s.collect(ctx, st)
	if err != nil {
		return Page[Designation]{}, err
	}
	var page Page[Designation]
	for i, r := range recs {
		if i == first {
			page.HasNext = true
			break
		}
		d := designationOf(r.Values[0])
		page.Items = append(page.Items, d)
		page.Cursors = append(page.Cursors, encodeCursor(d.ID))
	}
	return page, nil
}

// CountDesignations counts the designations the filter keeps.
func (s *Store) CountDesignations(ctx context.Context, f DesignationFilter) (int, error) {
	return s.count(ctx, DesignationsCountStatement(f))
}
