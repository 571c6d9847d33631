package graph

import (
	"context"
	"errors"
	"strconv"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/armsgraph/armsgraph/graph/model"
	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/record"
)

// Relay: node(id), nodes(ids) and the connections that are not pages of a
// store statement of their own.

// nodesByID finds the objects with these ids: one statement for their
// types, then one per type present.
func (r *Resolver) nodesByID(ctx context.Context, ids []string) (map[string]model.Node, error) {
	types, err := r.store.NodeTypes(ctx, ids)
	if err != nil {
		return nil, err
	}
	byType := map[string][]string{}
	for id, typ := range types {
		byType[typ] = append(byType[typ], id)
	}
	out := make(map[string]model.Node, len(types))
	l := r.loaders(ctx)
	for typ, of := range byType {
		switch typ {
		case neo4jdb.NodeEntity:
			es, err := r.store.EntitiesByID(ctx, of)
			if err != nil {
				return nil, err
			}
			for id, e := range es {
				out[id] = model.WrapEntity(e)
			}
			l.primeEntities(values(es))
		case neo4jdb.NodeDesignation:
			ds, err := r.store.DesignationsByID(ctx, of)
			if err != nil {
				return nil, err
			}
			for id, d := range ds {
				out[id] = &d
			}
			l.primeTargets(values(ds))
		case neo4jdb.NodeAnnouncement:
			as, err := r.store.Announcements(ctx, of)
			if err != nil {
				return nil, err
			}
			for i := range as {
				out[as[i].ID] = &as[i]
			}
			l.primeAnnouncements(as)
		case neo4jdb.NodeAuthority:
			for _, id := range of {
				a, err := l.authority(ctx, r.store, id)
				if err != nil {
					return nil, err
				}
				if a != nil {
					out[id] = a
				}
			}
		case neo4jdb.NodeTransfer:
			ts, err := r.store.TransfersByID(ctx, of)
			if err != nil {
				return nil, err
			}
			for id, t := range ts {
				out[id] = &t
			}
			l.primeTransfers(values(ts))
		case neo4jdb.NodeSource:
			all, err := l.allSources(ctx, r.store)
			if err != nil {
				return nil, err
			}
			for _, id := range of {
				if s, ok := all[id]; ok {
					out[id] = &s
				}
			}
		case neo4jdb.NodeResolution:
			all, err := r.store.Resolutions(ctx)
			if err != nil {
				return nil, err
			}
			for i := range all {
				if id := neo4jdb.ResolutionID(all[i].Number); types[id] == neo4jdb.NodeResolution {
					out[id] = &all[i]
				}
			}
		}
	}
	return out, nil
}

func values[V any](m map[string]V) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// node answers node(id).
func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	found, err := r.nodesByID(ctx, []string{id})
	if err != nil {
		return nil, err
	}
	n, ok := found[id]
	if !ok {
		return nil, refuse(codeNotFound, "no object with id %q", id)
	}
	return n, nil
}

// nodes answers nodes(ids): unknown ids are null in their place, each
// with a NOT_FOUND error at its index.
func (r *Resolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	if len(ids) > neo4jdb.MaxNodes {
		return nil, refuse(codeLimitExceeded, "ids must hold at most %d ids, got %d", neo4jdb.MaxNodes, len(ids))
	}
	found, err := r.nodesByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]model.Node, len(ids))
	for i, id := range ids {
		n, ok := found[id]
		if !ok {
			path := append(append(ast.Path{}, graphql.GetPath(ctx)...), ast.PathIndex(i))
			graphql.AddError(ctx, &gqlerror.Error{
				Message: "no object with id " + strconv.Quote(id), Path: path,
				Extensions: map[string]any{"code": codeNotFound},
			})
			continue
		}
		out[i] = n
	}
	return out, nil
}

// designationPage answers a page of designations as a connection.
func (r *Resolver) designationPage(ctx context.Context, f neo4jdb.DesignationFilter, o neo4jdb.DesignationOrder, first int, after *string) (*model.DesignationConnection, error) {
	page, err := r.store.Designations(ctx, f, o, first, deref(after), designationsOfConnection(ctx))
	if err != nil {
		return nil, err
	}
	r.loaders(ctx).primeTargets(page.Items)
	c := model.NewDesignationConnection(page, f)
	c.PageInfo.HasPreviousPage = deref(after) != ""
	return c, nil
}

