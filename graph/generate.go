// Package graph is armsgraph's GraphQL API: the resolvers (one file per
// schema file in ../schema), the per-request batch loaders that keep Bolt
// round trips constant, and the HTTP handler with its limits.
package graph

//go:generate go run ./internal/gqlgen
