package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/armsgraph/armsgraph/neo4jdb"
	"github.com/armsgraph/armsgraph/record"
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

// designationsWithoutLinks are the fields of a designation answered
// without the nodes around it (authority, announcement, resolutions): its
// own properties, its target (the entity asked about) and its sources.
var designationsWithoutLinks = map[string]bool{
	"__typename": true, "id": true, "target": true, "listedOn": true, "delistedOn": true, "program": true,
	"programs": true, "measures": true, "reason": true, "sourceRecordId": true, "sourceKind": true,
	"sources": true, "sourceUrls": true, "inForce": true, "dateEvidence": true,
}

// onlyAuthorityID reports whether a selection on an Authority asks for
// nothing but its id, which a designation holds without the node.
func onlyAuthorityID(op *graphql.OperationContext, set ast.SelectionSet) bool {
	for _, f := range graphql.CollectFields(op, set, []string{"Authority", "Node"}) {
		if f.Name != "id" && f.Name != "__typename" {
			return false
		}
	}
	return true
}

// needsDesignationLinks reports whether a selection on designations asks
// for the nodes around them.
func needsDesignationLinks(op *graphql.OperationContext, set ast.SelectionSet) bool {
	for _, f := range graphql.CollectFields(op, set, []string{"Designation", "Node"}) {
		if f.Name == "authority" && onlyAuthorityID(op, f.Selections) {
			continue
		}
		if !designationsWithoutLinks[f.Name] {
			return true
		}
	}
	return false
}

// nestedOfConnection is the nested data a request selects on the entities
// of the EntityConnection the current field returns (edges.node and
// nodes).
func nestedOfConnection(ctx context.Context) neo4jdb.With {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return neo4jdb.With{}
	}
	op := graphql.GetOperationContext(ctx)
	return withProperties(op, nestedOf(op, connectionNodes(ctx, "EntityConnection", "EntityEdge")...))
}

// designationsOfConnection is what a request selects on the designations
// of the DesignationConnection the current field returns (edges.node and
// nodes): the nodes around them, and the properties to read.
func designationsOfConnection(ctx context.Context) neo4jdb.With {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return neo4jdb.With{DesignationLinks: true}
	}
	op := graphql.GetOperationContext(ctx)
	var w neo4jdb.With
	for _, set := range connectionNodes(ctx, "DesignationConnection", "DesignationEdge") {
		w.DesignationLinks = w.DesignationLinks || needsDesignationLinks(op, set)
	}
	return withProperties(op, w)
}

// connectionNodes are the selections on the nodes of the connection the
// current field returns: those of its nodes and of its edges' node.
func connectionNodes(ctx context.Context, connection, edge string) []ast.SelectionSet {
	op := graphql.GetOperationContext(ctx)
	var sets []ast.SelectionSet
	for _, f := range graphql.CollectFields(op, graphql.GetFieldContext(ctx).Field.Selections, []string{connection}) {
		switch f.Name {
		case "nodes":
			sets = append(sets, f.Selections)
		case "edges":
			for _, g := range graphql.CollectFields(op, f.Selections, []string{edge}) {
				if g.Name == "node" {
					sets = append(sets, g.Selections)
				}
			}
		}
	}
	return sets
}

// pathRead is what a linkage or a neighbourhood must read of the nodes
// and relationships it returns for the current operation: the entity
// properties any of its fields asks for, the authorities of path nodes only
// if a GraphNode's sanctioned or designatedBy is asked anywhere in it, and
// the relationships' properties only if a GraphEdge's role, since, until or
// sources is (everything when the operation is unknown).
func pathRead(ctx context.Context) neo4jdb.PathRead {
	if !graphql.HasOperationContext(ctx) {
		return neo4jdb.PathRead{Designated: true, RelationshipProperties: true}
	}
	op := graphql.GetOperationContext(ctx)
	read := neo4jdb.PathRead{EntityProperties: withProperties(op, neo4jdb.With{}).EntityProperties}
	eachField(op, func(f *ast.Field) {
		switch {
		case f.ObjectDefinition == nil:
		case f.ObjectDefinition.Name == "GraphNode" && (f.Name == "sanctioned" || f.Name == "designatedBy"):
			read.Designated = true
		case f.ObjectDefinition.Name == "GraphEdge" && graphEdgeProperties[f.Name]:
			read.RelationshipProperties = true
		}
	})
	return read
}

