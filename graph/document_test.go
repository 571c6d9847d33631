package graph

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// A document is parsed and validated once, before gqlgen sees it; what a
// client gets back is what gqlgen's own parse and validation give: every
// validation error in order (HTTP 422), a parse error, and the refusal of
// a document without an operation. No query here reaches the database.
func TestDocumentsAreCheckedOnceWithGqlgensAnswers(t *testing.T) {
	cfg := DefaultConfig()
	h := NewHandler(nil, cfg)
	ask := func(t *testing.T, query string) (int, []string, []string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query})
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
		r.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		var resp struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatalf("not JSON: %s", w.Body)
		}
		var messages, codes []string
		for _, e := range resp.Errors {
			messages = append(messages, e.Message)
			code, _ := e.Extensions["code"].(string)
			codes = append(codes, code)
		}
		return w.Code, messages, codes
	}

	t.Run("three validation errors, all shown in order", func(t *testing.T) {
		status, messages, codes := ask(t, `{ vessel(imoNumber: "1") { nam } entity { id } nope }`)
		want := []string{
			`Cannot query field "nam" on type "Vessel". Did you mean "name"?`,
			`Field "entity" argument "id" of type "ID!" is required, but it was not provided.`,
			`Cannot query field "nope" on type "Query". Did you mean "node" or "nodes"?`,
		}
		if status != http.StatusUnprocessableEntity || strings.Join(messages, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%d %q, want 422 %q", status, messages, want)
		}
		for _, c := range codes {
			if c != "GRAPHQL_VALIDATION_FAILED" {
				t.Errorf("codes %v, want GRAPHQL_VALIDATION_FAILED for each", codes)
			}
		}
	})
	t.Run("the same document again, from no cache", func(t *testing.T) {
		status, messages, _ := ask(t, `{ vessel(imoNumber: "1") { nam } entity { id } nope }`)
		if status != http.StatusUnprocessableEntity || len(messages) != 3 {
			t.Fatalf("%d %q, want the three errors again", status, messages)
		}
	})
	t.Run("a parse error", func(t *testing.T) {
		status, messages, codes := ask(t, `{ vessel(imoNumber: "1") { name }`)
		if status != http.StatusUnprocessableEntity || len(codes) != 1 || codes[0] != "GRAPHQL_PARSE_FAILED" || !strings.Contains(messages[0], "Expected Name, found <EOF>") {
			t.Fatalf("%d %q %v, want 422 GRAPHQL_PARSE_FAILED", status, messages, codes)
		}
	})
	t.Run("no operation", func(t *testing.T) {
		status, messages, codes := ask(t, `fragment f on Query { __typename }`)
		if status != http.StatusUnprocessableEntity || len(codes) != 1 || codes[0] != "GRAPHQL_VALIDATION_FAILED" || messages[0] != "no operation provided" {
			t.Fatalf("%d %q %v, want 422 GRAPHQL_VALIDATION_FAILED no operation provided", status, messages, codes)
		}
	})
}

// A valid document is in the query cache once checked, so gqlgen takes it
// from there rather than parsing it again.
func TestACheckedDocumentIsCached(t *testing.T) {
	cache := newQueryCache(DefaultConfig().QueryCacheBytes)
	check := documentCheck{maxSelections: 1000, cache: cache, refused: newRefusedCache(), schema: testSchema(), rules: validationRules(false)}
	const valid, invalid = `{ vessel(imoNumber: "1") { name } }`, `{ vessel(imoNumber: "1") { nam } }`
	for _, q := range []string{valid, invalid} {
		_ = check.MutateOperationParameters(t.Context(), &graphql.RawParams{Query: q})
	}
	if _, ok := cache.Get(t.Context(), valid); !ok {
		t.Error("the valid document is not in the cache")
	}
	if _, ok := cache.Get(t.Context(), invalid); ok {
		t.Error("the invalid document is in the cache")
	}
}

// A document refused before validation is remembered with its refusal: sent
// again, it is refused alike without being parsed, and what a response
// adds to the refusal stays out of the one remembered.
func TestARefusedDocumentIsRemembered(t *testing.T) {
	check := documentCheck{maxSelections: 10, cache: newQueryCache(DefaultConfig().QueryCacheBytes), refused: newRefusedCache(), schema: testSchema(), rules: validationRules(false)}
	for _, c := range []struct{ query, code string }{
		{"{" + strings.Repeat(" __typename", 11) + " }", codeSelectionLimitExceeded},
		{`{ nodes(ids: [` + strings.Repeat(`"a" `, maxListValues+1) + `]) { id } }`, codeListLimitExceeded},
		{`{ vessel(`, "GRAPHQL_PARSE_FAILED"},
	} {
		first := check.MutateOperationParameters(t.Context(), &graphql.RawParams{Query: c.query})
		if first == nil || first.Extensions["code"] != c.code {
			t.Fatalf("%.40s: %v, want %s", c.query, first, c.code)
		}
		first.Extensions["code"] = "CHANGED"
		remembered, ok := check.refused.Get(t.Context(), c.query)
		if !ok {
			t.Fatalf("%.40s: not remembered", c.query)
		}
		again := check.MutateOperationParameters(t.Context(), &graphql.RawParams{Query: c.query})
		if again == nil || again.Extensions["code"] != c.code || again.Message != remembered.Message || remembered.Extensions["code"] != c.code {
			t.Errorf("%.40s sent again: %v, want the remembered %v", c.query, again, remembered)
		}
	}
	valid := `{ vessel(imoNumber: "1") { name } }`
	if err := check.MutateOperationParameters(t.Context(), &graphql.RawParams{Query: valid}); err != nil {
		t.Fatal(err)
	}
	if _, ok := check.refused.Get(t.Context(), valid); ok {
		t.Error("a valid document is remembered as refused")
	}
}
