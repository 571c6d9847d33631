package graph

import (
	"context"
	"fmt"
	"net/http"
	"sync"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Batch loading without waiting. Whenever a resolver returns a list (a
// page of entities, search hits, the targets of designations ...), it
// registers the ids of the list. The first time a field of any registered
// node needs data (its designations, flags, owners ...), the loader fetches
// that data for every registered node it has not fetched yet, in one
// statement, and the others find it ready. So a list costs one statement
// per field and level, never one per element, and no loader sleeps to
// collect keys. Nodes registered by sibling fields (a vessel's owners and
// its transfer parties) may reach a loader at different moments and take
// one more statement; that depends on the query's shape, not on the
// number of results.

// Namespaces: ids of different node types never share a batch.
const (
	entityIDs       = "entity"
	transferIDs     = "transfer"
	announcementIDs = "announcement"
	authorityIDs    = "authority"
)

// siblings registers, per namespace, every id a list of this request
// returned, in order.
type siblings struct {
	mu  sync.Mutex
	ids map[string][]string
	has map[string]bool
}

func (s *siblings) add(namespace string, ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if key := namespace + "\x00" + id; !s.has[key] {
			s.has[key] = true
			s.ids[namespace] = append(s.ids[namespace], id)
		}
	}
}

func (s *siblings) all(namespace string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ids[namespace]
}

type batch[V any] struct {
	once   sync.Once
	ids    []string
	result map[string]V
	err    error
}

// loader fetches values by id, a batch of siblings at a time, and keeps
// them for the rest of the request.
type loader[V any] struct {
	namespace string
	siblings  *siblings
	fetch     func(ctx context.Context, ids []string) (map[string]V, error)

	mu      sync.Mutex
	batches map[string]*batch[V]
}

func newLoader[V any](sib *siblings, namespace string, fetch func(context.Context, []string) (map[string]V, error)) *loader[V] {
	return &loader[V]{namespace: namespace, siblings: sib, fetch: fetch, batches: map[string]*batch[V]{}}
}

func (l *loader[V]) load(ctx context.Context, id string) (V, error) {
	l.mu.Lock()
	b := l.batches[id]
	if b == nil {
		b = &batch[V]{ids: []string{id}}
		l.batches[id] = b
		for _, sib := range l.siblings.all(l.namespace) {
			if l.batches[sib] == nil {
				b.ids = append(b.ids, sib)
				l.batches[sib] = b
			}
		}
	}
	l.mu.Unlock()
	b.once.Do(func() { b.result, b.err = l.fetch(ctx, b.ids) })
	return b.result[id], b.err
}

// prime stores values fetched by another statement (a page that brought
// its nested data along) as one finished batch: loading any of their ids
// then runs nothing.
func (l *loader[V]) prime(values map[string]V) {
	if len(values) == 0 {
		return
	}
	b := &batch[V]{result: values}
	b.once.Do(func() {})
	l.mu.Lock()
	defer l.mu.Unlock()
	for id := range values {
		if l.batches[id] == nil {
			l.batches[id] = b
		}
	}
}

// loaders are the batch loaders of one request.
type loaders struct {
	siblings *siblings

	entities     *loader[neo4jdb.Entity]
	designations *loader[[]neo4jdb.Designation]
	// designationsWithoutLinks serves fields that need no node around a
	// designation (graph/lookahead.go): a page may prime it with
	// designations read without those nodes, which must never answer a
	// field that needs them. Its own batches read everything.
	designationsWithoutLinks *loader[[]neo4jdb.Designation]
	countryLinks             *loader[[]neo4jdb.CountryLink]
	controls                 *loader[[]neo4jdb.Control]
	transfersOfVessel        *loader[[]neo4jdb.Transfer]
	transfers                *loader[neo4jdb.Transfer]
	announcementDesignations *loader[[]neo4jdb.Designation]
	holdings                 *loader[[]neo4jdb.Holding]

	mu                    sync.Mutex
	authorityDesignations map[int]*loader[[]neo4jdb.Designation]
	linkages              map[string]*loader[neo4jdb.VesselLinkage]
	authoritiesOnce       sync.Once
	authorities           map[string]neo4jdb.Authority
	authoritiesErr        error
	countriesOnce         sync.Once
	countries             map[string]neo4jdb.Country
	countriesErr          error
	sourcesOnce           sync.Once
	sources               map[string]neo4jdb.Source
	sourcesErr            error
}

func newLoaders(s *neo4jdb.Store) *loaders {
	sib := &siblings{ids: map[string][]string{}, has: map[string]bool{}}
	l := &loaders{siblings: sib, authorityDesignations: map[int]*loader[[]neo4jdb.Designation]{},
		linkages: map[string]*loader[neo4jdb.VesselLinkage]{}}
	l.entities = newLoader(sib, entityIDs, s.EntitiesByID)
	l.designations = newLoader(sib, entityIDs, s.DesignationsOfEntities)
	l.designationsWithoutLinks = newLoader(sib, entityIDs, s.DesignationsOfEntities)
	l.countryLinks = newLoader(sib, entityIDs, s.CountryLinks)
	l.controls = newLoader(sib, entityIDs, func(ctx context.Context, ids []string) (map[string][]neo4jdb.Control, error) {
		m, err := s.Controls(ctx, ids)
		var holders []string
		for _, cs := range m {
			for _, c := range cs {
				holders = append(holders, c.Holder.ID)
			}
		}
		sib.add(entityIDs, holders)
		return m, err
	})
	l.transfersOfVessel = newLoader(sib, entityIDs, func(ctx context.Context, ids []string) (map[string][]neo4jdb.Transfer, error) {
		m, err := s.TransfersOfVessels(ctx, ids)
		var all []neo4jdb.Transfer
		for _, ts := range m {
			all = append(all, ts...)
		}
		l.primeTransfers(all)
		return m, err
	})
	l.transfers = newLoader(sib, transferIDs, func(ctx context.Context, ids []string) (map[string]neo4jdb.Transfer, error) {
		m, err := s.TransfersByID(ctx, ids)
		all := make([]neo4jdb.Transfer, 0, len(m))
		for _, t := range m {
			all = append(all, t)
		}
		l.primeTransfers(all)
		return m, err
	})
	l.announcementDesignations = newLoader(sib, announcementIDs, func(ctx context.Context, ids []string) (map[string][]neo4jdb.Designation, error) {
		m, err := s.DesignationsOfAnnouncements(ctx, ids)
		var all []neo4jdb.Designation
		for _, ds := range m {
			all = append(all, ds...)
		}
		l.primeTargets(all)
		return m, err
	})
	l.holdings = newLoader(sib, entityIDs, func(ctx context.Context, ids []string) (map[string][]neo4jdb.Holding, error) {
		m, err := s.Holdings(ctx, ids)
		var assets []neo4jdb.Entity
		for _, hs := range m {
			for _, h := range hs {
				assets = append(assets, h.Asset)
			}
		}
		l.primeEntities(assets)
		return m, err
	})
	return l
}

// authorityDesignationsLoader returns the loader of Authority.designations
// for one value of its first argument.
func (l *loaders) authorityDesignationsLoader(s *neo4jdb.Store, first int) *loader[[]neo4jdb.Designation] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld := l.authorityDesignations[first]; ld != nil {
		return ld
	}
	ld := newLoader(l.siblings, authorityIDs, func(ctx context.Context, ids []string) (map[string][]neo4jdb.Designation, error) {
		m, err := s.DesignationsOfAuthorities(ctx, ids, first)
		var all []neo4jdb.Designation
		for _, ds := range m {
			all = append(all, ds...)
		}
		l.primeTargets(all)
		return m, err
	})
	l.authorityDesignations[first] = ld
	return ld
}

