package graph

import (
	"context"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Cost counts an operation in units of database work: roughly one unit per
// row Neo4j reads or returns. A field costs its own work plus, for each
// item it returns, the cost of what it selects:
//
//	cost(field) = work(field) + items(field) × cost(selection)
//
// A list's items are its `first` (or default), or an estimate of its usual
// length when it has no size argument; a connection's `first` sizes its
// edges. Network fields work in proportion to the nodes they may visit:
// `first` times hops, or times 2^depth for a neighbourhood, whose levels
// each expand the one before. Introspection is counted like data, with
// the schema's own sizes, so aliased __schema queries are not free.
const (
	perEntityList      = 5  // designations, owners, transfers of one entity
	perPath            = 7  // nodes or relationships of one path (at most 6 hops)
	perLinkage         = 10 // entities or paths of one vessel linkage
	authoritiesCount   = 10
	resolutionsCount   = 30
	announcementsCount = 50
	perAnnouncement    = 50 // designations of one announcement
	unsizedList        = 20 // any other list without a size argument
	matchFeatures      = 10 // evidence of one match candidate, one per feature
	// Work of one candidate of a linkage or shortest-path search per hop.
	perHop = 20
	// Work of a statement that reads every entity a filter keeps: facets,
	// and an entities page in an order computed per entity. Unfiltered on
	// the real lists it reads some 16,000 entities in under a second; it is
	// priced like a hundred-entity page with its designations, so that ten
	// of them reach the default limit.
	globalRead = 2000
)

// costModel prices the fields of one schema.
type costModel struct {
	// introspectionItems are the average lengths of introspection lists
	// in this schema (__Schema.types, __Type.fields ...).
	introspectionItems map[string]int
}

func newCostModel(schema *ast.Schema) *costModel {
	var types, fields, args, enumValues, inputFields, interfaces, possible int
	for _, t := range schema.Types {
		types++
		switch t.Kind {
		case ast.InputObject:
			inputFields += len(t.Fields)
		default:
			fields += len(t.Fields)
		}
		for _, f := range t.Fields {
			args += len(f.Arguments)
		}
		enumValues += len(t.EnumValues)
		interfaces += len(t.Interfaces)
		possible += len(schema.GetPossibleTypes(t))
	}
	avg := func(n, of int) int { return max(1, int(math.Ceil(float64(n)/float64(max(of, 1))))) }
	var directiveArgs int
	for _, d := range schema.Directives {
		directiveArgs += len(d.Arguments)
	}
	return &costModel{introspectionItems: map[string]int{
		"__Schema.types":        types,
		"__Schema.directives":   len(schema.Directives),
		"__Type.fields":         avg(fields, types),
		"__Type.inputFields":    avg(inputFields, types),
		"__Type.enumValues":     avg(enumValues, types),
		"__Type.interfaces":     avg(interfaces, types),
		"__Type.possibleTypes":  avg(possible, types),
		"__Field.args":          avg(args, fields),
		"__Directive.args":      avg(directiveArgs, len(schema.Directives)),
		"__Directive.locations": 5,
	}}
}

// operationCost is the cost of op with these variables: of its data, and
// apart of its introspection, which an IDE's schema query makes large
// without any database work.
func (m *costModel) operationCost(op *ast.OperationDefinition, vars map[string]any) (data, introspection int) {
	var walk func(set ast.SelectionSet, visiting map[string]bool)
	walk = func(set ast.SelectionSet, visiting map[string]bool) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if strings.HasPrefix(s.Name, "__") && s.Name != "__typename" {
					introspection = addCost(introspection, m.fieldCost(s, vars, 0))
				} else {
					data = addCost(data, m.fieldCost(s, vars, 0))
				}
			case *ast.InlineFragment:
				walk(s.SelectionSet, visiting)
			case *ast.FragmentSpread:
				if s.Definition != nil && !visiting[s.Name] {
					visiting[s.Name] = true
					walk(s.Definition.SelectionSet, visiting)
					delete(visiting, s.Name)
				}
			}
		}
	}
	walk(op.SelectionSet, map[string]bool{})
	return data, introspection
}