// graphEdgeProperties are the fields of a GraphEdge answered from the
// relationship's own properties.
var graphEdgeProperties = map[string]bool{"role": true, "since": true, "until": true, "sources": true}

// nestedOfField is the nested data a request selects on the entity the
// current field returns.
func nestedOfField(ctx context.Context) neo4jdb.With {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return neo4jdb.With{}
	}
	op := graphql.GetOperationContext(ctx)
	return withProperties(op, nestedOf(op, graphql.GetFieldContext(ctx).Field.Selections))
}

func nestedOf(op *graphql.OperationContext, sets ...ast.SelectionSet) neo4jdb.With {
	var w neo4jdb.With
	for _, set := range sets {
		for _, typ := range entityTypes {
			for _, f := range graphql.CollectFields(op, set, typ) {
				switch {
				case designationFields[f.Name]:
					w.Designations = true
					switch f.Name {
					case "designations":
						w.DesignationLinks = w.DesignationLinks || needsDesignationLinks(op, f.Selections)
					case "designatedBy":
						w.DesignationLinks = w.DesignationLinks || !onlyAuthorityID(op, f.Selections)
					}
				case typ[0] == "Vessel" && controlFields[f.Name] != "":
					w.Controls = controlTypes(op)
					w = withHolders(w, nestedOf(op, f.Selections))
				case typ[0] == "Vessel" && f.Name == "controllers":
					w.Controls = controlTypes(op)
					for _, g := range graphql.CollectFields(op, f.Selections, []string{"VesselControl"}) {
						if g.Name == "entity" {
							w = withHolders(w, nestedOf(op, g.Selections))
						}
					}
				}
			}
		}
	}
	return w
}

// controlFields are the fields of a vessel answering one type of control.
var controlFields = map[string]string{"owners": record.Owns, "operators": record.Operates, "managers": record.Manages}

// controlTypes are the types of control the whole operation asks of any
// vessel, so that the controls a page brings along are complete for every
// field of the request the loaders answer with them.
func controlTypes(op *graphql.OperationContext) []string {
	asked := map[string]bool{}
	eachField(op, func(f *ast.Field) {
		if f.ObjectDefinition == nil || f.ObjectDefinition.Name != "Vessel" {
			return
		}
		if f.Name == "controllers" {
			for _, t := range neo4jdb.VesselControlTypes {
				asked[t] = true
			}
		}
		if t := controlFields[f.Name]; t != "" {
			asked[t] = true
		}
	})
	var types []string
	for _, t := range neo4jdb.VesselControlTypes {
		if asked[t] {
			types = append(types, t)
		}
	}
	return types
}

// withHolders adds to w what a selection on the holders of a vessel's
// controls asks of their designations.
func withHolders(w, holders neo4jdb.With) neo4jdb.With {
	w.ControllerDesignations = w.ControllerDesignations || holders.Designations
	w.DesignationLinks = w.DesignationLinks || holders.DesignationLinks
	return w
}

// fieldNeedsDesignationLinks reports whether the entity field being
// resolved (designations, designatedBy, sanctioned, designationCount)
// needs the nodes around its designations.
func fieldNeedsDesignationLinks(ctx context.Context) bool {
	if !graphql.HasOperationContext(ctx) || graphql.GetFieldContext(ctx) == nil {
		return true
	}
	op, field := graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field
	switch field.Name {
	case "designations":
		return needsDesignationLinks(op, field.Selections)
	case "designatedBy":
		return !onlyAuthorityID(op, field.Selections)
	case "sanctioned", "designationCount":
		return false
	}
	return true
}