// linkageLoader returns the loader of Vessel.linkedSanctionedEntities for
// one set of its arguments: the vessels of a page share one statement.
func (l *loaders) linkageLoader(s *neo4jdb.Store, hops int, scope neo4jdb.SanctionScope, read neo4jdb.PathRead) *loader[neo4jdb.VesselLinkage] {
	key := fmt.Sprint(hops, scope, read)
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld := l.linkages[key]; ld != nil {
		return ld
	}
	ld := newLoader(l.siblings, entityIDs, func(ctx context.Context, ids []string) (map[string]neo4jdb.VesselLinkage, error) {
		return s.LinkedSanctionedEntities(ctx, ids, hops, scope, read)
	})
	l.linkages[key] = ld
	return ld
}

// authority returns an authority by id; all of them are read once per
// request, as there are only a handful.
func (l *loaders) authority(ctx context.Context, s *neo4jdb.Store, id string) (*neo4jdb.Authority, error) {
	l.authoritiesOnce.Do(func() {
		all, err := s.Authorities(ctx)
		l.authorities, l.authoritiesErr = map[string]neo4jdb.Authority{}, err
		for _, a := range all {
			l.authorities[a.ID] = a
		}
	})
	if a, ok := l.authorities[id]; ok {
		return &a, l.authoritiesErr
	}
	return nil, l.authoritiesErr
}

