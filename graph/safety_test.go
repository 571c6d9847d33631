package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Cypher and Lucene syntax in any string argument is text: the answer is
// empty or not found, never an error of the query languages, and the graph
// does not change.
func TestInjectionIsText(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	ctx := context.Background()
	before, err := a.store.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	payloads := []string{
		`') RETURN 1 //`, `"}) MATCH (n) DETACH DELETE n //`, `'}) MATCH (n) DETACH DELETE n //`,
		`name:*`, `a AND b`, `(`, `"`, `*`, `~`, `\`, `maria OR lady`, `NOT maria`, `/re.*x/`, `{!lucene}x`, `][`, `^2`,
	}
	queries := []struct {
		name, query string
		// allowed are codes a clean refusal may carry: unknown ids are
		// NOT_FOUND, unknown codes in filters BAD_USER_INPUT.
		allowed []string
	}{
		{"search", `query($s: String!) { search(text: $s) { entity { id } } }`, nil},
		{"entity", `query($s: ID!) { entity(id: $s) { id } }`, []string{codeNotFound}},
		{"vessel", `query($s: String!) { vessel(imoNumber: $s) { id } }`, []string{codeNotFound}},
		{"authority", `query($s: ID!) { authority(id: $s) { id designations { id } } }`, []string{codeNotFound}},
		{"announcement", `query($s: ID!) { announcement(id: $s) { id designations { id } } }`, []string{codeNotFound}},
		{"entities filter", `query($s: String!, $id: ID!) { entities(filter: {country: $s, designatedBy: $id, notDesignatedBy: $id, program: $s}) { totalCount edges { node { id } } } }`, []string{codeBadUserInput}},
		{"designations filter", `query($s: String!, $id: ID!) { designations(filter: {authorities: [$id], country: $s, program: $s, target: $id, announcement: $id}) { totalCount edges { node { id } } } }`, []string{codeBadUserInput}},
		{"linkage authorities", `query($id: ID!) { vesselsLinkingSanctionedEntities(authorities: [$id]) { vessel { id } } }`, []string{codeBadUserInput}},
		{"shortest path", `query($id: ID!) { shortestPath(from: $id, to: "imo-8517839") { length } b: shortestPath(from: "imo-8517839", to: $id) { length } }`, []string{codeNotFound}},
		{"neighborhood", `query($id: ID!) { neighborhood(id: $id) { truncated } }`, []string{codeNotFound}},
		{"designation gap", `query($id: ID!) { designationGap(designatedBy: $id, notDesignatedBy: $id) { totalCount edges { node { id } } } b: designationGap(designatedBy: "jp-mof", notDesignatedBy: $id) { totalCount } }`, []string{codeBadUserInput}},
		{"cursor", `query($s: String!) { entities(after: $s) { totalCount } }`, []string{codeBadUserInput}},
	}
	for _, q := range queries {
		for _, p := range payloads {
			r := a.query(q.query, map[string]any{"s": p, "id": p})
			for _, code := range r.codes() {
				if !slices.Contains(q.allowed, code) {
					t.Errorf("%s with %q: error %s: %s", q.name, p, code, r.raw)
				}
			}
		}
	}
	// Syntax is not interpreted: "maria OR lady" must not find MARIA.
	r := a.query(`{ search(text: "maria OR lady") { entity { id } } }`, nil)
	if string(r.Data) != `{"search":[]}` {
		t.Errorf(`"maria OR lady" is one text, want no hit, got %s`, r.Data)
	}
	after, err := a.store.Fingerprint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Fatal("the graph changed")
	}
}

// The number of Bolt round trips of an operation does not grow with the
// number of results: each field of each list level costs one statement.
func TestRoundTripsDoNotGrowWithResults(t *testing.T) {
	s := newAPI(t, DefaultConfig()).store
	// The last query nests three lists (50 announcements of 50
	// designations); it measures round trips, not cost.
	cfg := DefaultConfig()
	cfg.MaxComplexity = 1 << 20
	h := NewHandler(s, cfg)
	var trips *neo4jdb.RoundTrips
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, rt := neo4jdb.WithRoundTrips(r.Context())
		trips = rt
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
	defer srv.Close()
	a := &api{t: t, store: s, url: srv.URL}

	count := func(query string, first int) (int64, int) {
		t.Helper()
		r := a.query(query, map[string]any{"first": first})
		if len(r.Errors) > 0 {
			t.Fatalf("%s", r.raw)
		}
		return trips.Count(), len(r.raw)
	}
	for _, c := range []struct {
		name  string
		query string
		max   int64
		// exact: the same count for 5 and 50 results. Queries whose
		// sibling fields feed one loader may differ by a statement with
		// scheduling, yet stay under max.
		exact bool
	}{
		{"entities with designations and authorities",
			`query($first: Int) { entities(first: $first) { edges { node { name designations { authority { name } } } } } }`, 1, true},
		{"vessels with designations, owners and the owners' designations",
			`query($first: Int) { entities(filter: {kinds: [VESSEL]}, first: $first) { nodes { id ... on Vessel { designations { program authority { id } }
			  owners { name designations { program listedOn } } controllers { entity { sanctioned } } } } } }`, 1, true},
		{"entities with every per-entity field",
			`query($first: Int) { entities(first: $first) { totalCount edges { node { name sanctioned designatedBy { id } designations(asOf: "2024-06-01") { target { name designationCount } announcement { authority { name } } resolutions { number } }
			  ... on Person { nationalities { code } } ... on Organization { country { code } }
			  ... on Vessel { flag { code } flagHistory { since } owners { name designations { id } } transfers { parties { entity { sanctioned } } vessel { name } } } } } } }`, 12, false},
		{"announcements with co-designated entities",
			`query($first: Int) { announcements { designations { target { designationCount designatedBy { id } } authority { designations(first: $first) { id target { sanctioned } } } } } }`, 5, false},
	} {
		few, fewBytes := count(c.query, 5)
		many, manyBytes := count(c.query, 50)
		if manyBytes <= fewBytes {
			t.Errorf("%s: 50 results are no bigger than 5 (%d vs %d bytes)", c.name, manyBytes, fewBytes)
		}
		if few > c.max || many > c.max || (c.exact && few != many) {
			t.Errorf("%s: %d round trips for first 5, %d for first 50; want at most %d (the same for both: %v)", c.name, few, many, c.max, c.exact)
		}
		t.Logf("%s: %d round trips for first 5, %d for first 50", c.name, few, many)
	}

	// A vessel by IMO number brings its designations and owners along.
	r := a.query(`{ vessel(imoNumber: "8517839") { name designations { program } owners { name sanctioned } } }`, nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.raw), `"owners":[{`) {
		t.Fatalf("%s", r.raw)
	}
	if n := trips.Count(); n != 1 {
		t.Errorf("vessel by IMO number with designations and owners: %d round trips, want 1", n)
	}
}

// A page that read designations without the nodes around them (only the
// fields it selects) never answers, in the same request, a field that
// needs those nodes: another root field asking for authorities and
// announcements of the same vessel gets them whole.
func TestDesignationsReadWithoutLinksNeverAnswerAFieldThatNeedsThem(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	r := a.query(`{ entities(filter: {kinds: [VESSEL]}, first: 50) { nodes { id designations { program authority { id } } } }
	  entity(id: "imo-8517839") { designations { authority { id name } announcement { id } } designatedBy { id name } } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("%s", r.raw)
	}
	var data struct {
		Entities struct {
			Nodes []struct{ ID string }
		}
		Entity struct {
			Designations []struct {
				Authority    struct{ ID, Name string }
				Announcement *struct{ ID string }
			}
			DesignatedBy []struct{ ID, Name string }
		}
	}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatal(err)
	}
	onPage := slices.ContainsFunc(data.Entities.Nodes, func(n struct{ ID string }) bool { return n.ID == "imo-8517839" })
	if !onPage || len(data.Entity.Designations) == 0 || len(data.Entity.DesignatedBy) == 0 {
		t.Fatalf("imo-8517839 should be on the page and designated: %s", r.raw)
	}
	announced := 0
	for _, d := range data.Entity.Designations {
		if d.Authority.ID == "" || d.Authority.Name == "" {
			t.Errorf("a designation's authority without its name: %+v", d.Authority)
		}
		if d.Announcement != nil {
			announced++
		}
	}
	for _, au := range data.Entity.DesignatedBy {
		if au.Name == "" {
			t.Errorf("designatedBy without a name: %+v", au)
		}
	}
	if announced == 0 {
		t.Errorf("no designation of imo-8517839 came with its announcement: %s", r.raw)
	}
}

// A page that read a few properties of its vessels' owners never answers,
// in the same request, a field that needs more of them: another root field
// asking for the owners' aliases and source records of a vessel on the
// page gets what it gets when asked alone.
func TestAPageReadingFewPropertiesNeverAnswersAFieldThatNeedsMore(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	const vessel = `vessel(imoNumber: "8517839") { imoNumber aliases owners { id aliases sourceRecordIds } designations { reason sources { id } } }`
	alone := a.query(`{ `+vessel+` }`, nil)
	together := a.query(`{ entities(filter: {kinds: [VESSEL]}, first: 50) { nodes { id ... on Vessel { owners { id } designations { program } } } } `+vessel+` }`, nil)
	if len(alone.Errors) > 0 || len(together.Errors) > 0 {
		t.Fatalf("%s\n%s", alone.raw, together.raw)
	}
	var one, both struct{ Vessel json.RawMessage }
	if err := json.Unmarshal(alone.Data, &one); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(together.Data, &both); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(one.Vessel), `"sourceRecordIds":["`) {
		t.Fatalf("the vessel's owners should have source records: %s", one.Vessel)
	}
	if string(one.Vessel) != string(both.Vessel) {
		t.Errorf("asked beside a page, the vessel is\n%s\nasked alone, it is\n%s", both.Vessel, one.Vessel)
	}
}

func TestADesignationsPageReadsWhatItsFieldsNeed(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	// A page of designations reads of its targets, and of itself, only the
	// properties the request's fields ask for: each asked must be there.
	const target = `id name aliases sourceRecordIds ... on Vessel { imoNumber callSign }`
	alone := a.query(`{ entity(id: "imo-8517839") { `+target+` } }`, nil)
	page := a.query(`{ designations(filter: {target: "imo-8517839"}, first: 50) { nodes { id reason sources { id } authority { id } target { `+target+` } } } }`, nil)
	if len(alone.Errors) > 0 || len(page.Errors) > 0 {
		t.Fatalf("%s\n%s", alone.raw, page.raw)
	}
	var one struct{ Entity json.RawMessage }
	var many struct {
		Designations struct {
			Nodes []struct {
				ID, Reason string
				Sources    []struct{ ID string }
				Target     json.RawMessage
			}
		}
	}
	if err := json.Unmarshal(alone.Data, &one); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(page.Data, &many); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(one.Entity), `"sourceRecordIds":["`) || !strings.Contains(string(one.Entity), `"imoNumber":"8517839"`) {
		t.Fatalf("MARIA should have source records and its IMO number: %s", one.Entity)
	}
	if len(many.Designations.Nodes) == 0 {
		t.Fatalf("the page has no designations of MARIA: %s", page.raw)
	}
	for _, n := range many.Designations.Nodes {
		if string(n.Target) != string(one.Entity) {
			t.Errorf("designation %s: its target is\n%s\nasked alone, MARIA is\n%s", n.ID, n.Target, one.Entity)
		}
		if n.Reason == "" || len(n.Sources) == 0 {
			t.Errorf("designation %s has no reason or no sources: %+v", n.ID, n)
		}
	}
}

