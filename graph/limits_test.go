package graph

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/armsgraph/armsgraph/neo4jdb"
)

// Every refusal is a GraphQL error with its extensions.code.
func TestLimitsRefuseWithCodes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.MaxDepth = 8
	cfg.MaxComplexity = 5000
	cfg.MaxBodyBytes = 2048
	a := newAPI(t, cfg)
	deepDesignations := `{ entities(first: 100) { edges { node { designations { target { designations { id authority { name } } } } } } } }`
	cases := []struct {
		name, query, code string
	}{
		{"too deep", `{ entity(id: "x") { designations { target { designations { target { designations { target { designations { target { id } } } } } } } } } }`, codeDepthLimitExceeded},
		{"too deep through fragments", `{ entity(id: "x") { ...a } } fragment a on Entity { designations { target { ...b } } } fragment b on Entity { designations { target { designations { target { designations { target { id } } } } } } }`, codeDepthLimitExceeded},
		{"too complex", deepDesignations, codeComplexityExceeded},
		{"first over the maximum", `{ entities(first: 101) { edges { cursor } } }`, codeLimitExceeded},
		{"search first over the maximum", `{ search(text: "maria", first: 51) { score } }`, codeLimitExceeded},
		{"neighborhood first over the maximum", `{ neighborhood(id: "ibex-shipping-inc", first: 501) { truncated } }`, codeLimitExceeded},
		{"authority designations first over the maximum", `{ authorities { designations(first: 101) { id } } }`, codeLimitExceeded},
		{"first below one", `{ designations(first: 0) { totalCount } }`, codeBadUserInput},
		{"match first over the maximum", `{ match(first: 21, descriptions: [{name: "MARIA"}]) { candidates { score } } }`, codeLimitExceeded},
		{"match threshold out of range", `{ match(threshold: 1.5, descriptions: [{name: "MARIA"}]) { candidates { score } } }`, codeBadUserInput},
		{"too many hops", `{ vesselsLinkingSanctionedEntities(maxHops: 5) { vessel { id } } }`, codeHopsLimitExceeded},
		{"shortest path too many hops", `{ shortestPath(from: "a", to: "b", maxHops: 7) { length } }`, codeHopsLimitExceeded},
		{"neighborhood too deep", `{ neighborhood(id: "ibex-shipping-inc", depth: 4) { truncated } }`, codeHopsLimitExceeded},
		{"unknown neighborhood centre", `{ neighborhood(id: "no-such-entity") { truncated } }`, codeNotFound},
		{"bad date", `{ vesselsLinkingSanctionedEntities(asOf: "24 May 2024") { vessel { id } } }`, codeBadUserInput},
		{"bad cursor", `{ entities(after: "not a cursor") { totalCount } }`, codeBadUserInput},
		{"same ends", `{ shortestPath(from: "maria", to: "maria") { length } }`, codeBadUserInput},
		{"minEntities below one", `{ vesselsLinkingSanctionedEntities(minEntities: 0) { vessel { id } } }`, codeBadUserInput},
		{"syntax error", `{ entity(id: "x") { id `, "GRAPHQL_PARSE_FAILED"},
		{"unknown field", `{ entity(id: "x") { colour } }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a.t = t
			r := a.query(c.query, nil)
			if !slices.Contains(r.codes(), c.code) {
				t.Fatalf("codes %v, want %s: %s", r.codes(), c.code, r.raw)
			}
			for _, e := range r.Errors {
				if strings.Contains(e.Message, "goroutine") || strings.Contains(e.Message, ".go:") {
					t.Errorf("error leaks internals: %q", e.Message)
				}
			}
		})
	}

	t.Run("body too large", func(t *testing.T) {
		a.t = t
		big := `{"query": "{ entity(id: \"` + strings.Repeat("x", 4096) + `\") { id } }"}`
		r := a.postRaw([]byte(big))
		if r.Status != http.StatusRequestEntityTooLarge || !slices.Contains(r.codes(), codeBodyTooLarge) {
			t.Fatalf("status %d codes %v, want 413 %s", r.Status, r.codes(), codeBodyTooLarge)
		}
	})
	t.Run("body under the limit", func(t *testing.T) {
		a.t = t
		r := a.query(`{ vessel(imoNumber: "8517839") { name } }`, nil)
		if len(r.Errors) > 0 || !bytes.Contains(r.Data, []byte("MARIA")) {
			t.Fatalf("want MARIA, got %s", r.raw)
		}
	})
}

func TestIntrospectionCanBeDisabled(t *testing.T) {
	on := newAPI(t, DefaultConfig())
	if r := on.query(`{ __schema { queryType { name } } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("introspection enabled by default, got %s", r.raw)
	}
	cfg := DefaultConfig()
	cfg.Introspection = false
	off := newAPI(t, cfg)
	r := off.query(`{ __schema { queryType { name } } }`, nil)
	if !slices.Contains(r.codes(), codeIntrospectionOff) {
		t.Fatalf("codes %v, want %s: %s", r.codes(), codeIntrospectionOff, r.raw)
	}
	if r := off.query(`{ vessel(imoNumber: "8517839") { name } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("queries still work without introspection, got %s", r.raw)
	}
}

// Automatic persisted queries: a hash alone is unknown until the query has
// been sent once with it; then the hash alone works, over GET too.
func TestAutomaticPersistedQueries(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	query := `{ vessel(imoNumber: "9161003") { name } }`
	sum := sha256.Sum256([]byte(query))
	ext := map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}

	r := a.post(map[string]any{"extensions": ext})
	if !slices.Contains(r.codes(), codePersistedQueryUnset) {
		t.Fatalf("hash before registration: codes %v, want %s", r.codes(), codePersistedQueryUnset)
	}
	if r := a.post(map[string]any{"query": query, "extensions": ext}); len(r.Errors) > 0 {
		t.Fatalf("registration: %s", r.raw)
	}
	r = a.post(map[string]any{"extensions": ext})
	if len(r.Errors) > 0 || !bytes.Contains(r.Data, []byte("LADY R")) {
		t.Fatalf("hash after registration: %s", r.raw)
	}
	get := a.url + "?extensions=" + url.QueryEscape(`{"persistedQuery":{"version":1,"sha256Hash":"`+hex.EncodeToString(sum[:])+`"}}`)
	resp, err := http.Get(get)
	if err != nil {
		t.Fatal(err)
	}
	if r := a.read(resp); len(r.Errors) > 0 || !bytes.Contains(r.Data, []byte("LADY R")) {
		t.Fatalf("GET with hash after registration: %s", r.raw)
	}
}

func TestCORSAllowsOnlyConfiguredOrigins(t *testing.T) {
	cfg := DefaultConfig()
	cfg.CORSOrigins = []string{"https://dashboard.example.org"}
	a := newAPI(t, cfg)
	for origin, allowed := range map[string]bool{"https://dashboard.example.org": true, "https://evil.example.com": false} {
		req, _ := http.NewRequest(http.MethodOptions, a.url, nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", http.MethodPost)
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("Access-Control-Allow-Origin")
		if allowed != (got == origin) {
			t.Errorf("origin %s: Access-Control-Allow-Origin %q, allowed %v", origin, got, allowed)
		}
	}
}

// Amplification by aliases, introspection and large requests is refused
// with a code before any database work. (How fast, under attack, is the
// chaos suite's abuse table: a timed assertion here failed on a busy
// machine.)
func TestAmplificationIsRefusedBeforeAnyDatabaseWork(t *testing.T) {
	s := newAPI(t, DefaultConfig()).store
	h := NewHandler(s, DefaultConfig())
	var trips atomic.Pointer[neo4jdb.RoundTrips]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, rt := neo4jdb.WithRoundTrips(r.Context())
		trips.Store(rt)
		h.ServeHTTP(w, r.WithContext(ctx))
	}))
	defer srv.Close()
	a := &api{t: t, store: s, url: srv.URL}
	noTrips := func(t *testing.T) {
		t.Helper()
		if rt := trips.Load(); rt != nil && rt.Count() != 0 {
			t.Errorf("%d round trips to Neo4j before the refusal", rt.Count())
		}
	}
	aliases := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d: %s", i, field)
		}
		return b.String() + " }"
	}
	deepNeighborhood := `neighborhood(id: "imo-8517839", depth: 3, first: 500) { truncated }`
	cases := []struct {
		name, query, code string
	}{
		{"500 aliases of a deep neighbourhood", aliases(500, deepNeighborhood), codeAliasLimitExceeded},
		{"6 aliases of a deep neighbourhood", aliases(6, deepNeighborhood), codeComplexityExceeded},
		{"200 aliases of introspection", aliases(200, `__schema { types { name fields { name } } }`), codeAliasLimitExceeded},
		{"3 IDE schema queries", threeSchemaQueries(t), codeComplexityExceeded},
		{"introspection nested 20 deep", `{ __schema { types { ` + strings.Repeat("ofType { ", 20) + "name" + strings.Repeat(" }", 20) + ` } } }`, codeDepthLimitExceeded},
		{"11 aliases through a fragment", `{ ...f } fragment f on Query { ` + strings.Trim(aliases(11, `entity(id: "x") { id }`), "{}") + ` }`, codeAliasLimitExceeded},
		// Validation would compare each pair of these (seconds of CPU).
		{"one field repeated 9,990 times", repeatedField(9990), codeSelectionLimitExceeded},
		{"1,000 fragments spread together", spreadFragments(1000), codeSelectionLimitExceeded},
		{"a fragment bomb", `{ ...f900 }` + doubling(900), codeSelectionLimitExceeded},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a.t = t
			trips.Store(nil)
			r := a.query(c.query, nil)
			if !slices.Contains(r.codes(), c.code) {
				t.Fatalf("codes %v, want %s: %.300s", r.codes(), c.code, r.raw)
			}
			noTrips(t)
		})
	}
	t.Run("a GET of 600 KB", func(t *testing.T) {
		a.t = t
		vars := url.QueryEscape(`{"s": "` + strings.Repeat("x", 600<<10) + `"}`)
		trips.Store(nil)
		resp, err := http.Get(a.url + "?query=" + url.QueryEscape(`query($s: String) { __typename }`) + "&variables=" + vars)
		if err != nil {
			t.Fatal(err)
		}
		r := a.read(resp)
		if r.Status != http.StatusRequestURITooLong || !slices.Contains(r.codes(), codeBodyTooLarge) {
			t.Fatalf("status %d codes %v, want 414 %s", r.Status, r.codes(), codeBodyTooLarge)
		}
		noTrips(t)
	})
	t.Run("ten aliases of one vessel still work", func(t *testing.T) {
		a.t = t
		r := a.query(aliases(10, `vessel(imoNumber: "8517839") { name }`), nil)
		if len(r.Errors) > 0 || strings.Count(string(r.Data), "MARIA") != 10 {
			t.Fatalf("want ten answers, got %s", r.raw)
		}
		if rt := trips.Load(); rt == nil || rt.Count() == 0 {
			t.Error("the round trips of an answered query were not counted: the refusals' zero proves nothing")
		}
	})
}

// threeSchemaQueries is the IDE's schema query, thrice under aliases.
func threeSchemaQueries(t *testing.T) string {
	full, err := os.ReadFile("testdata/introspection.graphql")
	if err != nil {
		t.Fatal(err)
	}
	head, fragments, _ := strings.Cut(string(full), "fragment FullType")
	block := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(head, "query IntrospectionQuery {")), "}")
	return "{ a: " + block + " b: " + block + " c: " + block + " }\nfragment FullType" + fragments
}

// In production, neither introspection nor "did you mean" suggestions
// reveal the schema.
func TestProductionConfigHidesTheSchema(t *testing.T) {
	a := newAPI(t, ProductionConfig())
	if r := a.query(`{ __schema { queryType { name } } }`, nil); !slices.Contains(r.codes(), codeIntrospectionOff) {
		t.Errorf("introspection: codes %v, want %s", r.codes(), codeIntrospectionOff)
	}
	r := a.query(`{ vessel(imoNumber: "8517839") { nam } }`, nil)
	if len(r.Errors) == 0 || strings.Contains(string(r.raw), "Did you mean") {
		t.Errorf("a misspelt field: want an error without suggestions, got %s", r.raw)
	}
	dev := newAPI(t, DefaultConfig())
	if r := dev.query(`{ vessel(imoNumber: "8517839") { nam } }`, nil); !strings.Contains(string(r.raw), "Did you mean") {
		t.Errorf("development: want a suggestion, got %s", r.raw)
	}
}

// One mistake repeated thousands of times is one error per use: a
// response shows the first maxErrorsShown and says how many it left out.
func TestRepeatedMistakesAreShownOnce(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	r := a.query(`query($a: String!) { designations(filter: {authorities: [`+strings.Repeat("$a ", maxListValues)+`]}) { totalCount } }`,
		map[string]any{"a": "us-state"})
	if r.Status != http.StatusUnprocessableEntity || len(r.Errors) != maxErrorsShown+1 {
		t.Fatalf("status %d with %d errors; want 422 with %d", r.Status, len(r.Errors), maxErrorsShown+1)
	}
	last := r.Errors[maxErrorsShown]
	if n, _ := last.Extensions["errorsNotShown"].(float64); n != maxListValues-maxErrorsShown || last.Extensions["code"] != r.Errors[0].Extensions["code"] {
		t.Errorf("the last error should count the %d left out, with the others' code: %+v", maxListValues-maxErrorsShown, last)
	}
}

// Documents larger than the lane's size are answered like any other, a
// few at once: the lane orders their checks, not their answers.
func TestLargeDocumentsAreAnswered(t *testing.T) {
	a := newAPI(t, DefaultConfig())
	body, err := json.Marshal(map[string]any{
		"query": `{ vessel(imoNumber: "8517839") { name } }` + "\n# " + strings.Repeat("padding ", DefaultConfig().LargeDocumentBytes/8),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(body) <= DefaultConfig().LargeDocumentBytes {
		t.Fatalf("the document is %d bytes, not larger than the lane's %d", len(body), DefaultConfig().LargeDocumentBytes)
	}
	answers := make([]string, 4)
	var wg sync.WaitGroup
	for i := range answers {
		wg.Go(func() {
			resp, err := http.Post(a.url, "application/json", bytes.NewReader(body))
			if err != nil {
				answers[i] = err.Error()
				return
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			answers[i] = fmt.Sprintf("%d %s", resp.StatusCode, raw)
		})
	}
	wg.Wait()
	for _, got := range answers {
		if want := `200 {"data":{"vessel":{"name":"MARIA"}}}`; strings.TrimSpace(got) != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}