// selectionCost is the cost of set on one object. size is the `first` a
// parent connection or subgraph passes down to its edges or nodes.
func (m *costModel) selectionCost(set ast.SelectionSet, vars map[string]any, size int) int {
	total := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			total = addCost(total, m.fieldCost(s, vars, size))
		case *ast.InlineFragment:
			total = addCost(total, m.selectionCost(s.SelectionSet, vars, size))
		case *ast.FragmentSpread:
			if s.Definition != nil {
				total = addCost(total, m.selectionCost(s.Definition.SelectionSet, vars, size))
			}
		}
	}
	return total
}

func (m *costModel) fieldCost(f *ast.Field, vars map[string]any, size int) int {
	if f.Definition == nil || f.ObjectDefinition == nil {
		return 1
	}
	args := f.ArgumentMap(vars)
	work, items, childSize := 1, 1, 0
	parent, name := f.ObjectDefinition.Name, f.Name
	switch parent + "." + name {
	case "Query.search":
		items = sizeArg(args, searchFirst)
	case "Query.searchEntities":
		childSize = sizeArg(args, searchFirst)
		work = 1 + childSize
	case "Query.entities", "Query.designations", "Query.designationGap":
		childSize = sizeArg(args, pageFirst)
		work = 1 + childSize
		if computedOrder(args) {
			work += globalRead
		}
	case "Query.facets":
		work = globalRead
	case "Query.listChanges":
		// The page reads every listing of both snapshots.
		childSize = sizeArg(args, pageFirst)
		work = globalRead + childSize
	case "ListChangeConnection.totalCount", "ListChangeConnection.counts":
		// One count of every listing of both snapshots, shared by the two.
		work = globalRead / 2
	case "Authority.designationConnection", "VesselLinkage.entityConnection":
		childSize = sizeArg(args, pageFirst)
		work = 1 + childSize
	case "EntityConnection.edges", "DesignationConnection.edges", "SearchHitConnection.edges", "ListChangeConnection.edges",
		"EntityConnection.nodes", "DesignationConnection.nodes", "SearchHitConnection.nodes", "ListChangeConnection.nodes":
		items = max(size, 1)
	case "Query.match":
		descriptions, _ := args["descriptions"].([]any)
		items = max(len(descriptions), 1)
		childSize = sizeArg(args, matchFirst)
		work = items * childSize
	case "MatchAnswer.candidates":
		items = max(size, 1)
	case "MatchCandidate.features":
		items = matchFeatures
	case "Query.nodes":
		ids, _ := args["ids"].([]any)
		items = max(len(ids), 1)
	case "Query.neighborhood":
		// Each level may expand every node of the one before.
		childSize = sizeArg(args, neighborhoodFirst)
		work = childSize << sizeArg(args, neighborhoodDepth)
	case "Subgraph.nodes":
		items = max(size, 1)
	case "Subgraph.relationships":
		items = 2 * max(size, 1)
	case "Query.vesselsLinkingSanctionedEntities":
		items = sizeArg(args, pageFirst)
		work = items * sizeArg(args, linkageHops) * perHop
	case "Vessel.linkedSanctionedEntities":
		// One vessel's search: the linkage holds at most 500 entities.
		work = perLinkage * sizeArg(args, linkageHops) * perHop
	case "Query.shortestPath":
		work = perHop * perHop * sizeArg(args, shortestHops)
	case "Authority.designations":
		items = sizeArg(args, pageFirst)
	case "Query.authorities":
		items = authoritiesCount
	case "Query.resolutions":
		items = resolutionsCount
	case "Query.announcements":
		items = announcementsCount
	case "Announcement.designations":
		items = perAnnouncement
	case "VesselLinkage.entities", "VesselLinkage.paths":
		items = perLinkage
	case "Path.nodes", "Path.relationships":
		items = perPath
	default:
		switch {
		case m.introspectionItems[parent+"."+name] > 0:
			items = m.introspectionItems[parent+"."+name]
		case f.Definition.Type.Elem == nil:
		case isEntityType(parent):
			items = perEntityList
		default:
			items = unsizedList
		}
	}
	return addCost(work, mulCost(items, m.selectionCost(f.SelectionSet, vars, childSize)))
}