// A request whose deadline passes (serve gives each one) while Neo4j does
// not answer gets a coded answer, rather than none when the server's write
// timeout closes the connection.
func TestARequestPastItsDeadlineIsAnsweredWithACode(t *testing.T) {
	// A server that accepts connections and never answers: a read waits
	// until the request's deadline.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	cfg := neo4jdb.DefaultConfig()
	cfg.URI = "bolt://" + l.Addr().String()
	s, err := neo4jdb.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(context.Background()) })
	h := NewHandler(s, DefaultConfig())
	body := `{"query": "{ vessel(imoNumber: \"8517839\") { name } }"}`
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	ctx, cancel := context.WithTimeout(req.Context(), 500*time.Millisecond)
	defer cancel()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req.WithContext(ctx))
	var r response
	if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, rec.Body.Bytes())
	}
	if codes := r.codes(); !slices.Equal(codes, []string{"NEO4J_UNAVAILABLE"}) {
		t.Errorf("codes %v, want [NEO4J_UNAVAILABLE]: %s", codes, rec.Body.Bytes())
	}
}

// A linkage reads of its nodes only what the operation asks for: asked
// for less, it answers the same ids and captions; asked for more, every
// field has its data.
func TestALinkageReadsWhatItsFieldsNeed(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	const linkage = `{ vesselsLinkingSanctionedEntities(minEntities: 2, maxHops: 2) {
  vessel { id name %s } entities { id name %s } paths { nodes { id caption %s } } } }`
	few := a.query(fmt.Sprintf(linkage, "", "", ""), nil)
	all := a.query(fmt.Sprintf(linkage, "imoNumber", "sourceRecordIds", "sanctioned designatedBy entity { sourceRecordIds }"), nil)
	if len(few.Errors) > 0 || len(all.Errors) > 0 {
		t.Fatalf("%s\n%s", few.raw, all.raw)
	}
	type node struct {
		ID, Caption  string
		Sanctioned   bool
		DesignatedBy []string
		Entity       *struct{ SourceRecordIds []string }
	}
	var fewer, more struct {
		VesselsLinkingSanctionedEntities []struct {
			Vessel   struct{ ID, Name, ImoNumber string }
			Entities []struct {
				ID, Name        string
				SourceRecordIds []string
			}
			Paths []struct{ Nodes []node }
		}
	}
	if err := json.Unmarshal(few.Data, &fewer); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(all.Data, &more); err != nil {
		t.Fatal(err)
	}
	if len(more.VesselsLinkingSanctionedEntities) == 0 || len(fewer.VesselsLinkingSanctionedEntities) != len(more.VesselsLinkingSanctionedEntities) {
		t.Fatalf("%d and %d linkages", len(fewer.VesselsLinkingSanctionedEntities), len(more.VesselsLinkingSanctionedEntities))
	}
	for i, l := range more.VesselsLinkingSanctionedEntities {
		f := fewer.VesselsLinkingSanctionedEntities[i]
		if l.Vessel.ImoNumber == "" {
			t.Errorf("vessel %s has no IMO number", l.Vessel.ID)
		}
		if f.Vessel.ID != l.Vessel.ID || f.Vessel.Name != l.Vessel.Name || len(f.Entities) != len(l.Entities) || len(f.Paths) != len(l.Paths) {
			t.Fatalf("linkage %d differs with fewer fields:\n%+v\n%+v", i, f, l)
		}
		for j, e := range l.Entities {
			if len(e.SourceRecordIds) == 0 || f.Entities[j].ID != e.ID || f.Entities[j].Name != e.Name {
				t.Errorf("entity %d of %s: %+v, with fewer fields %+v", j, l.Vessel.ID, e, f.Entities[j])
			}
		}
		for j, p := range l.Paths {
			end := p.Nodes[len(p.Nodes)-1]
			if !end.Sanctioned || len(end.DesignatedBy) == 0 {
				t.Errorf("path %d of %s ends at %s, which should be sanctioned: %+v", j, l.Vessel.ID, end.ID, end)
			}
			for k, n := range p.Nodes {
				if g := f.Paths[j].Nodes[k]; g.ID != n.ID || g.Caption != n.Caption || n.Caption == "" {
					t.Errorf("path %d of %s, node %d: %+v, with fewer fields %+v", j, l.Vessel.ID, k, n, g)
				}
				if n.Entity != nil && len(n.Entity.SourceRecordIds) == 0 {
					t.Errorf("path node %s has no source records", n.ID)
				}
			}
		}
	}
}

