package graph

import (
	"context"
	"sort"

	"github.com/armsgraph/armsgraph/graph/model"
	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Structured values: identifiers, addresses, gender and holdings.

func identifiers(texts []string) []neo4jdb.Identifier {
	out := make([]neo4jdb.Identifier, len(texts))
	for i, t := range texts {
		out[i] = neo4jdb.ParseIdentifier(t)
	}
	return out
}

func addresses(texts []string) []neo4jdb.Address {
	out := make([]neo4jdb.Address, len(texts))
	for i, t := range texts {
		out[i] = neo4jdb.ParseAddress(t)
	}
	return out
}

// genderCode reads the sources' "male" or "female"; anything else is
// unknown (null) rather than a guess.
func genderCode(g neo4jdb.Text) *model.Gender {
	var v model.Gender
	switch g {
	case "male":
		v = model.GenderMale
	case "female":
		v = model.GenderFemale
	default:
		return nil
	}
	return &v
}

// country returns the country with this code, or nil for "" or a code the
// graph does not hold.
func (r *Resolver) country(ctx context.Context, code string) (*neo4jdb.Country, error) {
	if code == "" {
		return nil, nil
	}
	return r.loaders(ctx).country(ctx, r.store, code)
}

// holdingEntities returns what an entity holds by one relationship type.
func (r *Resolver) holdingEntities(ctx context.Context, id, typ string) ([]model.Entity, error) {
	hs, err := r.loaders(ctx).holdings.load(ctx, id)
	out := []model.Entity{}
	for _, h := range hs {
		if h.Type == typ {
			out = append(out, model.WrapEntity(h.Asset))
		}
	}
	return out, err
}

// sources returns the source documents with these ids, oldest first; all
// of them are read once per request.
func (r *Resolver) sources(ctx context.Context, ids []string) ([]neo4jdb.Source, error) {
	all, err := r.loaders(ctx).allSources(ctx, r.store)
	if err != nil {
		return nil, err
	}
	out := make([]neo4jdb.Source, 0, len(ids))
	for _, id := range ids {
		if s, ok := all[id]; ok {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].PublishedOn != out[j].PublishedOn {
			return out[i].PublishedOn < out[j].PublishedOn
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
