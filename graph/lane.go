package graph

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// largeDocuments lets at most n requests whose document is larger than
// minBytes (body plus query string) be parsed and validated at once; the
// lane is left once the document is checked, before any database work.
// Parsing and validating cost CPU in proportion to a document's size, and
// on a small machine four clients sending 38 KB documents in a loop took
// both cores from every other request, refused or not. Small documents,
// which dashboards send, never wait. A request that cannot enter within
// wait is refused with OVERLOADED (HTTP 503).
func largeDocuments(minBytes, n int, wait time.Duration, next http.Handler) http.Handler {
	if n <= 0 {
		return next
	}
	slots := make(chan struct{}, n)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if int(max(r.ContentLength, 0))+len(r.URL.RawQuery) <= minBytes {
			next.ServeHTTP(w, r)
			return
		}
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case slots <- struct{}{}:
		case <-timer.C:
			w.Header().Set("Retry-After", "1")
			writeError(w, r, http.StatusServiceUnavailable, codeOverloaded,
				"the server is checking other large queries; try again in a second, or send a smaller query (at most "+strconv.Itoa(minBytes)+" bytes never wait)")
			return
		case <-r.Context().Done():
			return
		}
		turn := &laneTurn{leave: func() { <-slots }}
		defer turn.end()
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), laneTurnKey{}, turn)))
	})
}

type laneTurnKey struct{}

// laneTurn is a request's place in the lane, left once.
type laneTurn struct {
	once  sync.Once
	leave func()
}

func (t *laneTurn) end() { t.once.Do(t.leave) }

// leaveLane is the extension that ends a request's turn in the lane once
// its document is parsed and validated and its limits checked: reading
// the graph waits on Neo4j, not on the API's CPU.
type leaveLane struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = leaveLane{}

func (leaveLane) ExtensionName() string                   { return "LeaveLargeDocumentLane" }
func (leaveLane) Validate(graphql.ExecutableSchema) error { return nil }

func (leaveLane) MutateOperationContext(ctx context.Context, _ *graphql.OperationContext) *gqlerror.Error {
	if t, ok := ctx.Value(laneTurnKey{}).(*laneTurn); ok {
		t.end()
	}
	return nil
}