// A neighbourhood reads of its nodes and relationships only what the
// operation asks for: asked for less, it answers the same nodes and
// relationships; asked for more, the designations and the relationships'
// own properties are there.
func TestANeighbourhoodReadsWhatItsFieldsNeed(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	const neighbourhood = `{ neighborhood(id: "imo-8517839", depth: 2) {
  nodes { id caption %s } relationships { id type startId endId %s } } }`
	few := a.query(fmt.Sprintf(neighbourhood, "", ""), nil)
	all := a.query(fmt.Sprintf(neighbourhood, "sanctioned designatedBy", "role since until sources { id }"), nil)
	if len(few.Errors) > 0 || len(all.Errors) > 0 {
		t.Fatalf("%s\n%s", few.raw, all.raw)
	}
	type graph struct {
		Neighborhood struct {
			Nodes []struct {
				ID, Caption  string
				Sanctioned   bool
				DesignatedBy []string
			}
			Relationships []struct {
				ID, Type, StartID, EndID string
				Sources                  []struct{ ID string }
			}
		}
	}
	var fewer, more graph
	if err := json.Unmarshal(few.Data, &fewer); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(all.Data, &more); err != nil {
		t.Fatal(err)
	}
	f, m := fewer.Neighborhood, more.Neighborhood
	if len(m.Nodes) < 2 || len(f.Nodes) != len(m.Nodes) || len(f.Relationships) != len(m.Relationships) {
		t.Fatalf("%d and %d nodes, %d and %d relationships", len(f.Nodes), len(m.Nodes), len(f.Relationships), len(m.Relationships))
	}
	sanctioned, sourced := 0, 0
	for i, n := range m.Nodes {
		if g := f.Nodes[i]; g.ID != n.ID || g.Caption != n.Caption {
			t.Errorf("node %d: %+v, with fewer fields %+v", i, n, g)
		}
		if n.Sanctioned != (len(n.DesignatedBy) > 0) {
			t.Errorf("node %s: sanctioned %v, designated by %v", n.ID, n.Sanctioned, n.DesignatedBy)
		}
		if n.Sanctioned {
			sanctioned++
		}
	}
	for i, r := range m.Relationships {
		if g := f.Relationships[i]; g.ID != r.ID || g.Type != r.Type || g.StartID != r.StartID || g.EndID != r.EndID {
			t.Errorf("relationship %d: %+v, with fewer fields %+v", i, r, g)
		}
		if len(r.Sources) > 0 {
			sourced++
		}
	}
	if sanctioned == 0 || sourced == 0 {
		t.Errorf("asked for everything: %d sanctioned nodes, %d relationships with sources; want some of each", sanctioned, sourced)
	}
}
