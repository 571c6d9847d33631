package graph

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// A field the property maps do not know makes a page read its nodes whole:
// safe, but the saving is lost without notice. Every field of an entity
// type and of Designation is in the maps, and every property they name is
// one the store decodes (else it would read the node whole).
func TestEveryEntityAndDesignationFieldNamesItsProperties(t *testing.T) {
	schema := testSchema()
	var entityProps, designationProps []string
	for name := range entityParents {
		for _, f := range schema.Types[name].Fields {
			props, ok := entityFieldProperties[f.Name]
			if !ok {
				t.Errorf("%s.%s is not in entityFieldProperties", name, f.Name)
			}
			entityProps = append(entityProps, props...)
		}
	}
	for _, f := range schema.Types["Designation"].Fields {
		props, ok := designationFieldProperties[f.Name]
		if !ok {
			t.Errorf("Designation.%s is not in designationFieldProperties", f.Name)
		}
		designationProps = append(designationProps, props...)
	}
	st := neo4jdb.VesselStatement("1", neo4jdb.With{Designations: true, Controls: neo4jdb.VesselControlTypes, ControllerDesignations: true,
		EntityProperties: entityProps, DesignationProperties: designationProps})
	if strings.Contains(st.Cypher, "properties(e)") || strings.Contains(st.Cypher, "properties(h)") || strings.Contains(st.Cypher, "properties(d)") {
		t.Errorf("a property in the maps is not one the store decodes; the statement reads nodes whole:\n%s", st.Cypher)
	}
}

// The properties read are those the whole operation asks for, on any
// entity or designation, in fragments too: a page's nodes prime the
// loaders that answer the request's other fields.
func TestPropertiesAreThoseTheWholeOperationAsksFor(t *testing.T) {
	doc, errs := gqlparser.LoadQuery(testSchema(), `
{ entities(first: 5) { nodes { name ... on Vessel { imoNumber designations { program } } } }
  vessel(imoNumber: "1") { ...owners } }
fragment owners on Vessel { owners { ... on Person { birthDates } } designations { dateEvidence { date } } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	w := withProperties(&graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}, neo4jdb.With{})
	for _, p := range []string{"imoNumber", "birthDates"} {
		if !slices.Contains(w.EntityProperties, p) {
			t.Errorf("entity properties %v lack %s", w.EntityProperties, p)
		}
	}
	for _, p := range []string{"program", "inForceSince", "inForceSinceEvidence", "inForceSinceSource"} {
		if !slices.Contains(w.DesignationProperties, p) {
			t.Errorf("designation properties %v lack %s", w.DesignationProperties, p)
		}
	}
	for _, p := range []string{"aliases", "identifiers"} {
		if slices.Contains(w.EntityProperties, p) {
			t.Errorf("entity properties %v name %s, which nothing asks for", w.EntityProperties, p)
		}
	}
	if slices.Contains(w.DesignationProperties, "reason") {
		t.Errorf("designation properties %v name reason, which nothing asks for", w.DesignationProperties)
	}
}

// A page reads the types of control the whole operation asks of any
// vessel: the controls it brings along answer every owners, operators,
// managers and controllers field of the request.
func TestControlTypesAreThoseTheWholeOperationAsksFor(t *testing.T) {
	for _, c := range []struct {
		query string
		want  []string
	}{
		{`{ entities(first: 5) { nodes { ... on Vessel { owners { name } } } } }`, []string{"OWNS"}},
		{`{ entities(first: 5) { nodes { ... on Vessel { owners { name } } } } vessel(imoNumber: "1") { ...m } }
fragment m on Vessel { managers { name } }`, []string{"OWNS", "MANAGES"}},
		{`{ vessel(imoNumber: "1") { operators { name } controllers { type } } }`, []string{"OWNS", "OPERATES", "MANAGES"}},
		{`{ entities(first: 5) { nodes { name } } }`, nil},
	} {
		doc, errs := gqlparser.LoadQuery(testSchema(), c.query)
		if errs != nil {
			t.Fatal(errs)
		}
		got := controlTypes(&graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]})
		if !slices.Equal(got, c.want) {
			t.Errorf("%s\nreads controls %v, want %v", c.query, got, c.want)
		}
	}
	st := neo4jdb.VesselStatement("1", neo4jdb.With{Controls: []string{"OWNS"}})
	if !strings.Contains(st.Cypher, "[r:OWNS]") {
		t.Errorf("a request for owners alone reads other controls:\n%s", st.Cypher)
	}
}

// A designation's in-force periods are read when some field of the
// operation answers from them, and only then.
func TestInForcePeriodsAreReadWhenAFieldAnswersFromThem(t *testing.T) {
	for _, c := range []struct {
		query string
		want  bool
	}{
		{`{ entities(first: 5) { nodes { ... on Vessel { designations { program listedOn authority { id } } } } } }`, false},
		{`{ designations(first: 5) { nodes { id program target { name } } } }`, false},
		{`{ entities(first: 5) { nodes { name sanctioned } } }`, true},
		{`{ entities(first: 5) { nodes { ... on Person { designationCount } } } }`, true},
		{`{ vessel(imoNumber: "1") { owners { designatedBy { id } } } }`, true},
		{`query($d: Date) { vessel(imoNumber: "1") { designations(asOf: $d) { program } } }`, true},
		{`{ designations(first: 5) { nodes { ...f } } } fragment f on Designation { inForce }`, true},
	} {
		doc, errs := gqlparser.LoadQuery(testSchema(), c.query)
		if errs != nil {
			t.Fatal(c.query, errs)
		}
		props := withProperties(&graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]}, neo4jdb.With{}).DesignationProperties
		for _, p := range neo4jdb.InForceProperties {
			if slices.Contains(props, p) != c.want {
				t.Errorf("%s: designation properties %v; want %s read: %v", c.query, props, p, c.want)
			}
		}
	}
}

// A linkage or neighbourhood reads its relationships' properties, and its
// nodes' designations, only when some field of the operation shows them.
func TestPathReadIsWhatTheOperationShows(t *testing.T) {
	for _, c := range []struct {
		query                     string
		designated, relationProps bool
	}{
		{`{ neighborhood(id: "x") { nodes { id caption } relationships { type startId endId } } }`, false, false},
		{`{ neighborhood(id: "x") { nodes { sanctioned } relationships { ...e } } } fragment e on GraphEdge { since }`, true, true},
		{`{ vesselsLinkingSanctionedEntities { paths { nodes { designatedBy } relationships { sources { id } } } } }`, true, true},
	} {
		doc, errs := gqlparser.LoadQuery(testSchema(), c.query)
		if errs != nil {
			t.Fatal(c.query, errs)
		}
		ctx := graphql.WithOperationContext(context.Background(), &graphql.OperationContext{Doc: doc, Operation: doc.Operations[0]})
		if r := pathRead(ctx); r.Designated != c.designated || r.RelationshipProperties != c.relationProps {
			t.Errorf("%s: reads designations %v, relationships' properties %v; want %v, %v", c.query, r.Designated, r.RelationshipProperties, c.designated, c.relationProps)
		}
	}
}
