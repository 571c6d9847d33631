package graph

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// firstWrite records when an answer's first byte (or header) was written
// and whether the handler inside the hold had returned by then.
type firstWrite struct {
	*httptest.ResponseRecorder
	innerReturned *atomic.Bool
	at            time.Time
	afterInner    bool
}

func (w *firstWrite) note() {
	if w.at.IsZero() {
		w.at, w.afterInner = time.Now(), w.innerReturned.Load()
	}
}

func (w *firstWrite) WriteHeader(status int) { w.note(); w.ResponseRecorder.WriteHeader(status) }

func (w *firstWrite) Write(b []byte) (int, error) { w.note(); return w.ResponseRecorder.Write(b) }

// Refusals of documents that never run are answered no sooner than the
// floor after the request arrived, and only once the handler inside the
// hold has returned (so a limit of requests in flight inside it is free
// again); every other answer goes through as it is written.
func TestRefusalsAreHeldOutsideTheHandler(t *testing.T) {
	const floor = 30 * time.Millisecond
	cfg := ProductionConfig()
	cfg.MaxBodyBytes = 4 << 10
	api := NewHandler(nil, cfg)
	innerReturned := new(atomic.Bool)
	h := HoldRefusals(floor, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer innerReturned.Store(true)
		api.ServeHTTP(w, r)
	}))
	post := func(body string) *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	query := func(q string) *http.Request {
		b, _ := json.Marshal(map[string]any{"query": q})
		return post(string(b))
	}
	cases := []struct {
		name string
		req  *http.Request
		code string
		held bool
	}{
		{"too many aliases", query(`{ ` + strings.Repeat(`a: vessel(imoNumber: "1") { id } `, 11) + `}`), codeAliasLimitExceeded, true},
		{"a GET over the body limit", httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape(`{ __typename }`)+"&x="+strings.Repeat("x", 8<<10), nil), codeBodyTooLarge, true},
		{"a list longer than any argument takes", query(`{ nodes(ids: [` + strings.Repeat(`1 `, maxListValues+1) + `]) { id } }`), codeListLimitExceeded, true},
		{"introspection off", query(`{ __schema { types { name } } }`), codeIntrospectionOff, true},
		{"a field that does not exist", query(`{ nope }`), "GRAPHQL_VALIDATION_FAILED", true},
		{"an unparsable document", query(`{ vessel(`), "GRAPHQL_PARSE_FAILED", true},
		{"a persisted query not yet known", post(`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":"` + strings.Repeat("ab", 32) + `"}}}`), codePersistedQueryUnset, false},
		{"an argument out of range", query(`{ entities(first: 100000) { totalCount } }`), codeLimitExceeded, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			innerReturned.Store(false)
			w := &firstWrite{ResponseRecorder: httptest.NewRecorder(), innerReturned: innerReturned}
			start := time.Now()
			h.ServeHTTP(w, c.req)
			var resp struct {
				Errors []struct{ Extensions map[string]any }
			}
			if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || len(resp.Errors) == 0 {
				t.Fatalf("answer %d %s: not a GraphQL error", w.Code, w.Body)
			}
			if code := resp.Errors[0].Extensions["code"]; code != c.code {
				t.Fatalf("code %v, want %s (%s)", code, c.code, w.Body)
			}
			if c.held {
				if waited := w.at.Sub(start); waited < floor || !w.afterInner {
					t.Errorf("answered %v after arrival (after the handler returned: %v), want no sooner than %v and after it", waited, w.afterInner, floor)
				}
			} else if w.afterInner {
				t.Errorf("answer held until the handler returned; want it written through")
			}
		})
	}
}

// A client that leaves while its refusal is held gets nothing written
// and holds nothing.
func TestAHeldRefusalEndsWithItsClient(t *testing.T) {
	h := HoldRefusals(time.Hour, NewHandler(nil, ProductionConfig()))
	ctx, cancel := context.WithCancel(context.Background())
	body, _ := json.Marshal(map[string]any{"query": `{ nope }`})
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/graphql", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	done := make(chan struct{})
	go func() { h.ServeHTTP(w, r); close(done) }()
	cancel()
	<-done
	if w.Body.Len() != 0 {
		t.Errorf("wrote %q to a client that left", w.Body)
	}
}

// A floor too small to draw a jitter from still holds and answers.
func TestATinyRefusalFloorAnswers(t *testing.T) {
	h := HoldRefusals(time.Nanosecond, NewHandler(nil, ProductionConfig()))
	body, _ := json.Marshal(map[string]any{"query": `{ nope }`})
	r := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if !strings.Contains(w.Body.String(), "GRAPHQL_VALIDATION_FAILED") {
		t.Errorf("answer %d %s, want the validation error", w.Code, w.Body)
	}
}