// listConnection pages through a list already in memory (a linkage's
// entities); a cursor is the rank of an entity in the list.
func listConnection(all []neo4jdb.Entity, first *int, after *string) (*model.EntityConnection, error) {
	n, err := pageFirst.of(first)
	if err != nil {
		return nil, err
	}
	start, err := offsetAfter(after, len(all))
	if err != nil {
		return nil, err
	}
	end := min(start+n, len(all))
	page := neo4jdb.Page[neo4jdb.Entity]{Items: all[start:end], HasNext: end < len(all)}
	for i := start; i < end; i++ {
		page.Cursors = append(page.Cursors, neo4jdb.EncodeCursor(strconv.Itoa(i+1)))
	}
	c := model.NewEntityConnection(page, neo4jdb.EntityFilter{})
	total := len(all)
	c.Total = &total
	c.PageInfo.HasPreviousPage = start > 0
	return c, nil
}

// offsetAfter reads a rank cursor of a list of size n.
func offsetAfter(after *string, n int) (int, error) {
	if deref(after) == "" {
		return 0, nil
	}
	rank, err := neo4jdb.DecodeRankCursor(*after)
	if err != nil || rank > n {
		return 0, &neo4jdb.InputError{Field: "after", Message: "not a cursor this API returned (use pageInfo.endCursor)"}
	}
	return rank, nil
}

// searchConnection answers searchEntities.
func (r *Resolver) searchConnection(ctx context.Context, text string, kinds []record.Kind, first *int, after *string) (*model.SearchHitConnection, error) {
	n, err := searchFirst.of(first)
	if err != nil {
		return nil, err
	}
	page, err := r.store.SearchPage(ctx, text, kinds, n, deref(after))
	if err != nil {
		return nil, err
	}
	r.loaders(ctx).primeHits(page.Items)
	c := &model.SearchHitConnection{Edges: []model.SearchHitEdge{}, Nodes: page.Items, PageInfo: &model.PageInfo{
		HasNextPage: page.HasNext, HasPreviousPage: deref(after) != "",
	}}
	if c.Nodes == nil {
		c.Nodes = []neo4jdb.SearchHit{}
	}
	for i := range page.Items {
		c.Edges = append(c.Edges, model.SearchHitEdge{Cursor: page.Cursors[i], Node: &page.Items[i]})
	}
	if len(page.Cursors) > 0 {
		c.PageInfo.StartCursor, c.PageInfo.EndCursor = &page.Cursors[0], &page.Cursors[len(page.Cursors)-1]
	}
	return c, nil
}

// listChangePage answers listChanges: the two snapshots, then a page of
// the changes between them; the counts wait until totalCount or counts
// asks for them, and are counted once for both.
func (r *Resolver) listChangePage(ctx context.Context, source, from, to string, first int, after string) (*model.ListChangeConnection, error) {
	pair, err := r.store.ResolveSnapshots(ctx, source, from, to)
	if err != nil {
		return nil, snapshotRefusal(err)
	}
	page, err := r.store.ListChanges(ctx, pair, first, after)
	if err != nil {
		return nil, err
	}
	c := &model.ListChangeConnection{
		Edges: []*model.ListChangeEdge{}, PageInfo: model.NewPageInfo(page.Cursors, page.HasNext),
		FromSnapshot: pair.From.ID, ToSnapshot: pair.To.ID,
		Counts: sync.OnceValues(func() (neo4jdb.ListChangeCounts, error) { return r.store.CountListChanges(ctx, pair) }),
	}
	c.PageInfo.HasPreviousPage = after != ""
	for i, ch := range page.Items {
		fields := make([]model.FieldChange, len(ch.Fields))
		for j, f := range ch.Fields {
			fields[j] = model.FieldChange{Field: f.Field, Before: nonEmpty(f.From), After: nonEmpty(f.To)}
		}
		c.Edges = append(c.Edges, &model.ListChangeEdge{Cursor: page.Cursors[i], Node: &model.ListChange{
			Type: model.ListChangeType(ch.Type), SourceRecordID: ch.RecordID, DesignationID: ch.DesignationID,
			Entity: model.WrapEntity(ch.Entity), Fields: fields,
		}})
	}
	return c, nil
}

// snapshotRefusal gives a snapshot the store cannot compare its code,
// NOT_FOUND for an unknown list or snapshot, and names the argument.
func snapshotRefusal(err error) error {
	var snap *neo4jdb.SnapshotError
	if !errors.As(err, &snap) {
		return err
	}
	code := codeSnapshotNotComparable
	if snap.Unknown {
		code = codeNotFound
	}
	return &apiError{code: code, message: snap.Message, argument: snap.Argument}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
