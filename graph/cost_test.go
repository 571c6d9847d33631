package graph

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/armsgraph/armsgraph/graph/generated"
)

// These tests need no database: they price and measure documents against
// the schema.

func testSchema() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
}

func costOf(t *testing.T, m *costModel, query string) int {
	t.Helper()
	doc, errs := gqlparser.LoadQuery(testSchema(), query)
	if errs != nil {
		t.Fatalf("%s: %v", query, errs)
	}
	data, introspection := m.operationCost(doc.Operations[0], nil)
	return data + introspection
}

func TestCostCountsDatabaseWork(t *testing.T) {
	m := newCostModel(testSchema())
	cost := func(q string) int { return costOf(t, m, q) }

	// A list costs its first times its selection.
	if got := cost(`{ search(text: "a", first: 50) { score entity { id name } } }`); got != 1+50*4 {
		t.Errorf("search of 50 with 4 fields: cost %d, want %d", got, 1+50*4)
	}
	if small, large := cost(`{ entities(first: 10) { edges { node { id } } } }`), cost(`{ entities(first: 100) { edges { node { id } } } }`); large < 9*small {
		t.Errorf("first: 100 costs %d, first: 10 costs %d; want ten times as much", large, small)
	}
	// Facets and an order computed per entity read every match.
	if got := cost(`{ facets { totalCount kinds { kind count } } }`); got < globalRead {
		t.Errorf("facets: cost %d, want at least %d", got, globalRead)
	}
	byName := cost(`{ entities(first: 10, orderBy: {field: NAME, direction: DESC}) { edges { node { id } } } }`)
	byCount := cost(`{ entities(first: 10, orderBy: {field: DESIGNATION_COUNT}) { edges { node { id } } } }`)
	if byCount != byName+globalRead {
		t.Errorf("entities by designation count: cost %d, by name %d; want %d more", byCount, byName, globalRead)
	}
	if ten := cost(`{ a: facets { totalCount } b: facets { totalCount } c: facets { totalCount } d: facets { totalCount } e: facets { totalCount } f: facets { totalCount } g: facets { totalCount } h: facets { totalCount } i: facets { totalCount } j: facets { totalCount } k: entities(orderBy: {field: FIRST_LISTED}) { totalCount } }`); ten <= DefaultConfig().MaxComplexity {
		t.Errorf("ten facets and a computed order: cost %d, want over the limit %d", ten, DefaultConfig().MaxComplexity)
	}
	// A page of list changes reads every listing of both snapshots; its
	// counts, once more.
	page := cost(`{ listChanges(source: "us-ofac-sdn", from: "2021-04-25", to: "2024-05-03", first: 100) { edges { node { sourceRecordId } } } }`)
	counted := cost(`{ listChanges(source: "us-ofac-sdn", from: "2021-04-25", to: "2024-05-03", first: 100) { totalCount edges { node { sourceRecordId } } } }`)
	if page < globalRead+100 || counted < page+globalRead/2 {
		t.Errorf("listChanges: cost %d, with totalCount %d; want at least %d and %d more", page, counted, globalRead+100, globalRead/2)
	}
	// A neighbourhood's work doubles with each level of depth.
	d1 := cost(`{ neighborhood(id: "x", depth: 1, first: 500) { truncated } }`)
	d3 := cost(`{ neighborhood(id: "x", depth: 3, first: 500) { truncated } }`)
	if d1 != 1000+1 || d3 != 4000+1 {
		t.Errorf("neighborhood depth 1 and 3: cost %d and %d, want 1001 and 4001", d1, d3)
	}
	// Its nodes and relationships are sized by its first.
	if got := cost(`{ neighborhood(id: "x", first: 10) { nodes { id } relationships { id } } }`); got != 20+(1+10)+(1+20) {
		t.Errorf("neighborhood of 10 nodes: cost %d, want %d", got, 20+(1+10)+(1+20))
	}
	// Linkage work grows with hops.
	if h1, h4 := cost(`{ vesselsLinkingSanctionedEntities(maxHops: 1) { vessel { id } } }`), cost(`{ vesselsLinkingSanctionedEntities(maxHops: 4) { vessel { id } } }`); h4 < 3*h1 {
		t.Errorf("maxHops 4 costs %d, maxHops 1 %d; want at least three times as much", h4, h1)
	}
	// Aliases add up.
	one := cost(`{ a: neighborhood(id: "x", depth: 3, first: 500) { truncated } }`)
	five := cost(`{ a: neighborhood(id: "x", depth: 3, first: 500) { truncated } b: neighborhood(id: "x", depth: 3, first: 500) { truncated } c: neighborhood(id: "x", depth: 3, first: 500) { truncated } d: neighborhood(id: "x", depth: 3, first: 500) { truncated } e: neighborhood(id: "x", depth: 3, first: 500) { truncated } }`)
	if five != 5*one || five <= DefaultConfig().MaxComplexity {
		t.Errorf("five deep neighbourhoods cost %d (one: %d); want five times one, over the default limit %d", five, one, DefaultConfig().MaxComplexity)
	}
	// Connections cost like the lists they page, through edges or nodes.
	if edges, nodes := cost(`{ searchEntities(text: "a", first: 50) { edges { node { score } } } }`), cost(`{ searchEntities(text: "a", first: 50) { nodes { score } } }`); edges != 1+50+1+50*2 || nodes != 1+50+1+50 {
		t.Errorf("searchEntities of 50: edges cost %d, nodes cost %d; want %d and %d", edges, nodes, 1+50+1+50*2, 1+50+1+50)
	}
	if got := cost(`{ authority(id: "x") { designationConnection(first: 100) { nodes { id } } } }`); got < 100 {
		t.Errorf("a connection of 100 designations costs %d, want at least 100", got)
	}
	// Screening costs per description and candidate.
	if one, five := cost(`{ match(descriptions: [{name: "a"}], first: 5) { candidates { score } } }`), cost(`{ match(descriptions: [{name: "a"} {name: "b"} {name: "c"} {name: "d"} {name: "e"}], first: 5) { candidates { score } } }`); five <= 4*one {
		t.Errorf("match of 1 and 5 descriptions cost %d and %d; want about five times as much", one, five)
	}
	// Refetching by id costs per id.
	if one, three := cost(`{ nodes(ids: ["a"]) { id } }`), cost(`{ nodes(ids: ["a", "b", "c"]) { id } }`); three != 3*one-2 {
		t.Errorf("nodes of 1 and 3 ids cost %d and %d", one, three)
	}
	// Variables count like literals.
	doc, errs := gqlparser.LoadQuery(testSchema(), `query($n: Int) { search(text: "a", first: $n) { score } }`)
	if errs != nil {
		t.Fatal(errs)
	}
	if got, _ := m.operationCost(doc.Operations[0], map[string]any{"n": int64(40)}); got != 1+40 {
		t.Errorf("first from a variable: cost %d, want 41", got)
	}
}