// country returns a country by code, or nil; all of them are read once per
// request, as there are only a few hundred.
func (l *loaders) country(ctx context.Context, s *neo4jdb.Store, code string) (*neo4jdb.Country, error) {
	l.countriesOnce.Do(func() { l.countries, l.countriesErr = s.Countries(ctx) })
	if c, ok := l.countries[code]; ok {
		return &c, l.countriesErr
	}
	return nil, l.countriesErr
}

// allSources returns every source document, read once per request: there
// is one per file loaded.
func (l *loaders) allSources(ctx context.Context, s *neo4jdb.Store) (map[string]neo4jdb.Source, error) {
	l.sourcesOnce.Do(func() { l.sources, l.sourcesErr = s.Sources(ctx) })
	return l.sources, l.sourcesErr
}

// primeNested stores the nested data a read brought along (w says what
// it holds), and makes the holders of controls siblings for their other
// fields.
func (l *loaders) primeNested(w neo4jdb.With, n neo4jdb.Nested) {
	l.designationsWithoutLinks.prime(n.Designations)
	if w.DesignationLinks {
		l.designations.prime(n.Designations)
	}
	l.controls.prime(n.Controls)
	for _, cs := range n.Controls {
		for _, c := range cs {
			l.siblings.add(entityIDs, []string{c.Holder.ID})
		}
	}
}

func (l *loaders) primeEntities(es []neo4jdb.Entity) {
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = e.ID
	}
	l.siblings.add(entityIDs, ids)
}

// primeTargets makes the targets of designations siblings, and their
// authorities too.
func (l *loaders) primeTargets(ds []neo4jdb.Designation) {
	targets := make([]neo4jdb.Entity, len(ds))
	authorities := make([]string, len(ds))
	for i, d := range ds {
		targets[i] = d.TargetNode
		authorities[i] = d.Authority.ID
	}
	l.primeEntities(targets)
	l.siblings.add(authorityIDs, authorities)
}

func (l *loaders) primeTransfers(ts []neo4jdb.Transfer) {
	var ids []string
	for _, t := range ts {
		ids = append(ids, t.VesselID)
		for _, p := range t.Parties {
			ids = append(ids, p.Member.ID)
		}
	}
	l.siblings.add(entityIDs, ids)
}

func (l *loaders) primeNodes(nodes []neo4jdb.Node) {
	var entities, transfers []string
	for _, n := range nodes {
		if n.Actor != nil {
			entities = append(entities, n.ID)
		} else {
			transfers = append(transfers, n.ID)
		}
	}
	l.siblings.add(entityIDs, entities)
	l.siblings.add(transferIDs, transfers)
}

type loadersKey struct{}

// withLoaders gives each request its own loaders.
func withLoaders(s *neo4jdb.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, newLoaders(s))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loaders returns the request's loaders; outside a request (a resolver
// called directly) it returns fresh ones.
func (r *Resolver) loaders(ctx context.Context) *loaders {
	if l, ok := ctx.Value(loadersKey{}).(*loaders); ok {
		return l
	}
	return newLoaders(r.store)
}

func (l *loaders) primeHits(hits []neo4jdb.SearchHit) {
	es := make([]neo4jdb.Entity, len(hits))
	for i, h := range hits {
		es[i] = h.Match
	}
	l.primeEntities(es)
}

func (l *loaders) primeAuthorities(as []neo4jdb.Authority) {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	l.siblings.add(authorityIDs, ids)
}

func (l *loaders) primeAnnouncements(as []neo4jdb.Announcement) {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	l.siblings.add(announcementIDs, ids)
}

// primeLinkages makes siblings of every vessel and linked entity, and of
// the nodes of every path.
func (l *loaders) primeLinkages(ls []neo4jdb.VesselLinkage) {
	var es []neo4jdb.Entity
	var nodes []neo4jdb.Node
	for _, v := range ls {
		es = append(es, v.Ship)
		es = append(es, v.Linked...)
		for _, p := range v.Paths {
			nodes = append(nodes, p.Nodes...)
		}
	}
	l.primeNodes(nodes)
	l.primeEntities(es)
}
