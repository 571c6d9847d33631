package graph

import "github.com/armsgraph/armsgraph/neo4jdb"

// Resolver is the root of the resolvers; it holds the store. Per-request
// state lives in the context (loaders.go).
type Resolver struct {
	store *neo4jdb.Store
}
