package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// depthLimit refuses operations whose selections nest deeper than max
// fields, fragments included. Introspection (__schema, __type) is held to
// maxIntrospection instead: an IDE's schema query nests its type
// references deeper than any data query needs, but not without end.
type depthLimit struct{ max, maxIntrospection int }

// introspectionDepth fits the schema query of GraphiQL and graphql-js
// (field arguments' type references, seven ofType levels deep: 13).
const introspectionDepth = 15

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	data, introspection := selectionDepth(oc.Operation.SelectionSet, oc.Doc.Fragments, map[string]bool{}, false)
	switch {
	case data > d.max:
		err := gqlerror.Errorf("the query nests %d fields deep; the limit is %d", data, d.max)
		err.Extensions = map[string]any{"code": codeDepthLimitExceeded}
		return err
	case introspection > d.maxIntrospection:
		err := gqlerror.Errorf("the introspection query nests %d fields deep; the limit is %d", introspection, d.maxIntrospection)
		err.Extensions = map[string]any{"code": codeDepthLimitExceeded}
		return err
	}
	return nil
}

// selectionDepth is the deepest field nesting of set, apart for data and
// for introspection subtrees (counted from their __ field). inside says
// set is within an introspection field. visiting guards against fragment
// cycles, which validation rejects anyway.
func selectionDepth(set ast.SelectionSet, fragments ast.FragmentDefinitionList, visiting map[string]bool, inside bool) (data, introspection int) {
	for _, sel := range set {
		var d, i int
		switch s := sel.(type) {
		case *ast.Field:
			enters := !inside && strings.HasPrefix(s.Name, "__") && s.Name != "__typename"
			d, i = selectionDepth(s.SelectionSet, fragments, visiting, inside || enters)
			switch {
			case enters:
				d, i = 0, 1+i
			case inside:
				i = 1 + i
			default:
				d = 1 + d
			}
		case *ast.InlineFragment:
			d, i = selectionDepth(s.SelectionSet, fragments, visiting, inside)
		case *ast.FragmentSpread:
			f := fragments.ForName(s.Name)
			if f == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			d, i = selectionDepth(f.SelectionSet, fragments, visiting, inside)
			delete(visiting, s.Name)
		}
		data, introspection = max(data, d), max(introspection, i)
	}
	return data, introspection
}
