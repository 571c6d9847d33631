package graph

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A large document waits for the one before it to be checked, not
// answered; a small one never waits; a wait past the limit is refused
// with a code.
func TestLargeDocumentsTakeTurns(t *testing.T) {
	const minBytes = 100
	entered, checked, left, answer := make(chan struct{}), make(chan struct{}), make(chan struct{}), make(chan struct{})
	h := largeDocuments(minBytes, 1, 300*time.Millisecond, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/first" {
			close(entered)
			<-checked
			if err := (leaveLane{}).MutateOperationContext(r.Context(), nil); err != nil {
				t.Error(err)
			}
			close(left)
			<-answer
		}
		w.WriteHeader(http.StatusOK)
	}))
	serve := func(r *http.Request) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	large := strings.Repeat("x", minBytes+1)

	first := make(chan int)
	go func() { first <- serve(httptest.NewRequest(http.MethodPost, "/first", strings.NewReader(large))).Code }()
	<-entered // the first is in the lane, being checked

	if w := serve(httptest.NewRequest(http.MethodPost, "/small", strings.NewReader(large[:minBytes]))); w.Code != http.StatusOK {
		t.Errorf("a small document got %d while a large one was checked; want 200 at once", w.Code)
	}
	start := time.Now()
	w := serve(httptest.NewRequest(http.MethodGet, "/get?query="+large, nil))
	var body struct {
		Errors []struct{ Extensions map[string]any }
	}
	_ = json.Unmarshal(w.Body.Bytes(), &body)
	if w.Code != http.StatusServiceUnavailable || len(body.Errors) != 1 || body.Errors[0].Extensions["code"] != codeOverloaded || w.Header().Get("Retry-After") == "" {
		t.Errorf("a large GET waiting past the limit: %d %s (Retry-After %q); want 503 %s with Retry-After", w.Code, w.Body, w.Header().Get("Retry-After"), codeOverloaded)
	}
	if waited := time.Since(start); waited < 300*time.Millisecond || waited > 2*time.Second {
		t.Errorf("refused after %v; want after the 300 ms wait", waited)
	}

	close(checked) // the first leaves the lane but is not answered yet
	<-left
	// Had it waited for the first's answer, it would be refused after 300 ms.
	if code := serve(httptest.NewRequest(http.MethodPost, "/next", strings.NewReader(large))).Code; code != http.StatusOK {
		t.Errorf("the next large document got %d while the first was still being answered; want 200", code)
	}
	close(answer)
	if code := <-first; code != http.StatusOK {
		t.Errorf("the first large document got %d, want 200", code)
	}
	// A request that never reached leaveLane (refused, or failing its
	// check) left when it ended.
	if w := serve(httptest.NewRequest(http.MethodPost, "/again", strings.NewReader(large))); w.Code != http.StatusOK {
		t.Errorf("after all left the lane a large document got %d, want 200", w.Code)
	}
}
