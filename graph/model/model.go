// Package model holds the Go types of the GraphQL schema that are not the
// store's own values: the four kinds of Entity, connections and the Date
// scalar. gqlgen generates the rest (filters) into models_gen.go.
package model

import (
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/record"
)

// Entity is the GraphQL Entity interface: one Go type per kind, so that
// the executor can tell them apart.
type Entity interface {
	IsEntity()
	// Base returns the store's value behind the entity.
	Base() *neo4jdb.Entity
}

// Person is an Entity of kind PERSON.
type Person struct{ neo4jdb.Entity }

// Organization is an Entity of kind ORGANIZATION.
type Organization struct{ neo4jdb.Entity }

// Vessel is an Entity of kind VESSEL.
type Vessel struct{ neo4jdb.Entity }

// Aircraft is an Entity of kind AIRCRAFT.
type Aircraft struct{ neo4jdb.Entity }

func (Person) IsEntity()       {}
func (Organization) IsEntity() {}
func (Vessel) IsEntity()       {}
func (Aircraft) IsEntity()     {}

// Base returns the store's value behind the entity.
func (p *Person) Base() *neo4jdb.Entity { return &p.Entity }

// Base returns the store's value behind the entity.
func (o *Organization) Base() *neo4jdb.Entity { return &o.Entity }

// Base returns the store's value behind the entity.
func (v *Vessel) Base() *neo4jdb.Entity { return &v.Entity }

// Base returns the store's value behind the entity.
func (a *Aircraft) Base() *neo4jdb.Entity { return &a.Entity }

// PreviousNames are the other names of the hull; the sources do not date
// them, so they are its aliases.
func (v *Vessel) PreviousNames() []string { return v.Aliases }

// WrapEntity gives a store entity its GraphQL type by kind.
func WrapEntity(e neo4jdb.Entity) Entity {
	switch e.Kind {
	case record.Person:
		return &Person{e}
	case record.Vessel:
		return &Vessel{e}
	case record.Aircraft:
		return &Aircraft{e}
	}
	return &Organization{e}
}

// WrapEntities wraps each entity.
func WrapEntities(es []neo4jdb.Entity) []Entity {
	out := make([]Entity, len(es))
	for i, e := range es {
		out[i] = WrapEntity(e)
	}
	return out
}

// EntityConnection is a page of entities; the filter stays with it so
// that totalCount can be counted when, and only when, it is asked for.
type EntityConnection struct {
	Edges    []*EntityEdge
	PageInfo *PageInfo
	Filter   neo4jdb.EntityFilter
	// Total, when set, is the count of a list already in memory, which
	// totalCount answers instead of counting the filter.
	Total *int
}

// EntityEdge is an entity in a page.
type EntityEdge struct {
	Cursor string
	Node   Entity
}

// DesignationConnection is a page of designations.
type DesignationConnection struct {
	Edges    []*DesignationEdge
	PageInfo *PageInfo
	Filter   neo4jdb.DesignationFilter
}

// DesignationEdge is a designation in a page.
type DesignationEdge struct {
	Cursor string
	Node   *neo4jdb.Designation
}

// PageInfo says whether other pages precede or follow.
type PageInfo struct {
	HasNextPage     bool
	HasPreviousPage bool
	StartCursor     *string
	EndCursor       *string
}

// Node is the Relay Node interface: any business object (an Entity, a
// store Designation, Authority ...). The store's types cannot carry a
// marker method, so the interface has none; the executor switches on the
// concrete types the schema names.
type Node any

// Nodes returns the entities of the page.
func (c *EntityConnection) Nodes() []Entity {
	out := make([]Entity, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// Nodes returns the designations of the page.
func (c *DesignationConnection) Nodes() []*neo4jdb.Designation {
	out := make([]*neo4jdb.Designation, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}

// NewEntityConnection builds a connection from a store page.
func NewEntityConnection(page neo4jdb.Page[neo4jdb.Entity], f neo4jdb.EntityFilter) *EntityConnection {
	c := &EntityConnection{Filter: f, PageInfo: NewPageInfo(page.Cursors, page.HasNext), Edges: []*EntityEdge{}}
	for i, e := range page.Items {
		c.Edges = append(c.Edges, &EntityEdge{Cursor: page.Cursors[i], Node: WrapEntity(e)})
	}
	return c
}

// NewDesignationConnection builds a connection from a store page.
func NewDesignationConnection(page neo4jdb.Page[neo4jdb.Designation], f neo4jdb.DesignationFilter) *DesignationConnection {
	c := &DesignationConnection{Filter: f, PageInfo: NewPageInfo(page.Cursors, page.HasNext), Edges: []*DesignationEdge{}}
	for i := range page.Items {
		c.Edges = append(c.Edges, &DesignationEdge{Cursor: page.Cursors[i], Node: &page.Items[i]})
	}
	return c
}

// NewPageInfo says where a page of these cursors stands.
func NewPageInfo(cursors []string, hasNext bool) *PageInfo {
	p := &PageInfo{HasNextPage: hasNext}
	if len(cursors) > 0 {
		p.StartCursor = &cursors[0]
		p.EndCursor = &cursors[len(cursors)-1]
	}
	return p
}

// MarshalDate writes a date; an absent one ("") is null.
func MarshalDate(s string) graphql.Marshaler {
	if s == "" {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(s)) })
}

// UnmarshalDate reads a date argument, which must be YYYY-MM-DD; other
// input is refused with the code BAD_USER_INPUT.
func UnmarshalDate(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", badDate("a Date is a string YYYY-MM-DD, not %T", v)
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return "", badDate("%q is not a date YYYY-MM-DD", s)
	}
	return s, nil
}

func badDate(format string, args ...any) error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": "BAD_USER_INPUT"}
	return err
}

// MarshalOptionalString writes an optional text; an absent one ("") is
// null.
func MarshalOptionalString(s neo4jdb.Text) graphql.Marshaler {
	if s == "" {
		return graphql.Null
	}
	return graphql.MarshalString(string(s))
}

// UnmarshalOptionalString reads a string argument bound to optional text.
func UnmarshalOptionalString(v any) (neo4jdb.Text, error) {
	s, err := graphql.UnmarshalString(v)
	return neo4jdb.Text(s), err
}

// ListChangeConnection is a page of the changes between two snapshots of
// a list. The counts are computed once, when totalCount or counts is
// asked for.
type ListChangeConnection struct {
	Edges        []*ListChangeEdge
	PageInfo     *PageInfo
	FromSnapshot string
	ToSnapshot   string
	Counts       func() (neo4jdb.ListChangeCounts, error)
}

// ListChangeEdge is a change in a page.
type ListChangeEdge struct {
	Cursor string
	Node   *ListChange
}

// Nodes returns the page's changes without their cursors.
func (c *ListChangeConnection) Nodes() []*ListChange {
	out := make([]*ListChange, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node
	}
	return out
}