// Introspection is priced by the schema's size: an IDE's schema query
// fits its limit, but not three of them.
func TestCostCountsIntrospection(t *testing.T) {
	m := newCostModel(testSchema())
	full, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	one := costOf(t, m, string(full))
	limit := DefaultConfig().MaxIntrospectionCost
	if one < 1000 || one > limit || 3*one <= limit {
		t.Errorf("the IDE's schema query costs %d; want between 1000 and the limit %d, and three over it", one, limit)
	}
	aliased := "{" + strings.Repeat(" a: __schema { types { fields { name args { name } } } }", 1)
	for i := range 19 {
		aliased += " a" + string(rune('a'+i)) + ": __schema { types { fields { name args { name } } } }"
	}
	if got := costOf(t, m, aliased+" }"); got <= 20*costOf(t, m, `{ __schema { types { name } } }`) {
		t.Errorf("twenty aliased __schema with fields cost %d; want more than twenty type lists", got)
	}
}

func TestDepthCountsIntrospectionApart(t *testing.T) {
	depths := func(q string) (int, int) {
		doc, errs := gqlparser.LoadQuery(testSchema(), q)
		if errs != nil {
			t.Fatalf("%s: %v", q, errs)
		}
		return selectionDepth(doc.Operations[0].SelectionSet, doc.Fragments, map[string]bool{}, false)
	}
	full, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	if data, in := depths(string(full)); data != 0 || in > introspectionDepth || in < 13 {
		t.Errorf("the IDE's schema query: data depth %d, introspection depth %d; want 0 and 13 to %d", data, in, introspectionDepth)
	}
	deep := `{ __schema { types { ` + strings.Repeat("ofType { ", 20) + "name" + strings.Repeat(" }", 20) + ` } } }`
	if _, in := depths(deep); in != 23 {
		t.Errorf("twenty ofType: introspection depth %d, want 23", in)
	}
	if data, in := depths(`{ entity(id: "x") { __typename designations { id } } }`); data != 3 || in != 0 {
		t.Errorf("__typename counts as data: depths %d, %d, want 3, 0", data, in)
	}
}

func TestQueryCacheIsBoundedInBytes(t *testing.T) {
	ctx := context.Background()
	c := newQueryCache(1 << 20)
	big := strings.Repeat("x", 10<<10) // retains about 320 KB once parsed
	for i := range 100 {
		c.Add(ctx, big+string(rune('a'+i%26))+strings.Repeat("y", i), &ast.QueryDocument{})
	}
	if used := c.usedBytes(); used > 1<<20 {
		t.Errorf("cache holds an estimated %d bytes; budget 1 MiB", used)
	}
	last := big + string(rune('a'+99%26)) + strings.Repeat("y", 99)
	if _, ok := c.Get(ctx, last); !ok {
		t.Error("the newest query was evicted")
	}
	if _, ok := c.Get(ctx, big+"a"); ok {
		t.Error("the oldest query is still cached")
	}
	c.Add(ctx, strings.Repeat("z", 1<<20), &ast.QueryDocument{})
	if _, ok := c.Get(ctx, strings.Repeat("z", 1<<20)); ok {
		t.Error("a query larger than the budget was cached")
	}
}
