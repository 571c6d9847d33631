package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Look-ahead: a field that reads entities looks at what the request selects
// on them, so that the store can answer the nested designations and
// controls in the same statement (neo4jdb.With) instead of a batch loader's
// round trip per level.

// entityTypes are the types an Entity can be, each with the interfaces a
// fragment may name for it.
var entityTypes = [][]string{
	{"Vessel", "Entity", "Node"},
	{"Organization", "Entity", "Node"},
	{"Person", "Entity", "Node"},
	{"Aircraft", "Entity", "Node"},
}

// designationFields are the fields of an entity the designations loader
// answers.
var designationFields = map[string]bool{"designations": true, "sanctioned": true, "designationCount": true, "designatedBy": true}

// nestedOfConnection is the nested data a request selects on the entities
// of the EntityConnection the current field returns (edges.node and
// nodes).
func nestedOfConnection(ctx context.Context) neo4jdb.With {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return neo4jdb.With{}
	}
	op := graphql.GetOperationContext(ctx)
	var sets []ast.SelectionSet
	for _, f := range graphql.CollectFields(op, graphql.GetFieldContext(ctx).Field.Selections, []string{"EntityConnection"}) {
		switch f.Name {
		case "nodes":
			sets = append(sets, f.Selections)
		case "edges":
			for _, g := range graphql.CollectFields(op, f.Selections, []string{"EntityEdge"}) {
				if g.Name == "node" {
					sets = append(sets, g.Selections)
				}
			}
		}
	}
	return nestedOf(op, sets...)
}

// nestedOfField is the nested data a request selects on the entity the
// current field returns.
func nestedOfField(ctx context.Context) neo4jdb.With {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return neo4jdb.With{}
	}
	return nestedOf(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections)
}

func nestedOf(op *graphql.OperationContext, sets ...ast.SelectionSet) neo4jdb.With {
	var w neo4jdb.With
	for _, set := range sets {
		for _, typ := range entityTypes {
			for _, f := range graphql.CollectFields(op, set, typ) {
				switch {
				case designationFields[f.Name]:
					w.Designations = true
				case typ[0] == "Vessel" && (f.Name == "owners" || f.Name == "operators" || f.Name == "managers"):
					w.Controls = true
					w.ControllerDesignations = w.ControllerDesignations || nestedOf(op, f.Selections).Designations
				case typ[0] == "Vessel" && f.Name == "controllers":
					w.Controls = true
					for _, g := range graphql.CollectFields(op, f.Selections, []string{"VesselControl"}) {
						if g.Name == "entity" {
							w.ControllerDesignations = w.ControllerDesignations || nestedOf(op, g.Selections).Designations
						}
					}
				}
			}
		}
	}
	return w
}