// computedOrder says whether an entities orderBy sorts by a key computed
// for every match (any field but NAME).
func computedOrder(args map[string]any) bool {
	o, _ := args["orderBy"].(map[string]any)
	field, _ := o["field"].(string)
	return field == "DESIGNATION_COUNT" || field == "FIRST_LISTED"
}

// isEntityType says whether lists of this type are per-entity lists
// (designations, owners, transfers ...), short in practice.
func isEntityType(name string) bool {
	switch name {
	case "Entity", "Person", "Organization", "Vessel", "Aircraft", "Transfer", "Designation":
		return true
	}
	return false
}

// sizeArg reads a size argument; absent, malformed or out of range values
// cost as the default or maximum, since resolvers refuse them anyway.
func sizeArg(args map[string]any, l limit) int {
	var n int64
	switch v := args[l.arg].(type) {
	case int64:
		n = v
	case int:
		n = int64(v)
	case float64:
		n = int64(v)
	default:
		return l.def
	}
	return int(min(max(n, 1), int64(l.max)))
}

const maxCost = math.MaxInt32

func addCost(a, b int) int { return min(a+b, maxCost) }

func mulCost(a, b int) int {
	if a != 0 && b > maxCost/a {
		return maxCost
	}
	return a * b
}

// costLimit refuses operations that cost more than max (introspection:
// maxIntrospection), and operations
// that repeat one root field more than maxAliases times (each root field
// runs on its own, so aliases multiply concurrent database work).
type costLimit struct {
	model            *costModel
	max              int
	maxIntrospection int
	maxAliases       int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*costLimit)(nil)

func (*costLimit) ExtensionName() string { return "CostLimit" }

func (c *costLimit) Validate(schema graphql.ExecutableSchema) error {
	c.model = newCostModel(schema.Schema())
	return nil
}

func (c *costLimit) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	counts := map[string]int{}
	countRootFields(oc.Operation.SelectionSet, counts, map[string]bool{})
	for name, n := range counts {
		if n > c.maxAliases {
			err := gqlerror.Errorf("the query asks for %s %d times; the limit is %d per root field", name, n, c.maxAliases)
			err.Extensions = map[string]any{"code": codeAliasLimitExceeded}
			return err
		}
	}
	data, introspection := c.model.operationCost(oc.Operation, oc.Variables)
	switch {
	case data > c.max:
		err := gqlerror.Errorf("the query would cost %d units of database work; the limit is %d: ask for fewer items, hops or aliases", data, c.max)
		err.Extensions = map[string]any{"code": codeComplexityExceeded, "cost": data, "maxCost": c.max}
		return err
	case introspection > c.maxIntrospection:
		err := gqlerror.Errorf("the introspection would cost %d units; the limit is %d: ask for the schema once", introspection, c.maxIntrospection)
		err.Extensions = map[string]any{"code": codeComplexityExceeded, "cost": introspection, "maxCost": c.maxIntrospection}
		return err
	}
	return nil
}

// countRootFields counts each root field, aliases and fragments included.
func countRootFields(set ast.SelectionSet, counts map[string]int, visiting map[string]bool) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name != "__typename" {
				counts[s.Name]++
			}
		case *ast.InlineFragment:
			countRootFields(s.SelectionSet, counts, visiting)
		case *ast.FragmentSpread:
			if s.Definition == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			countRootFields(s.Definition.SelectionSet, counts, visiting)
			delete(visiting, s.Name)
		}
	}
}