// entityFieldProperties are the node properties each field of an entity
// answers from; a field answered from other nodes (designations,
// countries, holders) needs none beyond those always read.
var entityFieldProperties = map[string][]string{
	"__typename": nil, "id": nil, "kind": nil, "name": nil,
	"aliases": {"aliases"}, "previousNames": {"aliases"},
	"sourceRecordIds": {"sourceRecordIds"}, "sourceUrls": {"sourceUrls"},
	"birthDates": {"birthDates"}, "birthPlaces": {"birthPlaces"},
	"gender": {"gender"}, "genderCode": {"gender"}, "title": {"title"},
	"identifiers": {"identifiers"}, "structuredIdentifiers": {"identifiers"},
	"addresses": {"addresses"}, "postalAddresses": {"addresses"},
	"imoNumber": {"imoNumber"}, "mmsi": {"mmsi"}, "callSign": {"callSign"}, "vesselType": {"vesselType"},
	"grossTonnage": {"grossTonnage"}, "tonnage": {"tonnage"}, "buildYear": {"buildYear"},
	"aircraftModel": {"aircraftModel"}, "tailNumber": {"tailNumber"}, "manufacturerSerial": {"manufacturerSerial"},
	"designations": nil, "sanctioned": nil, "designationCount": nil, "designatedBy": nil,
	"nationalities": nil, "country": nil, "owns": nil, "controls": nil, "directs": nil,
	"flag": nil, "flagHistory": nil, "owners": nil, "operators": nil, "managers": nil,
	"controllers": nil, "transfers": nil, "linkedSanctionedEntities": nil,
}

// designationFieldProperties are the same for the fields of a designation.
var designationFieldProperties = map[string][]string{
	"__typename": nil, "id": nil, "authority": nil, "target": nil, "listedOn": nil,
	"inForce":     neo4jdb.InForceProperties,
	"resolutions": nil, "announcement": nil,
	"delistedOn": {"delistedOn"}, "program": {"program"}, "programs": {"programs"},
	"measures": {"measures"}, "reason": {"reason"}, "sourceRecordId": {"sourceRecordId"},
	"sourceKind": {"sourceKind"}, "sources": {"sources"}, "sourceUrls": {"sourceUrls"},
	"dateEvidence": {"inForceSince", "inForceSinceEvidence", "inForceSinceSource"},
}

// asksInForce reports whether entity field f answers from whether its
// designations are in force on a day: sanctioned, designationCount and
// designatedBy always, designations when given asOf.
func asksInForce(f *ast.Field) bool {
	switch f.Name {
	case "sanctioned", "designationCount", "designatedBy":
		return true
	case "designations":
		return f.Arguments.ForName("asOf") != nil
	}
	return false
}

// eachField calls f for every field of the operation and of its
// fragments, at any depth.
func eachField(op *graphql.OperationContext, f func(*ast.Field)) {
	var walk func(ast.SelectionSet)
	walk = func(set ast.SelectionSet) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				f(s)
				walk(s.SelectionSet)
			case *ast.InlineFragment:
				walk(s.SelectionSet)
			}
		}
	}
	walk(op.Operation.SelectionSet)
	for _, d := range op.Doc.Fragments {
		walk(d.SelectionSet)
	}
}

// entityParents are the types whose fields are an entity's.
var entityParents = map[string]bool{"Entity": true, "Vessel": true, "Organization": true, "Person": true, "Aircraft": true}

// withProperties names in w the properties to read of entities and
// designations: those any field of the whole operation asks for, on any
// entity or designation. A page's entities and designations prime the
// request's batch loaders, which answer every other field of the request
// too, so narrowing to the current field's selection could leave another
// field without its data. A field the maps do not know reads the nodes
// whole.
func withProperties(op *graphql.OperationContext, w neo4jdb.With) neo4jdb.With {
	entity, designation := neo4jdb.Properties{}, neo4jdb.Properties{}
	known := true
	eachField(op, func(f *ast.Field) {
		if f.ObjectDefinition == nil {
			return
		}
		var props []string
		var ok bool
		switch {
		case entityParents[f.ObjectDefinition.Name]:
			props, ok = entityFieldProperties[f.Name]
			entity = append(entity, props...)
			if asksInForce(f) {
				designation = append(designation, neo4jdb.InForceProperties...)
			}
		case f.ObjectDefinition.Name == "Designation":
			props, ok = designationFieldProperties[f.Name]
			designation = append(designation, props...)
		default:
			ok = true
		}
		known = known && ok
	})
	if known {
		w.EntityProperties, w.DesignationProperties = entity, designation
	}
	return w
}
