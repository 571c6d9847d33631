package graph

import (
	"context"
	"sort"

	"github.com/armsgraph/armsgraph/graph/model"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/record"
)

// Shared resolver logic: the Entity interface's fields are resolved the
// same way for every kind.

// dateOrToday is asOf, else the store's today (a clock tests freeze).
func (r *Resolver) dateOrToday(asOf *string) string {
	if asOf == nil {
		return r.store.Today()
	}
	return *asOf
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// designations returns an entity's designations in force on asOf, or all
// of them when asOf is nil. The loader fetches them all once per batch, so
// every asOf of the same request shares one statement.
func (r *Resolver) designations(ctx context.Context, id string, asOf *string) ([]neo4jdb.Designation, error) {
	l := r.loaders(ctx).designations
	if !fieldNeedsDesignationLinks(ctx) {
		l = r.loaders(ctx).designationsWithoutLinks
	}
	all, err := l.load(ctx, id)
	if err != nil || asOf == nil {
		return all, err
	}
	var in []neo4jdb.Designation
	for _, d := range all {
		if d.InForce(*asOf) {
			in = append(in, d)
		}
	}
	return in, nil
}

func (r *Resolver) designationCount(ctx context.Context, id string, asOf *string) (int, error) {
	day := r.dateOrToday(asOf)
	ds, err := r.designations(ctx, id, &day)
	return len(ds), err
}

func (r *Resolver) sanctioned(ctx context.Context, id string, asOf *string) (bool, error) {
	n, err := r.designationCount(ctx, id, asOf)
	return n > 0, err
}

// designatedBy lists the distinct authorities with a designation in force
// on asOf (default today), by id.
func (r *Resolver) designatedBy(ctx context.Context, id string, asOf *string) ([]neo4jdb.Authority, error) {
	day := r.dateOrToday(asOf)
	ds, err := r.designations(ctx, id, &day)
	seen := map[string]bool{}
	var out []neo4jdb.Authority
	for _, d := range ds {
		if !seen[d.Authority.ID] {
			seen[d.Authority.ID] = true
			out = append(out, d.Authority)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, err
}

// countryLinks returns an entity's links of one type to countries.
func (r *Resolver) countryLinks(ctx context.Context, id, typ string) ([]neo4jdb.CountryLink, error) {
	all, err := r.loaders(ctx).countryLinks.load(ctx, id)
	var out []neo4jdb.CountryLink
	for _, l := range all {
		if l.Type == typ {
			out = append(out, l)
		}
	}
	return out, err
}

// currentFlag is the flag period without an end that started last.
func currentFlag(flags []neo4jdb.CountryLink) *neo4jdb.Country {
	var current *neo4jdb.CountryLink
	for i, f := range flags {
		if f.Until == "" && (current == nil || f.Since >= current.Since) {
			current = &flags[i]
		}
	}
	if current == nil {
		return nil
	}
	return &current.Country
}

// controllers returns a vessel's owners, operators and managers, all or of
// one type ("" for all).
func (r *Resolver) controllers(ctx context.Context, id, typ string) ([]neo4jdb.Control, error) {
	all, err := r.loaders(ctx).controls.load(ctx, id)
	if typ == "" {
		return all, err
	}
	var out []neo4jdb.Control
	for _, c := range all {
		if c.Type == typ {
			out = append(out, c)
		}
	}
	return out, err
}

func (r *Resolver) controllerEntities(ctx context.Context, id, typ string) ([]model.Entity, error) {
	cs, err := r.controllers(ctx, id, typ)
	out := make([]model.Entity, len(cs))
	for i, c := range cs {
		out[i] = model.WrapEntity(c.Holder)
	}
	return out, err
}

func (r *Resolver) vesselByID(ctx context.Context, id string) (*model.Vessel, error) {
	if id == "" {
		return nil, nil
	}
	e, err := r.loaders(ctx).entities.load(ctx, id)
	if err != nil || e.ID == "" {
		return nil, err
	}
	return &model.Vessel{Entity: e}, nil
}

func entityFilter(f *model.EntityFilter) neo4jdb.EntityFilter {
	if f == nil {
		return neo4jdb.EntityFilter{}
	}
	return neo4jdb.EntityFilter{
		Kinds: f.Kinds, Country: deref(f.Country), DesignatedBy: deref(f.DesignatedBy),
		NotDesignatedBy: deref(f.NotDesignatedBy), Program: deref(f.Program), ProgramFamily: deref(f.ProgramFamily), ListedFrom: deref(f.ListedFrom),
		ListedTo: deref(f.ListedTo), SanctionedAsOf: deref(f.SanctionedAsOf),
	}
}

func designationFilter(f *model.DesignationFilter) neo4jdb.DesignationFilter {
	if f == nil {
		return neo4jdb.DesignationFilter{}
	}
	return neo4jdb.DesignationFilter{
		Authorities: f.Authorities, Program: deref(f.Program), ProgramFamily: deref(f.ProgramFamily), TargetKinds: f.TargetKinds, TargetID: deref(f.Target),
		Country: deref(f.Country), Announcement: deref(f.Announcement), ListedFrom: deref(f.ListedFrom),
		ListedTo: deref(f.ListedTo), InForceOn: deref(f.InForceOn),
	}
}

func descending(d *model.OrderDirection) bool { return d != nil && *d == model.OrderDirectionDesc }

// entityOrder is the store's order for orderBy (nil: by name).
func entityOrder(o *model.EntityOrder) neo4jdb.EntityOrder {
	if o == nil {
		return neo4jdb.EntityOrder{}
	}
	by := map[model.EntityOrderField]string{
		model.EntityOrderFieldName:             neo4jdb.EntitiesByName,
		model.EntityOrderFieldDesignationCount: neo4jdb.EntitiesByDesignationCount,
		model.EntityOrderFieldFirstListed:      neo4jdb.EntitiesByFirstListed,
	}[o.Field]
	return neo4jdb.EntityOrder{By: by, Desc: descending(o.Direction)}
}

// designationOrder is the store's order for orderBy (nil: by id).
func designationOrder(o *model.DesignationOrder) neo4jdb.DesignationOrder {
	if o == nil {
		return neo4jdb.DesignationOrder{}
	}
	by := map[model.DesignationOrderField]string{
		model.DesignationOrderFieldID:        neo4jdb.DesignationsByID,
		model.DesignationOrderFieldListedOn:  neo4jdb.DesignationsByListedOn,
		model.DesignationOrderFieldAuthority: neo4jdb.DesignationsByAuthority,
	}[o.Field]
	return neo4jdb.DesignationOrder{By: by, Desc: descending(o.Direction)}
}

func facetsOf(fc neo4jdb.Facets) *model.EntityFacets {
	counts := func(cs []neo4jdb.FacetCount) []model.FacetCount {
		out := make([]model.FacetCount, len(cs))
		for i, c := range cs {
			out[i] = model.FacetCount{Value: c.Value, Count: c.Count}
		}
		return out
	}
	m := &model.EntityFacets{TotalCount: fc.Total, Kinds: []model.KindCount{},
		Authorities: counts(fc.Authorities), Programs: counts(fc.Programs), Countries: counts(fc.Countries)}
	for _, k := range fc.Kinds {
		m.Kinds = append(m.Kinds, model.KindCount{Kind: record.Kind(k.Value), Count: k.Count})
	}
	return m
}

// entities answers a page of the entities list.
func (r *Resolver) entities(ctx context.Context, f neo4jdb.EntityFilter, o neo4jdb.EntityOrder, first *int, after *string) (*model.EntityConnection, error) {
	n, err := pageFirst.of(first)
	if err != nil {
		return nil, err
	}
	if err := r.checkCodes(ctx, entityFilterCodes(f)); err != nil {
		return nil, err
	}
	with := nestedOfConnection(ctx)
	page, nested, err := r.store.Entities(ctx, f, o, n, deref(after), with)
	if err != nil {
		return nil, err
	}
	r.loaders(ctx).primeEntities(page.Items)
	r.loaders(ctx).primeNested(with, nested)
	c := model.NewEntityConnection(page, f)
	c.PageInfo.HasPreviousPage = deref(after) != ""
	return c, nil
}

// checkEntities answers NOT_FOUND for the first of ids no entity has.
func (r *Resolver) checkEntities(ctx context.Context, ids ...string) error {
	found, err := r.store.EntitiesByID(ctx, ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if _, ok := found[id]; !ok {
			return notFound("entity", id)
		}
	}
	return nil
}
